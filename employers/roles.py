"""Roles a company's team proposes, and what an editor's decision does with them.

A proposal keeps the team's form fields as they were written (`RoleProposal.values`); the form
is `RoleForm`, a ModelForm of `jobs.Job`, so the model's own validators and `Job.clean()` (the
rules the admin and the importer apply) decide what is valid, here as there. Approving binds
the same fields to the role again and saves it: a new role is published at once; a change to a
role takes effect on its public page only then, which keeps its published version meanwhile.

A new role is published when an editor approves it, or on the day the team chose (at most
ROLE_SCHEDULE_DAYS ahead). A published role may be renewed by its team in its last
RENEW_WITHIN_DAYS, ROLE_RENEWAL_DAYS at a time, as many times as the editors allow the company
(`Company.role_renewals`); each renewal is kept (`Renewal`).

A company whose team the editors trust may be allowed to publish without review
(`Company.team_publishes_roles`, off unless an editor turns it on): a role it sends is then
approved as it is sent, with no editor named.

The team's writer is mailed when an editor approves, asks for changes (with the comment) or
rejects (with the reason); ROLE_PROPOSALS_PER_DAY limits how many one account sends for review.
"""

from datetime import UTC, datetime, time, timedelta

from django import forms
from django.conf import settings
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from companies.contributions import Refused
from employers import proposals
from employers.models import ProposalStatus, Renewal, RoleProposal
from jobs.importing.planning import free_slug
from jobs.models import PAY_FIELDS, PLACE_FIELDS, Job, JobStatus

# What a team writes of a role; the rest (slug, status, dates, source) is the site's.
FIELDS = [
    "title",
    "level",
    "track",
    "discipline",
    "employment_type",
    *PLACE_FIELDS,
    *PAY_FIELDS,
    "equity",
    "description",
    "apply_to",
    "direct_apply",
]


class RoleForm(forms.ModelForm):
    """A role's fields as the model defines them; a new role also says when to publish it."""

    class Meta:
        model = Job
        fields = FIELDS
        help_texts = {"description": "Markdown: headings, lists, links and emphasis."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.fields["publish_on"] = forms.DateField(
                label="Publish on",
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
                help_text="Leave it empty to publish as soon as an editor approves; a date "
                f"up to {settings.ROLE_SCHEDULE_DAYS} days ahead publishes it that day (UTC), "
                "and a date that has passed by then, at once.",
            )

    def clean_publish_on(self):
        day = self.cleaned_data["publish_on"]
        if day and day > timezone.localdate() + timedelta(days=settings.ROLE_SCHEDULE_DAYS):
            raise forms.ValidationError(
                f"Choose a day within {settings.ROLE_SCHEDULE_DAYS} days from today."
            )
        return day


def values_of(form: forms.Form) -> dict:
    """The form's fields as written, to keep in a proposal (lists for fields of several)."""
    values = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list | tuple):
            values[name] = [str(item) for item in value]
        elif value is None or isinstance(value, bool):
            values[name] = value
        else:
            values[name] = str(value)
    return values


def as_pairs(values: dict) -> list[tuple[str, str]]:
    """Kept fields as a form would post them: (name, value) pairs, a ticked box "on", an
    empty or unticked one left out."""
    pairs = []
    for name, value in values.items():
        if isinstance(value, list):
            pairs.extend((name, str(item)) for item in value)
        elif value is True:
            pairs.append((name, "on"))
        elif value not in (None, False):
            pairs.append((name, str(value)))
    return pairs


def bound(values: dict, *, instance, form_class=RoleForm):
    """`form_class` bound to kept fields, as if they were posted again."""
    data = QueryDict(mutable=True)
    for name, value in as_pairs(values):
        data.appendlist(name, value)
    return form_class(data, instance=instance)


def initial_values(job: Job) -> dict:
    """A role's current fields, as a proposal to change it starts from."""
    return values_of(RoleForm(instance=job))


def rate_limit_problem(user) -> str | None:
    since = timezone.now() - timedelta(days=1)
    sent = RoleProposal.objects.filter(written_by=user, submitted_at__gte=since).count()
    if sent >= settings.ROLE_PROPOSALS_PER_DAY:
        return (
            f"You have sent {sent} roles for review in the last 24 hours, the most we accept "
            "from one account in a day. Your drafts are kept: send them tomorrow."
        )
    return None


@transaction.atomic
def save(proposal: RoleProposal, form: RoleForm, *, user, submit: bool) -> RoleProposal:
    """Keep the team's fields; `submit` sends the proposal for review (the form is valid)."""
    proposal.values = values_of(form)
    proposal.title = form.cleaned_data.get("title") or proposal.values.get("title") or "Untitled"
    proposal.written_by = user
    if submit:
        if problem := rate_limit_problem(user):
            raise Refused("Too many roles sent today", problem, 429)
        proposal.status, proposal.submitted_at = ProposalStatus.IN_REVIEW, timezone.now()
    proposal.save()
    if submit and proposal.company.team_publishes_roles:
        approve(proposal, editor=None)  # the editors allowed this team to publish its own
    return proposal


def preview(proposal: RoleProposal, form: RoleForm) -> Job:
    """The role as its public page would show it, unsaved."""
    job = form.instance
    job.company = proposal.company
    job.slug = job.slug or "preview"
    job.publish()
    job.derive(force=True)
    return job


class NotValid(Exception):
    """The proposal's fields no longer pass the role's rules; `errors` says which."""

    def __init__(self, errors):
        super().__init__(str(errors))
        self.errors = errors


def approval_form(proposal: RoleProposal) -> RoleForm:
    """The role as approving the proposal would save it, bound to be checked."""
    return bound(proposal.values, instance=proposal.job or Job(company=proposal.company))


def _mail(proposal: RoleProposal, template: str) -> None:
    proposals.mail_writer(proposal, template, company=proposal.company, job=proposal.job)


@transaction.atomic
def approve(proposal: RoleProposal, editor) -> Job:
    """Apply the proposal to its role (a new one is published now); mail the writer."""
    if not RoleProposal.objects.select_for_update().filter(
        pk=proposal.pk, status=ProposalStatus.IN_REVIEW
    ):
        raise ValueError("only a role in review can be approved, once")
    form = approval_form(proposal)
    if not form.is_valid():
        raise NotValid(form.errors)
    job = form.save(commit=False)
    if proposal.job is None:
        job.slug = free_slug(job.title, proposal.company.slug)
        day = form.cleaned_data.get("publish_on")
        job.publish(_start_of(day) if day and day > timezone.localdate() else None)
    job.save()
    proposal.job = job
    proposals.decide(proposal, ProposalStatus.APPROVED, editor, comment="", also=["job"])
    _mail(proposal, "employers/email/role_approved")
    return job


def _start_of(day):
    return datetime.combine(day, time.min, tzinfo=UTC)


@transaction.atomic
def ask_changes(proposal: RoleProposal, editor, comment: str) -> None:
    proposals.send_back(
        proposal,
        editor,
        ProposalStatus.CHANGES_ASKED,
        comment,
        "employers/email/role_changes",
        company=proposal.company,
        job=proposal.job,
    )


@transaction.atomic
def reject(proposal: RoleProposal, editor, reason: str) -> None:
    proposals.send_back(
        proposal,
        editor,
        ProposalStatus.REJECTED,
        reason,
        "employers/email/role_rejected",
        company=proposal.company,
        job=proposal.job,
    )


# A role may be renewed in its last so many days.
RENEW_WITHIN_DAYS = 14


def renewable(job: Job, renewed: int, now=None) -> bool:
    """Whether the team may renew `job`, renewed `renewed` times, now: open, in its last
    RENEW_WITHIN_DAYS, and renewed fewer times than the editors allow its company."""
    now = now or timezone.now()
    return (
        job.status == JobStatus.PUBLISHED
        and job.published_at is not None
        and job.published_at <= now < job.expires_at <= now + timedelta(days=RENEW_WITHIN_DAYS)
        and renewed < job.company.role_renewals
    )


@transaction.atomic
def renew(job: Job, user) -> Job:
    """Keep `job` open ROLE_RENEWAL_DAYS longer; refused when it may not be renewed now."""
    job = Job.objects.select_for_update().select_related("company").get(pk=job.pk)
    if not renewable(job, Renewal.objects.filter(job=job).count()):
        raise Refused(
            "This role cannot be renewed now",
            f"A role is renewed in its last {RENEW_WITHIN_DAYS} days, at most "
            f"{job.company.role_renewals} time{'s' if job.company.role_renewals != 1 else ''}; "
            "write to the editors to keep it open longer.",
            409,
        )
    job.extend(settings.ROLE_RENEWAL_DAYS)
    job.save(update_fields=["expires_at", "updated_at"])
    Renewal.objects.create(job=job, renewed_by=user, expires_at=job.expires_at)
    return job
