"""Blocks of open roles for pages outside the job board (the directory's company and tag
pages), so the directory shows roles without depending on the job board's code. Each is the
board's own first page for that company or tag (jobs.board), as its "all" link shows."""

from django import template
from django.http import QueryDict

from jobs.filters import JobFilter

register = template.Library()


def _block(query: str, limit: int, **context) -> dict:
    """A block of at most `limit` open roles, and whether there are more to link to."""
    roles = JobFilter(QueryDict(query)).first(limit + 1)
    return {"roles": roles[:limit], "more": len(roles) > limit, "all_url_query": query, **context}


@register.inclusion_tag("jobs/includes/open_roles.html")
def open_roles_at(company, limit: int = 10):
    return _block(
        f"company={company.slug}",
        limit,
        heading=f"Open roles at {company.name}",
        show_company=False,
    )


@register.inclusion_tag("jobs/includes/open_roles.html")
def open_roles_tagged(tag, limit: int = 8):
    return _block(
        f"tag={tag.slug}",
        limit,
        heading=f"Open roles at {tag.name} companies",
        show_company=True,
    )
