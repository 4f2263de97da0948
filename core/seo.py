"""Structured data shared by every part of the site."""

from django.db.models import F
from django.db.models.expressions import CombinedExpression


def breadcrumb_json_ld(request, trail: list[tuple[str, str]]) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": request.build_absolute_uri(path),
            }
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }


# The sitemap protocol's limit of URLs in one file. A section with more is split into files by
# blocks of this many ids (website/sitemaps.py).
SITEMAP_URLS_PER_FILE = 50_000


def sitemap_block(size: int = SITEMAP_URLS_PER_FILE) -> CombinedExpression:
    """Which sitemap file of its section a row goes in, counting from 0: its block of ids.
    The same expression keys the index that serves it (jobs' `job_sitemap_idx`)."""
    return (F("id") - 1) / size
