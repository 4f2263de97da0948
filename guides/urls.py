from django.urls import path

from guides import views

app_name = "guides"

urlpatterns = [
    path("", views.guide_list, name="list"),
    path("feed/", views.guide_feed, name="feed"),
    path("<slug:slug>/", views.guide_detail, name="detail"),
    path("<slug:slug>/preview/", views.guide_preview, name="preview"),
]
