"""Whole-page caching for anonymous readers that is never stale.

A cached page is kept with what it was made from: the version of each content table it read
(core.changes: each table's version moves when a write to it commits, whatever the door) and
the moment, if any, at which what it shows changes by itself (a role expiring, a scheduled
guide going live). A hit is served only while every one of those versions is still current and
that moment has not come, so a page is invalidated by what it shows, not by any write or any
expiry anywhere: a new review does not touch the guides, a role saved does not touch the tags
index.

What a page read is found out, not declared: every query made while the page is built names
its tables, and the board's in-memory index (jobs.board) says when it is read. The moments
come from the sources apps registered per table with `register_due` (the next role to expire,
the next guide to go live); a part of a page that knows better says so with
`shows(table, until=moment)` (the board knows when the roles it holds next open or close; a
role's page, when its own role and the similar roles it lists do), which then stands for that
table instead. Each worker reads the tables' versions, and those moments, at most every
STATE_TTL seconds, so an editor's save, an import or a moderation decision reaches every worker
and every server within a second, and a role's expiry at the moment it is due.

Only requests without a session cookie are served from the cache, and only responses that
depend on nothing but the URL are stored: a 200 that sets no cookie and does not vary on the
cookie (a page that read the session, the CSRF token or messages says `Vary: Cookie`). Signed-in
editors and readers therefore always get a fresh page and never put one in the cache.

Each page has one key, so that what the cache holds is bounded by the site, not by whoever
sends requests: only the site's own origin (settings.SITE_URL: scheme and host) is cached, so
a foreign Host header or a forwarded scheme never makes a page others are served; and a URL
with a query string is stored only when the view said which parameters make the page
(`keyed_by`) and the request carries no other, under its parameters in one order. A page that
corrected its query (`uncanonical`: a value it ignored with a notice) is answered, not stored.

A page is stored as it is sent: compressed (as GZipMiddleware would) for a browser that accepts
gzip, under a key of its own, so that a hit costs no compression. Compressing a sitemap file of
50,000 URLs takes 20 ms.

Answers say `X-Page-Cache: hit`, `miss` (no copy yet) or `changed` (the copy was out of date:
what the page read has changed since) when the cache was asked. Every GET answer also gets
an ETag (taken before compression, made weak by it) and honours If-None-Match (304), with
Cache-Control telling a CDN or proxy how long it may keep it.
"""

import hashlib
import re
import time
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError, connection
from django.db.models import Model
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from core import changes, metrics

# How long a worker trusts the versions it last read.
STATE_TTL = 0.5
# The layout of what a page is stored with, in its key: during a deploy, servers of the old
# and new code share one cache without reading each other's pages.
STAMPS = 2
# How long a page may stay in the cache at most, in case nothing else removes it.
PAGE_TTL = 60 * 60
# How many changed rows and versions a worker remembers, and how long it may go without
# reading before it forgets them: well within the age at which the change log folds entries
# (core.changes.COMPACT_AFTER_SECONDS).
HISTORY = 200_000
FORGET_AFTER = 20 * 60

# name -> (table, a function returning a QuerySet of rows whose `due` field is a moment in the
# future at which that table's public content changes without a write).
_due: dict[str, tuple[str, Callable]] = {}
# parent table -> the models holding rows of its rows, each with its foreign key to it.
_own: dict[str, list[tuple[type[Model], str]]] = {}

# The tables a statement reads, as Django (quoted) and the site's own SQL (bare) name them.
_TABLES = re.compile(r'\b(?:FROM|JOIN)\s+"?([a-z_][a-z0-9_]*)"?', re.IGNORECASE)


def register_due(name: str, table: str, queryset_of_due: Callable) -> None:
    """Register a source of moments at which `table`'s content changes by itself, e.g. the
    board's `"jobs_job", lambda: Job.objects.filter(status="published").values(due=F(
    "expires_at"))`."""
    _due[name] = (table, queryset_of_due)


@dataclass
class _Reads:
    """What the page being built has read so far: tables, and those whose moment of change
    a part of the page gave itself (`shows`)."""

    tables: set[str] = field(default_factory=set)
    until: dict[str, datetime | None] = field(default_factory=dict)
    # The tables of which the page shows only some rows (`shows(..., rows=)`), and those.
    rows: dict[str, set[int]] = field(default_factory=dict)
    # Tables a part of the page shows whole, whatever rows another part says it shows.
    whole: set[str] = field(default_factory=set)
    # The query parameters the page is made from (`keyed_by`), and whether it said the
    # request's query is not the page's own (`uncanonical`).
    params: set[str] = field(default_factory=set)
    canonical: bool = True

    def __call__(self, execute, sql, params, many, context):
        self.tables.update(table.lower() for table in _TABLES.findall(sql))
        return execute(sql, params, many, context)


_reads: ContextVar[_Reads | None] = ContextVar("page_reads", default=None)


def recording() -> bool:
    """Whether a page being built is being watched for what it reads."""
    return _reads.get() is not None


def next_due(name: str) -> datetime | None:
    """The next moment of the source registered as `name`, as this worker last read it."""
    return _state.by_name.get(name)


def shows(
    *tables, until: datetime | None = None, rows: Iterable[int] | None = None, whole: bool = False
) -> None:
    """Say that the page being built shows these tables (models, table names or logged parts,
    core.changes.part) and changes by itself at `until` as far as they go (None: never by
    itself), instead of at the moments registered for them. With `rows`, it shows only those
    rows of them (ids; for a part of parents, the parents' ids), however it reads them: it
    changes when one of them is written, not at every write to the table. A page that says
    so for a table must say it of every row it shows of it, wherever on the page, and `rows=()`
    when another part stands for them (a company's roles by "jobs_job:company_id"). With
    `whole`, the page changes at any write to them, whatever rows other parts say they show:
    what a part shows depends on rows it cannot name (the roles a text matches).
    Does nothing outside a page being cached."""
    reads = _reads.get()
    if reads is None:
        return
    for table in tables:
        name = table if isinstance(table, str) else table._meta.db_table
        reads.tables.add(name)
        if whole:
            reads.whole.add(name)
        if rows is not None:
            reads.rows.setdefault(name, set()).update(int(row) for row in rows)
        if name in reads.until:
            earlier = reads.until[name]
            reads.until[name] = until if earlier is None else min(earlier, until or earlier)
        else:
            reads.until[name] = until


def next_moment(tables: Iterable[str], after: datetime) -> datetime | None:
    """The first moment after `after` at which one of `tables` changes by itself, from the
    sources registered for them (`register_due`); None if none ever does. A query per
    source."""
    moments = [
        make().filter(due__gt=after).order_by("due").values_list("due", flat=True).first()
        for table, make in _due.values()
        if table in tables
    ]
    return min((moment for moment in moments if moment is not None), default=None)


def read(*tables) -> None:
    """Say that the page being built read these tables (models or table names) whole, as a
    query of them would have: what it had kept in memory from them (core.kept)."""
    reads = _reads.get()
    if reads is None:
        return
    for table in tables:
        reads.tables.add(table if isinstance(table, str) else table._meta.db_table)


def register_own(parent, model, by: str) -> None:
    """Register `model`'s rows as belonging to the `parent` model's row that their foreign key
    `by` names (`model`'s change log must log `by` as a part: core.changes.change_log_triggers'
    `parents`), for pages that show a parent with its own rows (`shows_own`): a company's
    reviews, pay reports and roles."""
    _own.setdefault(parent._meta.db_table, []).append((model, by))


def shows_own(parent, ids: Iterable[int]) -> None:
    """Say that the page being built shows these rows of the `parent` model, and of each model
    registered as holding rows of it (`register_own`) only theirs (besides any rows it says it
    shows with `shows(model, rows=)`): a company's page changes when the company, one of its
    reviews or one of its roles is written, not when another company's are."""
    ids = list(ids)
    shows(parent, rows=ids)
    for model, by in _own.get(parent._meta.db_table, []):
        shows(model, rows=())
        shows(changes.part(model._meta.db_table, by), rows=ids)


def keyed_by(*names: str) -> None:
    """Say that the page being built is made from its path and these query parameters alone:
    a request whose query holds only these is stored, under one key whatever their order.
    Without it, a request with a query string is answered but never stored."""
    reads = _reads.get()
    if reads is not None:
        reads.params.update(names)


def uncanonical() -> None:
    """Say that the page being built answers a query it corrected (a value ignored with a
    notice): it is not stored, whatever `keyed_by` said."""
    reads = _reads.get()
    if reads is not None:
        reads.canonical = False


def _key(request, encoding: str) -> str:
    """One key per page: the query's parameters ordered by name (each name's values keep
    their order, which a page may show)."""
    pairs = sorted(
        parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True),
        key=lambda pair: pair[0],
    )
    query = urlencode(pairs)
    return f"page:{STAMPS}:{encoding}:{request.path}" + (f"?{query}" if query else "")


def _own_origin(request) -> bool:
    """Whether the request reached the site by its own scheme and host (settings.SITE_URL)."""
    try:
        host = request.get_host()
    except DisallowedHost:
        return False
    site = urlsplit(settings.SITE_URL)
    return request.scheme == site.scheme and host == site.netloc


class _State:
    """The tables' versions and the next registered moment, as a worker last read them, and
    since when it has known them: for each version of a table, the first read that saw it,
    and for each row, the last read that found it changed (core.Change's ids). A page made
    while a table had version V shows rows that are still as they were if no read after the
    first one that saw V found one of them changed: versions only grow as writes commit, so
    two reads that saw the same version saw the same writes, whichever worker or server made
    the page. Checking a page costs a look-up per row it shows, however many writes came."""

    def __init__(self):
        self.versions: dict[str, int] | None = None
        # Per table, the next registered moment it changes by itself.
        self.dues: dict[str, datetime] = {}
        self.by_name: dict[str, datetime] = {}
        self.read_at = 0.0
        self._forget()

    def _forget(self) -> None:
        """Start knowing afresh: pages made before are taken as changed once a table they
        show changes."""
        # The PostgreSQL snapshot of the last read; this transaction's id when it had written
        # (tests read inside their transaction), and the newest entry it had written.
        self.snapshot: str | None = None
        self.writer: int | None = None
        self.own_latest = 0
        self.reads = 0
        # table -> version -> the first read that saw it.
        self.first_seen: dict[str, dict[int, int]] = {}
        # table -> id -> the last read that found it changed; table -> the last read that
        # found the table changed in rows it could not tell.
        self.changed: dict[str, dict[int, int]] = {}
        self.changed_any: dict[str, int] = {}
        self.remembered = 0

    @property
    def due(self) -> datetime | None:
        return min(self.dues.values(), default=None)

    def current(self) -> "_State":
        now = time.monotonic()
        if (
            self.versions is not None
            and now - self.read_at < STATE_TTL
            and (self.due is None or timezone.now() < self.due)
        ):
            return self
        if self.snapshot is not None and now - self.read_at > FORGET_AFTER:
            self._forget()
        moment = timezone.now()
        tables = [table for table, _ in _due.values()]
        dues = [
            make().filter(due__gt=moment).order_by("due").values("due")[:1].query.sql_with_params()
            for _, make in _due.values()
        ]
        with connection.cursor() as cursor:
            cursor.execute(
                "WITH reader AS (SELECT pg_current_snapshot() AS now, "
                "pg_current_xact_id_if_assigned()::text::bigint AS writer) "
                "SELECT (SELECT coalesce(json_object_agg(t, n), '{}') FROM "
                '(SELECT "table" AS t, sum(weight) AS n FROM core_change GROUP BY "table") v), '
                "reader.now::text, reader.writer, "
                "(SELECT coalesce(max(id), 0) FROM core_change WHERE xid = reader.writer), "
                '(SELECT coalesce(json_agg(json_build_array("table", ids, folded, xid)), '
                "'[]') FROM core_change WHERE %s::pg_snapshot IS NOT NULL AND ("
                "(xid >= pg_snapshot_xmin(%s::pg_snapshot)::text::bigint "
                "AND NOT pg_visible_in_snapshot(xid::text::xid8, %s::pg_snapshot) "
                "AND xid IS DISTINCT FROM reader.writer) "
                "OR (xid = reader.writer AND id > %s)))"
                + "".join(f", ({sql})" for sql, _ in dues)
                + " FROM reader",
                [
                    *[self.snapshot] * 3,
                    self.own_latest if self.writer is not None else 0,
                    *(param for _, params in dues for param in params),
                ],
            )
            versions, snapshot, writer, own_latest, entries, *moments = cursor.fetchone()
        self._follow({table: int(n) for table, n in versions.items()}, entries)
        self.snapshot, self.writer, self.own_latest = snapshot, writer, own_latest
        self.dues, self.by_name = {}, {}
        for name, table, due in zip(_due, tables, moments, strict=True):
            if due is not None:
                self.by_name[name] = due
                self.dues[table] = min(due, self.dues.get(table, due))
        self.read_at = now
        return self

    def _follow(self, versions: dict[str, int], entries: list) -> None:
        """Take in a read: its versions, and the change-log entries it found that the read
        before did not see."""
        before = self.versions or {}
        if any(versions.get(table, 0) < version for table, version in before.items()):
            # Only a rolled-back transaction of this worker's own takes writes back (tests).
            self._forget()
        if self.remembered > HISTORY:
            self._forget()
        self.reads += 1
        read = self.reads
        found: dict[str, set[int] | None] = {}
        if self.snapshot is not None:
            for table, ids, folded, xid in entries:
                if folded and changes.saw_all_folded(self.snapshot, ids, xid):
                    continue  # entries the last read saw, folded into one (core.changes.compact)
                if ids is None or folded:
                    found[table] = None
                elif (known := found.setdefault(table, set())) is not None:
                    known.update(ids)
        for table, ids in found.items():
            if ids is None:
                self.changed_any[table] = read
                continue
            changed = self.changed.setdefault(table, {})
            self.remembered += len(ids)
            for row in ids:
                changed[row] = read
        for table, version in versions.items():
            seen = self.first_seen.setdefault(table, {})
            if not seen and self.snapshot is not None and version > 0:
                seen[0] = 0  # a table first written since: at 0 until then
            if version not in seen:
                seen[version] = read
                self.remembered += 1
        self.versions = versions

    def stamp(self, reads: _Reads) -> tuple:
        """What a page that read `reads` was made from: the versions of the content tables it
        read (as read before it was made, so it holds at least those), those of the tables it
        shows some rows of with the rows, and the moment it changes by itself."""
        assert self.versions is not None
        by_rows = reads.rows.keys() - reads.whole
        versions = {
            table: self.versions.get(table, 0) for table in reads.tables if table not in by_rows
        }
        rows = {
            table: (self.versions.get(table, 0), frozenset(reads.rows[table])) for table in by_rows
        }
        moments = [
            reads.until[table] if table in reads.until else self.dues.get(table)
            for table in reads.tables
        ]
        until = min((m for m in moments if m is not None), default=None)
        return (versions, rows, until.timestamp() if until is not None else None)

    def still(self, stamp) -> bool:
        """Whether a page stored with `stamp` may be served now."""
        if not (isinstance(stamp, tuple) and len(stamp) == 3):
            return False  # stored by another version of this code
        versions, rows, until = stamp
        if until is not None and time.time() >= until:
            return False
        current = self.versions or {}
        if any(current.get(table, 0) != version for table, version in versions.items()):
            return False
        return all(
            current.get(table, 0) == version or self._unchanged(table, version, ids)
            for table, (version, ids) in rows.items()
        )

    def _unchanged(self, table: str, version: int, ids: frozenset[int]) -> bool:
        """Whether none of `ids` of `table` changed since it was at `version`, as far as this
        worker knows (not knowing is changed)."""
        since = self.first_seen.get(table, {}).get(version)
        if since is None or self.changed_any.get(table, 0) > since:
            return False
        changed = self.changed.get(table, {})
        return all(changed.get(row, 0) <= since for row in ids)


_state = _State()


def cache_control_for(path: str) -> str:
    """What a CDN or proxy in front may do with an anonymous page."""
    for prefix, seconds in settings.PAGE_CACHE_SECONDS:
        if path.startswith(prefix) or (prefix.endswith("$") and path == prefix[:-1]):
            return f"public, max-age=0, s-maxage={seconds}, stale-while-revalidate={seconds * 5}"
    return "public, max-age=0, s-maxage=60, stale-while-revalidate=300"


def _storable(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.cookies
        and not response.streaming
        and "Cookie" not in response.get("Vary", "")
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def _etag(content: bytes) -> str:
    return '"' + hashlib.blake2b(content, digest_size=16).hexdigest() + '"'


def _not_modified(request, etag: str) -> bool:
    """If-None-Match's weak comparison: W/"x" and "x" match."""
    wanted = request.META.get("HTTP_IF_NONE_MATCH", "")
    return wanted == "*" or etag.removeprefix("W/") in [
        tag.strip().removeprefix("W/") for tag in wanted.split(",")
    ]


# Compresses a response exactly as the site's GZipMiddleware does.
_gzip = GZipMiddleware(lambda request: HttpResponse())


class PageCacheMiddleware:
    """Serve anonymous GET and HEAD requests from the cache, store what may be shared, and
    answer conditional requests (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path.startswith(
            settings.PAGE_CACHE_EXCLUDE
        ):
            return self.get_response(request)
        anonymous = settings.SESSION_COOKIE_NAME not in request.COOKIES
        key = state = None
        outdated = False
        if anonymous and settings.PAGE_CACHE_ENABLED and _own_origin(request):
            try:
                state = _state.current()
            except DatabaseError:
                state = None
            if state is not None:
                encoding = (
                    "gzip"
                    if re_accepts_gzip.search(request.headers.get("Accept-Encoding", ""))
                    else "identity"
                )
                key = _key(request, encoding)
                cached = caches[settings.PAGE_CACHE].get(key)
                if cached is not None and state.still(cached[2]):
                    response = self._rebuild(cached)
                    response["X-Page-Cache"] = "hit"
                    metrics.PAGE_CACHE.labels("hit").inc()
                    return self._answer(request, response)
                outdated = cached is not None
        reads = token = None
        if key is not None and request.method == "GET":
            reads = _Reads()
            token = _reads.set(reads)
        try:
            if reads is not None:
                with connection.execute_wrapper(reads):
                    response = self.get_response(request)
            else:
                response = self.get_response(request)
        finally:
            if token is not None:
                _reads.reset(token)
        if response.status_code != 200 or response.streaming:
            return response
        if not response.has_header("ETag"):
            response["ETag"] = _etag(response.content)
        if anonymous and _storable(request, response):
            response["Cache-Control"] = cache_control_for(request.path)
            if (
                key is not None
                and state is not None
                and reads is not None
                and reads.canonical
                and set(request.GET) <= reads.params
            ):
                response = _gzip.process_response(request, response)  # type: ignore[assignment]  # an HttpResponse in, one out
                caches[settings.PAGE_CACHE].set(
                    key, self._freeze(response, state.stamp(reads)), PAGE_TTL
                )
                response["X-Page-Cache"] = "changed" if outdated else "miss"
                metrics.PAGE_CACHE.labels(response["X-Page-Cache"]).inc()
        else:
            # A page that must not be kept anywhere (never_cache: no-store) stays so.
            if "no-store" not in response.get("Cache-Control", ""):
                response["Cache-Control"] = "private, no-cache"
            patch_vary_headers(response, ["Cookie"])
        return self._answer(request, response)

    @staticmethod
    def _freeze(response, stamp: tuple) -> tuple:
        return (response.content, list(response.items()), stamp)

    @staticmethod
    def _rebuild(frozen) -> HttpResponse:
        content, headers, _ = frozen
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        return response

    @staticmethod
    def _answer(request, response):
        etag = response.get("ETag")
        if etag and _not_modified(request, etag):
            not_modified = HttpResponseNotModified()
            for name in ("ETag", "Cache-Control", "Vary", "Last-Modified", "X-Page-Cache"):
                if response.has_header(name):
                    not_modified[name] = response[name]
            return not_modified
        if request.method == "HEAD" and not response.streaming:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response
