"""Roles in pages: the rows of the board and of the roles ranked for a reader, a role's
salary, and blocks of open roles for pages outside the job board (the directory's company and
tag pages), so the directory shows roles without depending on the job board's code. Each block
is the board's own first page for that company or tag (jobs.board), as its "all" link shows.

Rows are written here rather than as a template include: a page of 25 took about 20 ms in the
template engine against about 2 ms here (docs/performance.md, "Rows rendered in Python")."""

from collections.abc import Callable
from html import escape
from urllib.parse import quote, urlencode

from django import template
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import SafeString, mark_safe

from companies.templatetags.company_parts import company_logo, company_rating, tag_links
from core.templatetags import fit, machine_datetime
from jobs.filters import JobFilter
from jobs.models import Level, Track

register = template.Library()


@register.simple_tag
def salary(job) -> SafeString:
    """What a role pays as posted ("EUR 70,000–90,000 per year"), or that it does not say."""
    if not job.has_salary:
        return mark_safe('<span class="muted">Salary not listed</span>')
    amount = "–".join(f"{n:,}" for n in (job.salary_min, job.salary_max) if n is not None)
    return mark_safe(
        f'<span class="salary">{escape(job.salary_currency)} {amount} '
        f"{escape(job.get_salary_period_display())}</span>"
    )


@register.simple_tag
def job_rows(rows) -> SafeString:
    """A list's roles as cards: `rows` holds (job, the company's culture tags) pairs, or on a
    list ranked for the reader (job, tags, (met, missed)) with what each fits of their wishes
    and what it misses, in words."""
    tag_urls: dict[str, str] = {}
    addresses = (_address("jobs:detail"), _address("companies:detail"))
    return mark_safe(
        "\n".join(_job_row(*row, tag_urls=tag_urls, addresses=addresses) for row in rows)
    )


def _address(name: str) -> Callable[[str], str]:
    """The URL of view `name` for a slug, reversed once for a whole list rather than once a
    row (a quarter of a row's time): the slug goes where a marker went, quoted as reverse()
    quotes it."""
    head, tail = reverse(name, args=[_MARKER]).split(_MARKER)
    return lambda slug: f"{head}{quote(slug, safe=_URL_SAFE)}{tail}"


_MARKER = "slug-goes-here"
_URL_SAFE = RFC3986_SUBDELIMS + "/~:@"  # what reverse() leaves unquoted
# Choice labels by value, read once: a model's get_FOO_display() rebuilds its dict each call.
_LEVELS = {value: str(label) for value, label in Level.choices}
_TRACKS = {value: str(label) for value, label in Track.choices}


def _job_row(job, tags, fits=((), ()), *, tag_urls, addresses) -> str:
    company = job.company
    published = job.published_at
    posted = dateformat.format(timezone.localtime(published), "j M Y") if published else ""
    role_url, company_url = addresses
    return (
        '<li class="card job-row">\n'
        f'  <div class="with-logo">\n    {company_logo(company, 48)}\n    <div>\n'
        f'      <h3 class="card__title"><a href="{escape(role_url(job.slug))}">'
        f"{escape(job.title)}</a></h3>\n"
        f'      <p class="job-row__company"><a href="{escape(company_url(company.slug))}">'
        f"{escape(company.name)}</a>\n        {company_rating(company)}</p>\n"
        "    </div>\n  </div>\n"
        '  <ul class="meta">\n'
        f"    <li>{escape(_LEVELS.get(job.level, job.level))}</li>\n"
        f"    <li>{escape(_TRACKS.get(job.track, job.track))}</li>\n"
        f"    <li>{escape(job.location_label)}</li>\n"
        f"    <li>{salary(job)}</li>\n"
        f'    <li>Posted <time datetime="{machine_datetime(published)}">{posted}</time></li>\n'
        f"  </ul>\n  {tag_links(tags, tag_urls)}{fit(*fits)}\n</li>"
    )


def _block(query: str, limit: int, roles: list, **context) -> dict:
    """A block of at most `limit` open roles (`roles`: the first `limit` + 1), and whether
    there are more to link to."""
    return {"roles": roles[:limit], "more": len(roles) > limit, "all_url_query": query, **context}


@register.simple_tag
def role_links(roles, show_company: bool) -> SafeString:
    """A block's roles, one item each: the title linked, its company where the block spans
    companies, then its level, where it is and what it pays."""
    role_url = _address("jobs:detail")
    return mark_safe(
        "\n".join(
            f'<li><a href="{escape(role_url(job.slug))}">{escape(job.title)}</a>'
            + (f' <span class="muted">· {escape(job.company.name)}</span>' if show_company else "")
            + f'<br><span class="muted">{escape(_LEVELS.get(job.level, job.level))} · '
            f"{escape(job.location_label)} · {salary(job)}</span></li>"
            for job in roles
        )
    )


@register.inclusion_tag("jobs/includes/open_roles.html")
def open_roles_at(company, limit: int = 10):
    return _block(
        urlencode({"company": company.slug}),
        limit,
        JobFilter.first_at(company.slug, limit + 1),
        heading=f"Open roles at {company.name}",
        show_company=False,
    )


@register.inclusion_tag("jobs/includes/open_roles.html")
def open_roles_tagged(tag, limit: int = 8):
    return _block(
        f"tag={tag.slug}",
        limit,
        JobFilter.first_tagged(tag.slug, limit + 1),
        heading=f"Open roles at {tag.name} companies",
        show_company=True,
    )
