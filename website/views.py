import sys

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, QueryDict
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from django.views.static import serve
from prometheus_client import CONTENT_TYPE_LATEST

from companies.filters import CompanyFilter
from companies.models import Company
from core import metrics, social, workers
from core.admin import staff_permission_required
from core.logs import DATABASE_UNAVAILABLE
from core.markdown import render_markdown
from core.middleware import database_unavailable
from guides.models import Guide
from jobs.filters import JobFilter

MAX_PREVIEW = 200_000

# The guide the home page sends readers to first.
FEATURED_GUIDE = "how-to-become-a-tech-lead"


@require_safe
def home(request):
    newest = JobFilter(QueryDict())
    return render(
        request,
        "home.html",
        {
            "featured": Guide.objects.for_list().filter(slug=FEATURED_GUIDE).first(),
            "guides": Guide.objects.for_list().order_by("-content_updated_at")[:3],
            # The directory's first companies whose ladder names tech lead, in its order.
            "companies": CompanyFilter(
                QueryDict("ladder=on"), queryset=Company.objects.listed()
            ).results()[:4],
            "jobs": newest.first(5),
            "role_count": newest.count(),
            "json_ld": site_json_ld(request),
        },
    )


def site_json_ld(request) -> list[dict]:
    """WebSite with its search action, and the Organization behind the site."""
    home = request.build_absolute_uri("/")
    return [
        {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": "Ladder",
            "url": home,
            "potentialAction": {
                "@type": "SearchAction",
                "target": {
                    "@type": "EntryPoint",
                    "urlTemplate": request.build_absolute_uri(reverse("search"))
                    + "?q={search_term_string}",
                },
                "query-input": "required name=search_term_string",
            },
        },
        {
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": "Ladder",
            "url": home,
            "logo": request.build_absolute_uri(static("img/favicon.svg")),
        },
    ]


@never_cache
@require_safe
def healthz(request):
    """Readiness, for a load balancer: whether this process can serve pages, which needs the
    database (and the shared cache when CACHE_URL sets one). The first line says ok or what
    is unavailable; the others, for whoever reads it, the background workers and their queue
    (which do not decide whether pages can be served: /healthz/worker does)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return _health(["database unavailable"], 503)
    lines = ["ok"]
    if settings.CACHES[settings.PAGE_CACHE]["BACKEND"].endswith("RedisCache"):
        try:
            caches[settings.PAGE_CACHE].get("healthz")
            lines.append("cache ok")
        except Exception:  # whatever the client raises, the answer is the same
            lines = ["cache unavailable"]
    try:
        lines += _worker_lines(workers.state())
    except DatabaseError:  # a database not migrated yet has no queue to read
        lines.append("workers unknown: the task queue cannot be read")
    return _health(lines, 200 if lines[0] == "ok" else 503)


@never_cache
@require_safe
def metrics_view(request):
    """Prometheus metrics (core/metrics.py), for a scraper on this machine: a request that came
    through the proxy (it sets X-Forwarded-For) or from elsewhere is told there is nothing
    here, and nginx does not pass /metrics on at all (docs/deploy.md)."""
    if "HTTP_X_FORWARDED_FOR" in request.META or request.META.get("REMOTE_ADDR") not in (
        "127.0.0.1",
        "::1",
    ):
        raise Http404("No such page.")
    return HttpResponse(metrics.exposition(), content_type=CONTENT_TYPE_LATEST)


@never_cache
@require_safe
def healthz_live(request):
    """Liveness: the process answers. Needs nothing else, so that a database outage does not
    get every web process restarted."""
    return _health(["ok"], 200)


@never_cache
@require_safe
def healthz_worker(request):
    """For monitoring: 503 when no worker is alive, or when a task due to run has waited
    longer than WORKER_QUEUE_STALE_SECONDS (the workers are alive but not keeping up)."""
    try:
        work = workers.state()
    except DatabaseError:
        return _health(["database unavailable"], 503)
    problem = (
        "no worker alive"
        if not work.workers
        else "queue stale"
        if work.oldest_due_seconds > settings.WORKER_QUEUE_STALE_SECONDS
        else "ok"
    )
    return _health([problem, *_worker_lines(work)], 200 if problem == "ok" else 503)


def _worker_lines(work: workers.State) -> list[str]:
    return [
        f"workers {work.workers}",
        f"tasks due {work.due}, oldest waiting {work.oldest_due_seconds:.0f} s",
    ]


def _health(lines: list[str], status: int) -> HttpResponse:
    return HttpResponse(
        "".join(f"{line}\n" for line in lines), status=status, content_type="text/plain"
    )


@require_safe
def media(request, path):
    """Uploaded files (company logos), where nothing in front serves them: `make run`. In
    production nginx answers /media/ itself (docs/deploy.md). Their names are hashes of their
    content, so they may be cached for a year."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico on pages that link no icon, such as the admin's."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@require_safe
def social_card(request, kind, key):
    """A page's social card (core/social.py), drawn the first time it is asked for. Its URL's
    version changes with its text, so it may be kept long."""
    png = social.card_png(kind, key)
    if png is None:
        raise Http404("No such page.")
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_safe
def robots_txt(request):
    return render(request, "robots.txt", {}, content_type="text/plain")


# Whoever may edit a Markdown field may preview it.
@staff_permission_required(
    "guides.change_guide", "guides.add_guide", "jobs.change_job", "jobs.add_job"
)
@require_POST
def markdown_preview(request):
    """The sanitised HTML an editor's Markdown will render to, for the admin's preview; with
    ?charts=on (fields that draw chart blocks), the charts, and above them what is wrong with
    any block that cannot be drawn."""
    source = request.POST.get("source", "")[:MAX_PREVIEW]
    rendered = render_markdown(source, charts=request.GET.get("charts") == "on")
    problems = ""
    if rendered.problems:
        problems = format_html(
            '<div class="markdown-preview__problems" role="alert"><p>{}</p><ul>{}</ul></div>',
            "Not drawn, and not saved until fixed:",
            format_html_join("", "<li>{}</li>", ((problem,) for problem in rendered.problems)),
        )
    return HttpResponse(problems + rendered.html, content_type="text/html; charset=utf-8")


def page_not_found(request, exception):
    return render(request, "404.html", {}, status=404)


def server_error(request):
    # Rendered without a request context: nothing here may touch the database, which may be
    # the very thing that failed. When it is, outside any view (saving the session, say), the
    # answer is the same 503 a view's failure gets from DatabaseUnavailableMiddleware.
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_UNAVAILABLE):
        return database_unavailable(request, error)
    context = {"request_id": getattr(request, "request_id", "")}
    return HttpResponse(loader.get_template("500.html").render(context), status=500)
