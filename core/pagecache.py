"""Whole-page caching for anonymous readers that is never stale.

A cached page is keyed by its URL and by the state of the content: core.ContentVersion, which
database triggers move on every write to a content table, and the next moment at which content
changes by itself (a role expiring, a scheduled guide going live) — each app registers what
falls due with `register_due`. Each worker reads that state at most every STATE_TTL seconds,
so an editor's save, an import or a moderation decision reaches every worker and every server
within a second, and a role's expiry at the moment it is due.

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

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError
from django.db.models import Subquery
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from core.models import ContentVersion

# How long a worker trusts the content state it last read.
STATE_TTL = 0.5
# How long a page may stay in the cache at most, in case nothing else removes it.
PAGE_TTL = 60 * 60

# name -> a function returning a QuerySet of rows whose `due` field is a moment in the
# future at which public content changes without a write.
_due: dict[str, Callable] = {}


def register_due(name: str, queryset_of_due: Callable) -> None:
    """Register a source of moments at which content changes by itself, e.g. the board's
    `lambda: Job.objects.filter(status="published").values(due=F("expires_at"))`."""
    _due[name] = queryset_of_due


class _State:
    def __init__(self):
        self.key = ""
        self.due = None
        self.read_at = 0.0

    def current(self) -> str:
        now = time.monotonic()
        if (
            self.key
            and now - self.read_at < STATE_TTL
            and (self.due is None or timezone.now() < self.due)
        ):
            return self.key
        moment = timezone.now()
        subqueries = {
            name: Subquery(make().filter(due__gt=moment).order_by("due").values("due")[:1])
            for name, make in _due.items()
        }
        row = (
            ContentVersion.objects.filter(pk=1)
            .values("version", "changed_at", **subqueries)
            .first()
        )
        if row is None:  # no content written yet (or the table emptied): cache nothing
            return ""
        moments = [row[name] for name in _due if row[name] is not None]
        self.due = min(moments) if moments else None
        # The time of the last change too, so that a table emptied and counted again from
        # zero never meets pages cached before.
        self.key = ":".join(
            [
                str(row["version"]),
                str(row["changed_at"].timestamp()),
                str(self.due.timestamp() if self.due else ""),
            ]
        )
        self.read_at = now
        return self.key


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
_gzip = GZipMiddleware(lambda request: None)


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
        key = None
        if anonymous and settings.PAGE_CACHE_ENABLED:
            try:
                state = _state.current()
            except DatabaseError:
                state = ""
            if state:
                encoding = (
                    "gzip"
                    if re_accepts_gzip.search(request.headers.get("Accept-Encoding", ""))
                    else "identity"
                )
                key = f"page:{state}:{encoding}:{request.get_full_path()}"
                cached = caches[settings.PAGE_CACHE].get(key)
                if cached is not None:
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
            if key is not None and request.method == "GET":
                response = _gzip.process_response(request, response)
                caches[settings.PAGE_CACHE].set(key, self._freeze(response), PAGE_TTL)
                response["X-Page-Cache"] = "miss"
        else:
            response["Cache-Control"] = "private, no-cache"
            patch_vary_headers(response, ["Cookie"])
        return self._answer(request, response)

    @staticmethod
    def _freeze(response) -> tuple:
        return (response.content, list(response.items()))

    @staticmethod
    def _rebuild(frozen) -> HttpResponse:
        content, headers = frozen
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
