import types

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import Http404, HttpResponseBadRequest, HttpResponseNotAllowed
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from companies.models import AnswerStatus, Company, ReviewAnswer
from core.admin import EditorModelAdmin, back_to_queue, decision_buttons
from core.diff import word_diff
from employers import answers, claims, feeds, profiles, roles
from employers.models import (
    Claim,
    ClaimStatus,
    FeedStatus,
    Invitation,
    JobFeed,
    Member,
    ProfileProposal,
    ProposalStatus,
    RoleProposal,
)
from employers.roles import RoleForm


class DecisionForm(forms.ModelForm):
    """An editor's decision on what a reader or a team sent, by its status: only one still
    `waiting` can be decided, to `approved`, `rejected` or one of `also`; every decision but
    approving says why in `reason_field`, which whoever sent it is told. Its admin
    (DecisionAdmin) reads the same statuses from here."""

    choices: type[models.TextChoices]
    waiting = ""
    approved = ""
    rejected = ""
    also: frozenset[str] = frozenset()  # decisions besides approving and rejecting
    reason_field = "reason"
    not_waiting = "Only one waiting for an editor can be decided."
    why = "Say why: they are told."

    @classmethod
    def needs_reason(cls) -> frozenset[str]:
        return frozenset({cls.rejected, *cls.also})

    @classmethod
    def decisions(cls) -> frozenset[str]:
        return frozenset({cls.approved, *cls.needs_reason()})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "status" in self.fields:
            allowed = self.decisions() | {self.instance.status}
            self.fields["status"].choices = [
                (value, label) for value, label in self.choices.choices if value in allowed
            ]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and "status" in self.changed_data:
            if self.instance.status != self.waiting:
                self.add_error("status", self.not_waiting)
            elif (
                cleaned.get("status") in self.needs_reason()
                and not (cleaned.get(self.reason_field) or "").strip()
            ):
                self.add_error(self.reason_field, self.why)
            elif cleaned.get("status") in self.decisions():
                self.check_decision(cleaned["status"])
        return cleaned

    def check_decision(self, status: str) -> None:
        """Add an error when deciding `status` cannot be done now."""


class ClaimForm(DecisionForm):
    """An editor decides a claim by its status: approving puts the reader on the team (its
    owner when it has none); refusing says why, and the reader is mailed either way."""

    choices = ClaimStatus
    waiting, approved, rejected = ClaimStatus.PENDING, ClaimStatus.APPROVED, ClaimStatus.REFUSED
    not_waiting = "Only a claim whose address is confirmed can be decided."
    why = "Say why: the reader is told."

    class Meta:
        model = Claim
        fields = ["status", "reason"]


class DecisionAdmin(EditorModelAdmin):
    """A change form whose status is an editor's decision: choosing one runs `decide`, which
    does what the decision means (and mails whoever sent it), rather than saving the field.

    The queue decides too: each row still waiting (`waiting`) has its own Approve and Reject
    buttons, with a reason box, that post to `<pk>/decide/`, so a decision takes one keypress
    (static/ladder_admin/moderation.js: j/k, a, r then Enter) or one click; the buttons work
    without JavaScript."""

    # The statuses (waiting, approved, rejected) and the field a rejection's reason goes in
    # are its form's.
    form: type[DecisionForm]

    class Media:
        js = ["ladder_admin/moderation.js"]
        css = {"all": ["ladder_admin/admin.css"]}

    def decide(self, obj, status, editor):
        raise NotImplementedError

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<int:pk>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name=f"{opts.app_label}_{opts.model_name}_decide",
            ),
            *super().get_urls(),
        ]

    def get_list_display(self, request):
        return [*super().get_list_display(request), "decide_here"]

    @admin.display(description="decide")
    def decide_here(self, obj):
        if obj.status != self.form.waiting:
            return ""
        opts = self.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_decide", args=[obj.pk])
        return decision_buttons(obj.pk, url)

    def decide_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_queryset(request).filter(pk=pk).first()
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        decision = request.POST.get("decision")
        reason = request.POST.get(f"reason-{pk}", "").strip()
        if decision not in {"approve", "reject"}:
            return HttpResponseBadRequest("Unknown decision.")
        if decision == "reject" and not reason:
            self.message_user(
                request, f"Say why “{obj}” is rejected: they are told.", messages.ERROR
            )
        else:
            try:
                with transaction.atomic():
                    # Locked and read again: a second press, or another editor, decides once.
                    obj = self.model.objects.select_for_update().get(pk=pk)
                    if obj.status != self.form.waiting:
                        raise ValueError("it was already decided")
                    if decision == "reject":
                        setattr(obj, self.form.reason_field, reason)
                    status = self.form.approved if decision == "approve" else self.form.rejected
                    self.decide(obj, status, request.user)
            except (ValueError, roles.NotValid) as problem:
                self.message_user(
                    request,
                    f"“{obj}” was not decided from the queue: {problem}. Open it to decide.",
                    messages.ERROR,
                )
            else:
                self.message_user(
                    request,
                    f"{'Approved' if decision == 'approve' else 'Rejected'} “{obj}”.",
                    messages.SUCCESS,
                )
        return back_to_queue(request, self.model)

    def save_model(self, request, obj, form, change):
        if change and "status" in form.changed_data:
            status, obj.status = obj.status, form.initial["status"]
            self.decide(obj, status, request.user)
        else:
            super().save_model(request, obj, form, change)


@admin.register(Claim)
class ClaimAdmin(DecisionAdmin):
    form = ClaimForm
    list_display = ["email", "company", "job_title", "account", "confirmed_at", "status"]
    list_filter = ["status", "created_at"]
    search_fields = ["email", "company__name", "user__email", "user__username"]
    list_select_related = ["company", "user"]
    date_hierarchy = "created_at"
    ordering = ["status", "created_at"]
    readonly_fields = [
        "company",
        "account",
        "email",
        "job_title",
        "evidence",
        "requested_from",
        "created_at",
        "confirmed_at",
        "decided_at",
        "decided_by",
    ]
    fieldsets = [
        (None, {"fields": ["company", "account", "email", "job_title", "evidence"]}),
        ("Decision", {"fields": ["status", "reason"]}),
        (
            "Record",
            {
                "fields": [
                    "requested_from",
                    "created_at",
                    "confirmed_at",
                    "decided_at",
                    "decided_by",
                ]
            },
        ),
    ]
    actions = ["approve"]

    def has_add_permission(self, request):
        return False  # a claim is a reader's; editors add a member directly

    @admin.display(description="account")
    def account(self, claim):
        return format_html("{}<br>{}", claim.user.get_username(), claim.user.email)

    @admin.display(description="evidence")
    def evidence(self, claim):
        domains = ", ".join(claim.company.email_domains) or "none kept"
        confirmed = (
            f"confirmed from the mailed link on {claim.confirmed_at:%-d %b %Y %H:%M}"
            if claim.confirmed_at
            else "not confirmed yet"
        )
        team = Member.objects.filter(company_id=claim.company_id).count()
        return format_html(
            "The address is at the company's domains ({}), {}. The team has {} member{}.",
            domains,
            confirmed,
            team,
            "" if team == 1 else "s",
        )

    def decide(self, claim, status, editor):
        if status == ClaimStatus.APPROVED:
            claims.approve(claim, editor)
        elif status == ClaimStatus.REFUSED:
            claims.refuse(claim, editor, claim.reason)

    @admin.action(description="Approve the selected claims (confirmed addresses only)")
    def approve(self, request, queryset):
        approved = 0
        for claim in queryset.pending().select_related("company", "user"):
            claims.approve(claim, request.user)
            approved += 1
        skipped = queryset.count() - approved
        self.message_user(
            request,
            f"Approved {approved} claim(s)."
            + (f" {skipped} not waiting for an editor were left alone." if skipped else ""),
            messages.SUCCESS if approved else messages.WARNING,
        )


@admin.register(Member)
class MemberAdmin(EditorModelAdmin):
    list_display = ["email", "company", "user", "is_owner", "joined_at"]
    list_filter = ["is_owner"]
    search_fields = ["email", "company__name", "user__email", "user__username"]
    list_select_related = ["company", "user"]
    readonly_fields = ["company", "user", "email", "joined_at", "claim"]
    fields = ["company", "user", "email", "is_owner", "joined_at", "claim"]

    def has_add_permission(self, request):
        return False  # a reader joins by a claim an editor approves

    def delete_model(self, request, obj):
        claims.remove(obj, by=None)  # the reader is mailed


class ProposalForm(DecisionForm):
    """An editor decides what a team sent: approve, ask for changes or reject, each of the
    last two with the comment the team sees. Approving checks it against the rules once more
    (one may have changed since): `approval_form` binds it as approving would save it."""

    what = "role"
    rules = "the board's rules"
    choices = ProposalStatus
    waiting, approved, rejected = (
        ProposalStatus.IN_REVIEW,
        ProposalStatus.APPROVED,
        ProposalStatus.REJECTED,
    )
    also = frozenset({ProposalStatus.CHANGES_ASKED})
    reason_field = "comment"
    why = "Say what to change, or why: the team is told."

    class Meta:
        model = RoleProposal
        fields = ["status", "comment"]

    @property
    def not_waiting(self):  # type: ignore[override]
        return f"Only a {self.what} sent for review can be decided."

    def approval_form(self):
        return roles.approval_form(self.instance)

    def check_decision(self, status: str) -> None:
        if status != ProposalStatus.APPROVED:
            return
        form = self.approval_form()
        if not form.is_valid():
            self.add_error(
                "status",
                f"The {self.what} no longer passes {self.rules}: "
                + "; ".join(f"{field}: {' '.join(errors)}" for field, errors in form.errors.items())
                + ". Ask for changes instead.",
            )


class ProposalAdmin(DecisionAdmin):
    """A queue of what teams propose (roles, profiles): `rules` is the module whose approve,
    ask_changes and reject carry each decision out."""

    rules: types.ModuleType

    def decide(self, proposal, status, editor):
        if status == ProposalStatus.APPROVED:
            self.rules.approve(proposal, editor)
        elif status == ProposalStatus.CHANGES_ASKED:
            self.rules.ask_changes(proposal, editor, proposal.comment)
        elif status == ProposalStatus.REJECTED:
            self.rules.reject(proposal, editor, proposal.comment)


def _compared(now_heading: str, rows) -> str:
    """A proposal beside what it would change: `rows` of (changed, label, now, proposed), the
    changed ones marked."""
    body = format_html_join(
        "",
        '<tr{}><th scope="row">{}</th><td>{}</td><td>{}</td></tr>',
        (
            (mark_safe(' class="changed"') if changed else "", label, now, proposed)
            for changed, label, now, proposed in rows
        ),
    )
    return format_html(
        '<table class="proposal"><thead><tr><th scope="col">Field</th>'
        '<th scope="col">{}</th><th scope="col">Proposed</th></tr></thead><tbody>{}</tbody></table>',
        now_heading,
        body,
    )


@admin.register(RoleProposal)
class RoleProposalAdmin(ProposalAdmin):
    form = ProposalForm
    rules = roles
    list_display = ["title", "company", "kind", "written_by", "submitted_at", "status"]
    list_filter = ["status", "submitted_at"]
    search_fields = ["title", "company__name"]
    list_select_related = ["company", "written_by", "job"]
    ordering = ["status", "submitted_at"]
    readonly_fields = [
        "company",
        "job",
        "written_by",
        "proposed",
        "submitted_at",
        "decided_at",
        "decided_by",
    ]
    fieldsets = [
        (None, {"fields": ["company", "job", "written_by", "submitted_at", "proposed"]}),
        ("Decision", {"fields": ["status", "comment"]}),
        ("Record", {"fields": ["decided_at", "decided_by"]}),
    ]
    actions = ["approve"]

    def has_add_permission(self, request):
        return False  # a team writes proposals; editors write roles in Jobs

    @admin.display(description="kind")
    def kind(self, proposal):
        return "A change" if proposal.job_id else "A new role"

    @admin.display(description="the role as proposed")
    def proposed(self, proposal):
        current = roles.initial_values(proposal.job) if proposal.job else {}
        return _compared(
            "Now" if proposal.job else "",
            (
                (
                    bool(proposal.job) and current.get(name) != value,
                    RoleForm.base_fields[name].label
                    if name in RoleForm.base_fields
                    else "Publish on",
                    _shown(current.get(name)) if proposal.job else "",
                    _shown(value),
                )
                for name, value in proposal.values.items()
                if name in RoleForm.base_fields or name == "publish_on"
            ),
        )

    @admin.action(description="Approve and publish the selected roles (in review only)")
    def approve(self, request, queryset):
        approved, failed = 0, []
        for proposal in queryset.in_review().select_related("company", "job", "written_by"):
            try:
                roles.approve(proposal, request.user)
                approved += 1
            except roles.NotValid:
                failed.append(proposal.title)
        self.message_user(request, f"Approved {approved} role(s).", messages.SUCCESS)
        if failed:
            self.message_user(
                request,
                "These no longer pass the board's rules; open each to ask for changes: "
                + ", ".join(failed),
                messages.WARNING,
            )


def _logo(name) -> str:
    if not name:
        return "—"
    return format_html(
        '<img src="{}" alt="" width="64" height="64" class="logo-preview">',
        Company._meta.get_field("logo").storage.url(name),
    )


def _shown(value) -> str:
    if isinstance(value, list):
        return ", ".join(value)
    if value is True:
        return "yes"
    if value in (None, False, ""):
        return "—"
    return str(value)


class AnswerForm(DecisionForm):
    choices = AnswerStatus
    waiting, approved, rejected = (
        AnswerStatus.PENDING,
        AnswerStatus.PUBLISHED,
        AnswerStatus.REJECTED,
    )
    reason_field = "rejection_reason"
    not_waiting = "Only an answer waiting for an editor can be decided."
    why = "Say why: the team is told."

    class Meta:
        model = ReviewAnswer
        fields = ["status", "text", "rejection_reason"]


@admin.register(ReviewAnswer)
class ReviewAnswerAdmin(DecisionAdmin):
    """Companies' answers under reviews: publishing one mails the reviewer (whose identity the
    company never learns) and the team."""

    form = AnswerForm
    list_display = ["__str__", "company", "written_by", "created_at", "status"]
    list_filter = ["status", "created_at"]
    search_fields = ["text", "review__headline", "review__company__name"]
    list_select_related = ["review__company", "author"]
    ordering = ["status", "created_at"]
    readonly_fields = ["the_review", "written_by", "created_at", "published_at"]
    fields = ["the_review", "written_by", "text", "status", "rejection_reason", "created_at"]
    actions = ["publish_selected"]

    def has_add_permission(self, request):
        return False  # a company's team writes answers

    @admin.display(description="company")
    def company(self, answer):
        return answer.review.company

    @admin.display(description="written by")
    def written_by(self, answer):
        return answer.author.email if answer.author else "—"

    @admin.display(description="the review")
    def the_review(self, answer):
        review = answer.review
        return format_html(
            "<strong>{}</strong> ({}, overall {}/5)<br>Pros. {}<br>Cons. {}",
            review.headline,
            review.company,
            review.rating_overall,
            review.pros,
            review.cons,
        )

    def decide(self, answer, status, editor):
        if status == AnswerStatus.PUBLISHED:
            answers.publish(answer)
        elif status == AnswerStatus.REJECTED:
            answers.reject(answer, answer.rejection_reason)

    @admin.action(description="Publish the selected answers (waiting ones only)")
    def publish_selected(self, request, queryset):
        chosen = list(queryset.filter(status=AnswerStatus.PENDING).select_related("review"))
        for answer in chosen:
            answers.publish(answer)
        self.message_user(request, f"Published {len(chosen)} answer(s).", messages.SUCCESS)


class FeedForm(DecisionForm):
    """Added by an editor: the company and its board's address, then read for a preview as a
    team's would be. Changed by an editor: approved once its preview is ready, or refused with
    the reason the team is mailed."""

    choices = FeedStatus
    waiting, approved, rejected = FeedStatus.IN_REVIEW, FeedStatus.ACTIVE, FeedStatus.REFUSED
    not_waiting = "Only a feed whose preview is ready can be decided."
    why = "Say why: the team is told."

    class Meta:
        model = JobFeed
        fields = ["company", "url", "format", "status", "reason"]


@admin.register(JobFeed)
class JobFeedAdmin(DecisionAdmin):
    """Companies' applicant-tracking feeds: each is approved once, on the preview of what its
    first import would do; from then on the worker imports it on the schedule."""

    form = FeedForm
    list_display = ["company", "format", "status", "checked_at", "outcome", "failing"]
    list_filter = ["status", "format"]
    search_fields = ["company__name", "url"]
    list_select_related = ["company"]
    ordering = ["status", "connected_at"]
    autocomplete_fields = ["company"]
    readonly_fields = [
        "connected_by",
        "connected_at",
        "the_preview",
        "checked_at",
        "next_check_at",
        "outcome",
        "error",
        "failing_since",
        "decided_at",
        "decided_by",
    ]

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": ["company", "url", "format"]})]
        return [
            (None, {"fields": ["company", "url", "format", "connected_by", "connected_at"]}),
            ("Preview", {"fields": ["the_preview"]}),
            ("Decision", {"fields": ["status", "reason"]}),
            (
                "Reading",
                {"fields": ["checked_at", "next_check_at", "outcome", "error", "failing_since"]},
            ),
            ("Record", {"fields": ["decided_at", "decided_by"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [*self.readonly_fields, "company", "url", "format"]

    @admin.display(description="failing", boolean=True)
    def failing(self, feed):
        return bool(feed.error)

    @admin.display(description="what importing it would do")
    def the_preview(self, feed):
        if feed.preview is None:
            return feed.error or "Not read yet."
        return format_html(
            '{} <a href="{}">The preview, row by row</a>',
            feed.outcome if feed.status == FeedStatus.IN_REVIEW else "",
            reverse("admin:jobs_job_import_run", args=[feed.preview_id]),
        )

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        obj.connected_by = request.user
        super().save_model(request, obj, form, change)
        feeds.read_for_preview(obj)

    def decide(self, feed, status, editor):
        if status == FeedStatus.ACTIVE:
            feeds.approve(feed, editor)
        elif status == FeedStatus.REFUSED:
            feeds.refuse(feed, editor, feed.reason)


@admin.register(Invitation)
class InvitationAdmin(EditorModelAdmin):
    """Owners' invitations to colleagues, for the record: an owner's invitation needs no
    editor; an editor may withdraw one by setting its status."""

    list_display = ["email", "company", "sender", "created_at", "status"]
    list_filter = ["status", "created_at"]
    search_fields = ["email", "sender", "company__name"]
    list_select_related = ["company"]
    readonly_fields = ["company", "email", "sender", "created_at", "accepted_by", "accepted_at"]
    fields = ["company", "email", "sender", "created_at", "status", "accepted_by", "accepted_at"]

    def has_add_permission(self, request):
        return False  # a team's owner invites


class ProfileDecisionForm(ProposalForm):
    what = "profile"
    rules = "the company's rules"

    class Meta:
        model = ProfileProposal
        fields = ["status", "comment"]

    def approval_form(self):
        return profiles.approval_form(self.instance)


@admin.register(ProfileProposal)
class ProfileProposalAdmin(ProposalAdmin):
    """Companies' profiles as their teams send them, with what each would change: the rows
    that differ from the company now are marked, and long texts compared word by word."""

    form = ProfileDecisionForm
    rules = profiles
    list_display = ["company", "written_by", "submitted_at", "changed", "status"]
    list_filter = ["status", "submitted_at"]
    search_fields = ["company__name"]
    list_select_related = ["company", "written_by"]
    ordering = ["status", "submitted_at"]
    readonly_fields = [
        "company",
        "written_by",
        "submitted_at",
        "proposed",
        "decided_at",
        "decided_by",
    ]
    fieldsets = [
        (None, {"fields": ["company", "written_by", "submitted_at", "proposed"]}),
        ("Decision", {"fields": ["status", "comment"]}),
        ("Record", {"fields": ["decided_at", "decided_by"]}),
    ]

    def has_add_permission(self, request):
        return False  # a team sends its profile; editors edit companies in Companies

    @admin.display(description="fields changed")
    def changed(self, proposal):
        return sum(1 for _, _, now, proposed in profiles.changes(proposal) if now != proposed)

    @admin.display(description="the profile as proposed")
    def proposed(self, proposal):
        return _compared(
            "Now",
            (
                (
                    now != value,
                    label,
                    _logo(now) if name == "logo" else _shown(now),
                    _logo(value)
                    if name == "logo"
                    else word_diff(_shown(now), _shown(value))
                    if now != value
                    else _shown(value),
                )
                for name, label, now, value in profiles.changes(proposal)
            ),
        )
