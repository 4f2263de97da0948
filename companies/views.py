from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from companies import charts, comparing, contributions, pay
from companies.filters import CompanyFilter, ReviewFilter
from companies.forms import InterviewForm, PayReportForm, ReviewForm
from companies.models import (
    RATING_FIELDS,
    REFERENCE_CURRENCY,
    Company,
    CompanyTag,
    CompTrack,
    CultureTag,
    ExchangeRate,
    InterviewExperience,
    LadderLevel,
    Level,
    PayReport,
    PayReportStatus,
    Review,
    counted,
)
from core import pagecache
from core.feeds import FilteredFeed
from core.filtering import clean_url, list_context, paginate
from core.seo import breadcrumb_json_ld

PER_PAGE = 20
FACETS = ["tag", "stage", "industry", "size", "remote", "rating", "ladder", "blog", "hiring"]
TAG_PAGE_COMPANIES = 24
RECENT_REVIEWS = 5
RECENT_INTERVIEWS = 3
REVIEWS_PER_PAGE = 20


@require_safe
def company_list(request):
    filterset = CompanyFilter(request.GET, queryset=Company.objects.listed())
    if url := clean_url(request, filterset, keep=("saved",)):
        return redirect(url)
    context = list_context(request, filterset, per_page=PER_PAGE, facets=FACETS)
    tags_by_slug = {tag.slug: tag for tag in filterset.tags}
    page = context["page"]
    single_tag = context["single_tag"]
    context.update(
        {
            "companies": [(c, [tags_by_slug[s] for s in c.tag_slugs]) for c in page],
            "suggestions": relaxations(filterset, context["chips"])
            if not page.paginator.count
            else [],
            # Senior pay is compared in USD: say as of when, when it decides the order.
            "rates_as_of": ExchangeRate.objects.oldest_as_of()
            if filterset.sort_key == "pay"
            else None,
            "page_title": (
                f"{tags_by_slug[single_tag].name} companies" if single_tag else "Culture directory"
            ),
            "feed_url": reverse("companies:feed")
            + (f"?{query}" if (query := filterset.canonical_query()) else ""),
        }
    )
    return render(request, "companies/company_list.html", context)


def relaxations(filterset: CompanyFilter, chips, limit=8):
    """For an empty result: the filters whose removal alone would bring results back."""
    found = []
    for chip in chips[:limit]:
        query = QueryDict(urlsplit(chip.remove_url).query)
        count = filterset.count_with(query)
        if count:
            found.append((chip, count))
    return found


@require_safe
def tag_list(request):
    return render(
        request,
        "companies/tag_list.html",
        {
            "tags": counted(CultureTag.objects.order_by("name")),
            "breadcrumbs": breadcrumb_json_ld(
                request,
                [
                    ("Culture directory", reverse("companies:list")),
                    ("Culture tags", reverse("companies:tags")),
                ],
            ),
        },
    )


@require_safe
def tag_detail(request, slug):
    [tag] = counted([get_object_or_404(CultureTag, slug=slug)])
    # The directory's first companies with the tag, in its default order.
    tagged = CompanyFilter(
        QueryDict(urlencode({"tag": tag.slug})), queryset=Company.objects.listed()
    )
    return render(
        request,
        "companies/tag_detail.html",
        {
            "tag": tag,
            "tag_slugs": [tag.slug],
            "breadcrumbs": breadcrumb_json_ld(
                request,
                [
                    ("Culture directory", reverse("companies:list")),
                    ("Culture tags", reverse("companies:tags")),
                    (tag.name, tag.get_absolute_url()),
                ],
            ),
            "companies": tagged.results()[:TAG_PAGE_COMPANIES],
        },
    )


@require_safe
def company_detail(request, slug):
    company = get_object_or_404(Company.objects.for_detail(), slug=slug)
    company_tags = CompanyTag.objects.filter(company=company).select_related("tag")
    reviews = list(
        Review.objects.published().filter(company=company).select_related("answer")[:RECENT_REVIEWS]
    )
    shown = company.shown_families()
    for review in reviews:
        review.family_label = review.family_shown(shown)
    comp_rows = comp_table(company)
    interviews = company.interview_summary()
    # A cached copy shows this company and its own reviews, tags, pay, ladder, interviews
    # and roles (each until the first closes: the open-roles block says when): it changes
    # when one of those is written, not at every write to those tables.
    pagecache.shows_own(Company, [company.pk])
    ratings_chart = None
    if company.has_enough_reviews:
        ratings_chart = charts.ratings(
            company.name, company.sub_ratings(), company.overall_spread()
        )
    return render(
        request,
        "companies/company_detail.html",
        {
            "company": company,
            "company_tags": company_tags,
            "ladder": ladder_tracks(company),
            "reviews": reviews,
            "comp_rows": comp_rows,
            "pay_chart": charts.pay_by_level(company.name, comp_rows),
            "interviews": interviews,
            # What readers were asked, once the summary shows (so never one reader alone):
            # the text only, without the role or level that could narrow a reader down.
            "recent_interviews": list(
                InterviewExperience.objects.published()
                .filter(company=company)
                .only("questions", "year", "outcome")[:RECENT_INTERVIEWS]
            )
            if interviews is not None and interviews.enough
            else [],
            "ratings_chart": ratings_chart,
            "json_ld": organization_json_ld(request, company),
            "breadcrumbs": breadcrumb_json_ld(
                request,
                [
                    ("Culture directory", reverse("companies:list")),
                    (company.name, company.get_absolute_url()),
                ],
            ),
        },
    )


def ladder_tracks(company: Company) -> list[tuple[str, list[LadderLevel]]]:
    """The company's ladder by track, individual contributors first, each lowest level
    first. One query."""
    tracks: dict[str, list[LadderLevel]] = {}
    for level in company.ladder_levels.in_ladder_order():
        tracks.setdefault(level.track, []).append(level)
    return [(CompTrack(track).label, levels) for track, levels in tracks.items()]


def organization_json_ld(request, company: Company) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": company.name,
        "description": company.tagline,
        "url": request.build_absolute_uri(company.get_absolute_url()),
    }
    if company.logo:
        data["logo"] = request.build_absolute_uri(company.logo.url)
    if company.website:
        data["sameAs"] = [company.website]
    if company.founded_year:
        data["foundingDate"] = str(company.founded_year)
    if company.headquarters:
        data["location"] = company.headquarters
    if company.has_enough_reviews:
        data["aggregateRating"] = {
            "@type": "EmployerAggregateRating",
            "itemReviewed": {"@type": "Organization", "name": company.name},
            "ratingValue": str(company.rating_overall),
            "ratingCount": company.review_count,
            "bestRating": "5",
            "worstRating": "1",
        }
    return data


def comp_table(company: Company) -> list[dict]:
    """One row per level and track that has an editor band or reader reports: the band beside
    what approved reports say. Two queries."""
    bands = {(row.level, row.track): row for row in company.comp_signals.all()}
    reported = contributions.pay_stats(company=company)
    keys = sorted(set(bands) | set(reported), key=lambda key: (key[1], key[0]))
    return [
        {
            "level": Level(level).label,
            "track": CompTrack(track).label,
            "short": f"{level.upper()} {'IC' if track == CompTrack.IC else 'manager'}",
            "band": bands.get((level, track)),
            "reported": reported.get((level, track)),
        }
        for level, track in keys
    ]


@require_safe
def company_reviews(request, slug):
    """Every published review of a company, a page at a time, sorted and filtered."""
    company = get_object_or_404(Company.objects.for_detail(), slug=slug)
    shown = company.shown_families()
    filterset = ReviewFilter(
        request.GET,
        queryset=Review.objects.published().filter(company=company).select_related("answer"),
        shown_families=shown,
    )
    if url := clean_url(request, filterset):
        return redirect(url)
    page = paginate(request, filterset.qs, REVIEWS_PER_PAGE, filterset.notices)
    for review in page:
        review.family_label = review.family_shown(shown)
    return render(
        request,
        "companies/review_list.html",
        {
            "company": company,
            "filter": filterset,
            "page": page,
            "notices": filterset.notices,
            "chips": filterset.chips(request.path),
            "clear_url": filterset.clear_url(request.path),
            "sorts": [(key, label) for key, (label, _) in filterset.SORTS.items()],
            "sort": filterset.sort_key,
            "breadcrumbs": breadcrumb_json_ld(
                request,
                [
                    ("Culture directory", reverse("companies:list")),
                    (company.name, company.get_absolute_url()),
                    ("Reviews", reverse("companies:reviews", args=[company.slug])),
                ],
            ),
        },
    )


def _refusal(request, company, *, title: str, message: str, status: int):
    return render(
        request,
        "companies/contribution_refused.html",
        {"company": company, "title": title, "message": message},
        status=status,
    )


def _gate(request, company):
    """A refusal page when this reader may not contribute now, else None."""
    if not contributions.has_verified_email(request.user):
        return _refusal(
            request,
            company,
            title="Verify your email address first",
            message=(
                "We accept reviews and pay reports from readers whose email address is "
                "verified. Follow the link we sent you when you signed up, then come back."
            ),
            status=403,
        )
    if request.method == "POST" and (
        problem := contributions.rate_limit_problem(
            request.user, contributions.client_address(request)
        )
    ):
        return _refusal(
            request, company, title="Too many contributions today", message=problem, status=429
        )
    return None


def _refused(request, company, refused: contributions.Refused):
    """The page for a send refused inside the account's lock (companies.contributions)."""
    return _refusal(
        request, company, title=refused.title, message=refused.message, status=refused.status
    )


def _caught(request, company):
    return _refusal(
        request,
        company,
        title="We could not accept this form",
        message="Nothing was stored. If you filled in every field by hand, please try again.",
        status=400,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def write_review(request, slug):
    company = get_object_or_404(Company.objects.listed(), slug=slug)
    if refused := _gate(request, company):
        return refused
    if until := contributions.next_review_allowed(request.user, company):
        return _refusal(
            request,
            company,
            title=f"You have reviewed {company.name} recently",
            message=(
                f"One review per company a year keeps reviews honest: you can write your next "
                f"review of {company.name} from {until:%-d %B %Y}. You can see, or delete, "
                "the one you wrote on your contributions page."
            ),
            status=200,
        )
    form = ReviewForm(request.POST or None, instance=Review(company=company))
    preview = None
    if request.method == "POST":
        if form.caught:
            return _caught(request, company)
        if form.is_valid():
            if "preview" in request.POST:
                preview = form.instance
                preview.family_label = preview.get_role_family_display()
            else:
                try:
                    contributions.submit_review(
                        form.instance,
                        user=request.user,
                        address=contributions.client_address(request),
                    )
                except contributions.Refused as refused:
                    return _refused(request, company, refused)
                messages.success(
                    request,
                    f"Thank you: your review of {company.name} is waiting for an editor. We "
                    "will email you when it is published.",
                )
                return redirect("companies:contributions")
    return render(
        request,
        "companies/review_form.html",
        {
            "company": company,
            "form": form,
            "preview": preview,
            "relation_fields": [
                form[name] for name in ("employment_status", "role_family", "last_year")
            ],
            "score_fields": [form[name] for name in RATING_FIELDS],
            "text_fields": [form[name] for name in ReviewForm.TEXT_FIELDS],
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_pay(request, slug):
    company = get_object_or_404(Company.objects.listed(), slug=slug)
    if refused := _gate(request, company):
        return refused
    form = PayReportForm(request.POST or None, instance=PayReport(company=company))
    if request.method == "POST":
        if form.caught:
            return _caught(request, company)
        if form.is_valid():
            try:
                report = contributions.submit_pay_report(
                    form.instance, user=request.user, address=contributions.client_address(request)
                )
            except contributions.Refused as refused:
                return _refused(request, company, refused)
            messages.success(
                request,
                f"Thank you: your pay report for {company.name} is counted."
                if report.status == PayReportStatus.APPROVED
                else f"Thank you: your pay report for {company.name} is waiting for an editor "
                "before it is counted.",
            )
            return redirect("companies:contributions")
    return render(
        request,
        "companies/pay_report_form.html",
        {"company": company, "form": form, "pay_fields": [form[name] for name in form.Meta.fields]},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def write_interview(request, slug):
    """A reader tells how an interview at the company went: anonymous in public, published
    once an editor has read it."""
    company = get_object_or_404(Company.objects.listed(), slug=slug)
    if refused := _gate(request, company):
        return refused
    form = InterviewForm(request.POST or None, instance=InterviewExperience(company=company))
    if request.method == "POST":
        if form.caught:
            return _caught(request, company)
        if form.is_valid():
            try:
                contributions.submit_interview(
                    form.instance, user=request.user, address=contributions.client_address(request)
                )
            except contributions.Refused as refused:
                return _refused(request, company, refused)
            messages.success(
                request,
                f"Thank you: your interview at {company.name} is waiting for an editor. We will "
                "email you when it is published.",
            )
            return redirect("companies:contributions")
    return render(
        request,
        "companies/interview_form.html",
        {
            "company": company,
            "form": form,
            "fields": [form[name] for name in InterviewForm.Meta.fields],
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def my_contributions(request):
    return render(
        request,
        "companies/contributions.html",
        {
            "reviews": Review.objects.filter(author=request.user).select_related("company"),
            "pay_reports": PayReport.objects.filter(author=request.user).select_related("company"),
            "interviews": InterviewExperience.objects.filter(author=request.user).select_related(
                "company"
            ),
        },
    )


def _delete_contribution(request, queryset, pk, *, kind: str, said: str):
    """A reader's own review, pay report or interview experience, deleted after they confirm;
    `said` ends the message ("of Fernhill" with the company's name put in)."""
    item = get_object_or_404(queryset.select_related("company"), pk=pk, author=request.user)
    if request.method == "POST":
        item.delete()
        messages.success(request, f"Your {kind} {said.format(item.company.name)} is deleted.")
        return redirect("companies:contributions")
    return render(request, "companies/contribution_delete.html", {"item": item, "kind": kind})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete_review(request, pk):
    return _delete_contribution(request, Review.objects, pk, kind="review", said="of {}")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete_pay_report(request, pk):
    return _delete_contribution(request, PayReport.objects, pk, kind="pay report", said="for {}")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete_interview(request, pk):
    return _delete_contribution(
        request, InterviewExperience.objects, pk, kind="interview experience", said="at {}"
    )


FEED_ITEMS = 50


class CompanyFeed(FilteredFeed):
    """Companies as they join the directory, as Atom, for any filter combination of the
    directory."""

    name = "Ladder companies"
    list_url_name = "companies:list"
    feed_url_name = "companies:feed"
    entry_kind = "company"
    published_attribute = "created_at"
    updated_attribute = "updated_at"

    def filterset(self, data):
        return CompanyFilter(data, queryset=Company.objects.listed())

    def subtitle(self, filterset):
        return "Companies new to the culture directory, with their culture tags and signals."

    def items(self, filterset):
        # The newest, whatever order the directory's URL asks for: a feed lists what is new.
        rows = filterset.qs.order_by("-created_at", "-pk")
        rows.query.distinct = False  # no directory filter matches a company twice
        return rows[:FEED_ITEMS]

    def item_title(self, company):
        return company.name

    def item_description(self, company):
        return render_to_string("companies/includes/feed_facts.html", {"company": company})

    def item_categories(self, company):
        return [company.get_stage_display(), company.get_industry_display()]


company_feed = CompanyFeed()


def _chosen_url(path: str, slugs: list[str], **extra: str) -> str:
    """`path` with the companies and the other choices in their canonical order."""
    query = QueryDict(mutable=True)
    query.setlist("company", slugs)
    for name, value in extra.items():
        if value:
            query[name] = value
    return f"{path}?{query.urlencode()}" if query else path


@dataclass
class SideBySide:
    """What the level mapping and the comparison read from their query string alike."""

    chosen: comparing.Chosen
    currency: str
    units: dict
    candidates: list[tuple[Company, str]]
    add_to: str = ""  # where adding the company a reader typed leads


def _side_by_side(request, **kept: str) -> SideBySide:
    """The companies, the currency and a company to add, as the query string gives them;
    what it gets wrong is in `chosen.notices`. `kept` are the page's other choices."""
    chosen = comparing.choose(request.GET.getlist("company"))
    notices = chosen.notices
    units = comparing.rates()
    currency = request.GET.get("currency", "").strip().upper()
    if currency and currency not in units:
        notices.append(
            f"“{comparing.shown(currency[:12])}” is not a currency we convert to; pay is shown "
            "as reported."
        )
        currency = ""
    side = SideBySide(chosen, currency, units, [])
    if "add" in request.GET:
        added, candidates = comparing.find(request.GET["add"])
        if added is not None:
            slugs = [slug for slug in chosen.slugs if slug != added.slug] + [added.slug]
            if len(slugs) > comparing.MAX_COMPARED:
                notices.append(
                    f"Up to {comparing.MAX_COMPARED} companies fit side by side: remove one "
                    f"to add {added.name}."
                )
            else:
                side.add_to = _chosen_url(request.path, slugs, **kept, currency=currency)
        elif not candidates:
            notices.append(
                f"No company in the directory is called “{comparing.shown(request.GET['add'])}”."
            )
        side.candidates = [
            (
                company,
                _chosen_url(request.path, [*chosen.slugs, company.slug], **kept, currency=currency),
            )
            for company in candidates
        ]
    return side


def _side_by_side_context(request, side: SideBySide, title: str, **kept: str) -> dict:
    slugs = side.chosen.slugs
    return {
        "companies": side.chosen.companies,
        "notices": side.chosen.notices,
        "candidates": side.candidates,
        "currency": side.currency,
        "currencies": sorted(side.units),
        "suggestions": comparing.suggestions(),
        "can_add": len(slugs) < comparing.MAX_COMPARED,
        "canonical": _chosen_url(request.path, slugs, **kept, currency=side.currency),
        "chosen": [
            (
                company,
                _chosen_url(
                    request.path,
                    [slug for slug in slugs if slug != company.slug],
                    currency=side.currency,
                ),
            )
            for company in side.chosen.companies
        ],
        "breadcrumbs": breadcrumb_json_ld(
            request,
            [
                ("Culture directory", reverse("companies:list")),
                (title, request.path),
            ],
        ),
    }


@require_safe
def level_map(request):
    """ "I am Senior at A: what would I be at B and C?" Two to four companies' ladders lined
    up on the L3–L8 scale, one column per company, with the pay at each level."""
    pagecache.keyed_by("company", "level", "currency")
    focus_id = request.GET.get("level", "").strip()
    side = _side_by_side(request, level=focus_id if focus_id.isdigit() else "")
    if side.add_to:
        return redirect(side.add_to)
    notices = side.chosen.notices
    if focus_id and not focus_id.isdigit():
        notices.append("The level in the address is not one of ours; choose yours again.")
        focus_id = ""
    mapped, map_notices = comparing.level_map(
        side.chosen.companies, focus_id=focus_id, currency=side.currency
    )
    notices += map_notices
    if notices:
        pagecache.uncanonical()
    if mapped.focus is None:
        focus_id = ""
    return render(
        request,
        "companies/level_map.html",
        {
            **_side_by_side_context(request, side, "Level mapping", level=focus_id),
            "map": mapped,
            "focus_summary": _focus_summary(mapped),
        },
    )


@require_safe
def compare(request):
    """Two to four companies side by side: culture, ratings, pay by level, ladders, facts and
    open roles, one column each."""
    pagecache.keyed_by("company", "currency")
    side = _side_by_side(request)
    if side.add_to:
        return redirect(side.add_to)
    if side.chosen.notices:
        pagecache.uncanonical()
    companies = side.chosen.companies
    return render(
        request,
        "companies/compare.html",
        {
            **_side_by_side_context(request, side, "Compare companies"),
            "rows": comparing.comparison(companies, currency=side.currency, units=side.units)
            if companies
            else None,
            "reports_needed": settings.PAY_REPORTS_FOR_MEDIAN,
        },
    )


def _focus_summary(mapped: comparing.LevelMap) -> list[str]:
    """What the focused level is at each other company, in words."""
    focus = mapped.focus
    if focus is None:
        return []
    track = next(t for t in mapped.tracks if t.track == focus.track)
    lines = []
    for column in track.columns:
        if column.company.pk == focus.company_id:
            continue
        names = [f"{box.level.name} ({box.level.span_label})" for box in column.matches]
        if names:
            lines.append(f"At {column.company.name}: {' or '.join(names)}.")
        else:
            lines.append(
                f"At {column.company.name}: no {track.label.lower()} level covers "
                f"{focus.span_label}."
            )
    others = {column.company.pk for column in track.columns} - {focus.company_id}
    lines += [
        f"At {company.name}: no published ladder."
        for company in mapped.without_ladder
        if company.pk not in others
    ]
    return lines


@require_safe
def level_pay(request):
    """Pay for one level across companies and locations, from readers' reports, in one
    currency."""
    pagecache.keyed_by("level", "track", "currency")
    notices: list[str] = []
    units = comparing.rates()
    level = request.GET.get("level", "l5")
    if level not in Level.values:
        notices.append(f"“{comparing.shown(level)}” is not a level; showing L5.")
        level = "l5"
    track = request.GET.get("track", CompTrack.IC)
    if track not in CompTrack.values:
        notices.append(
            f"“{comparing.shown(track)}” is not a track; showing individual contributors."
        )
        track = CompTrack.IC
    currency = request.GET.get("currency", REFERENCE_CURRENCY).strip().upper()
    if currency not in units:
        notices.append(
            f"“{comparing.shown(currency[:12])}” is not a currency we convert to; showing USD."
        )
        currency = REFERENCE_CURRENCY
    if notices:
        pagecache.uncanonical()
    found = pay.level_pay(level, track, currency=currency, units_per_usd=units[currency])
    label = f"{Level(level).label}, {CompTrack(track).label.lower()}"

    def chart(ident, groups, what):
        if not groups:
            return None
        return charts.ranges(
            ident=ident,
            title=f"{label} pay {what}, {currency} a year",
            rows=[
                (
                    group.label,
                    group.stats.low,
                    group.stats.high,
                    group.stats.median,
                    group.stats.count,
                )
                for group in groups
            ],
        )

    query = QueryDict(mutable=True)
    query.update({"level": level, "track": track, "currency": currency})
    return render(
        request,
        "companies/level_pay.html",
        {
            "notices": notices,
            "level": level,
            "track": track,
            "currency": currency,
            "label": label,
            "levels": Level.choices,
            "tracks": CompTrack.choices,
            "currencies": sorted(units),
            "pay": found,
            "companies_chart": chart("pay-companies-chart", found.companies, "across companies"),
            "locations_chart": chart("pay-locations-chart", found.locations, "across locations"),
            "spread_chart": found.spread.svg("pay-spread-chart", "reports")
            if found.spread
            else None,
            "reports_needed": settings.PAY_REPORTS_FOR_MEDIAN,
            "canonical": f"{request.path}?{query.urlencode()}",
            "breadcrumbs": breadcrumb_json_ld(
                request,
                [
                    ("Culture directory", reverse("companies:list")),
                    ("Pay by level", request.path),
                ],
            ),
        },
    )
