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


# URLs in one sitemap file at most: half the protocol's limit of 50,000, so that a file of
# roles (2.9 MB) is written and sent within 200 ms. A section with more is split into files by
# blocks of this many ids (website/sitemaps.py).
SITEMAP_URLS_PER_FILE = 25_000


def sitemap_block(size: int = SITEMAP_URLS_PER_FILE) -> CombinedExpression:
    """Which sitemap file of its section a row goes in, counting from 0: its block of ids.
    The same expression keys the index that serves it (jobs' `job_sitemap_idx`)."""
    return (F("id") - 1) / size
