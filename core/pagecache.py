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
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from core import metrics

# How long a worker trusts the versions it last read.
STATE_TTL = 0.5
# How long a page may stay in the cache at most, in case nothing else removes it.
PAGE_TTL = 60 * 60

# name -> (table, a function returning a QuerySet of rows whose `due` field is a moment in the
# future at which that table's public content changes without a write).
_due: dict[str, tuple[str, Callable]] = {}

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


def shows(*tables, until: datetime | None = None) -> None:
    """Say that the page being built shows these tables (models or table names) and changes by
    itself at `until` as far as they go (None: never by itself), instead of at the moments
    registered for them. Does nothing outside a page being cached."""
    reads = _reads.get()
    if reads is None:
        return
    for table in tables:
        name = table if isinstance(table, str) else table._meta.db_table
        reads.tables.add(name)
        if name in reads.until:
            earlier = reads.until[name]
            reads.until[name] = until if earlier is None else min(earlier, until or earlier)
        else:
            reads.until[name] = until


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
    return f"page:{encoding}:{request.path}" + (f"?{query}" if query else "")


def _own_origin(request) -> bool:
    """Whether the request reached the site by its own scheme and host (settings.SITE_URL)."""
    try:
        host = request.get_host()
    except DisallowedHost:
        return False
    site = urlsplit(settings.SITE_URL)
    return request.scheme == site.scheme and host == site.netloc


class _State:
    """The tables' versions and the next registered moment, as a worker last read them."""

    def __init__(self):
        self.versions: dict[str, int] | None = None
        # Per table, the next registered moment it changes by itself.
        self.dues: dict[str, datetime] = {}
        self.by_name: dict[str, datetime] = {}
        self.read_at = 0.0

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
        moment = timezone.now()
        tables = [table for table, _ in _due.values()]
        dues = [
            make().filter(due__gt=moment).order_by("due").values("due")[:1].query.sql_with_params()
            for _, make in _due.values()
        ]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT (SELECT coalesce(json_object_agg(t, n), '{}') FROM "
                '(SELECT "table" AS t, sum(weight) AS n FROM core_change GROUP BY "table") v)'
                + "".join(f", ({sql})" for sql, _ in dues),
                [param for _, params in dues for param in params],
            )
            versions, *moments = cursor.fetchone()
        self.versions = {table: int(n) for table, n in versions.items()}
        self.dues, self.by_name = {}, {}
        for name, table, due in zip(_due, tables, moments, strict=True):
            if due is not None:
                self.by_name[name] = due
                self.dues[table] = min(due, self.dues.get(table, due))
        self.read_at = now
        return self

    def stamp(self, reads: _Reads) -> tuple:
        """What a page that read `reads` was made from: the versions of the content tables it
        read (as read before it was made, so it holds at least those), and the moment it
        changes by itself."""
        assert self.versions is not None
        versions = {table: self.versions.get(table, 0) for table in reads.tables}
        moments = [
            reads.until[table] if table in reads.until else self.dues.get(table)
            for table in reads.tables
        ]
        until = min((m for m in moments if m is not None), default=None)
        return (versions, until.timestamp() if until is not None else None)

    def still(self, stamp: tuple) -> bool:
        """Whether a page stored with `stamp` may be served now."""
        versions, until = stamp
        if until is not None and time.time() >= until:
            return False
        current = self.versions or {}
        return all(current.get(table, 0) == version for table, version in versions.items())


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
