"""Companies' job feeds: a team's applicant-tracking board (Greenhouse, Lever or Ashby), read by
the worker on a schedule and imported through the importer (jobs.importing), exactly as an
editor's import of the same export would be.

    connect   the team (or an editor) gives the board's address: the worker reads it once
              and previews what importing it would do (an ImportRun, as an upload's)
    approve   an editor who read the preview turns it on: the board is imported at once,
              then every FEED_CHECK_SECONDS
    check     one read: a conditional request, nothing done when the board has not changed;
              otherwise previewed, imported (valid rows only; a rejected row is reported) and
              the roles that left the board since the last import closed

A read that fails (the board cannot be reached, is too large or slow, is not the format, or
holds more than FEED_MAX_ROLES roles) changes no role: the error is kept on the feed for the
team's page, the team is mailed when a feed starts failing, and it is read again later, less
often while it keeps failing (up to a day apart).
"""

import contextlib
import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.tasks import task
from django.utils import timezone

from core import fetching, mail
from employers.models import FeedStatus, JobFeed, Member
from jobs.importing import Format, Mode, ashby, runs
from jobs.importing.greenhouse import text_of
from jobs.models import ImportRow, ImportRun, ImportStatus, Job, JobStatus

# A team may connect (or change) its feed again this long after the last time.
CONNECT_AGAIN_SECONDS = 60
# How much later a failing feed is read, at most.
LONGEST_WAIT = timedelta(days=1)
# Feeds handed to the worker by one run of the schedule.
DUE_PER_RUN = 200
# The key space of the session locks that let one worker read a feed at a time.
FEED_LOCK = 7_301_202


class TooSoon(Exception):
    pass


def connect(company, *, url: str, format: str, user) -> JobFeed:
    """Give `company` the feed at `url` (replacing the one it had) and have the worker read it
    for a preview. A new address is reviewed again, whatever the old one's state; the roles the
    old one imported stay as they are, as when a feed is disconnected."""
    with transaction.atomic():
        # One connection at a time per company, the first one included (no row to lock yet).
        list(type(company).objects.select_for_update().filter(pk=company.pk))
        feed = JobFeed.objects.select_for_update().filter(company=company).first()
        now = timezone.now()
        if feed and feed.connected_at > now - timedelta(seconds=CONNECT_AGAIN_SECONDS):
            raise TooSoon(
                "The feed was connected a moment ago; wait a minute before connecting it again."
            )
        feed = feed or JobFeed(company=company)
        stale_runs = [pk for pk in (feed.preview_id, feed.last_run_id) if pk]
        for name, value in {
            "url": url,
            "format": format,
            "status": FeedStatus.CHECKING,
            "reason": "",
            "connected_by": user,
            "connected_at": now,
            "preview": None,
            "last_run": None,
            "etag": "",
            "last_modified": "",
            "content_hash": "",
            # A new board starts afresh: the old one's roles are not closed by its reads.
            "listed": [],
            "next_check_at": None,
            "outcome": "",
            "error": "",
            "failing_since": None,
            "decided_at": None,
            "decided_by": None,
        }.items():
            setattr(feed, name, value)
        feed.save()
        ImportRun.objects.filter(pk__in=stale_runs).delete()
        _have_it_read(feed)
    return feed


def disconnect(feed: JobFeed) -> None:
    """Stop reading the feed. Its roles stay as they are; the team closes what it wants."""
    runs_of_it = [pk for pk in (feed.preview_id, feed.last_run_id) if pk]
    feed.delete()
    ImportRun.objects.filter(pk__in=runs_of_it).delete()


@transaction.atomic
def approve(feed: JobFeed, editor) -> None:
    """Turn the feed on: it is read at once, and on the schedule once that read reports."""
    locked = JobFeed.objects.select_for_update().get(pk=feed.pk)
    if locked.status != FeedStatus.IN_REVIEW:
        raise ValueError("Only a feed whose preview is ready can be approved.")
    feed.status, feed.reason = FeedStatus.ACTIVE, ""
    feed.decided_at, feed.decided_by = timezone.now(), editor
    feed.next_check_at = None
    feed.save()
    _mail_team(feed, "employers/email/feed_approved")
    _have_it_read(feed)


@transaction.atomic
def refuse(feed: JobFeed, editor, reason: str) -> None:
    if not reason.strip():
        raise ValueError("Say why: the team is told.")
    feed.status, feed.reason = FeedStatus.REFUSED, reason.strip()
    feed.decided_at, feed.decided_by = timezone.now(), editor
    feed.next_check_at = None
    feed.save()
    _mail_team(feed, "employers/email/feed_refused")


def enqueue_due() -> int:
    """Hand the connected feeds that are due to the worker, each once (the schedule's upkeep:
    two schedule runs never hand out the same feed); how many."""
    now = timezone.now()
    with transaction.atomic():
        due = list(
            JobFeed.objects.select_for_update(skip_locked=True)
            .filter(status=FeedStatus.ACTIVE, next_check_at__lte=now)
            .order_by("next_check_at")
            .values_list("pk", flat=True)[:DUE_PER_RUN]
        )
        # Claimed: due again only if the read never reports (a worker killed mid-read).
        JobFeed.objects.filter(pk__in=due).update(next_check_at=now + LONGEST_WAIT)
        for pk in due:
            transaction.on_commit(lambda pk=pk: check.enqueue(pk))
    return len(due)


@task
def check(feed_pk: int) -> None:
    """Read the feed once, in the worker: the preview of a feed just connected, or the import
    of one that is on. One read of a feed at a time: a read asked for while another runs is
    dropped (that one reads the same board)."""
    with _only_reader(feed_pk) as alone:
        if not alone:
            return
        feed = JobFeed.objects.select_related("company").filter(pk=feed_pk).first()
        if feed is None:
            return  # disconnected meanwhile
        try:
            if feed.status == FeedStatus.CHECKING:
                _preview(feed)
            elif feed.status == FeedStatus.ACTIVE:
                _import(feed)
        except Exception as error:
            # Said on the feed, for the team, and read again later; the task still fails, with
            # its traceback, for whoever reads the worker's log.
            _save(
                feed,
                status=FeedStatus.UNREADABLE if feed.status == FeedStatus.CHECKING else feed.status,
                error=f"The read stopped on an unexpected error ({type(error).__name__}); nothing "
                "was changed. We try again later.",
                checked_at=timezone.now(),
                next_check_at=timezone.now() + timedelta(seconds=settings.FEED_CHECK_SECONDS),
            )
            raise


@contextlib.contextmanager
def _only_reader(feed_pk: int):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [FEED_LOCK, feed_pk])
        (alone,) = cursor.fetchone()
    try:
        yield alone
    finally:
        if alone:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [FEED_LOCK, feed_pk])


def _fetch(feed: JobFeed, *, conditional: bool) -> fetching.Fetched:
    return fetching.get(
        feed.url,
        max_bytes=settings.FEED_MAX_BYTES,
        seconds=settings.FEED_READ_SECONDS,
        etag=feed.etag if conditional else "",
        last_modified=feed.last_modified if conditional else "",
        user_agent=f"Ladder job feed reader (+{settings.SITE_URL})",
        allow_private=settings.FEEDS_ALLOW_PRIVATE,
    )


def _run_of(feed: JobFeed, body: bytes) -> ImportRun:
    """The read document as an import run, previewed: what importing it would do, row by row,
    or why it cannot be imported at all (`run.error`)."""
    run = ImportRun.objects.create(
        filename=f"{feed.company.slug} job feed ({feed.get_format_display()})",
        format=feed.format,
        company=feed.company,
        data=body,
        size=len(body),
        created_by=feed.connected_by,
    )
    with runs.finished_whatever_happens(run.pk):
        run = runs.preview(run.pk)
    if run.status == ImportStatus.PREVIEWED and run.rows_read > settings.FEED_MAX_ROLES:
        run.status = ImportStatus.FAILED
        run.error = (
            f"The feed holds {run.rows_read:,} roles; a feed may hold at most "
            f"{settings.FEED_MAX_ROLES:,}."
        )
        ImportRun.objects.filter(pk=run.pk).update(status=run.status, error=run.error)
    return run


def _preview(feed: JobFeed) -> None:
    try:
        fetched = _fetch(feed, conditional=False)
    except fetching.FetchError as error:
        _save(feed, status=FeedStatus.UNREADABLE, error=str(error), checked_at=timezone.now())
        return
    run = _run_of(feed, fetched.body)
    if run.status != ImportStatus.PREVIEWED:
        _save(feed, status=FeedStatus.UNREADABLE, error=run.error, checked_at=timezone.now())
        run.delete()
        return
    _save(
        feed,
        status=FeedStatus.IN_REVIEW,
        preview=run,
        error="",
        checked_at=timezone.now(),
        outcome=f"Read for the preview: {_counts(run, preview=True)}.",
    )


def _import(feed: JobFeed) -> None:
    try:
        fetched = _fetch(feed, conditional=True)
    except fetching.FetchError as error:
        _failed(feed, str(error))
        return
    if fetched.not_modified:
        _worked(feed, "Not changed since the last import (the server said so).")
        return
    digest = hashlib.sha256(fetched.body).hexdigest()
    if digest == feed.content_hash:
        _worked(feed, "Not changed since the last import.")
        return
    listed = _listed_ids(feed.format, fetched.body)
    # Roles closed on Ladder while on the board (by the team or an editor) stay closed: they
    # are left out of what is imported, though still on the board.
    kept_closed = set(
        Job.objects.filter(
            company=feed.company, status=JobStatus.CLOSED, source_id__in=feed.listed
        ).values_list("source_id", flat=True)
    ) & (listed or set())
    if listed is not None and not listed - kept_closed:
        # Nothing on the board to import (an empty board, say): what left it is closed.
        closed = _close_gone(feed, set(feed.listed) - listed)
        _worked(
            feed,
            f"Nothing on the board to import: {closed:,} closed as no longer on the board.",
            listed=sorted(listed),
            content_hash=digest,
            etag=fetched.etag,
            last_modified=fetched.last_modified,
        )
        return
    run = _run_of(feed, _without(feed.format, fetched.body, kept_closed))
    if run.status == ImportStatus.PREVIEWED:
        runs.confirm(run, Mode.VALID_ONLY)
        with runs.finished_whatever_happens(run.pk):
            run = runs.apply(run.pk)
    if run.status != ImportStatus.IMPORTED:
        error = run.error
        run.delete()
        _failed(feed, error)
        return
    on_the_board = kept_closed | set(
        ImportRow.objects.filter(run=run).exclude(source_id="").values_list("source_id", flat=True)
    )
    gone = set(feed.listed) - on_the_board
    closed = _close_gone(feed, gone)
    replaced = feed.last_run_id
    _worked(
        feed,
        f"Imported: {_counts(run, preview=False)}, {closed:,} closed as no longer on the board.",
        last_run=run,
        listed=sorted(on_the_board),
        content_hash=digest,
        etag=fetched.etag,
        last_modified=fetched.last_modified,
    )
    if replaced and replaced != feed.preview_id:
        ImportRun.objects.filter(pk=replaced).delete()


def _close_gone(feed: JobFeed, gone: set[str]) -> int:
    if not gone:
        return 0
    return Job.objects.filter(
        company=feed.company, source_id__in=gone, status=JobStatus.PUBLISHED
    ).close()


def _jobs_of(format: str, document):
    """Where a board's document keeps its jobs (None when it is not that shape)."""
    if format == Format.LEVER:
        return document if isinstance(document, list) else None
    jobs = document.get("jobs") if isinstance(document, dict) else None
    return jobs if isinstance(jobs, list) else None


def _listed_ids(format: str, body: bytes) -> set[str] | None:
    """The ids of the jobs a board lists; None when the body is not a board this format
    reads (the importer then says why)."""
    try:
        jobs = _jobs_of(format, json.loads(body))
    except (ValueError, RecursionError):
        return None
    if jobs is None:
        return None
    return {
        text_of(job.get("id")) for job in jobs if isinstance(job, dict) and ashby.is_listed(job)
    }


def _without(format: str, body: bytes, ids: set[str]) -> bytes:
    """The board's document without the jobs of `ids`."""
    if not ids:
        return body
    document = json.loads(body)
    jobs = _jobs_of(format, document)
    kept = [job for job in jobs if not (isinstance(job, dict) and text_of(job.get("id")) in ids)]
    if format == Format.LEVER:
        return json.dumps(kept).encode()
    document["jobs"] = kept
    return json.dumps(document).encode()


def _counts(run: ImportRun, *, preview: bool) -> str:
    if preview:
        return (
            f"{run.to_create:,} to add, {run.to_update:,} to update, {run.unchanged:,} "
            f"unchanged, {run.rejected:,} not importable"
        )
    return (
        f"{run.created:,} added, {run.updated:,} updated, {run.unchanged:,} unchanged, "
        f"{run.rejected:,} not importable"
    )


def _worked(feed: JobFeed, outcome: str, **fields) -> None:
    _save(
        feed,
        outcome=outcome,
        error="",
        failing_since=None,
        checked_at=timezone.now(),
        next_check_at=timezone.now() + timedelta(seconds=settings.FEED_CHECK_SECONDS),
        **fields,
    )


def _failed(feed: JobFeed, error: str) -> None:
    now = timezone.now()
    first = feed.failing_since is None
    since = feed.failing_since or now
    # Twice as long between reads for every interval it has been failing, up to a day.
    failing_for = (now - since).total_seconds()
    wait = max(settings.FEED_CHECK_SECONDS, failing_for)
    _save(
        feed,
        error=error,
        failing_since=since,
        checked_at=now,
        next_check_at=now + min(timedelta(seconds=wait), LONGEST_WAIT),
    )
    if first:
        _mail_team(feed, "employers/email/feed_failing")


def _save(feed: JobFeed, **fields) -> None:
    for name, value in fields.items():
        setattr(feed, name, value)
    # Only what this read decides: a team that reconnects meanwhile keeps its new address.
    JobFeed.objects.filter(pk=feed.pk, url=feed.url, connected_at=feed.connected_at).update(
        **fields
    )


def read_for_preview(feed: JobFeed) -> None:
    """Have the worker read a feed an editor added in admin, as `connect` does a team's."""
    _have_it_read(feed)


def _have_it_read(feed: JobFeed) -> None:
    transaction.on_commit(lambda: check.enqueue(feed.pk))


def _mail_team(feed: JobFeed, template: str) -> None:
    for member in Member.objects.filter(company=feed.company).select_related("user"):
        message = mail.render(template, member.email, {"feed": feed, "company": feed.company})
        mail.enqueue(message, user_id=member.user_id)
