"""What matters to a reader, and every open role ranked by it ("For you"), on the demo content
and through real URLs: the order checked against a score worked out here from the roles
themselves, the reasons on each row, honesty when nothing fits, bad input, and the page cache,
which never serves one reader's ranking to anyone."""

import json
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.urls import reverse

from alerts.models import Preferences
from companies.models import ExchangeRate
from core import pagecache
from jobs.models import Job
from jobs.ranking import WEIGHTS
from tests.alerts.conftest import make_reader
from tests.conftest import html, make_rate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_content")]

FOR_YOU = "/saved/for-you/"
PREFERENCES = "/saved/preferences/"

WANTS = {
    "tag_wear-many-hats": "2",
    "tag_product-impact": "1",
    "tag_learning": "2",
    "levels": ["l5", "l6"],
    "tracks": ["tech-lead"],
    "min_salary": "90000",
    "currency": "EUR",
    "stages": ["series-a", "series-b"],
    "workplaces": ["remote", "hybrid"],
    "countries": ["DE", "NL"],
    "sizes": ["11-50", "51-200"],
    "ladder": "on",
}


def signed_in(client, email="ranked@example.com"):
    make_rate("EUR", "0.86")
    client.force_login(make_reader(email))
    return client


def salary_usd(job: Job) -> Decimal | None:
    if job.annual_salary is None:
        return None
    if job.salary_currency == "USD":
        return Decimal(job.annual_salary)
    rate = ExchangeRate.objects.filter(currency=job.salary_currency).first()
    return Decimal(job.annual_salary) / rate.units_per_usd if rate else None


def score(job: Job, eur_per_usd: Decimal) -> int:
    """What the role scores for WANTS, worked out from its own fields and its company's."""
    company = job.company
    tags = set(company.tag_slugs)
    total = 2 * ("wear-many-hats" in tags) + ("product-impact" in tags) + 2 * ("learning" in tags)
    total += WEIGHTS["level"] * (job.level in ("l5", "l6"))
    total += WEIGHTS["track"] * (job.track == "tech-lead")
    total += WEIGHTS["stage"] * (company.stage in ("series-a", "series-b"))
    total += WEIGHTS["ladder"] * company.ladder_names_tech_lead
    total += WEIGHTS["workplace"] * (job.workplace in ("remote", "hybrid"))
    total += WEIGHTS["where"] * bool({"DE", "NL"} & set(job.hires_from))
    total += WEIGHTS["size"] * (company.size_band in ("11-50", "51-200"))
    usd = salary_usd(job)
    total += WEIGHTS["pay"] * (usd is not None and usd * eur_per_usd >= 90000)
    return total


def test_a_reader_says_what_matters_and_roles_are_ranked_by_it_with_reasons(client):
    signed_in(client)
    saved = client.post(PREFERENCES, WANTS)
    assert saved.status_code == 302, saved.context["form"].errors
    assert saved["Location"] == FOR_YOU
    prefs = Preferences.objects.get()
    assert prefs.tags == {"wear-many-hats": 2, "product-impact": 1, "learning": 2}

    page = html(client.get(FOR_YOU))
    rows = page.select(".job-row")
    assert len(rows) == 20
    eur = ExchangeRate.objects.get(currency="EUR").units_per_usd
    visible = list(Job.objects.visible().select_related("company"))
    best = max(score(job, eur) for job in visible)
    most = 5 + sum(WEIGHTS.values())
    perfect = sum(score(job, eur) == most for job in visible)
    by_slug = {job.slug: job for job in visible}
    shown = [by_slug[row.select_one(".card__title a")["href"].split("/")[-2]] for row in rows]
    scores = [score(job, eur) for job in shown]
    assert scores[0] == best
    assert scores == sorted(scores, reverse=True), "best first"
    summary = page.select_one("#summary-heading").get_text()
    if perfect:
        assert (
            summary == f"{perfect} role{'s' if perfect != 1 else ''} fit everything you asked for"
        )
    said = page.select_one(".for-you-summary").get_text()
    assert f"{len(visible):,} open roles in all" in said
    partial = sum(0 < score(job, eur) < most for job in visible)
    assert f"{partial:,} more fit part of it" in said

    # Each row says what it meets and what it misses, in words that agree with the role.
    for row, job in zip(rows, shown, strict=True):
        met = row.select_one(".fit__met")
        missed = row.select_one(".fit__missed")
        said = (met.get_text() if met else "") + " " + (missed.get_text() if missed else "")
        tags = {"wear-many-hats", "product-impact", "learning"} & set(job.company.tag_slugs)
        if tags:
            assert f"{len(tags)} of your 3 tags" in met.get_text()
        assert ("ladder names tech lead" in said) == (
            "ladder names tech lead" in (met.get_text() if met else "")
        )
        if job.company.ladder_names_tech_lead:
            assert "ladder names tech lead" in met.get_text()
        else:
            assert "ladder does not name tech lead" in missed.get_text()
        if job.track == "tech-lead":
            assert "Tech lead track" in met.get_text()
        else:
            assert "track, not Tech lead" in missed.get_text()
        if job.company.stage not in ("series-a", "series-b"):
            assert "company, not Series A or Series B" in missed.get_text()
        where = "open to where you can work"
        assert (where in (met.get_text() if met else "")) == bool(
            {"DE", "NL"} & set(job.hires_from)
        )
        pay = "pays at least your EUR 90,000 minimum"
        usd = salary_usd(job)
        if usd is None:
            assert "pay not stated" in missed.get_text()
        elif usd * eur >= 90000:
            assert pay in met.get_text()
        else:
            assert "pays below your EUR 90,000 minimum" in missed.get_text()


def test_for_you_reads_a_fixed_number_of_queries_whatever_the_page(
    client, django_assert_num_queries
):
    """The rows read only what a card shows: a column left out would cost a query a row.
    The page takes 7: the session, the reader, their preferences, the culture tags, the
    euro's rate, what changed since the board's index was read (nothing), the page of roles."""
    signed_in(client)
    client.post(PREFERENCES, WANTS)
    client.get(FOR_YOU)  # the index reads the preferences' transaction's writes once
    for number in (1, 4):
        with django_assert_num_queries(7):
            assert client.get(f"{FOR_YOU}?page={number}").status_code == 200


def test_nothing_hidden_and_honest_when_nothing_fits(client):
    signed_in(client)
    client.post(PREFERENCES, {"levels": ["l8"], "tracks": ["tech-lead-manager"], "currency": "USD"})
    eligible = Job.objects.visible().filter(level="l8", track="tech-lead-manager").count()
    page = html(client.get(FOR_YOU))
    summary = page.select_one("#summary-heading").get_text()
    if eligible == 0:
        assert "fit everything" not in summary
    total = Job.objects.visible().count()
    assert f"{total:,} open roles in all" in page.select_one(".for-you-summary").get_text()
    last = html(client.get(FOR_YOU, {"page": (total + 19) // 20}))
    assert last.select(".job-row"), "the roles that fit nothing are still there, last"


def test_without_preferences_the_page_asks_for_them(client):
    signed_in(client)
    page = html(client.get(FOR_YOU))
    assert page.select_one(".empty-state a")["href"] == PREFERENCES
    assert not page.select(".job-row")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"min_salary": "-5"}, "min_salary"),
        ({"min_salary": "1000000000000"}, "min_salary"),
        ({"min_salary": "lots"}, "min_salary"),
        ({"currency": "XXX"}, "currency"),
        ({"levels": ["l99"]}, "levels"),
        ({"tracks": ["<script>"]}, "tracks"),
        ({"countries": ["ZZ"]}, "countries"),
        ({"tag_learning": "7"}, "tag_learning"),
    ],
)
def test_bad_preferences_are_form_errors_and_never_stored(client, data, field):
    signed_in(client)
    response = client.post(PREFERENCES, {"currency": "USD", **data})
    assert response.status_code == 400
    assert html(response).select_one("[role=alert]")
    assert field in response.context["form"].errors
    assert not Preferences.objects.exists()


def test_a_self_assessment_path_fills_the_form_in_and_stores_nothing(client):
    signed_in(client)
    page = html(
        client.get(
            PREFERENCES,
            {
                "track": "tech-lead",
                "stage": ["series-a", "series-b"],
                "tag": "wear-many-hats",
                "level": "l99",
                "ladder": "on",
            },
        )
    )
    checked = {box.get("value") for box in page.select("input[type=checkbox][checked]")}
    assert {"tech-lead", "series-a", "series-b"} <= checked
    assert "l99" not in checked
    assert page.select_one("#id_ladder").has_attr("checked")
    chosen = page.select_one("#id_tag_wear-many-hats option[selected]")
    assert chosen.get_text() == "Important"
    assert not Preferences.objects.exists()
    # The result of the tech-lead guide's assessment links here along each path.
    result = html(client.get("/guides/how-to-become-a-tech-lead/assessment/"))
    links = [a["href"] for a in result.find_all("a", string="Rank every role for you by this")]
    assert len(links) == 3
    assert all(link.startswith(PREFERENCES + "?") for link in links)


def test_the_export_holds_the_preferences(client):
    signed_in(client)
    client.post(PREFERENCES, WANTS)
    exported = json.loads(client.get(reverse("accounts:export")).content)
    assert exported["preferences"]["levels"] == ["l5", "l6"]
    assert exported["preferences"]["culture_tags"]["learning"] == 2


def test_the_page_cache_never_serves_one_readers_ranking_to_anyone(client, settings, monkeypatch):
    settings.PAGE_CACHE_ENABLED = True
    settings.SITE_URL = "http://testserver"
    monkeypatch.setattr(pagecache, "STATE_TTL", 0)
    caches[settings.PAGE_CACHE].clear()
    from django.test import Client

    ada, bob, anonymous = Client(), Client(), Client()
    signed_in(ada, "ada-ranked@example.com")
    signed_in(bob, "bob-ranked@example.com")
    ada.post(PREFERENCES, {"levels": ["l3"], "currency": "USD"})
    bob.post(PREFERENCES, {"levels": ["l7"], "currency": "USD"})
    for reader, level in [(ada, "L3 · Junior"), (bob, "L7 · Senior Staff"), (ada, "L3 · Junior")]:
        response = reader.get(FOR_YOU)
        assert "X-Page-Cache" not in response.headers
        assert "private" in response["Cache-Control"]
        first = html(response).select_one(".job-row .meta li").get_text()
        assert first == level
    # An anonymous reader is asked to sign in, whatever was served before.
    for _ in range(2):
        asked = anonymous.get(FOR_YOU)
        assert asked.status_code == 302
        assert "X-Page-Cache" not in asked.headers
    caches[settings.PAGE_CACHE].clear()


def test_the_same_preferences_rank_companies_with_reasons(client):
    signed_in(client)
    client.post(PREFERENCES, WANTS)
    page = html(client.get("/saved/for-you/companies/"))
    cards = page.select(".company-card")
    assert len(cards) == 20

    wanted = {"wear-many-hats": 2, "product-impact": 1, "learning": 2}
    eur = ExchangeRate.objects.get(currency="EUR").units_per_usd

    def company_score(company) -> int:
        total = sum(w for slug, w in wanted.items() if slug in company.tag_slugs)
        total += WEIGHTS["stage"] * (company.stage in ("series-a", "series-b"))
        total += WEIGHTS["size"] * (company.size_band in ("11-50", "51-200"))
        return total + WEIGHTS["ladder"] * company.ladder_names_tech_lead

    def fitting(company) -> int:
        return sum(
            job.level in ("l5", "l6")
            and job.track == "tech-lead"
            and job.workplace in ("remote", "hybrid")
            and bool({"DE", "NL"} & set(job.hires_from))
            and (usd := salary_usd(job)) is not None
            and usd * eur >= 90000
            for job in Job.objects.visible().filter(company=company)
        )

    from companies.models import Company

    shown = [Company.objects.get(slug=c.h3.a["href"].split("/")[-2]) for c in cards]
    keys = [(company_score(c), fitting(c)) for c in shown]
    assert keys == sorted(keys, reverse=True), "best first"
    hiring = Company.objects.listed().filter(jobs__in=Job.objects.visible()).distinct()
    assert keys[0] == max((company_score(c), fitting(c)) for c in hiring)
    for card, company, (_, n) in zip(cards, shown, keys, strict=True):
        said = card.select_one(".fit").get_text()
        if n:
            assert f"{n} open role{'s' if n != 1 else ''} fit what you want of a role" in said
        else:
            assert "no open role fits what you want of a role" in said
        tags = [slug for slug in wanted if slug in company.tag_slugs]
        if tags:
            assert f"{len(tags)} of your 3 tags" in said


def test_a_minimum_in_a_currency_that_lost_its_rate_is_said_not_silently_dropped(client):
    signed_in(client)
    make_rate("CHF", "0.88")
    client.post(PREFERENCES, {"levels": ["l5"], "min_salary": "120000", "currency": "CHF"})
    ExchangeRate.objects.filter(currency="CHF").delete()
    page = html(client.get(FOR_YOU))
    assert "has no exchange rate now, so pay is left out" in page.get_text()
    assert page.select(".job-row"), "ranked by the rest"
    assert "pays" not in page.select_one(".job-row .fit").get_text()


def test_a_culture_tag_gone_from_the_directory_is_said_and_left_out(client):
    signed_in(client)
    client.post(PREFERENCES, {"tag_learning": "2", "levels": ["l5"], "currency": "USD"})
    prefs = Preferences.objects.get()
    prefs.tags = {**prefs.tags, "renamed-away": 2}
    prefs.save()
    page = html(client.get(FOR_YOU))
    assert "1 culture tag you chose is no longer in the directory" in page.get_text()
    assert "renamed-away" not in page.select_one(".job-list").get_text()
    assert "of your 1 tag" in page.get_text()
    assert "of your 1 tags" not in page.get_text()
