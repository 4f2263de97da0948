from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.db.models import Count

from companies import logos
from companies.models import (
    MODERATION_ORDER,
    RATING_FIELDS,
    Company,
    CompanyTag,
    CompSignal,
    CultureTag,
    ExchangeRate,
    Review,
    ReviewStatus,
)
from core.admin import EditorModelAdmin, confirmed_action


@admin.register(CultureTag)
class CultureTagAdmin(EditorModelAdmin):
    list_display = ["name", "slug", "summary", "company_total", "updated_at"]
    search_fields = ["name", "slug", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["explanation_html"]
    fields = ["name", "slug", "summary", "explanation", "explanation_html"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(company_total=Count("company_tags"))

    @admin.display(description="companies", ordering="company_total")
    def company_total(self, tag):
        return tag.company_total


class CompanyTagInline(admin.TabularInline):
    model = CompanyTag
    extra = 0
    autocomplete_fields = ["tag"]
    fields = ["tag", "evidence_note", "evidence_url", "verified_on"]


class CompSignalInline(admin.TabularInline):
    model = CompSignal
    extra = 0
    fields = ["level", "track", "base_min", "base_max", "total_comp", "currency", "as_of"]


@admin.register(Company)
class CompanyAdmin(EditorModelAdmin):
    list_display = [
        "name",
        "stage",
        "size_band",
        "industry",
        "review_count",
        "rating_career",
        "ladder_names_tech_lead",
        "is_listed",
        "updated_at",
    ]
    list_filter = [
        "stage",
        "size_band",
        "industry",
        "remote_policy",
        "ladder_names_tech_lead",
        "design_doc_culture",
        "is_listed",
        ("company_tags__tag", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["name", "slug", "tagline"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "updated_at"
    show_facets = admin.ShowFacets.NEVER
    inlines = [CompanyTagInline, CompSignalInline]
    formfield_overrides = {
        # The file picker offers only the formats a logo may be; the upload is still judged
        # by its content.
        logos.LogoField: {"widget": AdminFileWidget(attrs={"accept": logos.ACCEPT})},
    }
    readonly_fields = [
        "size_band",
        "tag_slugs",
        "review_count",
        *RATING_FIELDS,
        "senior_total_comp_usd",
        "about_html",
    ]
    fieldsets = [
        (None, {"fields": ["name", "slug", "tagline", "logo", "about", "is_listed"]}),
        (
            "Facts",
            {
                "fields": [
                    "website",
                    "careers_url",
                    "headquarters",
                    "remote_policy",
                    "industry",
                    "stage",
                    "employee_count",
                    "size_band",
                    "founded_year",
                ]
            },
        ),
        (
            "Engineering signals",
            {
                "fields": [
                    "ladder_names_tech_lead",
                    "ladder_url",
                    "engineering_blog_url",
                    "design_doc_culture",
                ]
            },
        ),
        (
            "Derived (read-only)",
            {
                "classes": ["collapse"],
                "fields": [
                    "tag_slugs",
                    "review_count",
                    *RATING_FIELDS,
                    "senior_total_comp_usd",
                    "about_html",
                ],
            },
        ),
    ]


@admin.register(Review)
class ReviewAdmin(EditorModelAdmin):
    list_display = [
        "headline",
        "company",
        "status",
        "rating_overall",
        "rating_career",
        "reviewer_role",
        "created_at",
    ]
    list_filter = ["status", "employment_status", "created_at"]
    search_fields = ["headline", "pros", "cons", "company__name"]
    autocomplete_fields = ["company"]
    list_select_related = ["company"]
    date_hierarchy = "created_at"
    actions = ["approve", "reject"]
    readonly_fields = ["moderated_at"]

    # The moderation queue: pending first, oldest first, unless a column is chosen.
    ordering = MODERATION_ORDER

    @confirmed_action("Approve and publish the selected reviews", "Published", "review")
    def approve(self, request, queryset):
        return queryset.moderate(ReviewStatus.PUBLISHED)

    @confirmed_action("Reject the selected reviews", "Rejected", "review")
    def reject(self, request, queryset):
        return queryset.moderate(ReviewStatus.REJECTED)


@admin.register(ExchangeRate)
class ExchangeRateAdmin(EditorModelAdmin):
    list_display = ["currency", "units_per_usd", "as_of"]
    search_fields = ["currency"]
    fields = ["currency", "units_per_usd", "as_of"]
