"""The pages measured, chosen from the benchmark database, and what each costs in queries.

Each page type has one path for the cached measurement (the same URL requested again and again,
from a server with the page cache on) and paths for the uncached one, requested from a second
server with the page cache off, so that every request builds its page: distinct random URLs of
the type (random filter combinations, words, roles, companies, tags, page numbers:
scripts/benchmarking/urls.py), so that neither one lucky URL nor the database's own caches
flatter it, or the one path again where the type has one URL.
"""

import random
import time
from dataclasses import dataclass, field
from itertools import count

from django.db import connection

from scripts.benchmarking import urls

ADMIN_USERNAME = "benchmark-admin"
# Numbers the uncached requests of a run, so no two share a URL.
_serial = count()


@dataclass
class PageType:
    name: str
    path: str
    # Distinct paths of the same type; None: `path` again.
    variants: list[str] | None = None
    signed_in: bool = False
    queries: int | None = None
    query_ms: float | None = None
    slowest: list[tuple[float, str, tuple]] = field(default_factory=list)

    def uncached_paths(self, n: int, run: str) -> list[str]:
        if self.variants:
            return [self.variants[next(_serial) % len(self.variants)] for _ in range(n)]
        return [self.path] * n


def wants_for_you() -> None:
    """Give the signed-in pages' account what a reader looking for a tech-lead role at a
    startup would say matters, so that "For you" ranks the board for it."""
    from django.contrib.auth import get_user_model

    from alerts.models import Preferences

    user, _ = get_user_model().objects.get_or_create(username=ADMIN_USERNAME)
    Preferences.objects.update_or_create(
        user=user,
        defaults={
            "tags": {"wear-many-hats": 2, "product-impact": 1, "learning": 2},
            "levels": ["l5", "l6"],
            "tracks": ["tech-lead"],
            "workplaces": ["remote", "hybrid"],
            "min_salary": 150_000,
            "currency": "USD",
            "stages": ["series-a", "series-b"],
            "ladder": True,
        },
    )


def choose(requests: int) -> list[PageType]:
    """The page types, with URLs drawn from the database (run after django.setup())."""
    from companies.models import Company
    from guides.models import Guide
    from jobs.admin import JobAdmin
    from jobs.models import Job, JobStatus
    from jobs.views import PER_PAGE

    # Enough distinct roles and companies that no uncached request repeats one.
    many = max(requests * 2, 50)
    roles = list(Job.objects.visible().order_by("?").values_list("slug", flat=True)[:many])
    companies = list(Company.objects.listed().order_by("?").values_list("slug", flat=True)[:many])
    guide = Guide.objects.published().order_by("publish_at").first()
    # Real page numbers only (beyond the last, the board shows the last and the admin
    # redirects); a small board has fewer than `many`, and they repeat.
    visible = Job.objects.visible().count()
    jobs_pages = range(visible // PER_PAGE // 2 + 1, visible // PER_PAGE + 1)[:many] or [1]
    published = Job.objects.filter(status=JobStatus.PUBLISHED).not_expired().count()
    admin_pages = range(2, (published - 1) // JobAdmin.list_per_page + 2)[:many] or [1]
    admin = "/admin/jobs/job/?status__exact=published&expired=no"
    words = urls.Vocabulary.read()
    chance = random.Random(7)

    def mixed(name: str, make, *, n: int = many) -> PageType:
        """A page type of `n` distinct random URLs; the first is the one cached."""
        variants = urls.paths(make, chance, words, n)
        return PageType(name, variants[0], variants[1:] or None)

    account = ["/account/", "/saved/", "/saved/roles/", "/companies/contributions/"]
    for_you = [f"/saved/for-you/?page={p}" for p in range(1, many + 1)]
    wants_for_you()
    return [
        PageType("home", "/"),
        PageType("/jobs/", "/jobs/"),
        mixed("/jobs/ random filters", urls.board),
        mixed("/jobs/ text filter and random filters", urls.board_text),
        PageType("/jobs/ deep pages", f"/jobs/?page={jobs_pages[0]}",
                 [f"/jobs/?page={p}" for p in jobs_pages]),
        PageType("/companies/", "/companies/"),
        mixed("/companies/ random filters", urls.directory),
        PageType("role page", f"/jobs/{roles[0]}/", [f"/jobs/{slug}/" for slug in roles[1:]]),
        PageType("company page", f"/companies/{companies[0]}/",
                 [f"/companies/{slug}/" for slug in companies[1:]]),
        mixed("compare, 2 to 4 random companies", urls.compare),
        mixed("level mapping, 2 to 4 random companies", urls.level_mapping),
        mixed("pay for one level across companies and places", urls.level_pay),
        mixed("company reviews", urls.reviews),
        PageType("tags index", "/companies/tags/"),
        mixed("tag page", urls.tag_page, n=len(words.tags)),
        PageType("guide", guide.get_absolute_url(), words.guides),
        mixed("search, random words", urls.search),
        mixed("/jobs/feed/ random filters, a third one company's", urls.feed),
        PageType("/guides/feed/", "/guides/feed/"),
        PageType("account pages", account[0], account, signed_in=True),
        PageType("For you: every open role ranked, signed in", for_you[0], for_you,
                 signed_in=True),
        PageType("admin roles, status + expiry", admin,
                 [f"{admin}&p={p}" for p in admin_pages], signed_in=True),
    ]  # fmt: skip


def sitemap_pages(index_xml: bytes) -> list[PageType]:
    """The sitemap index and every sitemap file it lists."""
    import re
    from urllib.parse import urlsplit

    pages = [PageType("/sitemap.xml", "/sitemap.xml")]
    for url in re.findall(rb"<loc>([^<]+)</loc>", index_xml):
        parts = urlsplit(url.decode())
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        pages.append(PageType(path, path))
    return pages


def count_queries(pages: list[PageType], admin) -> None:
    """Request each page once in-process (Django's test client, production settings) and note
    its queries, their total time and the slowest three."""
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    signed_in = Client(HTTP_HOST="localhost")
    signed_in.force_login(admin)
    for page in pages:
        captured = []

        def capture(execute, sql, params, many, context, captured=captured):
            start = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                captured.append(((time.perf_counter() - start) * 1000, sql, params))

        with connection.execute_wrapper(capture):
            reply = (signed_in if page.signed_in else client).get(page.path)
        if reply.status_code != 200:
            raise SystemExit(f"{page.path} answered {reply.status_code}")
        # Sessions, sign-in bookkeeping: not the page's own work.
        own = [q for q in captured if "django_session" not in q[1] and "axes_" not in q[1]]
        page.queries = len(own)
        page.query_ms = sum(ms for ms, _, _ in own)
        page.slowest = sorted(own, key=lambda q: q[0], reverse=True)[:5]


def explain(sql: str, params) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())
