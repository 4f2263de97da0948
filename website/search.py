"""Site search: culture tags, guides, companies and open roles together.

core.search reads and corrects what was typed; each app says what may be found and how it
ranks (`search()` on its QuerySet); this view asks them and lays out the answer.
"""

import html
import re

import numpy as np
from django.contrib.postgres.search import SearchHeadline
from django.db.models import Count, F, Func, TextField, Value
from django.db.models.functions import Concat
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from companies.models import Company, CompanyTag, CultureTag
from core import pagecache
from core import search as engine
from core.columns import ids_of
from core.filtering import paginate
from guides.models import Guide
from jobs import board
from jobs.board import BoardQuery
from jobs.filters import RolesById
from jobs.models import Job

GUIDES_SHOWN = 5
COMPANIES_SHOWN = 8
ROLES_PER_PAGE = 20
# Sentinels around matched words in snippets; the text is escaped, then they become <mark>.
START, STOP = "\x02", "\x03"


def ranked_role_ids(index, understood: engine.Query) -> np.ndarray:
    """The ids of every open role matching in its own text or its company's, best first.

    Relevance is where the query is found: first the roles that name it in their title, then
    those that have it elsewhere in their own text (city, description), then those whose
    company's text has it (name, tagline, about); within each kind, the newest first, which is
    the order the board's index keeps its rows in. The roles' common words in memory
    (board.text_rows), else PostgreSQL's GIN indexes (the small title vector, the whole
    text's), find each kind of role, PostgreSQL the companies; the board says which are open
    now and puts them in order, so no match is left unranked and none has its text read to
    be ranked."""
    none = np.zeros(0, np.int64)
    titled = board.text_rows(index, understood, "title_vector")
    own = board.text_rows(index, understood, "search_vector")
    engine.shows_matches(understood, Company._meta.db_table)
    companies = ids_of(Company.objects.filter(search_vector=understood.search_query))
    company = BoardQuery.ids_mask(index, none, companies)
    # A cached page changes when a matching role opens or closes, when a role or a company
    # gains or loses one of the query's words, when a role's or a company's board columns
    # change (which roles match, and in what order), and when a matching company is written
    # (the companies found are ordered by when each last changed); the roles and companies
    # on its cards follow their own rows (RolesById).
    BoardQuery(index, {"q": titled | own | company}).shown(counts=False)
    pagecache.shows(Company, rows=companies.tolist())
    open_now = BoardQuery(index, {}).rows
    kinds = [titled, own & ~titled, company & ~own & ~titled]
    return np.concatenate([index.ids[open_now & kind] for kind in kinds])


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
    pagecache.keyed_by("q", "page")
    if notices:
        pagecache.uncanonical()  # the query as cleaned, not as sent
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
    index = board.current_index(declare=False)  # ranked_role_ids says what it shows
    ranked = ranked_role_ids(index, understood)
    role_total = len(ranked)
    roles = paginate(
        request,
        RolesById(
            ranked,
            Job.objects.for_list()
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
            "role_total": role_total,
            "roles_exact": True,
            "corrected": bool(understood.corrected),
            "suggestion": understood.suggestion,
            "total": len(tags) + len(guides) + len(companies) + role_total,
        }
    )
    return render(request, "search.html", context)
