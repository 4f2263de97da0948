"""The sitemap: every public page worth indexing, each section from its app's visibility rule.

An index (/sitemap.xml) lists one file per section, and a section too large for one file (the
protocol allows 50,000 URLs) in numbered files: /sitemap-jobs.xml, /sitemap-jobs.xml?p=2, …
File N of a section holds the items whose ids fall in the Nth block of URLS_PER_FILE ids
(core.seo.sitemap_block), never an OFFSET: no file can outgrow the limit, each costs the same
whatever its number, and an item stays in the same file for life, so a new or an expired role
changes one file, not the boundaries of all the others. Blocks without items (old roles all
expired) are left out of the index. For the open roles an index keyed by the block and the
date of the last change (jobs' `job_sitemap_idx`) serves a file by itself, and the sitemap
index's date of each file is its first entry: one query reads every file's date.

Each file is one query for (slug, day) rows and text joined from them: Django's sitemap views
build a model instance and reverse() a URL per item, and paginate with OFFSET, which took
4–8 s per file of 50,000 roles at 200,000.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from html import escape

from django.contrib.postgres.aggregates import BoolAnd
from django.db import connection
from django.db.models import CharField, F, Func, Q, StringAgg, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from django.views.decorators.http import require_safe

from companies.models import Company, CultureTag
from core import pagecache
from core.seo import SITEMAP_URLS_PER_FILE, sitemap_block
from guides.models import Guide
from jobs.models import Job

URLS_PER_FILE = SITEMAP_URLS_PER_FILE
XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"


@dataclass(frozen=True)
class Section:
    """Items of one model with public pages at `url_name` (by slug), dated by `lastmod`."""

    url_name: str
    items: Callable
    lastmod: str = "updated_at"

    def _in_blocks(self):
        return self.items().annotate(block=sitemap_block(URLS_PER_FILE))

    def rows(self, block: int):
        """(slug, day last modified) of the items of one block of ids (numbered from 1),
        the latest changed first."""
        return (
            self._in_blocks()
            .filter(block=block - 1)
            .order_by(F(self.lastmod).desc())
            .values_list("slug", Func(F(self.lastmod), Value("YYYY-MM-DD"), **TO_CHAR))
        )

    def text(self, block: int, before: str, after: str) -> str | None:
        """The <url> lines of one block, written by PostgreSQL in one string, each slug between
        `before` and `after`; None when a slug needs escaping (then `rows()` is the way)."""
        day = Func(F(self.lastmod), Value("YYYY-MM-DD"), **TO_CHAR)
        line = Concat(
            Value(f"<url><loc>{before}"),
            F("slug"),
            Value(f"{after}</loc><lastmod>"),
            day,
            Value("</lastmod></url>\n"),
            output_field=CharField(),
        )
        found = (
            self._in_blocks()
            .filter(block=block - 1)
            .aggregate(
                text=StringAgg(line, delimiter=Value(""), default=""),
                plain=BoolAnd(Q(slug__regex=r"^[-A-Za-z0-9_]+$")),
            )
        )
        return found["text"] if found["plain"] is not False else None

    def blocks_sql(self) -> tuple[str, list]:
        """SQL for the blocks of ids that hold items (numbered from 1), each with the moment
        its latest item changed, NULL for a block without items: each end of the ids by its
        own index probe (min() and max() over the visibility join scan it), then one probe
        per block from the first item's block to the last one's."""

        def sql(queryset):
            return queryset.query.get_compiler(using=queryset.db).as_sql()

        ids = self.items().values("pk")
        first, first_params = sql(ids.order_by("pk")[:1])
        last, last_params = sql(ids.order_by("-pk")[:1])
        latest, latest_params = sql(
            self._in_blocks()
            .filter(block=RawSQL("series.n", []))
            .order_by(F(self.lastmod).desc())
            .values(self.lastmod)[:1]
        )
        return (
            f"SELECT series.n + 1, ({latest}) FROM generate_series("
            f"(({first}) - 1) / {URLS_PER_FILE:d}, (({last}) - 1) / {URLS_PER_FILE:d}"
            ") AS series(n)",
            [*latest_params, *first_params, *last_params],
        )


def blocks() -> dict[str, list[tuple[int, datetime]]]:
    """Per section, its blocks that hold items with the moment each last changed, in order:
    one query for all of them."""
    parts = [(name, *section.blocks_sql()) for name, section in SECTIONS.items()]
    statement = " UNION ALL ".join(
        f"(SELECT %s, found.* FROM ({sql}) AS found)" for _, sql, _ in parts
    )
    found: dict[str, list[tuple[int, datetime]]] = {name: [] for name in SECTIONS}
    with connection.cursor() as cursor:
        cursor.execute(statement, [value for name, _, params in parts for value in (name, *params)])
        for name, block, latest in cursor.fetchall():
            if latest is not None:
                found[name].append((block, latest))
    return {name: sorted(rows) for name, rows in found.items()}


SECTIONS = {
    "guides": Section(
        "guides:detail", lambda: Guide.objects.published(), lastmod="content_updated_at"
    ),
    "companies": Section("companies:detail", lambda: Company.objects.listed()),
    "tags": Section("companies:tag", lambda: CultureTag.objects.all()),
    "jobs": Section("jobs:detail", lambda: Job.objects.visible()),
}
# PostgreSQL writes the day: parsing a timestamp per row costs more than the rest of a line.
TO_CHAR = {"function": "to_char", "output_field": CharField()}
# A slug that needs no escaping in a URL or in XML (nearly all of them).
PLAIN = re.compile(r"[-\w]+\Z", re.ASCII)
# The site's own pages, listed undated.
PAGES = ["home", "guides:list", "companies:list", "companies:tags", "jobs:list"]


def _xml(root: str, entries: list[str]) -> HttpResponse:
    body = f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} xmlns="{XMLNS}">\n'
    return HttpResponse(
        body + "".join(entries) + f"</{root}>\n", content_type="application/xml; charset=utf-8"
    )


@require_safe
def index(request):
    base = request.build_absolute_uri(reverse("sitemap_section", args=["pages"]))
    entries = [f"<sitemap><loc>{escape(base)}</loc></sitemap>\n"]
    for name, found in blocks().items():
        location = escape(request.build_absolute_uri(reverse("sitemap_section", args=[name])))
        for block, latest in found:
            page = f"{location}?p={block}" if block > 1 else location
            entries.append(
                f"<sitemap><loc>{page}</loc><lastmod>{latest.isoformat()}</lastmod></sitemap>\n"
            )
    return _xml("sitemapindex", entries)


@require_safe
def section(request, section):
    if section == "pages":
        return _xml(
            "urlset",
            [
                f"<url><loc>{escape(request.build_absolute_uri(reverse(name)))}</loc>"
                "<changefreq>daily</changefreq></url>\n"
                for name in PAGES
            ],
        )
    if section not in SECTIONS:
        raise Http404("No such sitemap.")
    pagecache.keyed_by("p")
    try:
        block = int(request.GET.get("p", "1"))
    except ValueError:
        raise Http404("No such sitemap page.") from None
    if not 1 <= block <= 2**31 // URLS_PER_FILE:
        raise Http404("No such sitemap page.")
    found = SECTIONS[section]
    # Every item's URL is this one with its slug in place of the placeholder.
    before, _, after = request.build_absolute_uri(
        reverse(found.url_name, args=["slug-placeholder"])
    ).partition("slug-placeholder")
    before, after = escape(before), escape(after)
    text = found.text(block, before, after)
    if text is not None:
        return _xml("urlset", [text])
    return _xml(
        "urlset",
        [
            f"<url><loc>{before}{slug if PLAIN.match(slug) else escape(iri_to_uri(slug))}"
            f"{after}</loc><lastmod>{day}</lastmod></url>\n"
            for slug, day in found.rows(block)
        ],
    )
