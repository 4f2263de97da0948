from django.contrib import admin, messages

from jobs import services
from jobs.models import Job, JobStatus


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
class JobAdmin(admin.ModelAdmin):
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
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["description_html", "created_at", "updated_at"]
    actions = ["publish", "unpublish", "close", "extend_30_days"]
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["company", "title", "slug", "status"]}),
        ("Role", {"fields": ["level", "track", "discipline", "employment_type"]}),
        ("Where", {"fields": ["workplace", "city", "country", "remote_regions"]}),
        (
            "Pay",
            {"fields": ["salary_min", "salary_max", "salary_currency", "salary_period", "equity"]},
        ),
        ("Description", {"fields": ["description", "apply_to"]}),
        ("Dates", {"fields": ["published_at", "expires_at", "source_id"]}),
        (
            "Derived (read-only)",
            {"classes": ["collapse"], "fields": ["description_html", "created_at", "updated_at"]},
        ),
    ]

    def save_model(self, request, obj, form, change):
        obj.render()
        if obj.status == JobStatus.PUBLISHED:
            obj.publish()
        previous_company = form.initial.get("company") if change else None
        super().save_model(request, obj, form, change)
        services.refresh_open_roles({obj.company_id, previous_company} - {None})

    def delete_model(self, request, obj):
        company_id = obj.company_id
        super().delete_model(request, obj)
        services.refresh_open_roles([company_id])

    def delete_queryset(self, request, queryset):
        company_ids = set(queryset.values_list("company_id", flat=True))
        super().delete_queryset(request, queryset)
        services.refresh_open_roles(company_ids)

    def _report(self, request, verb, count):
        self.message_user(request, f"{verb} {count} role(s).", messages.SUCCESS)

    @admin.action(description="Publish the selected roles")
    def publish(self, request, queryset):
        self._report(request, "Published", services.publish(queryset))

    @admin.action(description="Unpublish the selected roles (back to draft)")
    def unpublish(self, request, queryset):
        self._report(request, "Unpublished", services.unpublish(queryset))

    @admin.action(description="Close the selected roles")
    def close(self, request, queryset):
        self._report(request, "Closed", services.close(queryset))

    @admin.action(description="Extend the selected roles by 30 days")
    def extend_30_days(self, request, queryset):
        self._report(request, "Extended", services.extend(queryset, 30))
