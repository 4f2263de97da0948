"""Blocks of open roles for pages outside the job board (the directory's company and tag
pages), so the directory shows roles without depending on the job board's code."""

from django import template

from companies.models import Company
from jobs.models import Job

register = template.Library()


def _block(roles, limit: int, **context) -> dict:
    """A block of at most `limit` open roles, and whether there are more to link to."""
    roles = list(roles.without_long_text()[: limit + 1])
    return {"roles": roles[:limit], "more": len(roles) > limit, **context}


@register.inclusion_tag("jobs/includes/open_roles.html")
def open_roles_at(company, limit: int = 10):
    return _block(
        Job.objects.for_list().filter(company=company),
        limit,
        all_url_query=f"company={company.slug}",
        heading=f"Open roles at {company.name}",
        show_company=False,
    )


@register.inclusion_tag("jobs/includes/open_roles.html")
def open_roles_tagged(tag, limit: int = 8):
    tagged = Company.objects.with_tags_all([tag.slug])
    return _block(
        Job.objects.for_list().filter(company__in=tagged),
        limit,
        all_url_query=f"tag={tag.slug}",
        heading=f"Open roles at {tag.name} companies",
        show_company=True,
    )
