"""A company's profile as its team proposes it, and what an editor's decision does with it.

The team edits the profile on `ProfileForm`, a ModelForm of `companies.Company` (so the
company's own validators decide what is valid, as in admin) with the evidence behind each of
its culture tags, and sends it for review; the fields are kept as written
(`ProfileProposal.values`), one open proposal a company, which the team edits until it is
decided. The editor reads what would change, field by field and word by word, and approves
(the same fields are bound to the company and saved; the company's page then says its team
confirmed the profile, and when), asks for changes with a comment, or rejects with a reason;
the writer is mailed each time. PROFILE_PROPOSALS_PER_DAY limits how often one account sends.

The ladder is edited as text in the editors' ladder file's columns and checked by the same
code (companies.ladders), each problem naming its line; a new logo is checked as an editor's
upload is and stored when sent (named by its content, given to the company only on approval).
What a team cannot change: the name and the culture tags themselves (editors keep them).
"""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from companies import ladders, logos
from companies.contributions import Refused
from companies.models import Company
from core import mail
from employers.models import ProfileProposal, ProposalStatus
from employers.roles import NotValid, bound, values_of

FIELDS = [
    "tagline",
    "about",
    "website",
    "careers_url",
    "engineering_blog_url",
    "ladder_url",
    "headquarters",
    "remote_policy",
    "stage",
    "employee_count",
    "founded_year",
]


class ProfileForm(forms.ModelForm):
    """The profile's facts, and for each of the company's culture tags a link and a note that
    show it."""

    class Meta:
        model = Company
        fields = FIELDS
        labels = {"about": "About the company"}
        help_texts = {
            "about": "Markdown: paragraphs, lists, links and emphasis.",
            "ladder_url": "Where your engineering ladder is published, if it is.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.ladder_plan: ladders.Plan | None = None
        self.fields["logo_upload"] = forms.FileField(
            label="Logo",
            required=False,
            widget=forms.ClearableFileInput(attrs={"accept": logos.ACCEPT}),
            help_text="A new logo, if it changed: PNG, JPEG or WebP, at most 1 MB, 32 to 4,096 "
            "pixels a side.",
        )
        self.fields["ladder"] = forms.CharField(
            label="Engineering ladder",
            required=False,
            initial=ladders.as_team_text(self.instance),
            widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
            help_text="One level a line, lowest first, after the line naming the columns: "
            "track (ic or manager), your name for the level, the L-levels it matches (from "
            "and to, l3 to l8; to may be empty), tech_lead (empty, role or level), what you "
            "publish about its scope, and position (orders two levels at the same L-levels).",
        )
        self.tags = list(self.instance.company_tags.select_related("tag").order_by("tag__name"))
        for link in self.tags:
            slug, name = link.tag.slug, link.tag.name
            self.fields[f"evidence_url_{slug}"] = forms.URLField(
                label=f"{name}: a link that shows it",
                required=False,
                max_length=200,
                assume_scheme="https",
                initial=link.evidence_url,
            )
            self.fields[f"evidence_note_{slug}"] = forms.CharField(
                label=f"{name}: what shows it",
                required=False,
                max_length=240,
                initial=link.evidence_note,
            )

    def clean_logo_upload(self):
        upload = self.cleaned_data.get("logo_upload")
        if upload:
            logos.open_logo(upload)
            upload.seek(0)
        return upload

    def clean_ladder(self):
        text = self.cleaned_data["ladder"]
        try:
            self.ladder_plan = ladders.plan_team_text(self.instance, text)
        except ladders.LadderFileError as error:
            raise forms.ValidationError(str(error)) from None
        if self.ladder_plan.problems:
            raise forms.ValidationError(self.ladder_plan.problems[:10])
        return text

    def save_evidence(self) -> None:
        for link in self.tags:
            link.evidence_url = self.cleaned_data[f"evidence_url_{link.tag.slug}"]
            link.evidence_note = self.cleaned_data[f"evidence_note_{link.tag.slug}"]
            link.save(update_fields=["evidence_url", "evidence_note"])


def current_values(company: Company) -> dict:
    """The profile as it is now, as a proposal starts from and a decision compares with."""
    return _kept(ProfileForm(instance=company), logo=company.logo.name)


def _kept(form: ProfileForm, *, logo: str) -> dict:
    """The form's fields to keep, the logo as the name of its stored file."""
    values = values_of(form)
    values.pop("logo_upload", None)
    values["logo"] = logo
    return values


def _stored_logo(upload) -> str:
    """An uploaded logo stored as the company's logos are (its renditions, named by their
    content), without giving it to the company yet: the name to keep in the proposal."""
    logo = Company().logo
    logo.save(upload.name, upload, save=False)
    return logo.name


def open_proposal(company: Company) -> ProfileProposal | None:
    return ProfileProposal.objects.filter(
        company=company,
        status__in=[ProposalStatus.DRAFT, ProposalStatus.IN_REVIEW, ProposalStatus.CHANGES_ASKED],
    ).first()


def rate_limit_problem(user) -> str | None:
    since = timezone.now() - timedelta(days=1)
    sent = ProfileProposal.objects.filter(written_by=user, submitted_at__gte=since).count()
    if sent >= settings.PROFILE_PROPOSALS_PER_DAY:
        return (
            f"You have sent the profile for review {sent} times in the last 24 hours, the most "
            "we accept from one account in a day. Please send it again tomorrow."
        )
    return None


@transaction.atomic
def send(company: Company, form: ProfileForm, *, user) -> ProfileProposal:
    """Keep the team's fields and send them for review, replacing what the open proposal
    held (the form is valid)."""
    if problem := rate_limit_problem(user):
        raise Refused("Too many proposals today", problem, 429)
    list(Company.objects.select_for_update().filter(pk=company.pk))
    pending = open_proposal(company)
    proposal = pending or ProfileProposal(company=company)
    upload = form.cleaned_data.get("logo_upload")
    if upload:
        logo = _stored_logo(upload)
    else:
        logo = (pending.values.get("logo") if pending else None) or company.logo.name
    proposal.values = _kept(form, logo=logo)
    proposal.written_by = user
    proposal.status, proposal.submitted_at = ProposalStatus.IN_REVIEW, timezone.now()
    proposal.comment = ""
    proposal.save()
    return proposal


def changes(proposal: ProfileProposal) -> list[tuple[str, str, object, object]]:
    """Each field of the proposal: its name, its label, its value now and as proposed."""
    form = ProfileForm(instance=proposal.company)
    now = current_values(proposal.company)
    labels = {name: str(field.label) for name, field in form.fields.items()} | {"logo": "Logo"}
    return [
        (name, labels[name], now.get(name), value)
        for name, value in proposal.values.items()
        if name in labels
    ]


@transaction.atomic
def approve(proposal: ProfileProposal, editor) -> Company:
    """Apply the proposal to the company, which its team has now confirmed; mail the writer."""
    company = Company.objects.select_for_update().get(pk=proposal.company_id)
    form = bound(proposal.values, instance=company, form_class=ProfileForm)
    if not form.is_valid():
        raise NotValid(form.errors)
    ladder_before = ladders.as_team_text(company)
    company = form.save(commit=False)
    if proposal.values.get("logo") and proposal.values["logo"] != company.logo.name:
        company.logo = proposal.values["logo"]  # stored when the team sent it
    company.team_confirmed_on = timezone.localdate()
    company.save()
    form.save_evidence()
    if form.ladder_plan is not None and form.cleaned_data["ladder"].strip() != ladder_before:
        ladders.apply(form.ladder_plan, user=editor, filename=f"{company.name}'s team")
    _decide(proposal, ProposalStatus.APPROVED, editor, comment="")
    _mail(proposal, "employers/email/profile_approved")
    return company


@transaction.atomic
def ask_changes(proposal: ProfileProposal, editor, comment: str) -> None:
    _decide(proposal, ProposalStatus.CHANGES_ASKED, editor, comment=_said(comment))
    _mail(proposal, "employers/email/profile_changes")


@transaction.atomic
def reject(proposal: ProfileProposal, editor, reason: str) -> None:
    _decide(proposal, ProposalStatus.REJECTED, editor, comment=_said(reason))
    _mail(proposal, "employers/email/profile_rejected")


def _said(text: str) -> str:
    if not text.strip():
        raise ValueError("Say what to change, or why: the team is told.")
    return text.strip()


def _decide(proposal: ProfileProposal, status: str, editor, *, comment: str) -> None:
    proposal.status, proposal.comment = status, comment
    proposal.decided_at, proposal.decided_by = timezone.now(), editor
    proposal.save(update_fields=["status", "comment", "decided_at", "decided_by"])


def _mail(proposal: ProfileProposal, template: str) -> None:
    if proposal.written_by is None or not proposal.written_by.email:
        return
    message = mail.render(
        template,
        proposal.written_by.email,
        {"proposal": proposal, "company": proposal.company},
    )
    mail.enqueue(message, user_id=proposal.written_by_id)
