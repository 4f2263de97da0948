import json
from datetime import timedelta

import pytest
from django.utils import timezone

from jobs import board
from tests.conftest import give_reviews, html, make_comp_signal, make_company, make_job, make_tag

pytestmark = pytest.mark.django_db


def json_ld(page) -> list[dict]:
    return [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]


@pytest.fixture
def company():
    company = make_company(
        "Fernhill",
        slug="fernhill",
        tags=[make_tag("learning", name="Learning")],
        ladder_names_tech_lead=True,
        engineering_blog_url="https://fernhill.example/blog",
    )
    give_reviews(company, 4, career=5)
    make_comp_signal(company, base_max=170_000, total_comp=210_000, as_of="2026-05-01")
    return company


def test_job_page_carries_the_culture_context(client, company):
    make_job(company, slug="senior-api", title="Senior API Engineer", level="l5", track="tech-lead")

    page = html(client.get("/jobs/senior-api/"))

    panel = page.select_one(".culture-context")
    assert panel.select_one("a.tag")["href"] == "/companies/tags/learning/"
    assert "5.0" in panel.select_one(".rating").get_text()
    assert "4 reviews" in panel.get_text()
    assert "USD 150,000–170,000" in panel.select_one(".comp-signal").get_text()
    assert "Ladder names tech lead: yes" in panel.get_text()
    # Straight to the role's own application page, pinging the click counter on the way.
    assert page.select_one(".apply-button")["href"] == "https://example.com/apply"
    assert page.select_one(".apply-button")["ping"] == "http://testserver/jobs/senior-api/apply/"


def test_similar_open_roles_are_offered(client, company):
    make_job(company, slug="one", discipline="data")
    make_job(slug="two", discipline="data", title="Data Engineer")
    make_job(slug="three", discipline="mobile", title="iOS Engineer")
    make_job(slug="closed-data", discipline="data", status="closed", title="Closed data")

    similar = [a.get_text() for a in html(client.get("/jobs/one/")).select(".similar-roles a")]

    assert similar == ["Data Engineer"]


def test_similar_roles_are_the_same_level_first_then_the_newest_and_only_open_ones(client, company):
    make_job(company, slug="me", title="me", discipline="platform", level="l5")
    hidden = make_company(slug="hidden", is_listed=False)
    for slug, level, days_old, status in [
        ("senior-old", "l5", 9, "published"),
        ("senior-new", "l5", 2, "published"),
        ("staff-newest", "l6", 1, "published"),
        ("mid-new", "l4", 3, "published"),
        ("mid-old", "l4", 8, "published"),
        ("senior-closed", "l5", 1, "closed"),
    ]:
        make_job(company, slug=slug, title=slug, discipline="platform", level=level,
                 days_old=days_old, status=status)  # fmt: skip
    make_job(company, slug="senior-expired", title="senior-expired", discipline="platform",
             level="l5", expires_at=timezone.now() - timedelta(hours=1))  # fmt: skip
    make_job(hidden, slug="senior-unlisted", title="senior-unlisted", discipline="platform",
             level="l5")  # fmt: skip
    make_job(company, slug="data-senior", title="data-senior", discipline="data", level="l5")

    page = html(client.get("/jobs/me/"))

    similar = [a.get_text() for a in page.select(".similar-roles a")]
    assert similar == ["senior-new", "senior-old", "staff-newest", "mid-new"]
    assert page.select_one(".job-closed") is None
    closed = html(client.get("/jobs/senior-closed/"))
    assert closed.select_one(".job-closed") is not None
    assert [a.get_text() for a in closed.select(".similar-roles a")] == [
        "me",
        "senior-new",
        "senior-old",
        "staff-newest",
    ]


def test_onsite_job_posting_json_ld(client, company):
    make_job(company, slug="onsite", city="Berlin", country="DE", employment_type="full-time")

    posting = json_ld(html(client.get("/jobs/onsite/")))[0]

    assert posting["@type"] == "JobPosting"
    for field in ["title", "description", "datePosted", "validThrough", "identifier"]:
        assert posting[field]
    assert posting["hiringOrganization"]["name"] == "Fernhill"
    assert posting["employmentType"] == "FULL_TIME"
    assert posting["jobLocation"]["address"]["addressLocality"] == "Berlin"
    assert posting["jobLocation"]["address"]["addressCountry"] == "DE"
    assert posting["baseSalary"]["currency"] == "USD"
    assert posting["baseSalary"]["value"]["minValue"] == 90_000
    assert "jobLocationType" not in posting


def test_remote_job_posting_json_ld(client, company):
    make_job(
        company,
        slug="remote",
        workplace="remote",
        city="",
        country="",
        remote_regions=["europe"],
        salary_min=None,
        salary_max=None,
    )

    page = html(client.get("/jobs/remote/"))
    posting = json_ld(page)[0]

    assert posting["jobLocationType"] == "TELECOMMUTE"
    requirements = posting["applicantLocationRequirements"]
    assert {"@type": "Country", "name": "DE"} in requirements
    assert {"@type": "Country", "name": "PT"} in requirements
    assert {"@type": "Country", "name": "US"} not in requirements
    assert "jobLocation" not in posting
    assert "baseSalary" not in posting
    assert "Remote · Europe" in page.get_text()


@pytest.mark.parametrize("how", ["closed", "expired"])
def test_closed_and_expired_roles_say_so_without_json_ld(client, company, how):
    if how == "closed":
        make_job(company, slug="gone", status="closed")
    else:
        make_job(company, slug="gone", days_old=90, expires_at=timezone.now() - timedelta(days=1))
    make_job(slug="alternative", title="Still open")

    response = client.get("/jobs/gone/")

    assert response.status_code == 200
    page = html(response)
    assert "This role is closed" in page.select_one(".job-closed").get_text()
    assert [block["@type"] for block in json_ld(page)] == ["BreadcrumbList"]
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert page.select_one(".apply-button") is None
    assert [a.get_text() for a in page.select(".similar-roles a")] == ["Still open"]


def test_drafts_are_not_found(client):
    make_job(slug="draft", status="draft")
    assert client.get("/jobs/draft/").status_code == 404
    assert client.get("/jobs/no-such-role/").status_code == 404


def test_company_page_lists_its_open_roles(client, company):
    make_job(company, title="Open one")
    make_job(company, title="Closed one", status="closed")

    page = html(client.get("/companies/fernhill/"))

    assert [a.get_text() for a in page.select(".open-roles li > a")] == ["Open one"]


def test_job_page_names_the_level_as_the_companys_ladder_does(client, company):
    from tests.conftest import make_ladder

    make_ladder(company, [("Manager", "l5", "l6", "")], track="manager")
    make_job(company, slug="senior", level="l5", track="ic")
    make_job(company, slug="staff-lead", level="l6", track="tech-lead")
    make_job(company, slug="manager", level="l6", track="engineering-manager")
    make_job(company, slug="junior", level="l3", track="ic")

    def said(slug):
        found = html(client.get(f"/jobs/{slug}/")).select_one(".ladder-name")
        return " ".join(found.get_text(" ", strip=True).split()) if found else None

    # The company's ladder (tests/conftest.py): Senior Engineer (L5), Tech Lead (L6, a level).
    assert said("senior") == (
        "On Fernhill's ladder this level is Senior Engineer . What would I be here?"
    )
    assert said("staff-lead") == (
        "On Fernhill's ladder this level is Tech Lead (tech lead level). What would I be here?"
    )
    assert said("manager") == "On Fernhill's ladder this level is Manager . What would I be here?"
    assert said("junior") is None


def test_job_page_query_count_is_pinned(client, company, django_assert_num_queries):
    make_job(company, slug="pinned")
    for _ in range(6):
        make_job(discipline="backend")
    board.current_index()
    client.get("/jobs/pinned/")  # the tags and guides, read once until one changes (core.kept)
    # 1 job with company, 1 the board's index looking for changes (whether the role is open,
    # which roles are like it) and, in the same query, whether the culture tags, rates or
    # guides kept in memory changed (the company's tags come from its tag_slugs, the guide
    # that fits the role from the published guides), 1 comp signal, 1 reported pay for the
    # level, 1 the company's name for the level, 1 the similar roles by id.
    with django_assert_num_queries(6):
        assert client.get("/jobs/pinned/").status_code == 200


def test_staff_preview_a_draft_role_and_the_public_cannot(client, editor_client, company):
    make_job(company, slug="draft-role", status="draft", title="Draft role")

    page = html(editor_client.get("/jobs/draft-role/preview/"))

    assert page.h1.get_text() == "Draft role"
    assert "this role is draft" in page.select_one(".notice").get_text()
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    client.logout()
    assert client.get("/jobs/draft-role/preview/").status_code == 302
    assert client.get("/jobs/draft-role/").status_code == 404
