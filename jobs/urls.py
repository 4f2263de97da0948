from django.urls import path

from jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("feed/", views.job_feed, name="feed"),
    path("<slug:slug>/", views.job_detail, name="detail"),
    path("<slug:slug>/preview/", views.job_preview, name="preview"),
    path("<slug:slug>/apply/", views.apply, name="apply"),
]
