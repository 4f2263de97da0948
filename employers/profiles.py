"""A company's profile as its team proposes it, and what an editor's decision does with it.

The team edits the profile on `ProfileForm`, a ModelForm of `companies.Company` (so the
company's own validators decide what is valid, as in admin) with the evidence behind each of
its culture tags, and sends it for review; the fields are kept as written
(`ProfileProposal.values`), one open proposal a company, which the team edits until it is
decided. The editor reads what would change, field by field and word by word, and approves
(the same fields are bound to the company and saved; the company's page then says its team
confirmed the profile, and when), asks for changes with a comment, or rejects with a reason;
the writer is mailed each time. Only what the team changed from the profile as it was when
they sent it is applied, so an editor's own change made meanwhile stays.
PROFILE_PROPOSALS_PER_DAY limits how often a company's profile is sent in a day.

The ladder is edited as text in the editors' ladder file's columns and checked by the same
code (companies.ladders), each problem naming its line; a new logo is checked as an editor's
upload is and stored when sent (named by its content, given to the company only on approval).
What a team cannot change: the name and the culture tags themselves (editors keep them).
"""

from django import forms
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from companies import ladders, logos
from companies.contributions import Refused
from companies.models import Company
from employers import proposals
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


def rate_limit_problem(pending: ProfileProposal | None) -> str | None:
    """Why the company's profile may not be sent again today, or None."""
    if (
        pending is not None
        and pending.sent_on == timezone.localdate()
        and pending.sent_today >= settings.PROFILE_PROPOSALS_PER_DAY
    ):
        return (
            f"The profile has been sent for review {pending.sent_today} times today, the most "
            "we accept for one company in a day. Please send it again tomorrow."
        )
    return None


@transaction.atomic
def send(company: Company, form: ProfileForm, *, user) -> ProfileProposal:
    """Keep the team's fields, and the profile as it was, and send them for review, replacing
    what the open proposal held (the form is valid)."""
    list(Company.objects.select_for_update().filter(pk=company.pk))
    pending = open_proposal(company)
    if problem := rate_limit_problem(pending):
        raise Refused("Too many proposals today", problem, 429)
    proposal = pending or ProfileProposal(company=company)
    replaced_logo = pending.values.get("logo", "") if pending else ""
    upload = form.cleaned_data.get("logo_upload")
    logo = _stored_logo(upload) if upload else replaced_logo or company.logo.name
    if replaced_logo != logo:
        _discard_logo(replaced_logo, but_for=proposal)
    today = timezone.localdate()
    proposal.sent_today = proposal.sent_today + 1 if proposal.sent_on == today else 1
    proposal.sent_on = today
    # As stored: the form has written the team's values onto `company` in memory.
    proposal.base = current_values(Company.objects.get(pk=company.pk))
    proposal.values = _kept(form, logo=logo)
    proposal.written_by = user
    proposal.status, proposal.submitted_at = ProposalStatus.IN_REVIEW, timezone.now()
    proposal.comment = ""
    proposal.save()
    return proposal


def _discard_logo(name: str, *, but_for: ProfileProposal) -> None:
    """Delete a proposed logo's files that no company and no other proposal names (they are
    named by their content, so two uploads of one image share them)."""
    if not name or Company.objects.filter(logo=name).exists():
        return
    if ProfileProposal.objects.filter(values__logo=name).exclude(pk=but_for.pk).exists():
        return
    storage = Company._meta.get_field("logo").storage
    storage.delete(name)
    storage.delete(logos.small_name(name))


def changes(proposal: ProfileProposal) -> list[tuple[str, str, object, object]]:
    """The fields the team changed: name, label, the value now and as proposed."""
    form = ProfileForm(instance=proposal.company)
    now = current_values(proposal.company)
    labels = {name: str(field.label) for name, field in form.fields.items()} | {"logo": "Logo"}
    return [
        (name, labels[name], now.get(name), value)
        for name, value in _changed(proposal).items()
        if name in labels
    ]


def _changed(proposal: ProfileProposal) -> dict:
    """What the team changed from the profile as it was when they sent it: only that is
    applied, so an editor's own change since stays."""
    return {
        name: value
        for name, value in proposal.values.items()
        if name not in proposal.base or proposal.base[name] != value
    }


def approval_form(proposal: ProfileProposal) -> ProfileForm:
    """The profile as approving the proposal would save it, bound to be checked: as it is
    now, with what the team changed."""
    company = Company.objects.get(pk=proposal.company_id)
    values = {**current_values(company), **_changed(proposal)}
    return bound(values, instance=company, form_class=ProfileForm)


def _mail(proposal: ProfileProposal, template: str) -> None:
    proposals.mail_writer(proposal, template, company=proposal.company)


@transaction.atomic
def approve(proposal: ProfileProposal, editor) -> Company:
    """Apply the proposal to the company, which its team has now confirmed; mail the writer."""
    if not ProfileProposal.objects.select_for_update().filter(
        pk=proposal.pk, status=ProposalStatus.IN_REVIEW
    ):
        raise ValueError("only a profile in review can be approved, once")
    list(Company.objects.select_for_update().filter(pk=proposal.company_id))
    changed = _changed(proposal)
    form = approval_form(proposal)
    if not form.is_valid():
        raise NotValid(form.errors)
    company = form.save(commit=False)
    if changed.get("logo"):
        company.logo = changed["logo"]  # stored when the team sent it
    company.team_confirmed_on = timezone.localdate()
    company.save()
    form.save_evidence()
    if "ladder" in changed and form.ladder_plan is not None:
        ladders.apply(form.ladder_plan, user=editor, filename=f"{company.name}'s team")
    proposals.decide(proposal, ProposalStatus.APPROVED, editor, comment="")
    _mail(proposal, "employers/email/profile_approved")
    return company


@transaction.atomic
def ask_changes(proposal: ProfileProposal, editor, comment: str) -> None:
    proposals.send_back(
        proposal,
        editor,
        ProposalStatus.CHANGES_ASKED,
        comment,
        "employers/email/profile_changes",
        company=proposal.company,
    )


@transaction.atomic
def reject(proposal: ProfileProposal, editor, reason: str) -> None:
    proposals.send_back(
        proposal,
        editor,
        ProposalStatus.REJECTED,
        reason,
        "employers/email/profile_rejected",
        company=proposal.company,
    )
    _discard_logo(_changed(proposal).get("logo", ""), but_for=proposal)
