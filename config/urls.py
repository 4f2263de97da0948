"""The site's URLs: the site-wide pages first, then each app under its own prefix."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("website.urls")),
    path("companies/", include("companies.urls")),
    path("jobs/", include("jobs.urls")),
    path("guides/", include("guides.urls")),
    # Readers' accounts: the site's own pages, then django-allauth's (sign-in, sign-up, email,
    # password) under the same prefix.
    path("account/", include("accounts.urls")),
    path("account/", include("allauth.urls")),
    path("saved/", include("alerts.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "website.views.page_not_found"
handler500 = "website.views.server_error"
