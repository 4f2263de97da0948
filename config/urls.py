"""The site's URLs: the site-wide pages first, then each app under its own prefix."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from core.admin import StaffPasswordResetForm

admin.site.site_header = "Ladder admin"
admin.site.site_title = "Ladder admin"
admin.site.index_title = "Content"

# Staff reset a forgotten password by email; the name admin_password_reset makes the admin's
# sign-in page offer "Forgotten your password?".
password_reset = [
    path(
        "admin/password_reset/",
        auth_views.PasswordResetView.as_view(
            form_class=StaffPasswordResetForm,
            extra_context={"site_header": admin.site.site_header},
        ),
        name="admin_password_reset",
    ),
    path(
        "admin/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "admin/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "admin/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", include("website.urls")),
    path("companies/", include("companies.urls")),
    path("jobs/", include("jobs.urls")),
    path("guides/", include("guides.urls")),
    path("saved/", include("alerts.urls")),
    path("employers/", include("employers.urls")),
    *password_reset,
    # Readers' accounts: the site's own pages, then django-allauth's (sign-in, sign-up, email,
    # password) under the same prefix.
    path("account/", include("accounts.urls")),
    path("account/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "website.views.page_not_found"
handler500 = "website.views.server_error"
