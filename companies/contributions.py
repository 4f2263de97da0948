"""Readers' reviews and pay reports: who may send one, and what happens to what they send.

The rules that make contributions hard to game live here, each with its setting:
one review per reader per company per REVIEW_INTERVAL_DAYS; CONTRIBUTIONS_PER_ACCOUNT_PER_DAY
and CONTRIBUTIONS_PER_ADDRESS_PER_DAY; a verified email address; bursts of reviews for one
company flagged (REVIEW_BURST_COUNT within REVIEW_BURST_HOURS); pay far from the rest of its
level held (PAY_OUTLIER_MADS); and everything from an account editors do not trust held.
"""

import statistics
from dataclasses import dataclass
from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from companies.models import (
    REFERENCE_CURRENCY,
    CompTrack,
    Contributor,
    Level,
    PayReport,
    PayReportStatus,
    Review,
    ReviewFlag,
    ReviewStatus,
)


def has_verified_email(user) -> bool:
    """Whether the reader has confirmed an email address (django-allauth keeps which)."""
    try:
        from allauth.account.models import EmailAddress
    except ImportError:  # until reader accounts are installed: an address on the account
        return bool(user.email)
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def client_address(request) -> str | None:
    """The client's address, read exactly as sign-in lockouts read it (django-axes with
    django-ipware, configured in settings)."""
    return get_client_ip_address(request)


def rate_limit_problem(user, address: str | None) -> str | None:
    """Why this account or address may send nothing more today, or None."""
    since = timezone.now() - timedelta(days=1)
    by_account = (
        Review.objects.filter(author=user, created_at__gte=since).count()
        + PayReport.objects.filter(author=user, created_at__gte=since).count()
    )
    if by_account >= settings.CONTRIBUTIONS_PER_ACCOUNT_PER_DAY:
        return (
            f"You have sent {by_account} reviews and pay reports in the last 24 hours, the most "
            "we accept from one account in a day. Please come back tomorrow."
        )
    if address:
        by_address = (
            Review.objects.filter(submitted_from=address, created_at__gte=since).count()
            + PayReport.objects.filter(submitted_from=address, created_at__gte=since).count()
        )
        if by_address >= settings.CONTRIBUTIONS_PER_ADDRESS_PER_DAY:
            return (
                "We have received too many reviews and pay reports from your network in the "
                "last 24 hours. Please come back tomorrow."
            )
    return None


def next_review_allowed(user, company):
    """When the reader may review `company` again, or None if they may now."""
    interval = timedelta(days=settings.REVIEW_INTERVAL_DAYS)
    last = (
        Review.objects.filter(author=user, company=company)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if last is not None and last + interval > timezone.now():
        return last + interval
    return None


@transaction.atomic
def submit_review(review: Review, *, user, address: str | None) -> Review:
    """Store a reader's review for moderation, flagged where the queue should look twice."""
    review.author = user
    review.submitted_from = address
    review.status = ReviewStatus.PENDING
    review.reviewer_role = review.get_role_family_display()
    review.created_at = timezone.now()
    if Contributor.is_held(user):
        review.flags = [*review.flags, ReviewFlag.UNTRUSTED]
    review.save()
    burst_since = review.created_at - timedelta(hours=settings.REVIEW_BURST_HOURS)
    recent = Review.objects.filter(
        company=review.company, author__isnull=False, created_at__gte=burst_since
    )
    if recent.count() >= settings.REVIEW_BURST_COUNT:
        # Every review in the burst still waiting is flagged, this one among them.
        for pending in recent.filter(status=ReviewStatus.PENDING).exclude(
            flags__contains=[ReviewFlag.BURST]
        ):
            pending.flags = [*pending.flags, ReviewFlag.BURST]
            pending.save(update_fields=["flags"])
        review.refresh_from_db(fields=["flags"])
    return review


def outlier_reason(report: PayReport) -> str:
    """Why a report's total pay is too far from the rest of its level to count unseen, or "".

    The rule: with at least PAY_REPORTS_FOR_MEDIAN approved reports for the same company,
    level and track, a total (in USD) further from their median than PAY_OUTLIER_MADS median
    absolute deviations is an outlier. The deviation is taken as at least 2% of the median,
    so that identical reports do not make every other figure an outlier.
    """
    others = (
        PayReport.objects.approved()
        .filter(company=report.company, level=report.level, track=report.track)
        .exclude(pk=report.pk)
    )
    totals = others.totals_in_usd()
    if len(totals) < settings.PAY_REPORTS_FOR_MEDIAN:
        return ""
    mine = PayReport.objects.filter(pk=report.pk).totals_in_usd()
    if not mine:
        return ""
    median = statistics.median(totals)
    deviation = max(statistics.median(abs(t - median) for t in totals), 0.02 * median)
    distance = abs(mine[0] - median) / deviation
    if distance > settings.PAY_OUTLIER_MADS:
        return (
            f"Total is {distance:.1f} median deviations from the level's median of "
            f"{round(median):,} USD (limit {settings.PAY_OUTLIER_MADS})."
        )
    return ""


@transaction.atomic
def submit_pay_report(report: PayReport, *, user, address: str | None) -> PayReport:
    """Store a reader's pay report: counted at once, unless it is an outlier for its level or
    the account is not trusted, in which case it is held for an editor."""
    report.author = user
    report.submitted_from = address
    report.created_at = timezone.now()
    report.status = PayReportStatus.APPROVED
    report.save()
    reason = "Account not trusted." if Contributor.is_held(user) else outlier_reason(report)
    if reason:
        report.status = PayReportStatus.HELD
        report.hold_reason = reason
        report.save(update_fields=["status", "hold_reason"])
    return report


@dataclass(frozen=True)
class PayStats:
    """What approved pay reports say about one level and track at a company. Figures are in
    the reports' currency when they share one, else converted to USD."""

    level: str
    track: str
    count: int
    currency: str
    median: int | None
    low: int | None
    high: int | None
    first_year: int
    last_year: int
    converted: bool

    @property
    def enough(self) -> bool:
        return self.count >= settings.PAY_REPORTS_FOR_MEDIAN and self.median is not None

    @property
    def needed(self) -> int:
        return settings.PAY_REPORTS_FOR_MEDIAN

    def get_level_display(self) -> str:
        return Level(self.level).label

    def get_track_display(self) -> str:
        return CompTrack(self.track).label


def pay_stats(reports) -> dict[tuple[str, str], PayStats]:
    """The approved reports among `reports` summarised per (level, track), in one query."""
    summary = {}
    for row in reports.level_stats():
        converted = row["currencies"] > 1
        prefix = "_usd" if converted else ""
        figures = [row[f"{name}{prefix}"] for name in ("median", "low", "high")]
        summary[row["level"], row["track"]] = PayStats(
            level=row["level"],
            track=row["track"],
            count=row["count"],
            currency=REFERENCE_CURRENCY if converted else row["currency"],
            median=None if figures[0] is None else int(round(figures[0], -3)),
            low=None if figures[1] is None else int(round(figures[1], -3)),
            high=None if figures[2] is None else int(round(figures[2], -3)),
            first_year=row["first_year"],
            last_year=row["last_year"],
            converted=converted,
        )
    return summary
