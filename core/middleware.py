"""Request middleware: a request id, one log line per request, slow queries, and a clear 503
while the database is unavailable."""

import logging
import re
import time
import uuid

from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers

from core import metrics
from core.logs import DATABASE_UNAVAILABLE

request_log = logging.getLogger("ladder.request")
query_log = logging.getLogger("ladder.slow_query")

# An id the proxy sends is kept, so its log and ours can be joined; anything else is replaced.
REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,99}")
RETRY_AFTER_SECONDS = 30
# Never echoed back on the 503 page.
SECRET_FIELDS = re.compile(r"password|token|secret|csrf", re.IGNORECASE)


def user_kind(request) -> str:
    """anonymous, reader or staff; never who. The user is looked up only when the request
    could belong to someone (it sent a session cookie) and the page did not already."""
    user = getattr(request, "user", None)
    if user is None:
        return "anonymous"
    evaluated = getattr(user, "_wrapped", None)
    if evaluated is None and settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return "anonymous"
    try:
        if not user.is_authenticated:
            return "anonymous"
        return "staff" if user.is_staff else "reader"
    except DATABASE_UNAVAILABLE:
        return "unknown"


class RequestLogMiddleware:
    """First in MIDDLEWARE: it sees every response, including those of the other middleware.

    Gives each request an id (``request.request_id``, the ``X-Request-ID`` response header, and
    on the error pages), times it and its database queries, logs queries slower than
    DJANGO_SLOW_QUERY_MS, and logs one JSON line when the response is ready: no address, no
    user name, no query string.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.slow_query_ms = settings.SLOW_QUERY_MS

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        started = time.perf_counter()
        timer = QueryTimer(request.request_id, self.slow_query_ms)
        with connection.execute_wrapper(timer):
            response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        fields = {
            "event": "request",
            "request_id": request.request_id,
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            "db_ms": round(timer.total_ms, 1),
            "db_queries": timer.count,
            "user": user_kind(request),
        }
        if error := getattr(response, "database_error", None):
            fields["error"] = error
        shed = getattr(request, "shed_after_seconds", None)
        if shed is not None:
            fields["shed_after_s"] = round(shed, 1)
        metrics.observe_request(
            request, response.status_code, time.perf_counter() - started, timer.total_ms / 1000
        )
        # A request shed under load is the server working as meant, not an error to report.
        level = (
            logging.ERROR
            if response.status_code >= 500 and shed is None
            else logging.WARNING
            if shed is not None
            else logging.INFO
        )
        request_log.log(
            level,
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={"fields": fields},
        )
        return response


class QueryTimer:
    """A database execute wrapper adding up query time and logging the slow ones. The SQL is
    logged without its parameters, which may hold what a reader typed."""

    def __init__(self, request_id: str, slow_ms: int):
        self.request_id = request_id
        self.slow_ms = slow_ms
        self.total_ms = 0.0
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            self.total_ms += elapsed
            self.count += 1
            if elapsed >= self.slow_ms:
                query_log.warning(
                    "slow query",
                    extra={
                        "fields": {
                            "event": "slow_query",
                            "request_id": self.request_id,
                            "duration_ms": round(elapsed, 1),
                            "sql": sql[:2000],
                        }
                    },
                )


class DatabaseUnavailableMiddleware:
    """A view that cannot reach the database answers 503 with the outage page, not 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_UNAVAILABLE):
            return database_unavailable(request, exception)
        return None


def database_unavailable(request, exception) -> HttpResponse:
    """The 503 page: rendered from a template that needs no database, with what was posted
    shown back so an editor's typing is not lost."""
    submitted = []
    if request.method == "POST":
        try:
            submitted = [
                (name, value)
                for name, values in request.POST.lists()
                if not SECRET_FIELDS.search(name)
                for value in values
                if value.strip()
            ]
        except Exception:  # an unreadable body must not turn the 503 into a 500
            submitted = []
    body = loader.get_template("503.html").render(
        {
            "request_id": getattr(request, "request_id", ""),
            "posted": request.method == "POST",
            "submitted": submitted,
        }
    )
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    response.database_error = type(exception).__name__  # type: ignore[attr-defined]  # read by the request log
    return response


class IsolationHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not send: which browser features pages may use
    (none of the powerful ones: settings.PERMISSIONS_POLICY) and that other origins may not
    embed the site's responses (Cross-Origin-Resource-Policy). Cross-Origin-Opener-Policy is
    SecurityMiddleware's (settings.SECURE_CROSS_ORIGIN_OPENER_POLICY)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY)
        return response


class LoadSheddingMiddleware:
    """Answer at once with 503 and Retry-After a request that waited in line longer than
    settings.LOAD_SHED_AFTER_SECONDS before a worker took it: its client has likely given up,
    and serving it would only make every request behind it wait longer. How long it waited
    is read from the proxy's X-Request-Start ("t=<seconds since the epoch>", nginx's $msec,
    docs/deploy.md); a request without it (no proxy in front) is never shed. The health
    checks are never shed, so that a load balancer sees a loaded server as loaded, not dead."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        waited = _waited(request.headers.get("X-Request-Start", ""))
        if (
            waited is not None
            and waited > settings.LOAD_SHED_AFTER_SECONDS
            and not request.path.startswith("/healthz")
        ):
            request.shed_after_seconds = waited
            response = HttpResponse(
                "Ladder is busy; please try again in a few seconds.\n",
                status=503,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = str(SHED_RETRY_AFTER_SECONDS)
            add_never_cache_headers(response)
            return response
        return self.get_response(request)


SHED_RETRY_AFTER_SECONDS = 5


def _waited(header: str) -> float | None:
    """Seconds since the moment X-Request-Start gives ("t=1733212345.123", or in
    milliseconds or microseconds as some proxies send), or None when it gives none."""
    value = header.strip().removeprefix("t=")
    try:
        started = float(value)
    except ValueError:
        return None
    # Seconds, milliseconds or microseconds since the epoch, whichever is plausible.
    for scale in (1, 1e3, 1e6):
        if 1e9 <= started / scale < 1e10:
            return time.time() - started / scale
    return None
