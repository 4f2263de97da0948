from urllib.parse import urlsplit

from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from companies.filters import SORTS, CompanyFilter
from companies.models import Company, CompanyTag, CultureTag, ExchangeRate, Review
from core.filtering import clean_url, list_context
from core.seo import breadcrumb_json_ld

PER_PAGE = 20
FACETS = ["tag", "stage", "industry", "size", "remote", "rating", "ladder", "blog", "hiring"]
TAG_PAGE_COMPANIES = 24


@require_safe
def company_list(request):
    filterset = CompanyFilter(request.GET, queryset=Company.objects.listed())
    if url := clean_url(request, filterset):
        return redirect(url)
    context = list_context(request, filterset, per_page=PER_PAGE, facets=FACETS)
    tags_by_slug = {tag.slug: tag for tag in filterset.tags}
    page = context["page"]
    single_tag = context["single_tag"]
    context.update(
        {
            "companies": [(c, [tags_by_slug[s] for s in c.tag_slugs]) for c in page],
            "suggestions": relaxations(context["chips"]) if not page.paginator.count else [],
            # Senior pay is compared in USD: say as of when, when it decides the order.
            "rates_as_of": ExchangeRate.objects.oldest_as_of()
            if filterset.sort_key == "pay"
            else None,
            "page_title": (
                f"{tags_by_slug[single_tag].name} companies" if single_tag else "Culture directory"
            ),
        }
    )
    return render(request, "companies/company_list.html", context)


def relaxations(chips, limit=8):
    """For an empty result: the filters whose removal alone would bring results back."""
    found = []
    for chip in chips[:limit]:
        query = QueryDict(urlsplit(chip.remove_url).query)
        count = CompanyFilter(query, queryset=Company.objects.for_list()).qs.count()
        if count:
            found.append((chip, count))
    return found


@require_safe
def tag_list(request):
    return render(
        request,
        "companies/tag_list.html",
        {
            "tags": CultureTag.objects.with_counts().order_by("name"),
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
    tag = get_object_or_404(CultureTag.objects.with_counts(), slug=slug)
    companies = Company.objects.for_list().with_tags_all([tag.slug]).order_by(*SORTS["rating"][1])
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
            "companies": companies[:TAG_PAGE_COMPANIES],
        },
    )


@require_safe
def company_detail(request, slug):
    company = get_object_or_404(Company.objects.for_detail(), slug=slug)
    company_tags = CompanyTag.objects.filter(company=company).select_related("tag")
    reviews = Review.objects.published().filter(company=company)[:5]
    comp_rows = company.comp_signals.all()
    return render(
        request,
        "companies/company_detail.html",
        {
            "company": company,
            "company_tags": company_tags,
            "reviews": reviews,
            "comp_rows": comp_rows,
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
