from django.contrib import admin
from django.urls import path, reverse

from core.admin import EditorModelAdmin, confirmed_action
from jobs import admin_import
from jobs.models import PAY_FIELDS, PLACE_FIELDS, Job, JobStatus


class ExpiredFilter(admin.SimpleListFilter):
    title = "expiry"
    parameter_name = "expired"

    def lookups(self, request, model_admin):
        return [("yes", "Expired"), ("no", "Not expired")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.expired()
        if self.value() == "no":
            return queryset.not_expired()
        return queryset


@admin.register(Job)
class JobAdmin(EditorModelAdmin):
    markdown_fields = ("description",)
    list_display = [
        "title",
        "company",
        "level",
        "track",
        "workplace",
        "status",
        "published_at",
        "expires_at",
    ]
    list_filter = [
        "status",
        ExpiredFilter,
        "level",
        "track",
        "discipline",
        "workplace",
        "employment_type",
    ]
    search_fields = ["title", "company__name", "source_id"]
    autocomplete_fields = ["company"]
    list_select_related = ["company"]
    # No date drill-down here: it scans every role for its months. Status and expiry
    # filters do that job on an indexed column.
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["description_html", "hires_from", "created_at", "updated_at"]
    actions = ["publish", "unpublish", "close", "extend_30_days"]
    show_full_result_count = False
    change_list_template = "admin/jobs/job/change_list.html"
    fieldsets = [
        (None, {"fields": ["company", "title", "slug", "status"]}),
        ("Role", {"fields": ["level", "track", "discipline", "employment_type"]}),
        (
            "Where",
            {
                "fields": PLACE_FIELDS,
                "description": "On-site and hybrid roles: a city and country. Remote roles: "
                "the regions and countries applicants may be in.",
            },
        ),
        (
            "Pay",
            {"fields": [*PAY_FIELDS, "equity"]},
        ),
        ("Description", {"fields": ["description", "apply_to", "direct_apply"]}),
        ("Dates", {"fields": ["published_at", "expires_at", "source_id"]}),
        (
            "Derived (read-only)",
            {
                "classes": ["collapse"],
                "fields": ["description_html", "hires_from", "created_at", "updated_at"],
            },
        ),
    ]

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="jobs_job_import",
            ),
            path(
                "import/format/",
                self.admin_site.admin_view(self.import_format_view),
                name="jobs_job_import_format",
            ),
            path(
                "import/<int:pk>/",
                self.admin_site.admin_view(self.import_run_view),
                name="jobs_job_import_run",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        return admin_import.import_roles(request, self)

    def import_format_view(self, request):
        return admin_import.import_format(request, self)

    def import_run_view(self, request, pk):
        return admin_import.import_run(request, self, pk)

    def save_model(self, request, obj, form, change):
        if obj.status == JobStatus.PUBLISHED:
            obj.publish()
        super().save_model(request, obj, form, change)

    def view_on_site(self, job):
        # Drafts have no public page; the preview shows any role as it will look.
        return reverse("jobs:preview", args=[job.slug])

    @confirmed_action("Publish the selected roles", "Published", "role")
    def publish(self, request, queryset):
        return queryset.publish()

    @confirmed_action("Unpublish the selected roles", "Unpublished", "role")
    def unpublish(self, request, queryset):
        return queryset.unpublish()

    @confirmed_action(
        "Close the selected roles", "Closed", "role", warning="Closed roles leave the board."
    )
    def close(self, request, queryset):
        return queryset.close()

    @confirmed_action("Extend the selected roles by 30 days", "Extended", "role")
    def extend_30_days(self, request, queryset):
        return queryset.extend(30)
