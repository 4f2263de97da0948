"""Template filters available in every template (registered as builtins in settings)."""

import json
from html import escape

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.safestring import mark_safe

from core.filtering import LONG_FACET

register = template.Library()

# The characters that could end a <script> element or start markup inside it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data) -> str:
    """A JSON-LD block. Data blocks are not executed, so the CSP does not need to allow them."""
    encoded = json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{encoded}</script>')


@register.simple_tag
def social_card(kind: str, key: str, label: str, title: str, subtitle: str) -> str:
    """The URL path of the page's own social card (core/social.py); nothing is drawn here."""
    from core import social

    return social.card_url(kind, key, label, title, subtitle)


@register.filter
def with_article(phrase: str) -> str:
    """ "an engineering manager", "a tech lead": the indefinite article the phrase takes (by
    its first letter, which is right for the site's own labels)."""
    return f"{'an' if phrase[:1].lower() in 'aeiou' else 'a'} {phrase}"


@register.filter
def sentence_title(title: str) -> str:
    """A page title in the site's sentence case on one line: django-allauth's "\n  Sign In\n"
    becomes "Sign in", and its noun "Signup" the site's "Sign up"."""
    words = title.replace("Signup", "Sign up").split()
    return " ".join(words[:1] + [word.lower() for word in words[1:]])


@register.filter
def stars(value) -> str:
    """A rating as text, one decimal place, e.g. 4.2."""
    return "" if value is None else f"{value:.1f}"


@register.filter
def machine_datetime(value) -> str:
    """A datetime as a `<time datetime>` value: ISO 8601 to the second, in the site's time
    zone. HTML allows at most three decimals of a second; stored times carry six."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0).isoformat()


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    return context["request"].build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def signed_in(context) -> bool:
    """Whether a reader is signed in, without touching the session of a request that has no
    session cookie: reading it marks the page `Vary: Cookie`, and the page cache
    (core/pagecache.py) would then keep no page for anonymous readers."""
    request = context.get("request")
    if request is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    return request.user.is_authenticated


# A long filter group (more than LONG_FACET options) shows this many first, and folds the rest.
FACET_SHOWN = 8


@register.filter
def facet_options(group) -> str:
    """A filter group's options as list items (see includes/filter_form.html): written here
    rather than as a template loop because a long group (every country open to remote roles)
    has a few hundred options, and the template engine takes about 0.3 ms for each."""
    kind = "checkbox" if group.multiple or len(group.options) == 1 else "radio"
    name = escape(group.name)

    def item(option) -> str:
        disabled = option.disabled
        count = option.count
        return (
            f"<li>\n          <label{' class="facet__option--empty"' if disabled else ''}>"
            f'\n            <input type="{kind}" name="{name}" value="{escape(str(option.value))}"'
            f"{' checked' if option.selected else ''}{' disabled' if disabled else ''}>"
            f"\n            <span>{escape(str(option.label))}</span>"
            f'\n            <span class="facet__count">{"+" if option.adds else ""}{count:,}'
            f'<span class="visually-hidden"> {"more " if option.adds else ""}'
            f"result{'' if count == 1 else 's'}</span></span>\n          </label>\n        </li>"
        )

    options = group.options
    if len(options) <= LONG_FACET:
        return mark_safe("\n        ".join(item(option) for option in options))
    # A long group (countries): the options with the most results and the chosen ones, then
    # the rest, in their order, folded in a <details> whose contents take no Tab stop until
    # it is opened. No script: the summary opens it.
    first = sorted(options, key=lambda option: -option.count)[:FACET_SHOWN]
    shown = [option for option in options if option in first or option.selected]
    shown.sort(key=lambda option: (not option.selected, -option.count))
    rest = [option for option in options if option not in shown]
    folded = "\n          ".join(item(option) for option in rest)
    return mark_safe(
        "\n        ".join(item(option) for option in shown)
        + f'\n        <li class="facet__more"><details><summary>Show {len(rest)} more'
        f'<span class="visually-hidden"> {escape(group.label.lower())} options</span></summary>'
        f"\n          <ul>\n          {folded}\n          </ul></details></li>"
    )


@register.filter
def has_session(request) -> bool:
    """Whether the request carries a session cookie. Checked before `user.is_authenticated`,
    which reads the session and so makes the page vary on the cookie: pages for readers
    without one stay cacheable whole (core/pagecache.py)."""
    return request is not None and settings.SESSION_COOKIE_NAME in request.COOKIES


@register.simple_tag
def fit(met, missed) -> str:
    """What an item of a list ranked for the reader fits of their wishes, and what it misses
    (each a list of words); nothing when both are empty."""
    if not met and not missed:
        return ""
    parts = []
    if met:
        parts.append(
            '<span class="fit__met"><span class="visually-hidden">Fits: </span>'
            f"{escape(' · '.join(met))}</span>"
        )
    if missed:
        parts.append(
            '<span class="fit__missed"><span class="visually-hidden">Misses: </span>'
            f"{escape(' · '.join(missed))}</span>"
        )
    return mark_safe(f'<p class="fit">{" ".join(parts)}</p>')
