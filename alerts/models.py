"""What readers keep: searches of the board and the directory, with email alerts sent on a
schedule kept in the database, and roles saved to a list."""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from companies.models import SizeBand, Stage
from jobs.models import Job, Level, Track, Workplace

MAX_SAVED_SEARCHES = 100
NAME_LENGTH = 80


class Scope(models.TextChoices):
    JOBS = "jobs", "Job board"
    COMPANIES = "companies", "Culture directory"


class Frequency(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"
    NONE = "none", "No emails"


PERIOD = {Frequency.DAILY: timedelta(days=1), Frequency.WEEKLY: timedelta(weeks=1)}


def period_key(frequency: str, due: datetime) -> str:
    """The period a digest due at `due` covers, named so that one digest per saved search and
    period can exist: the day (2026-11-24) or the ISO week (2026-W48)."""
    day = due.astimezone(UTC).date()
    if frequency == Frequency.WEEKLY:
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return day.isoformat()


class SavedSearchQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(user=user)

    def alerting(self):
        return self.exclude(frequency=Frequency.NONE)

    def due(self, now=None):
        """Searches whose next digest is due: alerts on and the due time passed."""
        return self.alerting().filter(next_due_at__lte=now or timezone.now())


class SavedSearch(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    scope = models.CharField(max_length=10, choices=Scope.choices)
    name = models.CharField(max_length=NAME_LENGTH)
    # The list page's cleaned, canonical query string: only what its filters accept.
    query = models.CharField(max_length=4000, blank=True)
    # The filters in words, as the page's chips name them, written with the query: naming
    # them takes the FilterSet's own queries, too many for a list of a hundred searches.
    description = models.CharField(max_length=2000, blank=True)
    frequency = models.CharField(
        "email alerts", max_length=6, choices=Frequency.choices, default=Frequency.NONE
    )
    # The schedule, kept here so that a restarted worker loses nothing: when the next digest
    # is due (none without alerts), and up to when roles have been considered.
    next_due_at = models.DateTimeField(null=True, blank=True)
    alerted_until = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SavedSearchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The schedule's scan for due digests.
            models.Index(
                fields=["next_due_at"],
                name="savedsearch_due_idx",
                condition=~Q(frequency=Frequency.NONE),
            ),
            # A reader's list, newest first, and the per-account limit.
            models.Index(fields=["user", "-created_at"], name="savedsearch_user_idx"),
        ]
        constraints = [
            # A search that alerts has a due time; one that does not, none.
            models.CheckConstraint(
                condition=Q(frequency=Frequency.NONE, next_due_at__isnull=True)
                | (~Q(frequency=Frequency.NONE) & Q(next_due_at__isnull=False)),
                name="savedsearch_due_when_alerting",
            ),
            models.CheckConstraint(
                condition=Q(scope__in=Scope.values), name="savedsearch_scope_known"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        """Its results, marked as this saved search (the page then offers to update it)."""
        url = self.results_url()
        return f"{url}{'&' if self.query else '?'}saved={self.pk}"

    def results_url(self) -> str:
        """Its results, on the page it was saved from."""
        path = reverse("jobs:list" if self.scope == Scope.JOBS else "companies:list")
        return f"{path}?{self.query}" if self.query else path

    def set_frequency(self, frequency: str, now=None) -> None:
        """Alerts on, changed or off. Turning them on (or changing how often) schedules the
        next digest one period from now; roles count from now on when they were off."""
        now = now or timezone.now()
        if frequency == self.frequency and (self.next_due_at or frequency == Frequency.NONE):
            return
        if self.frequency == Frequency.NONE:
            self.alerted_until = now
        self.frequency = frequency
        self.next_due_at = None if frequency == Frequency.NONE else now + PERIOD[frequency]

    def advance(self, now) -> None:
        """The digest due now is done: the next one is a period after it (a period after now
        when the worker was away for longer)."""
        step = PERIOD[self.frequency]
        due = self.next_due_at + step
        while due <= now:
            due += step
        self.next_due_at = due
        self.alerted_until = now


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class AlertDelivery(models.Model):
    """One digest: at most one per saved search and period. Created with its roles (SentRole)
    in one transaction, then sent; a digest whose sending failed is sent again by the next run,
    and so is one whose run died half-way through sending it (alerts.digests.release_abandoned):
    none is lost, and one goes twice only if its mail had left in the instant before."""

    saved_search = models.ForeignKey(
        SavedSearch, on_delete=models.CASCADE, related_name="deliveries"
    )
    period = models.CharField(max_length=10)
    to = models.EmailField()
    status = models.CharField(
        max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    # How many new roles there were, of which the digest lists the newest few.
    new_roles = models.PositiveIntegerField()
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # Idempotence: a second run for the same period finds the first one's digest.
            models.UniqueConstraint(
                fields=["saved_search", "period"], name="alertdelivery_once_per_period"
            ),
        ]
        indexes = [
            # The schedule's look for digests still to send.
            models.Index(
                fields=["created_at"],
                name="alertdelivery_pending_idx",
                condition=Q(status=DeliveryStatus.PENDING),
            ),
        ]

    def __str__(self):
        return f"{self.saved_search} ({self.period})"


class SentRole(models.Model):
    """A role a saved search's digest has listed: never listed by it again."""

    saved_search = models.ForeignKey(
        SavedSearch, on_delete=models.CASCADE, related_name="sent_roles"
    )
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="+")
    delivery = models.ForeignKey(AlertDelivery, on_delete=models.CASCADE, related_name="roles")

    class Meta:
        constraints = [
            # Never twice for one saved search; also the lookup that excludes them.
            models.UniqueConstraint(fields=["saved_search", "job"], name="sentrole_once"),
        ]
        indexes = [
            # A digest's roles, when it is sent.
            models.Index(fields=["delivery"], name="sentrole_delivery_idx"),
        ]

    def __str__(self):
        return f"{self.job_id} for {self.saved_search_id}"


class SavedRoleQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(user=user)

    def for_list(self):
        """Newest saved first, each with its role and company, and whether the role is still
        open by the board's own rule (Job.objects.visible())."""
        return (
            self.select_related("job__company")
            .annotate(
                is_open=models.Exists(Job.objects.visible().filter(pk=models.OuterRef("job")))
            )
            .order_by("-created_at", "-pk")
        )


class SavedRole(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_roles"
    )
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SavedRoleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Saving a role twice keeps one.
            models.UniqueConstraint(fields=["user", "job"], name="savedrole_once"),
        ]
        indexes = [
            # A reader's list, newest first.
            models.Index(fields=["user", "-created_at"], name="savedrole_user_idx"),
        ]

    def __str__(self):
        return str(self.job)


class Schedule(models.Model):
    """The chain of schedule runs, one row: when the next run is due and which chain is the
    live one, so that exactly one chain runs and a broken one is restarted (alerts/schedule.py).
    """

    name = models.CharField(max_length=40, primary_key=True)
    token = models.CharField(max_length=40)
    next_run_at = models.DateTimeField()

    def __str__(self):
        return self.name


class Undeliverable(models.TextChoices):
    BOUNCE = "bounce", "Refused by its mail server"
    COMPLAINT = "complaint", "Marked as spam by its reader"


class UndeliverableAddress(models.Model):
    """An address alerts are no longer sent to: its mail server refused it for good (a
    bounce: at sending, or reported later through the mail events endpoint), or its reader
    marked an alert as spam (a complaint). Its reader sees why on their saved searches and can
    ask to try it again; a new address they verify is not in here, so alerts resume by
    themselves."""

    address = models.EmailField(unique=True, help_text="Lowercase.")
    kind = models.CharField(max_length=10, choices=Undeliverable.choices)
    reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "undeliverable address"

    def __str__(self):
        return self.address

    @classmethod
    def record(cls, address: str, kind: str, reason: str = "") -> None:
        cls.objects.update_or_create(
            address=address.strip().lower(),
            defaults={"kind": kind, "reason": reason[:500], "created_at": timezone.now()},
        )


class Importance(models.IntegerChoices):
    NICE = 1, "Nice to have"
    IMPORTANT = 2, "Important"


# The highest minimum salary a reader may ask for, in any currency's units: above it the
# number is a typo, not a wish.
MAX_MIN_SALARY = 10_000_000


class Preferences(models.Model):
    """What matters to one reader, said once: the board ranks roles for them by it ("For
    you", jobs.ranking). Each list empty means "any"."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preferences"
    )
    # Culture tag slug → Importance.
    tags = models.JSONField(default=dict, blank=True)
    levels = ArrayField(
        models.CharField(max_length=4, choices=Level.choices), default=list, blank=True
    )
    tracks = ArrayField(
        models.CharField(max_length=24, choices=Track.choices), default=list, blank=True
    )
    countries = ArrayField(models.CharField(max_length=2), default=list, blank=True)
    workplaces = ArrayField(
        models.CharField(max_length=8, choices=Workplace.choices), default=list, blank=True
    )
    min_salary = models.PositiveIntegerField(null=True, blank=True)
    currency = models.CharField(max_length=3, default="USD")
    stages = ArrayField(
        models.CharField(max_length=16, choices=Stage.choices), default=list, blank=True
    )
    sizes = ArrayField(
        models.CharField(max_length=12, choices=SizeBand.choices), default=list, blank=True
    )
    ladder = models.BooleanField("ladder names tech lead", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "preferences"
        constraints = [
            models.CheckConstraint(
                condition=Q(min_salary__lte=MAX_MIN_SALARY), name="preferences_min_salary_sane"
            )
        ]

    def __str__(self):
        return f"Preferences of {self.user}"
