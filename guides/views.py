from itertools import groupby

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import transaction
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from companies.filters import CompanyFilter
from companies.models import Company
from core import pagecache
from core.admin import staff_permission_required
from core.feeds import EntryFeed
from core.filtering import canonical_query
from core.markdown import parse_internal_link, resolve_internal_link
from core.seo import breadcrumb_json_ld
from guides import assessments
from guides.models import Assessment, Guide, KeptResult, Section
from jobs.filters import JobFilter

# The most assessment results one account keeps.
MAX_KEPT_RESULTS = 50
LIVE_COMPANIES = 6
LIVE_JOBS = 5
# In a call to action's text: the number of open roles its jobs link lists.
ROLES_PLACEHOLDER = "{roles}"


@require_safe
def guide_list(request):
    guides = sorted(
        Guide.objects.for_list(),
        key=lambda guide: (
            list(Section.values).index(guide.section),
            -guide.content_updated_at.timestamp(),
        ),
    )
    sections = [
        (section, Section(section).label, list(items))
        for section, items in groupby(guides, key=lambda guide: guide.section)
    ]
    return render(request, "guides/guide_list.html", {"sections": sections})


@require_safe
def guide_detail(request, slug):
    guide = get_object_or_404(Guide.objects.for_detail().published(), slug=slug)
    return _render_guide(request, guide, preview=False)


@staff_permission_required("guides.change_guide", "guides.view_guide")
@require_safe
def guide_preview(request, slug):
    """Any guide, draft or scheduled, exactly as the public will see it; for staff who may
    see guides in admin."""
    guide = get_object_or_404(Guide.objects.for_detail(), slug=slug)
    return _render_guide(request, guide, preview=True)


def _link(value: str) -> str:
    link = parse_internal_link(value)
    return resolve_internal_link(link) if link else ""


def _cta_text(guide: Guide) -> str:
    """The call to action's text, with {roles} standing for how many open roles its jobs link
    lists now."""
    if ROLES_PLACEHOLDER not in guide.cta_text:
        return guide.cta_text
    link = parse_internal_link(guide.cta_jobs)
    target = link.target if link and link.kind == "jobs" else ""
    count = len(JobFilter(QueryDict(target.lstrip("?"))).ids())
    return guide.cta_text.replace(ROLES_PLACEHOLDER, intcomma(count))


def _render_guide(request, guide: Guide, *, preview: bool):
    companies = jobs = jobs_feed_url = None
    companies_url = reverse("companies:list")
    jobs_url = reverse("jobs:list")
    if guide.directory_query:
        query = QueryDict(guide.directory_query)
        directory = CompanyFilter(query, queryset=Company.objects.listed())
        companies = directory.results(Company.objects.listed().with_rates_as_of())[:LIVE_COMPANIES]
        companies_url += canonical_query(directory, query)
    if guide.jobs_query:
        query = QueryDict(guide.jobs_query)
        board = JobFilter(query)
        jobs = board.first(LIVE_JOBS)
        jobs_feed_url = reverse("jobs:feed") + canonical_query(board, query)
        jobs_url += canonical_query(board, query)
    return render(
        request,
        "guides/guide_detail.html",
        {
            "guide": guide,
            "preview": preview,
            "tags": guide.tags.all(),
            "related": guide.related.for_list(),
            "live_companies": companies,
            "live_companies_url": companies_url,
            "live_jobs": jobs,
            "live_jobs_url": jobs_url,
            "live_jobs_feed_url": jobs_feed_url,
            "cta_text": _cta_text(guide),
            "cta_jobs_url": _link(guide.cta_jobs),
            "cta_companies_url": _link(guide.cta_companies),
            "assessment": _assessment(guide),
            "json_ld": guide_json_ld(request, guide),
            "now": timezone.now(),
        },
    )


def _assessment(guide: Guide) -> Assessment | None:
    """The guide's self-assessment with its statements, if it has one."""
    return (
        Assessment.objects.filter(guide=guide)
        .select_related("guide")
        .prefetch_related("statements", "outcomes", "verdicts")
        .first()
    )


@require_safe
def assessment_result(request, slug):
    """What the statements a reader ticked suggest, and where each path leads, with live
    counts. The link holds only the ticked statements' keys, so it can be shared, and the page
    reads nothing of the session, so it is cached like any other."""
    guide, assessment = _guide_with_assessment(slug)
    result = assessments.score(assessment, request.GET)
    pagecache.keyed_by("ticked")
    # Stored only under the canonical link: each key once, in the assessment's order.
    if result.notices or request.GET.getlist("ticked") != result.keys:
        pagecache.uncanonical()
    return render(
        request,
        "guides/assessment_result.html",
        {
            "guide": guide,
            "assessment": assessment,
            "result": result,
            "ticked": set(result.keys),
            "canonical_url": result.url,
            "breadcrumbs": breadcrumb_json_ld(
                request,
                [
                    ("Guides", reverse("guides:list")),
                    (guide.title, guide.get_absolute_url()),
                    ("Your result", assessment.get_absolute_url()),
                ],
            ),
        },
    )


def _guide_with_assessment(slug: str) -> tuple[Guide, Assessment]:
    guide = get_object_or_404(Guide.objects.for_detail().published(), slug=slug)
    assessment = _assessment(guide)
    if assessment is None:
        raise Http404("This guide has no self-assessment.")
    return guide, assessment


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def keep_result(request, slug):
    """Keep a result in the reader's account, to come back to: the result page links here
    (signing in first if need be), and this page asks before keeping."""
    guide, assessment = _guide_with_assessment(slug)
    data = request.POST if request.method == "POST" else request.GET
    result = assessments.score(assessment, data, counted=False)
    # Kept sorted, so that statements an editor reorders later still find the same answer.
    kept_keys = sorted(result.keys)
    already = KeptResult.objects.filter(
        user=request.user, assessment=assessment, ticked=kept_keys
    ).first()
    if request.method == "POST" and already is None:
        with transaction.atomic():
            # One reader's concurrent keeps wait for each other here, so the limit holds.
            get_user_model().objects.select_for_update().filter(pk=request.user.pk).first()
            if KeptResult.objects.filter(user=request.user).count() >= MAX_KEPT_RESULTS:
                messages.error(
                    request,
                    f"Your account keeps at most {MAX_KEPT_RESULTS} results. Forget one you "
                    "no longer need to keep this one.",
                )
                return redirect("accounts:home")
            KeptResult.objects.get_or_create(
                user=request.user, assessment=assessment, ticked=kept_keys
            )
        messages.success(request, f"Kept your result for “{guide.title}”.")
        return redirect("accounts:home")
    if request.method == "POST":
        messages.info(request, "You had kept this result already.")
        return redirect("accounts:home")
    return render(
        request,
        "guides/keep_result.html",
        {"guide": guide, "assessment": assessment, "result": result, "already": already},
    )


@login_required
@require_POST
def forget_result(request, pk):
    kept = get_object_or_404(KeptResult.objects.filter(user=request.user), pk=pk)
    kept.delete()
    messages.success(request, "That result is forgotten.")
    return redirect("accounts:home")


def guide_json_ld(request, guide: Guide) -> dict:
    """Article, FAQPage and BreadcrumbList data for a guide; all of it is on the page."""
    url = request.build_absolute_uri(guide.get_absolute_url())
    article = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": guide.title,
        "description": guide.summary,
        "author": {"@type": "Person", "name": guide.author.name},
        "datePublished": guide.publish_at.isoformat(),
        "dateModified": guide.content_updated_at.isoformat(),
        "mainEntityOfPage": url,
        "publisher": {"@type": "Organization", "name": "Ladder"},
    }
    faq = None
    if guide.faq:
        faq = {
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "mainEntity": [
                {
                    "@type": "Question",
                    "name": item["question"],
                    "acceptedAnswer": {"@type": "Answer", "text": item["answer_html"]},
                }
                for item in guide.faq
            ],
        }
    breadcrumbs = breadcrumb_json_ld(
        request,
        [
            ("Guides", reverse("guides:list")),
            (guide.get_section_display(), section_url(guide.section)),
            (guide.title, guide.get_absolute_url()),
        ],
    )
    return {"article": article, "faq": faq, "breadcrumbs": breadcrumbs}


def section_url(section: str) -> str:
    """Where a section of guides is listed: its heading on the guides page."""
    return f"{reverse('guides:list')}#section-{section}"


class GuideFeed(EntryFeed):
    title = "Ladder guides"
    subtitle = "Long-form career guides for software engineers."
    entry_kind = "guide"
    published_attribute = "publish_at"
    updated_attribute = "content_updated_at"

    def link(self):
        return reverse("guides:list")

    def feed_url(self):
        return reverse("guides:feed")

    def items(self):
        return Guide.objects.for_list().order_by("-publish_at")[:30]

    def item_title(self, guide):
        return guide.title

    def item_description(self, guide):
        return guide.summary

    def item_author_name(self, guide):
        return guide.author.name


guide_feed = GuideFeed()
