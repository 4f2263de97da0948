"""How often each role's page is seen and its apply link followed, day by day: what a company's
team sees of its roles over the last 30 days.

Counted without cookies and without anything about the reader: a role, a day and two numbers
are all that is kept. Counted without taking a page off the cache path: `TallyMiddleware` wraps
the page cache and counts the role pages it answers (from the cache or not, 200 or 304), and
the apply link, which goes straight to the role's own application page, pings
`/jobs/<slug>/apply/` as it is followed (`<a ping>`, sent by Chromium, Safari and Edge browsers;
Firefox sends none, so its readers' clicks are not counted). Counts gather
in the process's memory and every ROLE_COUNTS_FLUSH_SECONDS one statement appends them (`flush`): rows are
only ever inserted, so no count waits on another; the schedule's upkeep (`fold`) makes each
past day of a role one row again and drops days older than KEEP_DAYS.

Not counted: HEAD requests, clients whose User-Agent says they are a robot, crawler, preview
fetcher or script, and staff previews. Counts a process holds when it stops are lost (at most
ROLE_COUNTS_FLUSH_SECONDS of them); a flush that meets a database outage keeps them for the next.
"""

import logging
import re
import threading
import time
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Sum
from django.utils import timezone

from jobs.models import Job, RoleTally

logger = logging.getLogger(__name__)

# Distinct (role, day, kind) counts held before flushing at once.
FLUSH_AT = 2000
KEEP_DAYS = 90
SHOWN_DAYS = 30

VIEW, APPLY = "view", "apply"
ROLE_PAGE = re.compile(r"^/jobs/(?P<slug>[-\w]+)/$")
ROBOT = re.compile(
    r"bot|crawl|spider|slurp|preview|fetch|monitor|scan|curl|wget|python|java/|go-http|"
    r"headless|lighthouse|http-?client",
    re.IGNORECASE,
)

_lock = threading.Lock()
_counts: Counter[tuple[str, str, str]] = Counter()
_last_flush = time.monotonic()


def is_robot(request) -> bool:
    agent = request.headers.get("User-Agent", "")
    return not agent or bool(ROBOT.search(agent))


def count(slug: str, kind: str) -> None:
    day = timezone.localdate().isoformat()
    with _lock:
        _counts[(slug, day, kind)] += 1


def flush_if_due() -> None:
    if not _counts:
        return
    waited = time.monotonic() - _last_flush
    if waited < settings.ROLE_COUNTS_FLUSH_SECONDS and len(_counts) < FLUSH_AT:
        return
    flush()


def flush() -> int:
    """Append what this process counted; how many rows were written."""
    global _counts, _last_flush
    with _lock:
        taken, _counts = _counts, Counter()
        _last_flush = time.monotonic()
    if not taken:
        return 0
    by_role_day: dict[tuple[str, str], list[int]] = {}
    for (slug, day, kind), number in taken.items():
        views_clicks = by_role_day.setdefault((slug, day), [0, 0])
        views_clicks[0 if kind == VIEW else 1] += number
    slugs, days, views, clicks = [], [], [], []
    for (slug, day), (seen, followed) in by_role_day.items():
        slugs.append(slug)
        days.append(day)
        views.append(seen)
        clicks.append(followed)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {RoleTally._meta.db_table} (job_id, day, views, apply_clicks)
                SELECT job.id, counted.day, counted.views, counted.clicks
                FROM unnest(%s::text[], %s::date[], %s::int[], %s::int[])
                    AS counted (slug, day, views, clicks)
                JOIN {Job._meta.db_table} job ON job.slug = counted.slug
                """,
                [slugs, days, views, clicks],
            )
            return cursor.rowcount
    except DatabaseError:
        logger.warning("Role counts not written; kept for the next flush", exc_info=True)
        with _lock:
            _counts.update(taken)
        return 0


def fold() -> int:
    """Make each past day of a role one row and drop the days no one is shown any more (the
    schedule's upkeep); how many folded rows were written."""
    today = timezone.localdate()
    RoleTally.objects.filter(day__lt=today - timedelta(days=KEEP_DAYS)).delete()
    table = RoleTally._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH repeated AS (
                SELECT job_id, day FROM {table} WHERE day < %s
                GROUP BY job_id, day HAVING count(*) > 1
            ), folded AS (
                DELETE FROM {table} tally USING repeated
                WHERE tally.job_id = repeated.job_id AND tally.day = repeated.day
                RETURNING tally.job_id, tally.day, tally.views, tally.apply_clicks
            )
            INSERT INTO {table} (job_id, day, views, apply_clicks)
            SELECT job_id, day, sum(views), sum(apply_clicks) FROM folded GROUP BY job_id, day
            """,
            [today],
        )
        return cursor.rowcount


def of_roles(jobs) -> dict[int, tuple[int, int]]:
    """Views and apply clicks of each role over the last SHOWN_DAYS days, today included."""
    since = timezone.localdate() - timedelta(days=SHOWN_DAYS - 1)
    rows = (
        RoleTally.objects.filter(job__in=jobs, day__gte=since)
        .values("job")
        .annotate(views=Sum("views"), clicks=Sum("apply_clicks"))
    )
    return {row["job"]: (row["views"], row["clicks"]) for row in rows}


class TallyMiddleware:
    """Counts the role pages answered, whoever answered them (the page cache included): put it
    just before the page cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method == "GET"
            and response.status_code in (200, 304)
            and (match := ROLE_PAGE.match(request.path_info))
            and not is_robot(request)
        ):
            count(match["slug"], VIEW)
        flush_if_due()
        return response
