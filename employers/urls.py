from django.urls import path

from employers import views

app_name = "employers"
urlpatterns = [
    path("", views.for_employers, name="index"),
    path("claim/<slug:slug>/", views.claim, name="claim"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("requests/", views.my_claims, name="claims"),
    path("team/<slug:slug>/", views.team, name="team"),
    path("team/<slug:slug>/remove/<int:pk>/", views.remove, name="remove"),
]
