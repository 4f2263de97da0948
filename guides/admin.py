from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from guides.links import broken_links, parse_link
from guides.models import Author, Guide, GuideStatus

CONTENT_FIELDS = {"title", "summary", "body"}


class GuideForm(forms.ModelForm):
    """Refuses links that lead nowhere; the admin supplies the model and fields."""

    def clean(self):
        cleaned = super().clean()
        own_slug = cleaned.get("slug")
        if "body" in cleaned:
            links = Guide(body=cleaned["body"]).render().internal_links
            if problems := broken_links(links, own_slug=own_slug):
                self.add_error(
                    "body", ["Some links lead nowhere; fix them before saving:", *problems]
                )
        for field, kind in [("cta_jobs", "jobs"), ("cta_companies", "companies")]:
            self._check_link(cleaned.get(field), field, kind, own_slug)
        for field, kind in [("directory_query", "companies"), ("jobs_query", "jobs")]:
            if cleaned.get(field):
                query = cleaned[field].lstrip("?")
                self._check_link(f"{kind}:?{query}", field, kind, own_slug)
        return cleaned

    def _check_link(self, value, field, kind, own_slug):
        if not value:
            return
        link = parse_link(value)
        if link is None or link.kind != kind:
            self.add_error(field, f"Write it as {kind}:?<filters>, e.g. {kind}:?tag=learning")
        elif problems := broken_links([link], own_slug=own_slug):
            self.add_error(field, problems)


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "role"]
    search_fields = ["name", "role"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Guide)
class GuideAdmin(admin.ModelAdmin):
    form = GuideForm
    list_display = [
        "title",
        "section",
        "status",
        "publish_at",
        "content_updated_at",
        "author",
        "preview_link",
    ]
    list_filter = ["status", "section", "author", "tags"]
    search_fields = ["title", "summary", "body"]
    date_hierarchy = "publish_at"
    list_select_related = ["author"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author"]
    filter_horizontal = ["tags", "related"]
    readonly_fields = ["content_updated_at", "reading_minutes", "toc", "faq", "body_html"]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "section", "author", "summary", "body"]}),
        ("Publishing", {"fields": ["status", "publish_at", "content_updated_at"]}),
        ("Connections", {"fields": ["tags", "related", "fits_tracks"]}),
        (
            "Live block and call to action",
            {
                "fields": [
                    "directory_query",
                    "jobs_query",
                    "cta_title",
                    "cta_text",
                    "cta_jobs",
                    "cta_jobs_label",
                    "cta_companies",
                    "cta_companies_label",
                ]
            },
        ),
        (
            "Derived (read-only)",
            {"classes": ["collapse"], "fields": ["reading_minutes", "toc", "faq", "body_html"]},
        ),
    ]

    @admin.display(description="preview")
    def preview_link(self, guide):
        return format_html('<a href="{}">Preview</a>', reverse("guides:preview", args=[guide.slug]))

    def save_model(self, request, obj, form, change):
        obj.render()
        if not change or CONTENT_FIELDS & set(form.changed_data):
            obj.content_updated_at = timezone.now()
        super().save_model(request, obj, form, change)

    @admin.action(description="Publish the selected guides")
    def publish(self, request, queryset):
        changed = queryset.exclude(status=GuideStatus.PUBLISHED).update(
            status=GuideStatus.PUBLISHED
        )
        self.message_user(request, f"Published {changed} guide(s).", messages.SUCCESS)

    @admin.action(description="Unpublish the selected guides (back to draft)")
    def unpublish(self, request, queryset):
        changed = queryset.exclude(status=GuideStatus.DRAFT).update(status=GuideStatus.DRAFT)
        self.message_user(request, f"Unpublished {changed} guide(s).", messages.SUCCESS)
