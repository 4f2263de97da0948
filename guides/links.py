"""Checks that a guide's links to the rest of the site lead somewhere real."""

from django.http import QueryDict

from companies.filters import CompanyFilter
from companies.models import Company, CultureTag
from core.markdown import INTERNAL_LINK, InternalLink, resolve_internal_link
from guides.models import Guide
from jobs.filters import JobFilter
from jobs.models import Job


def broken_link_reason(link: InternalLink, *, own_slug: str | None = None) -> str | None:
    """Why a link written with the site's link syntax would not work, or None if it does."""
    kind, target = link.kind, link.target
    try:
        resolve_internal_link(kind, target)
    except ValueError as error:
        return str(error)
    if kind == "guide":
        if target != own_slug and not Guide.objects.published().filter(slug=target).exists():
            return f"guide:{target} — no published guide has that slug"
    elif kind == "tag":
        if not CultureTag.objects.filter(slug=target).exists():
            return f"tag:{target} — no culture tag has that slug"
    elif kind == "company":
        if not Company.objects.listed().filter(slug=target).exists():
            return f"company:{target} — no listed company has that slug"
    elif kind == "job":
        if not Job.objects.visible().filter(slug=target).exists():
            return f"job:{target} — no open role has that slug"
    else:
        filterset_class = CompanyFilter if kind == "companies" else JobFilter
        notices = filterset_class(QueryDict(target.lstrip("?"))).notices
        if notices:
            return f"{kind}:{target} — {' '.join(notices)}"
    return None


def broken_links(links, *, own_slug=None) -> list[str]:
    return [
        reason
        for link in links
        if (reason := broken_link_reason(link, own_slug=own_slug)) is not None
    ]


def parse_link(value: str) -> InternalLink | None:
    """A single link field (such as a call to action) in the site's link syntax."""
    match = INTERNAL_LINK.match(value)
    return InternalLink(*match.groups(), text="") if match else None
