from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from companies.contributions import pay_stats
from companies.models import (
    Company,
    CompSignal,
    LadderLevel,
    culture_tags,
    exchange_rates,
)
from core import pagecache
from core.admin import staff_permission_required
from core.changes import part
from core.feeds import FilteredFeed
from core.filtering import clean_url, list_context
from core.seo import breadcrumb_json_ld
from jobs import board, tallies
from jobs.filters import JobFilter, RolesById
from jobs.models import (
    CARD_FIELDS,
    SCHEMA_EMPLOYMENT_TYPE,
    EmploymentType,
    Job,
    JobStatus,
    Workplace,
)

PER_PAGE = 25
FACETS = [
    *["tag", "level", "track", "discipline", "workplace", "country", "stage", "rating"],
    *["ladder", "blog"],
]
FEED_ITEMS = 50


@require_safe
def job_list(request):
    filterset = JobFilter(request.GET)
    if url := clean_url(request, filterset, keep=("saved",)):
        return redirect(url)
    context = list_context(request, filterset, per_page=PER_PAGE, facets=FACETS)
    tags_by_slug = {tag.slug: tag for tag in filterset.tags}
    query = filterset.canonical_query()
    context.update(
        {
            "jobs": [
                (job, [tags_by_slug[s] for s in job.company.tag_slugs]) for job in context["page"]
            ],
            "feed_url": reverse("jobs:feed") + (f"?{query}" if query else ""),
            "country_split": filterset.country_split(),
            "city_options": filterset.counts["city"],
        }
    )
    return render(request, "jobs/job_list.html", context)


@require_safe
def job_detail(request, slug):
    job = get_object_or_404(Job.objects.for_detail(), slug=slug)
    is_open, similar = board.similar_roles(job)
    return _render_job(request, job, similar, is_open=is_open, preview=None)


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def apply(request, slug):
    """Where a role's apply link pings when followed (`<a ping>`): the click is counted
    (jobs.tallies) and nothing else happens; the link itself goes straight to the role's own
    application page, so this address never sends anyone elsewhere. A ping carries no form
    and no token, hence exempt from CSRF: all it can do is add one to a count. Opened
    directly, it leads to the role's page."""
    job = get_object_or_404(Job.objects.public(), slug=slug)
    if request.method != "POST":
        return redirect(job)
    if not tallies.is_robot(request) and Job.objects.visible().filter(pk=job.pk).exists():
        tallies.count(job.slug, tallies.APPLY)
    return HttpResponse(status=204)


@staff_permission_required("jobs.change_job", "jobs.view_job")
@require_safe
def job_preview(request, slug):
    """Any role, draft included, as the public will see it once it is published; for staff
    who may see roles in admin."""
    job = get_object_or_404(Job.objects.for_preview(), slug=slug)
    status = job.get_status_display()
    has_page = Job.objects.public().filter(pk=job.pk).exists()
    if job.status != JobStatus.CLOSED and job.published_at is None:
        job.publish()  # in memory only: shows the dates publishing would give it
    return _render_job(
        request,
        job,
        board.similar_roles(job)[1],
        is_open=job.status != JobStatus.CLOSED,
        preview=status,
        has_public_page=has_page,
    )


def _render_job(
    request,
    job,
    similar_ids: list[int],
    *,
    is_open: bool,
    preview: str | None,
    has_public_page: bool = True,
):
    """`preview` is the role's real status when staff preview it; `similar_ids` the open
    roles like it (board.similar_roles)."""
    company = job.company
    # What their links show, and when they close.
    found = Job.objects.for_list().only(*CARD_FIELDS, "expires_at").in_bulk(similar_ids)
    similar = [found[pk] for pk in similar_ids if pk in found]
    # A cached copy shows this role, the similar ones and their companies, and the company's
    # own tags, pay and ladder: it changes when one of those is written, or when which roles
    # are similar may change (a role's board columns; a company listed or not). It changes by
    # itself when this role or a similar one closes by its date, or when a scheduled role
    # goes live (it may be similar); not at every write or expiry.
    pagecache.shows_own(Company, [company.pk])
    pagecache.shows(Company, rows=[role.company_id for role in similar])
    pagecache.shows(part("jobs_job", "board"), part("companies_company", "listed"))
    pagecache.shows(
        Job,
        rows=[job.pk, *similar_ids],
        until=min(
            (
                moment
                for moment in [
                    job.expires_at if is_open else None,
                    *(role.expires_at for role in similar),
                    pagecache.next_due("role_goes_live"),
                ]
                if moment is not None
            ),
            default=None,
        ),
    )
    comp_signal = CompSignal.objects.filter(
        company=company, level=job.level, track=job.comp_track
    ).first()
    if comp_signal is not None:
        # In the role's currency when it differs, at the rates kept in memory.
        comp_signal.convert_at(exchange_rates(), job.salary_currency)
    return render(
        request,
        "jobs/job_detail.html",
        {
            "job": job,
            # Absolute, as `<a ping>` wants it.
            "apply_ping": request.build_absolute_uri(reverse("jobs:apply", args=[job.slug])),
            "company": company,
            "is_open": is_open,
            "preview": preview,
            "has_public_page": has_public_page,
            "company_tags": [tag for tag in culture_tags() if tag.slug in company.tag_slugs],
            "comp_signal": comp_signal,
            # What readers at the company report for this level, beside the editors' band.
            "reported_pay": pay_stats(company=company, level=job.level, track=job.comp_track).get(
                (job.level, job.comp_track)
            ),
            # What the company's own ladder calls this level on the role's track.
            "ladder_names": list(
                LadderLevel.objects.filter(
                    company=company,
                    track=job.comp_track,
                    lowest__lte=job.level,
                    highest__gte=job.level,
                ).in_ladder_order()
            ),
            "similar": similar,
            "json_ld": job_posting_json_ld(request, job) if is_open and not preview else None,
            "breadcrumbs": breadcrumb_json_ld(
                request,
                [
                    ("Jobs", reverse("jobs:list")),
                    (company.name, company.get_absolute_url()),
                    (job.title, job.get_absolute_url()),
                ],
            ),
        },
    )


def job_posting_json_ld(request, job: Job) -> dict:
    """schema.org JobPosting; everything in it is also shown on the page."""
    company = job.company
    data = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": job.title,
        "description": job.description_html,
        # Only an open role has these data, and it has both dates.
        "datePosted": job.published_at.isoformat(),  # type: ignore[union-attr]
        "validThrough": job.expires_at.isoformat(),  # type: ignore[union-attr]
        "employmentType": SCHEMA_EMPLOYMENT_TYPE[EmploymentType(job.employment_type)],
        "identifier": {
            "@type": "PropertyValue",
            "name": company.name,
            "value": job.source_id or str(job.pk),
        },
        "hiringOrganization": {
            "@type": "Organization",
            "name": company.name,
            "sameAs": company.website or request.build_absolute_uri(company.get_absolute_url()),
        },
        "url": request.build_absolute_uri(job.get_absolute_url()),
        "directApply": job.direct_apply,
    }
    if company.logo:
        data["hiringOrganization"]["logo"] = request.build_absolute_uri(company.logo.url)
    if job.workplace == Workplace.REMOTE:
        data["jobLocationType"] = "TELECOMMUTE"
        # Google asks for the countries applicants must be in, and for none when they may be
        # anywhere.
        if not job.hires_anywhere:
            data["applicantLocationRequirements"] = [
                {"@type": "Country", "name": code} for code in job.hires_from
            ]
    else:
        data["jobLocation"] = {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": job.city,
                "addressCountry": job.country.code,  # type: ignore[attr-defined]  # a Country
            },
        }
    if job.has_salary:
        value: dict[str, str | int] = {
            "@type": "QuantitativeValue",
            "unitText": job.salary_period.upper(),
        }
        if job.salary_min is not None:
            value["minValue"] = job.salary_min
        if job.salary_max is not None:
            value["maxValue"] = job.salary_max
        data["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": job.salary_currency,
            "value": value,
        }
    return data


class JobFeed(FilteredFeed):
    """New open roles as Atom, for any filter combination of the board."""

    name = "Ladder roles"
    list_url_name = "jobs:list"
    feed_url_name = "jobs:feed"
    entry_kind = "job"
    published_attribute = "published_at"
    updated_attribute = "updated_at"

    def filterset(self, data):
        return JobFilter(data)

    def subtitle(self, filterset):
        return "New engineering roles with culture context and comp signals."

    def items(self, filterset):
        # The newest, whatever order the board's URL asks for: a feed lists what is new.
        return RolesById(filterset.ids(sort="newest"), Job.objects.for_list())[:FEED_ITEMS]

    def item_title(self, job):
        return f"{job.title} at {job.company.name}"

    def item_description(self, job):
        facts = render_to_string("jobs/includes/feed_facts.html", {"job": job})
        return facts + job.description_html

    def item_author_name(self, job):
        return job.company.name

    def item_categories(self, job):
        return [
            job.get_level_display(),
            job.get_track_display(),
            job.get_discipline_display(),
            job.get_workplace_display(),
        ]


job_feed = JobFeed()
