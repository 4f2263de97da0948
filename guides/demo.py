"""Load the guides in guides/content/ (Markdown with a small front-matter block)."""

import re
from datetime import datetime, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from companies.models import CultureTag
from guides.models import Author, Guide, GuideStatus

CONTENT = Path(__file__).resolve().parent / "content"
# Demo guides were first published on these days, in this order, and last revised a few days
# later, so the list has a believable history.
FIRST_PUBLISHED = datetime(2026, 6, 2, 9, 0, tzinfo=timezone.UTC)
FITS_TRACKS = {
    "how-to-become-a-tech-lead": ["tech-lead", "tech-lead-manager"],
    "ic-vs-manager-career-track": ["engineering-manager"],
    "staff-engineer-career-path": ["ic"],
}
LIVE_BLOCKS = {
    "how-to-become-a-tech-lead": ("ladder=on&hiring=on&sort=rating", "track=tech-lead"),
    "staff-engineer-career-path": ("ladder=on&blog=on&sort=rating", "level=l6"),
    "principal-engineer-career-path": ("stage=public&stage=series-c-plus&sort=rating", "level=l8"),
    "ic-vs-manager-career-track": ("rating=4.0&sort=rating", "track=engineering-manager"),
    "highest-paying-ai-companies": ("industry=ai&sort=pay", "tag=engineering-driven&sort=salary"),
    "senior-engineer-offer-negotiation": ("sort=pay", "level=l5&sort=salary"),
    "how-to-read-an-engineering-ladder": ("ladder=on&blog=on&sort=rating", ""),
}


def parse(text: str) -> tuple[dict[str, str], str]:
    """Split a content file into its front matter (key: value lines) and Markdown body."""
    _, front, body = text.split("---\n", 2)
    meta = {}
    for line in front.splitlines():
        key, _, value = line.partition(":")
        meta[key.strip()] = value.strip()
    return meta, body.strip() + "\n"


def _authors() -> dict[str, Author]:
    authors = {}
    for block in re.split(r"^## ", (CONTENT / "authors.md").read_text(), flags=re.M)[1:]:
        slug, _, rest = block.partition("\n")
        lines = rest.strip().splitlines()
        fields = dict(
            line.split(": ", 1) for line in lines if ": " in line and not line.startswith(" ")
        )
        bio = "\n".join(line for line in lines if ": " not in line).strip()
        authors[slug.strip()] = Author.objects.create(
            slug=slug.strip(), name=fields["name"], role=fields.get("role", ""), bio=bio
        )
    return authors


def _split(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


@transaction.atomic
def load_guides() -> int:
    """Create the authors and guides; returns how many guides. Call on an empty guide table."""
    authors = _authors()
    tags = {tag.slug: tag for tag in CultureTag.objects.all()}
    created: dict[str, tuple[Guide, dict]] = {}
    for position, path in enumerate(sorted(CONTENT.glob("*.md"))):
        if path.name == "authors.md":
            continue
        meta, body = parse(path.read_text())
        published = FIRST_PUBLISHED + timedelta(days=9 * position)
        directory_query, jobs_query = LIVE_BLOCKS.get(meta["slug"], ("", ""))
        guide = Guide(
            title=meta["title"],
            slug=meta["slug"],
            section=meta["section"],
            summary=meta["summary"],
            body=body,
            author=authors[meta["author"]],
            status=GuideStatus.PUBLISHED,
            publish_at=published,
            content_updated_at=published + timedelta(days=20 + position),
            fits_tracks=FITS_TRACKS.get(meta["slug"], []),
            cta_title=meta.get("cta_title", ""),
            cta_text=meta.get("cta_text", ""),
            cta_jobs=meta.get("cta_jobs", ""),
            cta_companies=meta.get("cta_companies", ""),
            directory_query=directory_query,
            jobs_query=jobs_query,
        )
        guide.save()
        guide.tags.set([tags[slug] for slug in _split(meta.get("tags", "")) if slug in tags])
        created[guide.slug] = (guide, meta)
    for guide, meta in created.values():
        guide.related.set([created[slug][0] for slug in _split(meta.get("related", ""))])
    return len(created)
