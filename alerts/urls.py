from django.urls import path

from alerts import views

app_name = "alerts"

urlpatterns = [
    path("", views.search_list, name="searches"),
    path("searches/new/", views.search_new, name="search_new"),
    path("searches/<int:pk>/", views.search_edit, name="search_edit"),
    path("searches/<int:pk>/filters/", views.search_filters, name="search_filters"),
    path("searches/<int:pk>/delete/", views.search_delete, name="search_delete"),
    path("roles/", views.role_list, name="roles"),
    path("preferences/", views.preferences, name="preferences"),
    path("for-you/", views.for_you, name="for_you"),
    path("for-you/companies/", views.companies_for_you, name="companies_for_you"),
    path("roles/<int:pk>/remove/", views.role_remove, name="role_remove"),
    path("roles/save/<slug:slug>/", views.role_save, name="role_save"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("addresses/<int:pk>/retry/", views.address_retry, name="address_retry"),
    path("mail-events/", views.mail_events, name="mail_events"),
]
