"""Site search: guides, companies and open roles together.

Each app says what may be found and how it ranks (`search()` and its typo-tolerant fallback on
its QuerySet); this view only asks them and lays out the answer.
"""

from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db.models import F
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from companies.models import SEARCH_CONFIG, Company
from core.filtering import paginate
from guides.models import Guide
from jobs.models import Job

MAX_QUERY = 200
GUIDES_SHOWN = 5
COMPANIES_SHOWN = 8
ROLES_PER_PAGE = 20
# Below this many full-text matches, trigram similarity on names and titles steps in.
FEW_RESULTS = 3
# Sentinels around matched words in snippets; the text is escaped, then they become <mark>.
START, STOP = "\x02", "\x03"


def highlight(snippet: str | None) -> str:
    if not snippet:
        return ""
    return mark_safe(escape(snippet).replace(START, "<mark>").replace(STOP, "</mark>"))


def clean_query(raw: str, notices: list[str]) -> str:
    text = raw.replace("\x00", "")
    if text != raw:
        notices.append("Removed characters that cannot be searched for.")
    text = " ".join(text.split())
    if len(text) > MAX_QUERY:
        notices.append(f"Searched for the first {MAX_QUERY} characters only.")
        text = text[:MAX_QUERY]
    return text


def _headline(field: str, query: SearchQuery) -> SearchHeadline:
    return SearchHeadline(
        F(field),
        query,
        config=SEARCH_CONFIG,
        start_sel=START,
        stop_sel=STOP,
        max_words=30,
        min_words=12,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


@require_safe
def search(request):
    notices: list[str] = []
    text = clean_query(request.GET.get("q", ""), notices)
    context = {"q": text, "notices": notices, "searched": bool(text)}
    if not text:
        return render(request, "search.html", context)

    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    guides = list(
        Guide.objects.search(query)
        .select_related("author")
        .annotate(snippet=_headline("summary", query), body_snippet=_headline("body", query))[
            :GUIDES_SHOWN
        ]
    )
    companies = list(
        Company.objects.search(query).annotate(snippet=_headline("tagline", query))[
            :COMPANIES_SHOWN
        ]
    )
    roles = paginate(
        request,
        Job.objects.search(query)
        .select_related("company")
        .annotate(snippet=_headline("description", query)),
        ROLES_PER_PAGE,
        notices,
    )
    for item in [*guides, *companies, *roles]:
        candidates = [getattr(item, "body_snippet", None), item.snippet]
        item.highlighted = highlight(
            next((c for c in candidates if c and START in c), item.snippet)
        )

    suggestion = None
    close = {"guides": [], "companies": [], "roles": []}
    if len(guides) + len(companies) + roles.paginator.count < FEW_RESULTS:
        close = {
            "guides": list(
                Guide.objects.titled_like(text).exclude(pk__in=[g.pk for g in guides])[:3]
            ),
            "companies": list(
                Company.objects.named_like(text).exclude(pk__in=[c.pk for c in companies])[:5]
            ),
            "roles": list(Job.objects.titled_like(text).select_related("company")[:5]),
        }
        best = max(
            [(c.similarity, c.name) for c in close["companies"]]
            + [(g.similarity, g.title) for g in close["guides"]]
            + [(r.similarity, r.title) for r in close["roles"]],
            default=None,
        )
        if best and best[1].casefold() != text.casefold():
            suggestion = best[1]
    context.update(
        {
            "guides": guides,
            "companies": companies,
            "page": roles,
            "roles": list(roles),
            "close": close,
            "suggestion": suggestion,
            "total": len(guides) + len(companies) + roles.paginator.count,
        }
    )
    return render(request, "search.html", context)
