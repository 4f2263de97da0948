"""Culture tags have pages people reach: an index, each tag's page, and links to them."""

import pytest

from tests.conftest import html, make_company, make_job, make_tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def learning(db):
    tag = make_tag("learning", name="Learning", summary="Time and money for learning.")
    make_tag("flat-hierarchy", name="Flat hierarchy", summary="Few layers of management.")
    company = make_company("Fernhill", slug="fernhill", tags=[tag])
    make_company("Hidden", tags=[tag], is_listed=False)
    make_job(company)
    make_job(company)
    make_job(company, status="closed")
    return tag


def test_the_tags_index_lists_every_tag_with_its_meaning_and_counts(client, learning):
    page = html(client.get("/companies/tags/"))

    cards = {c.select_one(".card__title").get_text(): c for c in page.select(".tag-index .card")}
    assert list(cards) == ["Flat hierarchy", "Learning"]
    card = cards["Learning"]
    assert card.select_one(".card__title a")["href"] == "/companies/tags/learning/"
    assert "Time and money for learning." in card.get_text()
    links = {a.get_text(): a["href"] for a in card.select(".meta a")}
    assert links == {"1 company": "/companies/?tag=learning", "2 open roles": "/jobs/?tag=learning"}
    assert "0 companies" in cards["Flat hierarchy"].get_text()


def test_the_index_is_reachable_from_the_directory_and_in_the_sitemap(client, learning):
    directory = html(client.get("/companies/"))
    assert directory.select_one(".page-header a[href='/companies/tags/']")

    sitemap = client.get("/sitemap-pages.xml").content.decode()
    assert "/companies/tags/</loc>" in sitemap


def test_a_tag_page_offers_the_filtered_directory_and_board_and_links_the_index(client, learning):
    page = html(client.get("/companies/tags/learning/"))

    crumbs = [(a.get_text(), a["href"]) for a in page.select(".breadcrumbs a")]
    assert crumbs == [("Culture directory", "/companies/"), ("Culture tags", "/companies/tags/")]
    actions = {a["href"]: a.get_text() for a in page.select(".tag-actions a")}
    assert actions == {
        "/companies/?tag=learning": "1 company in the directory, with filters",
        "/jobs/?tag=learning": "2 open roles on the job board",
    }


def test_tag_chips_on_cards_and_role_pages_lead_to_the_tag_page(client, learning):
    job = make_job(make_company("Tagged", tags=[learning]), slug="tagged-role")

    directory = html(client.get("/companies/"))
    role = html(client.get(job.get_absolute_url()))
    board = html(client.get("/jobs/"))

    for page in [directory, role, board]:
        hrefs = {a["href"] for a in page.select("a.tag")}
        assert hrefs == {"/companies/tags/learning/"}
