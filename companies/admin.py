from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AdminFileWidget
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotAllowed,
)
from django.shortcuts import redirect
from django.template.defaultfilters import linebreaksbr
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from companies import ladders, logos
from companies.models import (
    MODERATION_ORDER,
    RATING_FIELDS,
    Company,
    CompanyTag,
    CompSignal,
    Contributor,
    CultureTag,
    ExchangeRate,
    InterviewExperience,
    LadderLevel,
    PayReport,
    PayReportStatus,
    Review,
    ReviewFlag,
    ReviewStatus,
)
from core import history
from core.admin import EditorModelAdmin, back_to_queue, decision_buttons


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


class LadderLevelInline(admin.StackedInline):
    model = LadderLevel
    extra = 0
    verbose_name_plural = "ladder (its own level names, lowest first, on the L3–L8 scale)"
    fields = [("track", "name"), ("lowest", "highest", "position"), "tech_lead", "scope"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}

    def get_queryset(self, request):
        return super().get_queryset(request).in_ladder_order()


@admin.register(Company)
class CompanyAdmin(EditorModelAdmin):
    # What an editor scans for; size, industry and the ladder are filters beside the list, so
    # the list fits a laptop without scrolling sideways.
    list_display = ["name", "stage", "review_count", "rating_career", "is_listed", "updated_at"]
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
    inlines = [CompanyTagInline, CompSignalInline, LadderLevelInline]
    change_list_template = "admin/companies/company/change_list.html"
    formfield_overrides = {
        # The file picker offers only the formats a logo may be; the upload is still judged
        # by its content.
        logos.LogoField: {"widget": AdminFileWidget(attrs={"accept": logos.ACCEPT})},
    }
    readonly_fields = [
        "size_band",
        "ladder_names_tech_lead",
        "tag_slugs",
        "review_count",
        *RATING_FIELDS,
        "senior_total_comp",
        "senior_comp_currency",
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
                    "email_domains",
                    "role_renewals",
                    "team_publishes_roles",
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
                    "ladder_url",
                    "ladder_verified_on",
                    "ladder_names_tech_lead",
                    "engineering_blog_url",
                    "design_doc_culture",
                ],
                "description": "The ladder's levels are below the comp rows; whether it names "
                "tech lead follows from them.",
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
                    "senior_total_comp",
                    "senior_comp_currency",
                    "about_html",
                ],
            },
        ),
    ]

    def get_urls(self):
        return [
            path(
                "ladders/import/",
                self.admin_site.admin_view(self.import_ladders_view),
                name="companies_company_import_ladders",
            ),
            path(
                "ladders/export/",
                self.admin_site.admin_view(self.export_ladders_view),
                name="companies_company_export_ladders",
            ),
            *super().get_urls(),
        ]

    def import_ladders_view(self, request):
        """Upload a file of ladders (companies.ladders): every problem listed by line and
        nothing written, or every ladder in it written at once."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = LadderImportForm(request.POST or None, request.FILES or None)
        problems: list[str] = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                plan = ladders.plan(ladders.read(form.content, upload.name))
            except ladders.LadderFileError as error:
                form.add_error("file", str(error))
            else:
                if plan.problems:
                    problems = plan.problems
                elif not plan.levels:
                    form.add_error("file", "The file has no levels.")
                else:
                    ladders.apply(plan, user=request.user, filename=upload.name)
                    self.message_user(
                        request,
                        f"Imported the ladders of {len(plan.levels):,} "
                        f"compan{'y' if len(plan.levels) == 1 else 'ies'}: "
                        f"{plan.level_count:,} levels.",
                        messages.SUCCESS,
                    )
                    return redirect("admin:companies_company_changelist")
        return TemplateResponse(
            request,
            "admin/companies/company/import_ladders.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": "Import ladders",
                "form": form,
                "problems": problems[: ladders.MAX_PROBLEMS],
                "more_problems": max(0, len(problems) - ladders.MAX_PROBLEMS),
                "columns": ladders.COLUMNS,
            },
            status=400 if request.method == "POST" else 200,
        )

    def export_ladders_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        dataset = ladders.export(Company.objects.all())
        response = HttpResponse(dataset.export("csv"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="ladders.csv"'
        return response


class LadderImportForm(forms.Form):
    file = forms.FileField(
        help_text=f"CSV (UTF-8) or Excel (.xlsx), up to {ladders.MAX_BYTES // 1024 // 1024} MB."
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > ladders.MAX_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 1024 / 1024:.1f} MB; the limit is "
                f"{ladders.MAX_BYTES // 1024 // 1024} MB."
            )
        self.content = upload.read()
        return upload


class ModerationQueueMixin:
    """One screen to moderate from: each row carries everything needed to decide, and
    its own Approve and Reject buttons (with a reason box) that post to `moderate/`, so a
    decision takes one keypress (static/ladder_admin/moderation.js) or one click, without
    opening the object. Bulk actions remain for many at once."""

    approve_status = ""
    reject_status = ""
    reasons_required = True
    # What the bulk actions say of this kind of object, and the verb for an approval.
    action_descriptions: dict[str, str] = {}
    approve_verb = "Approved"
    actions = ["approve", "reject", "distrust_authors"]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # One set of actions for every queue, each described in the words of its kind.
        for name, description in cls.action_descriptions.items():
            shared = getattr(ModerationQueueMixin, name)

            def action(self, request, queryset, _shared=shared):
                return _shared(self, request, queryset)

            setattr(cls, name, admin.action(description=description)(action))

    class Media:
        js = ["ladder_admin/moderation.js"]
        css = {"all": ["ladder_admin/admin.css"]}

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<int:pk>/moderate/",
                self.admin_site.admin_view(self.moderate_view),
                name=f"{opts.app_label}_{opts.model_name}_moderate",
            ),
            *super().get_urls(),
        ]

    def moderate_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        queryset = self.model.objects.filter(pk=pk)
        obj = queryset.first()
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        decision = request.POST.get("decision")
        reason = request.POST.get(f"reason-{pk}", request.POST.get("reason", "")).strip()
        if decision in {"approve", "reject"}:
            self._keep_first_versions(request, [obj])
        if decision == "approve":
            self.perform_moderation(queryset, self.approve_status, "")
            history.keep_after_update(self.model, [pk], user=request.user, comment="Approved.")
            self.message_user(request, f"Approved “{obj}”.", messages.SUCCESS)
        elif decision == "reject" and (reason or not self.reasons_required):
            self.perform_moderation(queryset, self.reject_status, reason)
            history.keep_after_update(
                self.model, [pk], user=request.user, comment=f"Rejected: {reason}"
            )
            self.message_user(request, f"Rejected “{obj}”.", messages.SUCCESS)
        elif decision == "reject":
            self.message_user(
                request, f"Say why “{obj}” is rejected: the reader is told.", messages.ERROR
            )
        else:
            return HttpResponseBadRequest("Unknown decision.")
        return back_to_queue(request, self.model)

    def perform_moderation(self, queryset, status, reason) -> int:
        """Give `queryset` a moderation status; returns how many changed."""
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        # A status changed on the form is a moderation decision like any other: the reader
        # is told, and the time is kept.
        if change and "status" in form.changed_data:
            status = obj.status
            obj.status = form.initial["status"]
            super().save_model(request, obj, form, change)
            self.perform_moderation(
                self.model.objects.filter(pk=obj.pk),
                status,
                getattr(obj, "rejection_reason", ""),
            )
            obj.refresh_from_db()
        else:
            super().save_model(request, obj, form, change)

    def get_queryset(self, request):
        return with_account_history(super().get_queryset(request))

    @admin.display(description="account")
    def account(self, obj):
        return _account_history(obj)

    def approve(self, request, queryset):
        return _confirmed(
            self,
            request,
            queryset,
            "approve",
            self.action_descriptions["approve"],
            lambda reason: self.perform_moderation(queryset, self.approve_status, reason),
            self.approve_verb,
        )

    def reject(self, request, queryset):
        return _confirmed(
            self,
            request,
            queryset,
            "reject",
            self.action_descriptions["reject"],
            lambda reason: self.perform_moderation(queryset, self.reject_status, reason),
            "Rejected",
            needs_reason=self.reasons_required,
        )

    def distrust_authors(self, request, queryset):
        return _distrust(self, request, queryset)

    @admin.display(description="decide")
    def decide(self, obj):
        opts = self.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_moderate", args=[obj.pk])
        return decision_buttons(obj.pk, url)


# Short names for the six scores, for the queue's one line of them.
SCORE_LABELS = {
    "rating_overall": "Overall",
    "rating_career": "Career",
    "rating_work_life": "Work-life",
    "rating_culture": "Culture",
    "rating_leadership": "Leadership",
    "rating_compensation": "Pay",
}


def _account_history(obj) -> str:
    """Who sent it (editors only see this), whether editors trust them, and what else they
    sent, with the counts annotated by the queue's queryset."""
    if obj.author_id is None:
        return mark_safe('<span class="muted">Written by an editor</span>')
    contributor = getattr(obj.author, "contributor", None)
    trusted = contributor is None or contributor.is_trusted
    return format_html(
        '<div class="account"><strong>{}</strong><br>{}<br>{}<br>'
        "Reviews: {} ({} published, {} rejected) · Pay reports: {} ({} held)</div>",
        obj.author.get_username(),
        obj.author.email or "no email",
        "Trusted" if trusted else mark_safe('<strong class="untrusted">NOT TRUSTED</strong>'),
        obj.author_reviews,
        obj.author_reviews_published,
        obj.author_reviews_rejected,
        obj.author_pay_reports,
        obj.author_pay_reports_held,
    )


def _count(model, *, status=None):
    rows = model.objects.filter(author=OuterRef("author"))
    if status:
        rows = rows.filter(status=status)
    return Coalesce(
        Subquery(rows.order_by().values("author").annotate(n=Count("pk")).values("n")), 0
    )


def with_account_history(queryset):
    return queryset.select_related("company", "author__contributor").annotate(
        author_reviews=_count(Review),
        author_reviews_published=_count(Review, status=ReviewStatus.PUBLISHED),
        author_reviews_rejected=_count(Review, status=ReviewStatus.REJECTED),
        author_pay_reports=_count(PayReport),
        author_pay_reports_held=_count(PayReport, status=PayReportStatus.HELD),
    )


class PublishingQueueMixin(ModerationQueueMixin):
    """A queue whose approval publishes (reviews, interview experiences): pending first, oldest
    first unless a column is chosen, a rejection with the reason the reader is told."""

    approve_status = ReviewStatus.PUBLISHED
    reject_status = ReviewStatus.REJECTED
    approve_verb = "Published"
    ordering = MODERATION_ORDER

    def perform_moderation(self, queryset, status, reason):
        return queryset.moderate(status, reason)


@admin.register(Review)
class ReviewAdmin(PublishingQueueMixin, EditorModelAdmin):
    # Narrow columns, the review's text and scores in one: the queue fits a laptop's width.
    list_display = ["headline", "full_text", "account", "status", "decide"]
    list_filter = ["status", "employment_status", "role_family", "created_at"]
    search_fields = ["headline", "pros", "cons", "company__name", "author__email"]
    autocomplete_fields = ["company"]
    list_select_related = ["company"]
    date_hierarchy = "created_at"
    readonly_fields = ["author", "flags", "submitted_from", "moderated_at"]
    list_per_page = 25

    action_descriptions = {
        "approve": "Approve and publish the selected reviews",
        "reject": "Reject the selected reviews",
        "distrust_authors": "Mark the authors of the selected reviews as not trusted",
    }

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)

        class ReviewForm(form):
            def clean(self):
                cleaned = super().clean()
                if (
                    self.instance.author_id
                    and cleaned.get("status") == ReviewStatus.REJECTED
                    and not (cleaned.get("rejection_reason") or "").strip()
                ):
                    self.add_error("rejection_reason", "Say why: the reader is told.")
                return cleaned

        return ReviewForm

    @admin.display(description="review")
    def full_text(self, review):
        advice = (
            format_html("<p><strong>Advice.</strong> {}</p>", linebreaksbr(review.advice))
            if review.advice
            else ""
        )
        if review.rejection_reason:
            advice = format_html(
                '{}<p class="rejection"><strong>Rejected:</strong> {}</p>',
                advice,
                review.rejection_reason,
            )
        flags = format_html_join(
            "", '<span class="flag">{}</span> ', ((ReviewFlag(f).label,) for f in review.flags)
        )
        return format_html(
            '<div class="review-text">{}<p class="muted"><strong>{}</strong> · {} · {}{} · {}</p>'
            '<p class="scores">{}</p>'
            "<p><strong>Pros.</strong> {}</p><p><strong>Cons.</strong> {}</p>{}</div>",
            flags,
            review.company,
            review.get_role_family_display() if review.author_id else review.reviewer_role,
            review.get_employment_status_display(),
            f" until {review.last_year}"
            if review.last_year and review.employment_status == "former"
            else "",
            f"{review.created_at:%-d %b %Y}",
            format_html_join(
                " · ",
                "{} <strong>{}</strong>",
                ((label, getattr(review, name)) for name, label in SCORE_LABELS.items()),
            ),
            linebreaksbr(review.pros),
            linebreaksbr(review.cons),
            advice,
        )


def _distrust(modeladmin, request, queryset):
    authors = set(queryset.exclude(author=None).values_list("author", flat=True))
    for author_id in authors:
        Contributor.objects.update_or_create(user_id=author_id, defaults={"is_trusted": False})
    modeladmin.message_user(
        request,
        f"{len(authors)} account(s) marked as not trusted: what they send is held.",
        messages.SUCCESS,
    )


def _confirmed(
    modeladmin, request, queryset, action, description, perform, verb, *, needs_reason=False
):
    """A bulk decision, confirmed on a page that lists the selection (and asks the reason for
    a rejection, which each reader is told)."""
    reason = request.POST.get("reason", "").strip()
    problem = ""
    if request.POST.get("confirmed") == "yes":
        if not needs_reason or reason:
            chosen = list(queryset.values_list("pk", flat=True))
            changed = perform(reason)
            # Moderation writes with update(): keep the decisions in the history too.
            history.keep_after_update(
                modeladmin.model,
                chosen,
                user=request.user,
                comment=f"{description}: {verb.lower()}.",
            )
            noun = modeladmin.model._meta.verbose_name
            modeladmin.message_user(request, f"{verb} {changed} {noun}(s).", messages.SUCCESS)
            return None
        problem = "Give the reason: each reader is told why."
    opts = modeladmin.model._meta
    return TemplateResponse(
        request,
        "admin/companies/moderate_confirm.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": f"{description}?",
            "description": description,
            "objects": queryset,
            "count": queryset.count(),
            "action": action,
            "needs_reason": needs_reason,
            "reason": reason,
            "problem": problem,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "opts": opts,
        },
    )


@admin.register(InterviewExperience)
class InterviewExperienceAdmin(PublishingQueueMixin, EditorModelAdmin):
    list_display = ["__str__", "told", "account", "status", "decide"]
    list_filter = ["status", "outcome", "feeling", "role_family", "created_at"]
    search_fields = ["questions", "company__name", "author__email"]
    autocomplete_fields = ["company"]
    list_select_related = ["company"]
    date_hierarchy = "created_at"
    readonly_fields = ["author", "submitted_from", "moderated_at"]
    list_per_page = 25

    action_descriptions = {
        "approve": "Approve and publish the selected interview experiences",
        "reject": "Reject the selected interview experiences",
        "distrust_authors": "Mark the authors of the selected experiences as not trusted",
    }

    @admin.display(description="what they told")
    def told(self, experience):
        return format_html(
            "<p>{} · {} weeks · difficulty {} of 5 · {} · {}</p><p>{}</p>",
            ", ".join(experience.get_stages_display()),
            experience.weeks,
            experience.difficulty,
            experience.get_outcome_display(),
            experience.get_feeling_display(),
            linebreaksbr(experience.questions),
        )


@admin.register(PayReport)
class PayReportAdmin(ModerationQueueMixin, EditorModelAdmin):
    list_display = ["__str__", "figures", "account", "status", "decide"]
    list_filter = ["status", "level", "track", "year"]
    search_fields = ["company__name", "location", "author__email"]
    autocomplete_fields = ["company"]
    list_select_related = ["company"]
    readonly_fields = ["author", "hold_reason", "submitted_from", "moderated_at"]
    list_per_page = 25
    reasons_required = False

    approve_status = PayReportStatus.APPROVED
    reject_status = PayReportStatus.REJECTED
    approve_verb = "Counted"
    action_descriptions = {
        "approve": "Count the selected reports",
        "reject": "Reject the selected reports",
        "distrust_authors": "Mark the authors of the selected reports as not trusted",
    }

    # Held reports first, oldest first.
    ordering = [
        models.Case(
            models.When(status=PayReportStatus.HELD, then=0),
            default=1,
            output_field=models.IntegerField(),
        ).asc(),
        "created_at",
    ]

    def perform_moderation(self, queryset, status, reason):
        return queryset.moderate(status)

    @admin.display(description="figures")
    def figures(self, report):
        return format_html(
            "{} · {} · {}<br>{} {} base + {} bonus + {} equity = <strong>{}</strong>"
            '<br><span class="flag-reason">{}</span>',
            report.get_track_display(),
            report.location,
            report.year,
            report.currency,
            intcomma(report.base),
            intcomma(report.bonus),
            intcomma(report.equity),
            intcomma(report.total),
            report.hold_reason,
        )


@admin.register(Contributor)
class ContributorAdmin(EditorModelAdmin):
    list_display = ["user", "is_trusted", "note", "changed_at"]
    list_filter = ["is_trusted"]
    search_fields = ["user__username", "user__email", "note"]
    fields = ["user", "is_trusted", "note"]
    readonly_fields = ["user"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        # Accounts come here from the review and pay-report queues.
        return False


@admin.register(ExchangeRate)
class ExchangeRateAdmin(EditorModelAdmin):
    list_display = ["currency", "units_per_usd", "as_of"]
    search_fields = ["currency"]
    fields = ["currency", "units_per_usd", "as_of"]
