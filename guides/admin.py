from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from core.admin import EditorModelAdmin, confirmed_action
from core.markdown import broken_link_reason, parse_internal_link
from guides.models import Assessment, Author, Guide, GuideStatus, Outcome, Statement, Verdict


def broken_links(links, *, own_slug: str | None) -> list[str]:
    """Why each link leads nowhere; a guide may link to itself before it is published."""
    return [
        reason
        for link in links
        if not (link.kind == "guide" and link.target == own_slug)
        and (reason := broken_link_reason(link)) is not None
    ]


def check_list_link(form, value: str, field: str, kind: str, *, own_slug: str | None) -> None:
    """A link to the directory's or the board's list (`kind`) must be written in the site's
    link syntax, with filters that exist; otherwise an error on `field`."""
    if not value:
        return
    link = parse_internal_link(value)
    if link is None or link.kind != kind:
        form.add_error(field, f"Write it as {kind}:?<filters>, e.g. {kind}:?tag=learning")
    elif problems := broken_links([link], own_slug=own_slug):
        form.add_error(field, problems)


class GuideForm(forms.ModelForm):
    """Refuses links that lead nowhere; the admin supplies the model and fields."""

    def clean(self):
        cleaned = super().clean()
        own_slug = cleaned.get("slug")
        if "body" in cleaned:
            guide = Guide(body=cleaned["body"])
            if problems := broken_links(guide.internal_links(), own_slug=own_slug):
                self.add_error(
                    "body", ["Some links lead nowhere; fix them before saving:", *problems]
                )
            if problems := guide.chart_problems():
                self.add_error(
                    "body", ["Some charts cannot be drawn; fix them before saving:", *problems]
                )
        for field, kind in [("cta_jobs", "jobs"), ("cta_companies", "companies")]:
            self._check_link(cleaned.get(field), field, kind, own_slug)
        for field, kind in [("directory_query", "companies"), ("jobs_query", "jobs")]:
            if cleaned.get(field):
                query = cleaned[field].lstrip("?")
                self._check_link(f"{kind}:?{query}", field, kind, own_slug)
        return cleaned

    def _check_link(self, value, field, kind, own_slug):
        check_list_link(self, value, field, kind, own_slug=own_slug)


@admin.register(Author)
class AuthorAdmin(EditorModelAdmin):
    list_display = ["name", "role"]
    search_fields = ["name", "role"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Guide)
class GuideAdmin(EditorModelAdmin):
    form = GuideForm
    markdown_fields = ("body",)
    chart_fields = ("body",)
    change_form_template = "admin/guides/guide/change_form.html"
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

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Tags and guides are a few dozen: a checkbox each reads better than Django's two-box
        # filter, whose icons carry labels screen readers are not given, or a multiple
        # autocomplete, whose list markup is invalid.
        kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description="preview")
    def preview_link(self, guide):
        return format_html('<a href="{}">Preview</a>', reverse("guides:preview", args=[guide.slug]))

    def view_on_site(self, guide):
        # Drafts and scheduled guides have no public page yet; the preview shows them.
        return reverse("guides:preview", args=[guide.slug])

    def _set_status(self, request, queryset, status):
        changed = 0
        for guide in queryset.exclude(status=status):
            guide.status = status
            guide.save()
            self.log_change(request, guide, [{"changed": {"fields": ["Status"]}}])
            changed += 1
        return changed

    @confirmed_action("Publish the selected guides", "Published", "guide")
    def publish(self, request, queryset):
        return self._set_status(request, queryset, GuideStatus.PUBLISHED)

    @confirmed_action("Unpublish the selected guides", "Unpublished", "guide")
    def unpublish(self, request, queryset):
        return self._set_status(request, queryset, GuideStatus.DRAFT)


class OutcomeForm(forms.ModelForm):
    """A path's links must lead to the directory's and the board's lists, with filters that
    exist, as a guide's call to action must."""

    def clean(self):
        cleaned = super().clean()
        for field, kind in [("companies_query", "companies"), ("jobs_query", "jobs")]:
            check_list_link(self, cleaned.get(field), field, kind, own_slug=None)
        return cleaned


class OutcomeInline(admin.StackedInline):
    model = Outcome
    form = OutcomeForm
    extra = 0
    fields = [
        ("key", "position"),
        "title",
        "text",
        ("companies_query", "companies_label"),
        ("jobs_query", "jobs_label"),
    ]


class StatementInline(admin.TabularInline):
    model = Statement
    extra = 0
    fields = ["position", "key", "text", "side", "leads_to"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A statement leads to one of its own assessment's paths, never another's.
        if db_field.name == "leads_to":
            match = request.resolver_match
            object_id = match.kwargs.get("object_id") if match else None
            kwargs["queryset"] = Outcome.objects.filter(assessment_id=object_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class VerdictInline(admin.TabularInline):
    model = Verdict
    extra = 0
    fields = ["at_least", "heading", "text"]


@admin.register(Assessment)
class AssessmentAdmin(EditorModelAdmin):
    list_display = ["guide", "heading", "updated_at"]
    search_fields = ["guide__title", "heading"]
    list_select_related = ["guide"]
    inlines = [OutcomeInline, StatementInline, VerdictInline]
    fields = ["guide", "heading", "intro", "for_heading", "against_heading", "about_heading"]

    def view_on_site(self, assessment):
        return assessment.get_absolute_url()
