"""Whole-page caching for anonymous readers that is never stale.

A cached page is kept with what it was made from: the version of each content table it shows
(core.changes: each table's version moves when a write to it commits, whatever the door) and
the moment, if any, at which what it shows changes by itself (a role expiring, a scheduled
guide going live). A hit is served only while every one of those versions is still current and
that moment has not come, so a page is invalidated by what it shows, not by any write or any
expiry anywhere.

A view (or a template tag that shows something) says what its page shows with
`shows(request, Model, …, until=moment)`; a page that says nothing is taken to show every
table and to change at the next moment any app registered with `register_due`. Each worker
reads the tables' versions, and those moments, at most every STATE_TTL seconds, so an editor's
save, an import or a moderation decision reaches every worker and every server within a
second, and a role's expiry at the moment it is due.

Only requests without a session cookie are served from the cache, and only responses that
depend on nothing but the URL are stored: a 200 that sets no cookie and does not vary on the
cookie (a page that read the session, the CSRF token or messages says `Vary: Cookie`). Signed-in
editors and readers therefore always get a fresh page and never put one in the cache.

A page is stored as it is sent: compressed (as GZipMiddleware would) for a browser that accepts
gzip, under a key of its own, so that a hit costs no compression. Compressing a sitemap file of
50,000 URLs takes 20 ms.

Answers say `X-Page-Cache: hit` or `miss` when the cache was asked. Every GET answer also gets
an ETag (taken before compression, made weak by it) and honours If-None-Match (304), with
Cache-Control telling a CDN or proxy how long it may keep it.
"""

import hashlib
import time
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils import timezone
from django.utils.cache import patch_vary_headers

# How long a worker trusts the versions it last read.
STATE_TTL = 0.5
# How long a page may stay in the cache at most, in case nothing else removes it.
PAGE_TTL = 60 * 60
# What a page that says nothing about what it shows depends on.
EVERYTHING = "*"

# name -> a function returning a QuerySet of rows whose `due` field is a moment in the
# future at which public content changes without a write.
_due: dict[str, Callable] = {}


def register_due(name: str, queryset_of_due: Callable) -> None:
    """Register a source of moments at which content changes by itself, e.g. the board's
    `lambda: Job.objects.filter(status="published").values(due=F("expires_at"))`."""
    _due[name] = queryset_of_due


def shows(request, *models, until: datetime | None = None) -> None:
    """Say that the page being made for `request` shows rows of these models' tables (or
    table names), and changes by itself at `until` if not before. Several calls add up."""
    tables = getattr(request, "page_shows", None)
    if tables is None:
        tables = request.page_shows = set()
    tables.update(model if isinstance(model, str) else model._meta.db_table for model in models)
    if until is not None:
        earlier = getattr(request, "page_until", None)
        request.page_until = until if earlier is None else min(earlier, until)


class _State:
    """The tables' versions and the next registered moment, as a worker last read them."""

    def __init__(self):
        self.versions: dict[str, int] | None = None
        self.due: datetime | None = None
        self.read_at = 0.0

    def current(self) -> "_State":
        now = time.monotonic()
        if (
            self.versions is not None
            and now - self.read_at < STATE_TTL
            and (self.due is None or timezone.now() < self.due)
        ):
            return self
        moment = timezone.now()
        dues = [
            make().filter(due__gt=moment).order_by("due").values("due")[:1].query.sql_with_params()
            for make in _due.values()
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
        moments = [m for m in moments if m is not None]
        self.due = min(moments) if moments else None
        self.read_at = now
        return self

    def of(self, tables) -> dict[str, int]:
        assert self.versions is not None
        if tables == EVERYTHING:
            return dict(self.versions)
        return {table: self.versions.get(table, 0) for table in tables}

    def still(self, stamp: tuple) -> bool:
        """Whether a page stored with `stamp` (the versions it was made at, whether those are
        every table's, and its moment) may be served now."""
        versions, everything, until = stamp
        if until is not None and time.time() >= until:
            return False
        current = self.versions or {}
        if everything:
            return versions == current
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
        if anonymous and settings.PAGE_CACHE_ENABLED:
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
                key = f"page:{encoding}:{request.get_full_path()}"
                cached = caches[settings.PAGE_CACHE].get(key)
                if cached is not None and state.still(cached[2]):
                    response = self._rebuild(cached)
                    response["X-Page-Cache"] = "hit"
                    return self._answer(request, response)
        response = self.get_response(request)
        if response.status_code != 200 or response.streaming:
            return response
        if not response.has_header("ETag"):
            response["ETag"] = _etag(response.content)
        if anonymous and _storable(request, response):
            response["Cache-Control"] = cache_control_for(request.path)
            if key is not None and state is not None and request.method == "GET":
                response = _gzip.process_response(request, response)  # type: ignore[assignment]  # an HttpResponse in, one out
                caches[settings.PAGE_CACHE].set(
                    key, self._freeze(response, self._stamp(request, state)), PAGE_TTL
                )
                response["X-Page-Cache"] = "miss"
        else:
            response["Cache-Control"] = "private, no-cache"
            patch_vary_headers(response, ["Cookie"])
        return self._answer(request, response)

    @staticmethod
    def _stamp(request, state: _State) -> tuple:
        """What the page was made from: the versions of what it shows (as read before it was
        made, so it holds at least those), and the moment it changes by itself."""
        tables = getattr(request, "page_shows", None)
        if tables is None:
            versions, everything, until = state.of(EVERYTHING), True, state.due
        else:
            versions, everything = state.of(tables), False
            until = getattr(request, "page_until", None)
        return (versions, everything, until.timestamp() if until is not None else None)

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
