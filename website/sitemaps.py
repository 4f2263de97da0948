"""The sitemap: every public page worth indexing, each section from its app's visibility rule.

An index (/sitemap.xml) lists one file per section, and a section too large for one file (the
protocol allows 50,000 URLs) in numbered files: /sitemap-jobs.xml, /sitemap-jobs.xml?p=2, …
File N of a section holds the items whose ids fall in the Nth block of URLS_PER_FILE ids, read
as a range of the primary key (never OFFSET), so no file can outgrow the limit, each costs the
same whatever the page number, and an item stays in the same file for life: a new role or an
expired one changes one file, not the boundaries of all the others. Blocks left without items
(old roles all expired) are left out of the index.

Each file is one query for (slug, last modified) rows and text joined from them: Django's
sitemap views build a model instance and reverse() a URL per item, and paginate with OFFSET,
which took 4–8 s per file of 50,000 roles.
"""

from dataclasses import dataclass
from datetime import datetime
from html import escape

from django.db.models import F, IntegerField, Max
from django.db.models.functions import Cast, Floor
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from django.views.decorators.http import require_safe

from companies.models import Company, CultureTag
from guides.models import Guide
from jobs.models import Job

URLS_PER_FILE = 50_000
XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"


@dataclass(frozen=True)
class Section:
    """Items of one model with public pages at `url_name` (by slug), dated by `lastmod`."""

    url_name: str
    items: callable
    lastmod: str = "updated_at"

    def rows(self, block: int):
        """(slug, last modified) of the items in one block of ids, in id order."""
        low = (block - 1) * URLS_PER_FILE
        return (
            self.items()
            .filter(pk__gt=low, pk__lte=low + URLS_PER_FILE)
            .order_by("pk")
            .values_list("slug", self.lastmod)
        )

    def blocks(self) -> list[tuple[int, datetime]]:
        """The blocks of ids that hold items, each with its latest change: one grouped
        query."""
        block = Cast(Floor((F("pk") - 1) / URLS_PER_FILE), IntegerField()) + 1
        return list(
            self.items()
            .order_by()
            .annotate(block=block)
            .values("block")
            .annotate(latest=Max(self.lastmod))
            .order_by("block")
            .values_list("block", "latest")
        )


SECTIONS = {
    "guides": Section(
        "guides:detail", lambda: Guide.objects.published(), lastmod="content_updated_at"
    ),
    "companies": Section("companies:detail", lambda: Company.objects.listed()),
    "tags": Section("companies:tag", lambda: CultureTag.objects.all()),
    "jobs": Section("jobs:detail", lambda: Job.objects.visible()),
}
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
    for name, section in SECTIONS.items():
        location = escape(request.build_absolute_uri(reverse("sitemap_section", args=[name])))
        for block, latest in section.blocks():
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
    return _xml(
        "urlset",
        [
            f"<url><loc>{before}{escape(slug if slug.isascii() else iri_to_uri(slug))}{after}</loc>"
            f"<lastmod>{lastmod:%Y-%m-%d}</lastmod></url>\n"
            for slug, lastmod in found.rows(block)
        ],
    )
