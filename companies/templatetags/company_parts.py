"""A company's logo, its rating and culture-tag links: the small parts every list of companies
and roles repeats. Written here rather than as template includes because a list shows them on
every row, and the template engine takes about a millisecond a row for them (see
docs/performance.md, "Rows rendered in Python"); templates use them as tags, and the job board's
rows (jobs/templatetags/job_board.py) call them directly."""

from html import escape

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from core.templatetags import stars

register = template.Library()


@register.simple_tag
def company_logo(company, size: int) -> SafeString:
    """The logo in a square of `size` pixels (40, 48, 64 or 96), or the company's initials on
    a colour of its own. The box is fixed by its class, so nothing moves while the image loads.
    Decorative: the company's name is always beside it."""
    if company.logo:
        small = company.logo.small_url
        return format_html(
            '<img class="logo logo--{}" src="{}" srcset="{} 64w, {} 256w" sizes="{}px" '
            'width="{}" height="{}" alt="">',
            size,
            small,
            small,
            company.logo.url,
            size,
            size,
            size,
        )
    return format_html(
        '<span class="logo logo--{} logo--initials logo--hue-{}" aria-hidden="true">{}</span>',
        size,
        company.placeholder_hue,
        company.initials,
    )


@register.simple_tag
def company_rating(company) -> SafeString:
    """The career-opportunities rating, or why there is none."""
    if not company.has_enough_reviews:
        return mark_safe('<span class="muted">Not enough reviews yet</span>')
    count = company.review_count
    return format_html(
        '<span class="rating" title="Career opportunities, from {} reviews">{}</span>\n'
        '<span class="muted">career growth · {} review{}</span>',
        count,
        stars(company.rating_career),
        count,
        "" if count == 1 else "s",
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
