from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("export/", views.export, name="export"),
    path("delete/", views.delete, name="delete"),
]
