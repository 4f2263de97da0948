import re
from collections import Counter
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.db import connection

from companies.models import (
    MIN_REVIEWS_FOR_RATING,
    Company,
    CompanyTag,
    CompSignal,
    CultureTag,
    Level,
    Review,
    Stage,
)
from jobs.models import COMP_TRACK, Discipline, Job, Track, Workplace
from tests.conftest import html
from website import demo

# The demo content is loaded once for the module (tests/conftest.py) on each parallel worker
# that runs its tests.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_content")]


def test_demo_content_is_varied_and_loading_it_twice_adds_nothing():
    counts = (
        Company.objects.count(),
        Review.objects.count(),
        CompanyTag.objects.count(),
        Job.objects.count(),
    )

    call_command("load_demo", verbosity=0)

    assert (
        Company.objects.count(),
        Review.objects.count(),
        CompanyTag.objects.count(),
        Job.objects.count(),
    ) == counts
    assert counts[0] == 60
    assert set(Company.objects.values_list("stage", flat=True)) == set(Stage.values)
    used = set(CompanyTag.objects.values_list("tag__slug", flat=True))
    assert used == set(CultureTag.objects.values_list("slug", flat=True))
    sizes = Company.objects.values_list("employee_count", flat=True)
    assert min(sizes) == 8
    assert max(sizes) == 20000
    rated = Company.objects.filter(review_count__gte=MIN_REVIEWS_FOR_RATING)
    assert rated.filter(rating_career__lt=4).exists()
    assert rated.filter(rating_career__gte=4).exists()
    assert Company.objects.filter(review_count__lt=3).exists()
    assert Review.objects.filter(status="pending").exists()


def test_demo_roles_cover_the_board_and_include_closed_and_expired_ones():
    visible = Job.objects.visible()
    assert 1200 <= Job.objects.count() <= 1800
    assert set(visible.values_list("level", flat=True)) == set(Level.values)
    assert set(visible.values_list("track", flat=True)) == set(Track.values)
    assert set(visible.values_list("discipline", flat=True)) == set(Discipline.values)
    assert set(visible.values_list("workplace", flat=True)) == set(Workplace.values)
    assert Job.objects.filter(status="closed").exists()
    assert Job.objects.expired().filter(status="published").exists()
    listed = visible.filter(salary_min__isnull=False).count()
    assert visible.count() * 0.6 < listed < visible.count()
    hiring = Company.objects.with_open_role_count().filter(open_role_count__gt=0).count()
    assert hiring == Company.objects.filter(jobs__in=visible).distinct().count()


# The demo must read as real. These rules are checked on the loaded content, through the same
# data files the loader reads.


@pytest.fixture
def demo_site():
    return {row["slug"]: row for row in demo.companies_data()}


def test_no_review_text_is_repeated_within_a_company(demo_site):
    for company in Company.objects.all():
        reviews = list(company.reviews.values_list("headline", "pros", "cons"))
        for index, field in enumerate(["headline", "pros", "cons"]):
            texts = [review[index] for review in reviews]
            assert len(set(texts)) == len(texts), (company.slug, field)
        sentences = [
            s for _, pros, cons in reviews for s in re.split(r"(?<=\.) ", pros + " " + cons)
        ]
        assert len(set(sentences)) == len(sentences), company.slug
    pros = Counter(Review.objects.values_list("pros", flat=True))
    assert len(pros) > 0.8 * Review.objects.count()


# (companies the rule applies to, what their reviews must never say)
REVIEW_RULES = [
    (lambda c: c.remote_policy == "remote-first", r"commut|the office|office days|in the office"),
    (lambda c: c.employee_count >= 1000 or c.stage == "public", r"startup chaos|founders|runway"),
    (lambda c: c.employee_count < 200, r"reorg|layoff|steering committee"),
    (lambda c: c.stage != "public", r"stock has dropped|refreshes are real"),
    (lambda c: not c.ladder_names_tech_lead, r"tech lead"),
    (lambda c: c.industry != "ai", r"GPU|training runs|model gains"),
    (
        lambda c: {"work-life-balance", "sustainable-pace"} & set(c.tag_slugs),
        r"weekends are not off limits|crunch|brutal|burnout",
    ),
]


def test_reviews_fit_the_facts_of_their_company(demo_site):
    checked = Counter()
    for company in Company.objects.prefetch_related("reviews"):
        for index, (applies, forbidden) in enumerate(REVIEW_RULES):
            if not applies(company):
                continue
            for review in company.reviews.all():
                text = f"{review.headline} {review.pros} {review.cons}"
                assert not re.search(forbidden, text, re.I), (company.slug, forbidden, text)
                checked[index] += 1
    assert all(checked[index] for index in range(len(REVIEW_RULES)))


def test_review_headlines_match_their_rating_and_are_as_varied_as_the_texts(demo_site):
    parts = demo.data("reviews")
    written = {part["text"]: part["mood"] for part in parts["headline"]}
    good, bad = (
        [phrase for topic in parts["phrases"].values() for phrase in topic.get(side, [])]
        for side in ("good", "bad")
    )

    def pairs(firsts, seconds):
        return {f"{a}, {demo._lowered(b)}" for a in firsts for b in seconds}

    # The headlines that may be put together from phrases, for each mood.
    composed = {
        "positive": {*good, *pairs(good, good)},
        "mixed": pairs(good, bad),
        "negative": {*bad, *pairs(bad, bad)},
    }
    reviews = list(Review.objects.values_list("headline", "rating_overall"))
    for headline, overall in reviews:
        mood = next(m for m, v in parts["moods"].items() if overall in v["ratings"])
        assert written.get(headline) == mood or headline in composed[mood], (headline, overall)
    headlines = Counter(headline for headline, _ in reviews)
    assert len(headlines) > 0.6 * len(reviews)
    assert headlines.most_common(1)[0][1] <= 5


def test_every_salary_is_in_its_countrys_band_and_currency(demo_site):
    listed = Job.objects.filter(salary_min__isnull=False).select_related("company")
    assert listed.count() > 1000
    for job in listed:
        country = job.country or demo_site[job.company.slug]["country"]
        low, high = demo.pay_band(country, job.level)
        assert job.salary_currency == demo.currency_of(country), job.slug
        assert low <= job.salary_min < job.salary_max <= high, (job.slug, country)
    warsaw = Job.objects.filter(city="Warsaw", salary_min__isnull=False)
    assert warsaw.exists()
    assert set(warsaw.values_list("salary_currency", flat=True)) == {"PLN"}
    assert set(Job.objects.filter(country="GB").values_list("salary_currency", flat=True)) == {
        "GBP"
    }


def test_pay_bands_rise_with_level():
    for code, country in demo.data("locations")["country"].items():
        bands = [country[level] for level in Level.values]
        assert all(a[0] < b[0] and a[1] < b[1] for a, b in pairwise(bands)), code


def test_comp_signals_are_in_the_home_currency_and_match_home_roles(demo_site):
    for signal in CompSignal.objects.select_related("company"):
        home = demo_site[signal.company.slug]["country"]
        assert signal.currency == demo.currency_of(home)
        low, high = demo.pay_band(home, signal.level)
        assert low <= signal.base_min < signal.base_max <= high
    signals = {(s.company_id, s.level, s.track): s for s in CompSignal.objects.all()}
    home_roles = [
        job
        for job in Job.objects.filter(salary_min__isnull=False).select_related("company")
        if (job.country or demo_site[job.company.slug]["country"])
        == demo_site[job.company.slug]["country"]
    ]
    assert home_roles
    for job in home_roles:
        signal = signals[(job.company_id, job.level, COMP_TRACK[job.track])]
        assert (job.salary_min, job.salary_max, job.salary_currency) == (
            signal.base_min,
            signal.base_max,
            signal.currency,
        )


def test_demo_ladders_cover_exactly_the_levels_each_company_pays_and_hires_at(demo_site):
    ladders = Counter()
    for company in Company.objects.prefetch_related("ladder_levels", "comp_signals"):
        paid = {(signal.track, signal.level) for signal in company.comp_signals.all()}
        levels = list(company.ladder_levels.in_ladder_order())
        if not demo_site[company.slug]["ladder"]:
            assert not levels, company.slug
            continue
        ladders[company.ladder_names_tech_lead] += 1
        covered = [(level.track, step) for level in levels for step in level.levels]
        assert sorted(covered) == sorted(paid), company.slug
        assert company.ladder_url, company.slug
        assert company.ladder_verified_on, company.slug
        hired = {
            (COMP_TRACK[track], level)
            for track, level in company.jobs.values_list("track", "level")
        }
        assert hired <= paid, company.slug
        # Tech-lead roles are posted only at the levels where its ladder names tech lead.
        leads = {step for level in levels if level.tech_lead for step in level.levels}
        lead_roles = set(
            company.jobs.filter(track__in=["tech-lead", "tech-lead-manager"]).values_list(
                "level", flat=True
            )
        )
        assert lead_roles <= leads, company.slug
    assert ladders[True] > 20, ladders
    assert ladders[False] >= 4, ladders


def test_demo_interviews_fit_their_company_and_some_are_summed_up(client, demo_site):
    from companies.models import InterviewExperience

    stages = demo.data("interviews")["stages"]
    for company in Company.objects.prefetch_related("interviews"):
        size = demo_site[company.slug]["employee_count"]
        kind = "small" if size < 50 else "medium" if size < 1000 else "large"
        texts = [experience.questions for experience in company.interviews.all()]
        assert len(set(texts)) == len(texts), company.slug
        for experience in company.interviews.all():
            assert set(experience.stages) <= set(stages[kind]), company.slug
    summed = [
        company
        for company in Company.objects.all()
        if (summary := company.interview_summary()) is not None and summary.enough
    ]
    assert len(summed) >= 10
    assert InterviewExperience.objects.filter(status="pending").exists()
    shown = summed[0]
    assert "Typical stages" in html(client.get(shown.get_absolute_url())).get_text()


def test_disciplines_fit_the_industry(demo_site):
    embedded = set(
        Job.objects.filter(discipline="embedded").values_list("company__slug", flat=True)
    )
    assert embedded
    for slug in embedded:
        assert demo_site[slug]["makes_hardware"], slug
    assert not Job.objects.filter(
        company__industry__in=["fintech", "enterprise-saas"], discipline="embedded"
    ).exists()


def test_titles_are_unique_per_company_and_managers_carry_no_ic_title(demo_site):
    for company in Company.objects.all():
        titles = list(company.jobs.values_list("title", flat=True))
        assert len(set(titles)) == len(titles), company.slug
    ic_titles = [t for d in demo.data("roles")["discipline"].values() for t in d["titles"]]
    managers = Job.objects.filter(track__in=["engineering-manager", "tech-lead-manager"])
    assert managers.count() > 100
    for title in managers.values_list("title", flat=True):
        assert not any(ic in title for ic in ic_titles), title
        assert "(" not in title, title


def test_the_demo_content_is_derived_like_everything_else():
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT count(*) FROM companies_company c WHERE c.review_count <>
               (SELECT count(*) FROM companies_review r
                 WHERE r.company_id = c.id AND r.status = 'published')"""
        )
        assert cursor.fetchone() == (0,)
    assert not Job.objects.filter(description_html="").exists()


def _guide_pages(client) -> list[str]:
    from guides.models import Guide

    return [guide.get_absolute_url() for guide in Guide.objects.for_list()]


def test_internal_links_on_guides_and_list_pages_are_canonical(client):
    from tests.conftest import html

    pages = ["/guides/", *_guide_pages(client), "/jobs/?page=2", "/jobs/?page=3"]
    pages += ["/companies/?page=2"]
    links = set()
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        for anchor in html(response).select("main a[href^='/']"):
            links.add(anchor["href"].split("#")[0])
    assert len(links) > 50
    redirected = {}
    for link in sorted(links):
        response = client.get(link)
        # Pages for signed-in readers send others to sign in first; that is no detour.
        signing_in = response.get("Location", "").startswith("/account/login/")
        if response.status_code in (301, 302, 307, 308) and not signing_in:
            redirected[link] = response["Location"]
    assert redirected == {}


def test_a_guides_breadcrumb_data_is_the_trail_the_page_shows(client):
    import json

    from tests.conftest import html

    for path in _guide_pages(client):
        page = html(client.get(path))
        shown = [li.get_text(strip=True) for li in page.select("nav.breadcrumbs li")]
        scripts = [json.loads(s.string) for s in page.select('script[type="application/ld+json"]')]
        (trail,) = [data for data in scripts if data["@type"] == "BreadcrumbList"]
        assert [item["name"] for item in trail["itemListElement"]] == shown, path
        links = [a["href"] for a in page.select("nav.breadcrumbs li a")]
        assert [item["item"] for item in trail["itemListElement"][:-1]] == [
            "http://testserver" + link for link in links
        ]


def test_the_tech_lead_guides_call_to_action_counts_the_roles_it_links_to(client):
    from tests.conftest import html

    page = html(client.get("/guides/how-to-become-a-tech-lead/"))
    cta = page.select_one("section.cta")
    board = html(client.get(cta.select_one("a.button")["href"]))
    count = board.select_one(".result-count").get_text(strip=True).split()[0]
    assert f"Browse {count} open tech-lead roles" in cta.get_text(" ", strip=True)
    assert "thousands" not in cta.get_text()


def test_a_role_page_names_its_track_with_the_right_article(client):
    from tests.conftest import html

    manager = Job.objects.visible().filter(track=Track.ENGINEERING_MANAGER).first()
    lead = Job.objects.visible().filter(track=Track.TECH_LEAD).first()
    asides = {
        job.track: html(client.get(job.get_absolute_url())).select_one(".guide-for-role h2")
        for job in (manager, lead)
    }
    assert asides[Track.ENGINEERING_MANAGER].get_text() == (
        "Thinking about an engineering manager role?"
    )
    assert asides[Track.TECH_LEAD].get_text() == "Thinking about a tech lead role?"
