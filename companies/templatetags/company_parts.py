"""A company's logo, its rating and culture-tag links: the small parts every list of companies
and roles repeats. Written here rather than as template includes because a list shows them on
every row, and the template engine takes about a millisecond a row for them (see
docs/performance.md, "Rows rendered in Python"); templates use them as tags, and the job board's
rows (jobs/templatetags/job_board.py) call them directly."""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from core.templatetags import stars

register = template.Library()


@register.simple_tag
def company_logo(company, size: int) -> SafeString:
    """The logo in a square of `size` pixels (40, 48, 64 or 96), or the company's initials on
    a colour of its own. The box is fixed by its class, so nothing moves while the image loads.
    Decorative: the company's name is always beside it."""
    size = int(size)
    if company.logo:
        small = escape(company.logo.small_url)
        return mark_safe(
            f'<img class="logo logo--{size}" src="{small}" srcset="{small} 64w, '
            f'{escape(company.logo.url)} 256w" sizes="{size}px" width="{size}" height="{size}" '
            'alt="">'
        )
    return mark_safe(
        f'<span class="logo logo--{size} logo--initials logo--hue-{company.placeholder_hue}" '
        f'aria-hidden="true">{escape(company.initials)}</span>'
    )


@register.simple_tag
def company_rating(company) -> SafeString:
    """The career-opportunities rating, or why there is none."""
    if not company.has_enough_reviews:
        return mark_safe('<span class="muted">Not enough reviews yet</span>')
    count = int(company.review_count)
    return mark_safe(
        f'<span class="rating" title="Career opportunities, from {count} reviews">'
        f"{escape(stars(company.rating_career))}</span>\n"
        f'<span class="muted">career growth · {count} review{"" if count == 1 else "s"}</span>'
    )


@register.simple_tag
def tag_links(tags, urls: dict | None = None) -> SafeString:
    """Culture tags as links to each tag's page (its meaning, then its companies and roles).
    A list of rows passes the same `urls` dict for every row, so each tag's URL is worked out
    once for the list."""
    if not tags:
        return mark_safe("")
    if urls is None:
        urls = {}
    for tag in tags:
        if tag.slug not in urls:
            urls[tag.slug] = tag.get_absolute_url()
    items = "".join(
        f'<li><a class="tag" href="{escape(urls[tag.slug])}">{escape(tag.name)}</a></li>'
        for tag in tags
    )
    return mark_safe(f'<ul class="tags">{items}</ul>')
