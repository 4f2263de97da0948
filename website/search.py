"""Site search: culture tags, guides, companies and open roles together.

core.search reads and corrects what was typed; each app says what may be found and how it
ranks (`search()` on its QuerySet); this view asks them and lays out the answer.
"""

import html
import re

from django.contrib.postgres.search import SearchHeadline
from django.db.models import Count, F, Func, TextField, Value
from django.db.models.functions import Concat
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from companies.models import Company, CompanyTag, CultureTag
from core import search as engine
from core.filtering import paginate
from guides.models import Guide
from jobs.models import Job

GUIDES_SHOWN = 5
COMPANIES_SHOWN = 8
ROLES_PER_PAGE = 20
# Roles are found up to this many of each kind (matching in their own text, at a matching
# company), newest first, and ranked among those; past it the page gives an estimated total.
ROLES_RANKED = 1000
# Sentinels around matched words in snippets; the text is escaped, then they become <mark>.
START, STOP = "\x02", "\x03"


class RolesInOrder:
    """Role ids in rank order as the Paginator's object list: a page of them is read, with
    its snippets, in one query by primary key."""

    def __init__(self, ids: list[int], queryset):
        self.ids = ids
        self.queryset = queryset

    def count(self) -> int:  # the pages hold the ranked ones, not every match
        return len(self.ids)

    def __getitem__(self, key):
        wanted = self.ids[key]
        by_id = self.queryset.in_bulk(wanted)
        return [by_id[pk] for pk in wanted if pk in by_id]


def plain_text(html_field: str) -> Func:
    """The text of stored HTML, tags removed, for snippets that show no markup."""
    return Func(
        F(html_field),
        Value("<[^>]+>"),
        Value(" "),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )


def _headline(expression, query) -> SearchHeadline:
    return SearchHeadline(
        expression,
        query,
        config=engine.SEARCH_CONFIG,
        start_sel=START,
        stop_sel=STOP,
        max_words=30,
        min_words=12,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


def highlight(snippet: str | None) -> str:
    if not snippet:
        return ""
    text = " ".join(html.unescape(snippet).split())
    return mark_safe(escape(text).replace(START, "<mark>").replace(STOP, "</mark>"))


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def tags_named(query: engine.Query) -> list[CultureTag]:
    """The culture tags whose every word the query names (misspelt or not), with how many
    listed companies carry each: counted only for those tags, one more query when any."""
    words = {_singular(word) for word in query.words}
    tags = [
        tag
        for tag in CultureTag.objects.order_by("name")
        if {_singular(w) for w in re.findall(r"[^\W_]+", tag.name.lower())} <= words
    ]
    if tags:
        totals = dict(
            CompanyTag.objects.filter(tag__in=tags, company__is_listed=True)
            .values_list("tag")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for tag in tags:
            tag.company_total = totals.get(tag.pk, 0)
    return tags


def shown_total(total: int, exact: bool) -> int:
    """An estimate to two significant figures, as precise as a sample of a thousand allows."""
    if exact or total < 100:
        return total
    step = 10 ** (len(str(total)) - 2)
    return round(total / step) * step


@require_safe
def search(request):
    notices: list[str] = []
    text = engine.clean(request.GET.get("q", ""), notices)
    context = {"q": text, "notices": notices, "searched": bool(text)}
    if not text:
        return render(request, "search.html", context)

    understood = engine.understand(text)
    query = understood.search_query
    if query is None:
        context.update({"total": 0, "page": None, "tags": []})
        return render(request, "search.html", context)

    tags = tags_named(understood)
    guides = list(
        Guide.objects.search(query)
        .select_related("author")
        .annotate(snippet=_headline(plain_text("body_html"), query))[:GUIDES_SHOWN]
    )
    # Every matching company, ranked, for the roles at them; the best few are shown.
    matching = Company.objects.search_matches(query)
    best = matching.ids[:COMPANIES_SHOWN].tolist()
    shown = (
        Company.objects.only("name", "slug")
        .annotate(
            snippet=_headline(
                Concat("tagline", Value(" "), plain_text("about_html"), output_field=TextField()),
                query,
            )
        )
        .in_bulk(best)
    )
    companies = [shown[pk] for pk in best if pk in shown]
    matches = Job.objects.search_ranked(query, cap=ROLES_RANKED, companies=matching)
    roles = paginate(
        request,
        RolesInOrder(
            matches.ids,
            Job.objects.visible()
            .select_related("company")
            .without_long_text()
            .annotate(snippet=_headline(plain_text("description_html"), query)),
        ),
        ROLES_PER_PAGE,
        notices,
    )
    for item in [*guides, *companies, *roles]:
        item.highlighted = highlight(item.snippet)

    context.update(
        {
            "tags": tags,
            "guides": guides,
            "companies": companies,
            "page": roles,
            "roles": list(roles),
            "role_total": shown_total(matches.total, matches.exact),
            "roles_exact": matches.exact,
            # Past the cap only the best-ranked ones are on the pages.
            "roles_ranked": len(matches.ids) if len(matches.ids) < matches.total else None,
            "corrected": bool(understood.corrected),
            "suggestion": understood.suggestion,
            "total": shown_total(
                len(tags) + len(guides) + len(companies) + matches.total, matches.exact
            ),
        }
    )
    return render(request, "search.html", context)
