"""Readers' reviews and pay reports: who may send one, and what happens to what they send.

The rules that make contributions hard to game live here, each with its setting:
one review per reader per company per REVIEW_INTERVAL_DAYS; CONTRIBUTIONS_PER_ACCOUNT_PER_DAY
and CONTRIBUTIONS_PER_ADDRESS_PER_DAY; a verified email address; bursts of reviews for one
company flagged (REVIEW_BURST_COUNT within REVIEW_BURST_HOURS); pay far from the rest of its
level held (PAY_OUTLIER_MADS, or PAY_OUTLIER_RATIO against the level across companies until a
company has enough reports); a median shown only from PAY_REPORTS_FOR_MEDIAN accounts on as
many networks, each adding one figure (PayReport.objects.counted); and everything from an
account editors do not trust held.

The limits count what was sent (companies.Submission, kept when a review or report is
deleted), so deleting and writing again does not get round them; and each account's sends
are taken one at a time (a transaction-level lock on the account), so neither do requests
sent at once: the rules are checked again inside that lock, where a send that breaks one
raises `Refused`.
"""

import dataclasses
import operator
import statistics
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from axes.helpers import get_client_ip_address
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from companies.models import (
    RATING_FIELDS,
    REFERENCE_CURRENCY,
    CompTrack,
    Contributor,
    InterviewExperience,
    Level,
    PayReport,
    PayReportStatus,
    Review,
    ReviewFlag,
    ReviewStatus,
    Sent,
    Submission,
    exchange_rates,
)

# The key space of the transaction locks that take one account's sends one at a time.
SEND_LOCK = 7_301_101


class Refused(Exception):
    """A send that breaks a rule, found inside the account's lock; `title` and `message` say
    which, `status` is the HTTP status to answer with."""

    def __init__(self, title: str, message: str, status: int):
        super().__init__(message)
        self.title, self.message, self.status = title, message, status


def has_verified_email(user) -> bool:
    """Whether the reader has confirmed an email address (django-allauth keeps which)."""
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def client_address(request) -> str | None:
    """The client's address, read exactly as sign-in lockouts read it (django-axes with
    django-ipware, configured in settings)."""
    return get_client_ip_address(request)


def rate_limit_problem(user, address: str | None) -> str | None:
    """Why this account or address may send nothing more today, or None."""
    since = timezone.now() - timedelta(days=1)
    by_account = Submission.objects.filter(author=user, created_at__gte=since).count()
    if by_account >= settings.CONTRIBUTIONS_PER_ACCOUNT_PER_DAY:
        return (
            f"You have sent {by_account} reviews and pay reports in the last 24 hours, the most "
            "we accept from one account in a day. Please come back tomorrow."
        )
    if address:
        by_address = Submission.objects.filter(
            submitted_from=address, created_at__gte=since
        ).count()
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
        Submission.objects.filter(author=user, company=company, kind=Sent.REVIEW)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if last is not None and last + interval > timezone.now():
        return last + interval
    return None


def _take_turn(user, address: str | None, company, kind: str) -> None:
    """Inside the sending transaction: wait for this account's other sends to finish, check
    the limits again, and record this send."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [SEND_LOCK, user.pk % 2**31])
    if problem := rate_limit_problem(user, address):
        raise Refused("Too many contributions today", problem, 429)
    if kind == Sent.REVIEW and (until := next_review_allowed(user, company)):
        raise Refused(
            f"You have reviewed {company.name} recently",
            f"One review per company a year keeps reviews honest: you can write your next "
            f"review of {company.name} from {until:%-d %B %Y}.",
            409,
        )
    Submission.objects.create(
        author=user, company=company, kind=kind, submitted_from=address, created_at=timezone.now()
    )


@transaction.atomic
def submit_review(review: Review, *, user, address: str | None) -> Review:
    """Store a reader's review for moderation, flagged where the queue should look twice.
    Raises Refused when it breaks a limit."""
    _take_turn(user, address, review.company, Sent.REVIEW)
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


def submit_interview(experience: InterviewExperience, *, user, address: str | None):
    """Store a reader's interview experience for moderation. Raises Refused when it breaks a
    limit."""
    _take_turn(user, address, experience.company, Sent.INTERVIEW)
    experience.author = user
    experience.submitted_from = address
    experience.status = ReviewStatus.PENDING
    experience.created_at = timezone.now()
    experience.save()
    return experience


def outlier_reason(report: PayReport) -> str:
    """Why a report's total pay is too far from the rest of its level to count unseen, or "".

    The rule: with counted reports by other accounts from at least PAY_REPORTS_FOR_MEDIAN
    sources (client addresses; one figure each) for the same company, level and track, a total (in USD) further from their median than
    PAY_OUTLIER_MADS median absolute deviations is an outlier. The deviation is taken as at
    least 2% of the median, so that identical reports do not make every other figure an
    outlier. Before there are that many, the level across every company stands in: a total
    more than PAY_OUTLIER_RATIO times its median, or less than its median divided by that, is
    an outlier.
    """
    mine = PayReport.objects.filter(pk=report.pk).totals_in_usd()
    if not mine:
        return ""
    others = (
        PayReport.objects.counted()
        .filter(level=report.level, track=report.track)
        .exclude(pk=report.pk)
    )
    if report.author_id is not None:
        others = others.exclude(author_id=report.author_id)
    totals = others.filter(company=report.company).totals_in_usd_by_source()
    if len(totals) < settings.PAY_REPORTS_FOR_MEDIAN:
        level = others.totals_in_usd_by_source()
        if len(level) < settings.PAY_REPORTS_FOR_MEDIAN:
            return ""
        median, ratio = statistics.median(level), settings.PAY_OUTLIER_RATIO
        if median > 0 and not median / ratio <= mine[0] <= median * ratio:
            return (
                f"Total is {mine[0] / median:.1f} times the median of {round(median):,} USD for "
                f"this level across companies (limit {ratio}×), with too few reports at this "
                "company to compare with."
            )
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
    the account is not trusted, in which case it is held for an editor. Raises Refused when it
    breaks a limit."""
    _take_turn(user, address, report.company, Sent.PAY_REPORT)
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
    sources: int
    currency: str
    median: int | None
    low: int | None
    high: int | None
    first_year: int
    last_year: int
    converted: bool
    # (median, lowest, highest) in `currency`, unrounded.
    exact: tuple = (None, None, None)

    @property
    def in_usd(self) -> tuple:
        """The figures in USD, unrounded (None without a rate), for converting to any other
        currency: the exchange rates are read only by a page that converts."""
        if self.currency == REFERENCE_CURRENCY or None in self.exact:
            return self.exact
        rate = exchange_rates().get(self.currency)
        if rate is None:
            return (None, None, None)
        median, low, high = self.exact
        return tuple(float(Decimal(value) / rate.units_per_usd) for value in (median, low, high))

    def converted_to(self, currency: str, units_per_usd) -> "PayStats | None":
        """These figures in `currency` (`units_per_usd` of it to a dollar), rounded to the
        thousand; None when a rate is missing."""
        if currency == self.currency:
            return self
        if self.in_usd is None or None in self.in_usd or units_per_usd is None:
            return None
        exact = tuple(float(value) * float(units_per_usd) for value in self.in_usd)
        median, low, high = (int(round(value, -3)) for value in exact)
        return dataclasses.replace(
            self,
            currency=currency,
            median=median,
            low=low,
            high=high,
            converted=True,
            exact=exact,
        )

    @property
    def enough(self) -> bool:
        """Enough accounts, from enough client addresses, for a median no one of them moves."""
        needed = settings.PAY_REPORTS_FOR_MEDIAN
        return self.count >= needed and self.sources >= needed and self.median is not None

    @property
    def independent(self) -> int:
        """How many of the reports count towards `needed`: from distinct accounts and
        addresses."""
        return min(self.count, self.sources)

    @property
    def needed(self) -> int:
        return settings.PAY_REPORTS_FOR_MEDIAN

    def get_level_display(self) -> str:
        return Level(self.level).label

    def get_track_display(self) -> str:
        return CompTrack(self.track).label


def pay_stats(reports=None, *, by: tuple[str, ...] = (), **where) -> dict[tuple, PayStats]:
    """The counted reports among `reports` (every report by default) that match `where`
    (filter arguments: `company=…`), summarised per (level, track), or per (each of `by`,
    level, track), from one query."""
    reports = PayReport.objects.all() if reports is None else reports
    return summarise(reports.filter(**where).figures(*by), by=len(by))


def summarise(figures, *, by: int = 0, key=None, least: int = 1) -> dict[tuple, PayStats]:
    """Rows of `PayReportQuerySet.figures` (with `by` fields before the level) summarised per
    (those fields, level, track), or per `key(row)` (a tuple ending with the level and track),
    that has at least `least` reports, in order of track and level: how many reports, from how
    many sources, the first and last year, and the median, lowest and highest total, in the
    reports' currency where they share one, else in USD (and in USD in any case, for
    converting, from the reports that have a rate)."""
    key = key or operator.itemgetter(*range(by + 2))
    groups: dict[tuple, list[tuple]] = {}
    for row in figures:
        groups.setdefault(key(row), []).append(row)
    rates: dict | None = None
    summary = {}
    for found in sorted(groups, key=lambda found: (found[-1], found[-2])):
        rows = groups[found]
        if len(rows) < least:
            continue
        totals = [row[-4] for row in rows]
        currencies = {row[-3] for row in rows}
        years = [row[-2] for row in rows]
        converted = len(currencies) > 1
        if converted:
            if rates is None:
                rates = {code: rate.units_per_usd for code, rate in exchange_rates().items()}
                rates[REFERENCE_CURRENCY] = Decimal(1)
            usd = [Decimal(row[-4]) / rates[row[-3]] for row in rows if row[-3] in rates]
            exact = (float(statistics.median(usd)), min(usd), max(usd)) if usd else (None,) * 3
        else:
            exact = (statistics.median(totals), min(totals), max(totals))
        median, low, high = exact
        summary[found] = PayStats(
            level=found[-2],
            track=found[-1],
            count=len(rows),
            sources=len({row[-1] for row in rows}),
            currency=REFERENCE_CURRENCY if converted else min(currencies),
            median=None if median is None else int(round(median, -3)),
            low=None if low is None else int(round(low, -3)),
            high=None if high is None else int(round(high, -3)),
            first_year=min(years),
            last_year=max(years),
            converted=converted,
            exact=exact,
        )
    return summary


def personal_data(user) -> dict:
    """Everything a reader has sent here, for their personal-data export."""
    return {
        "reviews": [
            {
                "company": review.company.name,
                "headline": review.headline,
                "pros": review.pros,
                "cons": review.cons,
                "advice": review.advice,
                "role_family": review.role_family,
                "employment_status": review.employment_status,
                "last_year": review.last_year,
                **{name: getattr(review, name) for name in RATING_FIELDS},
                "status": review.status,
                "rejection_reason": review.rejection_reason,
                "written_at": review.created_at.isoformat(),
                "sent_from": review.submitted_from,
            }
            for review in Review.objects.filter(author=user).select_related("company")
        ],
        "interviews": [
            {
                "company": experience.company.name,
                "role_family": experience.role_family,
                "level": experience.level,
                "stages": experience.stages,
                "weeks": experience.weeks,
                "difficulty": experience.difficulty,
                "outcome": experience.outcome,
                "feeling": experience.feeling,
                "questions": experience.questions,
                "year": experience.year,
                "status": experience.status,
                "rejection_reason": experience.rejection_reason,
                "sent_at": experience.created_at.isoformat(),
                "sent_from": experience.submitted_from,
            }
            for experience in InterviewExperience.objects.filter(author=user).select_related(
                "company"
            )
        ],
        "pay_reports": [
            {
                "company": report.company.name,
                "level": report.level,
                "track": report.track,
                "location": report.location,
                "currency": report.currency,
                "base": report.base,
                "bonus": report.bonus,
                "equity": report.equity,
                "year": report.year,
                "status": report.status,
                "sent_at": report.created_at.isoformat(),
                "sent_from": report.submitted_from,
            }
            for report in PayReport.objects.filter(author=user).select_related("company")
        ],
        "trusted": not Contributor.is_held(user),
    }
