import json

import pytest

from companies.models import Review
from tests.conftest import (
    give_reviews,
    html,
    make_comp_signal,
    make_company,
    make_job,
    make_review,
    make_tag,
)

pytestmark = pytest.mark.django_db


def json_ld(page) -> list[dict]:
    return [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]


@pytest.fixture
def company():
    learning = make_tag("learning", name="Learning")
    company = make_company(
        "Fernhill",
        slug="fernhill",
        tags=[learning],
        ladder_names_tech_lead=True,
        ladder_url="https://fernhill.example/ladder",
        engineering_blog_url="https://fernhill.example/blog",
    )
    make_comp_signal(company, base_max=180_000, as_of="2026-06-01")
    return company


def test_company_page_shows_tags_with_evidence_signals_and_comp(client, company):
    page = html(client.get("/companies/fernhill/"))

    tag_link = page.select_one(".evidence-list a.tag")
    assert tag_link["href"] == "/companies/tags/learning/"
    assert "Seen Learning." in page.select_one(".evidence-list").get_text()
    signals = page.select_one(".signals").get_text(" ", strip=True)
    assert "Ladder names tech lead Yes" in signals
    assert page.find("a", href="https://fernhill.example/ladder") is not None
    comp = page.select_one(".data-table tbody tr").get_text(" ", strip=True)
    assert "L5 · Senior" in comp
    assert "USD 150,000–180,000" in comp
    assert "USD 230,000" in comp


def test_company_page_shows_every_sub_score_once_there_are_enough_reviews(client, company):
    give_reviews(company, 3, career=5, overall=4)
    make_review(company, status="pending", headline="Still in moderation")

    page = html(client.get("/companies/fernhill/"))

    rows = {tr.th.get_text(): tr.td.get_text() for tr in page.select(".ratings-table tbody tr")}
    assert rows["Career opportunities"] == "5.0"
    assert rows["Overall"] == "4.0"
    assert len(rows) == 6
    assert "From 3 published reviews" in page.get_text()
    assert "Still in moderation" not in page.get_text()


def test_company_json_ld_has_employer_rating_only_with_enough_reviews(client, company):
    organization = json_ld(html(client.get("/companies/fernhill/")))[0]
    assert organization["@type"] == "Organization"
    assert organization["name"] == "Fernhill"
    assert "aggregateRating" not in organization

    give_reviews(company, 3, overall=4)
    organization = json_ld(html(client.get("/companies/fernhill/")))[0]
    rating = organization["aggregateRating"]
    assert rating["@type"] == "EmployerAggregateRating"
    assert rating["ratingCount"] == 3
    assert rating["ratingValue"] == "4.00"


def test_json_ld_cannot_break_out_of_its_script_element(client):
    make_company("</script><script>alert(1)</script>", slug="breakout")

    response = client.get("/companies/breakout/")

    assert b"</script><script>alert(1)" not in response.content
    assert json_ld(html(response))[0]["name"] == "</script><script>alert(1)</script>"


def test_company_markdown_is_sanitised(client):
    make_company(
        "Hostile",
        slug="hostile",
        about="<script>alert(1)</script> [click](javascript:alert(1)) <img src=x onerror=alert(1)>",
    )

    about = html(client.get("/companies/hostile/")).find(id="about-heading").find_next("div")

    assert about.find("script") is None
    assert about.find("img") is None
    assert all(not a.get("href", "").startswith("javascript") for a in about.find_all("a"))


def test_tag_page_explains_the_tag_and_lists_its_companies(client):
    learning = make_tag("learning", name="Learning", explanation="Teams *invest* in people.")
    make_company("Learner", tags=[learning])
    make_company("Other")

    page = html(client.get("/companies/tags/learning/"))

    assert page.h1.get_text() == "Learning"
    assert page.select_one(".prose em").get_text() == "invest"
    assert [a.get_text() for a in page.select(".card__title a")] == ["Learner"]


def test_aggregates_follow_moderation(company):
    reviews = [make_review(company, status="pending", rating=5) for _ in range(3)]
    company.refresh_from_db()
    assert company.review_count == 0

    Review.objects.filter(pk__in=[r.pk for r in reviews]).moderate("published")
    company.refresh_from_db()
    assert company.review_count == 3
    assert company.rating_career == 5

    Review.objects.filter(pk=reviews[0].pk).moderate("rejected")
    company.refresh_from_db()
    assert company.review_count == 2
    assert not company.has_enough_reviews


@pytest.mark.django_db(transaction=True)
def test_detail_pages_do_a_fixed_number_of_queries(client, company, django_assert_num_queries):
    give_reviews(company, 8)
    make_job(company)
    client.get("/jobs/")  # the board's index reads the role just written
    client.get("/companies/fernhill/")  # the published guides, kept from now on (core.kept)
    # 1 company (with the role families shown, the overall scores for the ratings chart and
    # the interview summary, which the database derives), 1 tags with evidence, 1 ladder,
    # 1 recent reviews, 1 comp rows, 1 reported pay per level; the open roles: 1 what changed
    # since the board's index was read (nothing), with whether the guides kept in memory
    # changed (its related guides), 1 the roles.
    with django_assert_num_queries(8):
        assert client.get("/companies/fernhill/").status_code == 200
    client.get("/companies/")  # the order of the companies' names, read once they change
    # 1 tag with its company and open-role counts after 1 what changed since the board's index
    # was read (nothing, and read once for the whole request), which also says whether the
    # tag choices and the guides kept in memory changed (core.kept: its related guides); its
    # first companies in the directory's order: 1 the companies by id; the open roles at
    # them: 1 the roles.
    with django_assert_num_queries(4):
        assert client.get("/companies/tags/learning/").status_code == 200
    # 1 what changed since the board's index was read, 1 tags with their company and
    # open-role counts.
    with django_assert_num_queries(2):
        assert client.get("/companies/tags/").status_code == 200
