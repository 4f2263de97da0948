"""Companies' teams: the readers who keep a company's roles and profile current, and how they
joined. A reader claims a company with an address at one of its email domains, confirms it
from the link mailed there, and an editor approves; the first approved member owns the team
(employers.claims has the rules)."""

import reversion
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from companies.models import Company
from jobs.importing import BOARD_FORMATS


class Decided(models.Model):
    """What an editor decided, when and who: for what readers and teams send."""

    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        abstract = True


class ClaimStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", "Waiting for the address to be confirmed"
    PENDING = "pending", "Waiting for an editor"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ClaimQuerySet(models.QuerySet):
    def open(self):
        """Claims still to be decided, confirmed or not."""
        return self.filter(status__in=[ClaimStatus.UNCONFIRMED, ClaimStatus.PENDING])

    def pending(self):
        return self.filter(status=ClaimStatus.PENDING)


@reversion.register()
class Claim(Decided):
    """A reader's request to join a company's team, with its evidence: the address at the
    company's domain and when it was confirmed."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="claims")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="company_claims"
    )
    email = models.EmailField("work address")
    job_title = models.CharField("their job title", max_length=120)
    status = models.CharField(
        max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.UNCONFIRMED
    )
    reason = models.TextField(
        "reason for refusing",
        blank=True,
        help_text="Mailed to the reader. Required to refuse.",
    )
    requested_from = models.GenericIPAddressField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField("address confirmed", null=True, blank=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One open claim per reader and company: asking again resends the link.
            models.UniqueConstraint(
                fields=["company", "user"],
                condition=Q(status__in=["unconfirmed", "pending"]),
                name="employers_claim_one_open",
            ),
            # A refusal says why.
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(reason=""),
                name="employers_claim_refusal_has_reason",
            ),
        ]
        indexes = [
            # The editors' queue: pending claims, oldest first.
            models.Index(fields=["status", "created_at"], name="employers_claim_queue"),
            # The per-account and per-network limits count a day's claims.
            models.Index(fields=["user", "created_at"], name="employers_claim_by_user"),
        ]

    def __str__(self):
        return f"{self.email} for {self.company}"


class MemberQuerySet(models.QuerySet):
    def of(self, user):
        return self.filter(user=user)


class Member(models.Model):
    """A reader on a company's team. The owner may invite and remove colleagues."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="teams"
    )
    email = models.EmailField("work address", help_text="The address confirmed to join.")
    is_owner = models.BooleanField("owner", default=False)
    joined_at = models.DateTimeField(default=timezone.now)
    claim = models.OneToOneField(
        Claim, null=True, blank=True, on_delete=models.SET_NULL, related_name="member"
    )

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["-is_owner", "joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["company", "user"], name="employers_member_once"),
            models.UniqueConstraint(
                fields=["company"], condition=Q(is_owner=True), name="employers_one_owner"
            ),
        ]

    def __str__(self):
        return f"{self.user} at {self.company}"

    def get_absolute_url(self):
        return reverse("employers:team", args=[self.company.slug])


class Proposal(Decided):
    """What a team sends the editors to decide (a role, a profile): who wrote it, when it was
    sent, and the editor's comment when they ask for changes or reject it
    (employers.proposals)."""

    comment = models.TextField(
        "editor's comment",
        blank=True,
        help_text="What to change, or why it is rejected; the team sees it and is mailed it.",
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in-review", "In review"
    CHANGES_ASKED = "changes-asked", "Changes asked"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class RoleProposalQuerySet(models.QuerySet):
    def in_review(self):
        return self.filter(status=ProposalStatus.IN_REVIEW)

    def editable(self):
        """What the team may still change and send: drafts and those sent back."""
        return self.filter(status__in=[ProposalStatus.DRAFT, ProposalStatus.CHANGES_ASKED])


@reversion.register()
class RoleProposal(Proposal):
    """A role a company's team proposes: a new one, or a change to one of its roles (`job`),
    kept as the form's fields until an editor approves it; the public role, if any, stays as
    it is meanwhile. Approving applies the same form to the role (employers.roles)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="role_proposals")
    job = models.ForeignKey(
        "jobs.Job",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="proposals",
        help_text="The role this changes; empty for a new role.",
    )
    title = models.CharField(max_length=200)
    values = models.JSONField(default=dict, help_text="The role's fields as the team wrote them.")
    status = models.CharField(
        max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )

    objects = RoleProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # Asking for changes or rejecting says what or why.
            models.CheckConstraint(
                condition=~Q(status__in=["changes-asked", "rejected"]) | ~Q(comment=""),
                name="employers_proposal_decision_says_why",
            ),
        ]
        indexes = [
            # The editors' queue: proposals in review, oldest first.
            models.Index(fields=["status", "submitted_at"], name="employers_proposal_queue"),
        ]

    def __str__(self):
        return f"{self.title} at {self.company}"


class FeedStatus(models.TextChoices):
    CHECKING = "checking", "Being read for a preview"
    UNREADABLE = "unreadable", "Could not be read"
    IN_REVIEW = "in-review", "Waiting for an editor"
    ACTIVE = "active", "Connected"
    REFUSED = "refused", "Refused"


@reversion.register()
class JobFeed(Decided):
    """A company's applicant-tracking board, read by the worker on a schedule: its roles are
    imported as an editor's import would import them, and a role that leaves the board is
    closed. Connected by the team (or an editor), read once for a preview, approved once by an
    editor; from then on automatic (employers.feeds)."""

    company = models.OneToOneField(Company, on_delete=models.CASCADE, related_name="job_feed")
    url = models.URLField(
        "address",
        max_length=500,
        help_text="The board's public API, such as "
        "https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true.",
    )
    format = models.CharField(
        max_length=12, choices=[(chosen.value, chosen.label) for chosen in BOARD_FORMATS]
    )
    status = models.CharField(
        max_length=12, choices=FeedStatus.choices, default=FeedStatus.CHECKING
    )
    reason = models.TextField(
        "reason for refusing", blank=True, help_text="Mailed to the team. Required to refuse."
    )
    connected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    connected_at = models.DateTimeField(default=timezone.now, editable=False)
    preview = models.ForeignKey(
        "jobs.ImportRun",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        help_text="What importing the board would do, read when it was connected.",
    )
    last_run = models.ForeignKey(
        "jobs.ImportRun",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        help_text="The last import of a changed board.",
    )
    # What the last import read, to ask for and to recognise an unchanged board.
    etag = models.CharField(max_length=200, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    listed = ArrayField(
        models.CharField(max_length=100),
        default=list,
        blank=True,
        editable=False,
        help_text="The board's job ids at the last import: a role among them that leaves the "
        "board is closed.",
    )
    next_check_at = models.DateTimeField(null=True, blank=True, editable=False)
    checked_at = models.DateTimeField("last read", null=True, blank=True, editable=False)
    outcome = models.CharField("last outcome", max_length=300, blank=True, editable=False)
    error = models.TextField(
        blank=True, editable=False, help_text="Why the last read failed; empty when it worked."
    )
    failing_since = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        indexes = [
            # The schedule: connected feeds due to be read.
            models.Index(fields=["status", "next_check_at"], name="employers_feed_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(reason=""),
                name="employers_feed_refusal_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.company}'s job feed"

    def get_absolute_url(self):
        return reverse("employers:feed", args=[self.company.slug])


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the colleague"
    ACCEPTED = "accepted", "Accepted"
    WITHDRAWN = "withdrawn", "Withdrawn"


@reversion.register()
class Invitation(models.Model):
    """A team owner's invitation to a colleague, mailed to their address at one of the
    company's domains: following the link, signed in, puts them on the team
    (employers.invitations). The owner's word stands for an editor's; the mailed link shows
    the address is the colleague's."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField("work address")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sender = models.EmailField(
        "invited by", help_text="The owner's work address on the team, as the colleague sees it."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    status = models.CharField(
        max_length=12, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # Inviting an address again replaces its open invitation.
            models.UniqueConstraint(
                fields=["company", "email"],
                condition=Q(status="pending"),
                name="employers_invitation_one_open",
            ),
        ]
        indexes = [
            # The per-owner daily limit counts a day's invitations.
            models.Index(fields=["invited_by", "created_at"], name="employers_invitation_by"),
        ]

    def __str__(self):
        return f"{self.email} to {self.company}"


@reversion.register()
class ProfileProposal(Proposal):
    """The company's profile as its team proposes it: its description, facts, logo, ladder and
    the evidence behind its culture tags, kept as the form's fields until an editor approves;
    the public page stays as it is meanwhile (employers.profiles)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="profile_proposals")
    values = models.JSONField(
        default=dict, help_text="The profile's fields as the team wrote them."
    )
    base = models.JSONField(
        default=dict, help_text="The profile as it was when the team sent it: what they changed."
    )
    sent_on = models.DateField(null=True, blank=True, editable=False)
    sent_today = models.PositiveSmallIntegerField(default=0, editable=False)
    status = models.CharField(
        max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.IN_REVIEW
    )

    objects = RoleProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["changes-asked", "rejected"]) | ~Q(comment=""),
                name="employers_profile_decision_says_why",
            ),
            # One open proposal a company: the team edits it rather than sending another.
            models.UniqueConstraint(
                fields=["company"],
                condition=Q(status__in=["draft", "in-review", "changes-asked"]),
                name="employers_profile_one_open",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="employers_profile_queue"),
        ]

    def __str__(self):
        return f"{self.company}'s profile, sent {self.submitted_at or self.created_at:%Y-%m-%d}"


class Renewal(models.Model):
    """A team kept one of its roles open longer (employers.roles.renew)."""

    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, related_name="renewals")
    renewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    renewed_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(help_text="The role's new closing date.")

    class Meta:
        ordering = ["-renewed_at"]

    def __str__(self):
        return f"{self.job} renewed on {self.renewed_at:%Y-%m-%d}"
