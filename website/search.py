"""Site search: culture tags, guides, companies and open roles together.

core.search reads and corrects what was typed; each app says what may be found and how it
ranks (`search()` on its QuerySet); this view asks them and lays out the answer.
"""

import html
import re

from django.contrib.postgres.search import SearchHeadline, SearchRank
from django.db import models
from django.db.models import Count, F, Func, Q, TextField, Value
from django.db.models.functions import Concat, Now
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from companies.models import Company, CompanyTag, CultureTag
from core import search as engine
from core.filtering import paginate
from guides.models import Guide
from jobs import board
from jobs.board import BoardQuery
from jobs.filters import matching
from jobs.models import Job

GUIDES_SHOWN = 5
COMPANIES_SHOWN = 8
ROLES_PER_PAGE = 20
# Sentinels around matched words in snippets; the text is escaped, then they become <mark>.
START, STOP = "\x02", "\x03"
# A role's text rank is weighed by its age: a new role counts in full, one a month old about
# three quarters (e^-1 of the second half), so the freshest of equally good matches come first
# without an old role that matches much better dropping out of sight.
RECENCY_DAYS = 30


class Counted:
    """A QuerySet whose length is already known, as the Paginator's object list."""

    def __init__(self, queryset, count: int):
        self.queryset, self._count = queryset, count

    def count(self) -> int:
        return self._count

    def __getitem__(self, key):
        return list(self.queryset[key])


# How a role matches, best first: the query in its title, elsewhere in its own text (its
# city, its description), or only in its company's (name, tagline, about). Each kind is worth
# twice the next, more than the recency factor's range (one half to one), so a title match of
# any age comes before a newer match elsewhere; within a kind, how much of the title the query
# covers (ts_rank over the title alone), then recency, decide.
TITLE, OWN_TEXT, COMPANY_TEXT = 4.0, 2.0, 1.0


def role_score(query) -> models.Expression:
    """How well an open role matches (the kinds above), weighed by how recent it is
    (RECENCY_DAYS). Reads the small title vector of each match, never the whole text's."""
    age_days = Func(
        Now() - F("published_at"),
        function="extract",
        template="extract(epoch FROM %(expressions)s) / 86400",
    )
    decay = Value(0.5) + Value(0.5) * Func(-age_days / Value(RECENCY_DAYS), function="exp")
    kind = models.Case(
        models.When(
            Q(title_vector=query),
            then=Value(TITLE) + SearchRank(F("title_vector"), query),
        ),
        models.When(Q(search_vector=query), then=Value(OWN_TEXT)),
        default=Value(COMPANY_TEXT),
        output_field=models.FloatField(),
    )
    return models.ExpressionWrapper(kind * decay, output_field=models.FloatField())


def ranked_roles(query, total: int):
    """Every open role matching in its own text or its company's, best first (role_score),
    as the Paginator's object list; `total` is how many there are (the board counts them)."""
    roles = (
        Job.objects.visible()
        .filter(Q(search_vector=query) | Q(company__search_vector=query))
        .select_related("company")
        .without_long_text()
        .annotate(score=role_score(query), snippet=_headline(plain_text("description_html"), query))
        .order_by("-score", "-published_at", "pk")
    )
    return Counted(roles, total)


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
    companies = list(
        Company.objects.search(query)
        .only("name", "slug")
        .annotate(
            snippet=_headline(
                Concat("tagline", Value(" "), plain_text("about_html"), output_field=TextField()),
                query,
            )
        )[:COMPANIES_SHOWN]
    )
    # How many open roles match: the board's own text filter counts them.
    index = board.current_index()
    role_total = BoardQuery(index, {"q": matching(index, query)}).count()
    roles = paginate(request, ranked_roles(query, role_total), ROLES_PER_PAGE, notices)
    for item in [*guides, *companies, *roles]:
        item.highlighted = highlight(item.snippet)

    context.update(
        {
            "tags": tags,
            "guides": guides,
            "companies": companies,
            "page": roles,
            "roles": list(roles),
            "role_total": role_total,
            "roles_exact": True,
            "corrected": bool(understood.corrected),
            "suggestion": understood.suggestion,
            "total": len(tags) + len(guides) + len(companies) + role_total,
        }
    )
    return render(request, "search.html", context)
