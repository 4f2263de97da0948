from django.urls import path

from guides import views

app_name = "guides"

urlpatterns = [
    path("", views.guide_list, name="list"),
    path("feed/", views.guide_feed, name="feed"),
    path("<slug:slug>/", views.guide_detail, name="detail"),
    path("<slug:slug>/preview/", views.guide_preview, name="preview"),
    path("<slug:slug>/assessment/", views.assessment_result, name="assessment"),
    path("<slug:slug>/assessment/keep/", views.keep_result, name="keep_result"),
    path("assessments/<int:pk>/forget/", views.forget_result, name="forget_result"),
]
