import json
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import html, make_company, make_guide, make_job, make_tag

pytestmark = pytest.mark.django_db


def test_guides_are_grouped_by_section_most_recently_updated_first(client, author):
    now = timezone.now()
    make_guide(author, slug="old-path", content_updated_at=now - timedelta(days=9))
    make_guide(author, slug="new-path", content_updated_at=now - timedelta(days=1))
    make_guide(author, slug="pay", section="compensation")

    page = html(client.get("/guides/"))

    sections = {
        s.h2.get_text(): [a.get_text() for a in s.select(".card__title a")]
        for s in page.select(".guide-section")
    }
    assert sections == {"Career paths": ["New Path", "Old Path"], "Compensation": ["Pay"]}


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_drafts_and_scheduled_guides_are_hidden_everywhere(client, author, state):
    fields = (
        {"status": "draft"}
        if state == "draft"
        else {"publish_at": timezone.now() + timedelta(days=2)}
    )
    make_guide(author, slug="hidden", title="Hidden guide", **fields)
    make_guide(author, slug="shown", title="Shown guide")

    assert "Hidden guide" not in client.get("/guides/").content.decode()
    assert "Hidden guide" not in client.get("/guides/feed/").content.decode()
    assert client.get("/guides/hidden/").status_code == 404
    assert client.get("/guides/shown/").status_code == 200


def test_a_scheduled_guide_goes_live_when_its_time_comes(client, author):
    guide = make_guide(author, slug="soon", publish_at=timezone.now() + timedelta(hours=1))
    assert client.get("/guides/soon/").status_code == 404

    type(guide).objects.filter(pk=guide.pk).update(publish_at=timezone.now() - timedelta(seconds=1))

    assert client.get("/guides/soon/").status_code == 200


def test_editors_can_preview_drafts_and_the_public_cannot(client, editor_client, author):
    make_guide(author, slug="draft", title="Draft guide", status="draft")

    preview = editor_client.get("/guides/draft/preview/")
    assert preview.status_code == 200
    page = html(preview)
    assert page.h1.get_text() == "Draft guide"
    assert "this guide is a draft" in page.select_one(".notice").get_text()
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"

    client.logout()
    assert client.get("/guides/draft/preview/").status_code == 302


def test_article_and_breadcrumb_json_ld(client, author):
    make_guide(author, slug="json", title="JSON guide")

    blocks = [
        json.loads(s.string)
        for s in html(client.get("/guides/json/")).find_all("script", type="application/ld+json")
    ]

    article = next(b for b in blocks if b["@type"] == "Article")
    assert article["headline"] == "JSON guide"
    assert article["author"]["name"] == "Ada Writer"
    assert article["datePublished"]
    assert article["dateModified"]
    crumbs = next(b for b in blocks if b["@type"] == "BreadcrumbList")
    assert [item["name"] for item in crumbs["itemListElement"]] == [
        "Guides",
        "Career paths",
        "JSON guide",
    ]


def test_guide_page_has_social_tags_and_canonical(client, author):
    make_guide(author, slug="social", title="Social guide", summary="Shared summary.")

    page = html(client.get("/guides/social/"))

    assert page.find("meta", property="og:title")["content"] == "Social guide"
    assert page.find("meta", attrs={"name": "description"})["content"] == "Shared summary."
    assert page.find("link", rel="canonical")["href"].endswith("/guides/social/")


def test_guide_feed_is_atom_with_stable_ids(client, author):
    make_guide(author, slug="feed-me", title="Feed me")

    root = ET.fromstring(client.get("/guides/feed/").content)

    atom = "{http://www.w3.org/2005/Atom}"
    entry = root.find(f"{atom}entry")
    assert entry.find(f"{atom}title").text == "Feed me"
    assert entry.find(f"{atom}id").text.startswith("tag:ladder,2026:guide:")
    assert entry.find(f"{atom}updated").text


def test_live_block_shows_matching_companies_and_roles(client, author):
    ladder = make_company("Has ladder", ladder_names_tech_lead=True)
    make_company("No ladder")
    make_job(ladder, title="Tech lead role", track="tech-lead")
    make_guide(author, slug="live", directory_query="ladder=on", jobs_query="track=tech-lead")

    page = html(client.get("/guides/live/"))

    blocks = page.select(".live-block")
    assert [a.get_text() for a in blocks[0].select("li a")] == ["Has ladder"]
    assert "1 open role" in blocks[0].get_text()
    assert [a.get_text() for a in blocks[1].select("li a")] == ["Tech lead role"]


@pytest.mark.django_db(transaction=True)
def test_the_detail_query_count_does_not_grow_with_related_items(
    client, author, django_assert_num_queries
):
    main = make_guide(author, slug="main", directory_query="ladder=on", jobs_query="level=l5")
    for count in [1, 8]:
        for number in range(count):
            other = make_guide(author, slug=f"related-{count}-{number}")
            main.related.add(other)
            main.tags.add(make_tag())
            make_job(make_company(ladder_names_tech_lead=True))
        client.get("/guides/main/")  # the board's index reads the roles just written
        # 1 guide with author, 1 tags, 1 related guides, 1 tag choices + 1 what changed since
        # the board's index was read (nothing, and read once for the whole request) + 1
        # companies for the directory block, 1 roles for the jobs block, 1 its
        # self-assessment (none here).
        with django_assert_num_queries(8):
            assert client.get("/guides/main/").status_code == 200


def test_the_guide_list_query_count_is_fixed(client, author, django_assert_num_queries):
    for count in [1, 12]:
        for number in range(count):
            make_guide(author, slug=f"g-{count}-{number}")
        # 1 published guides with their authors.
        with django_assert_num_queries(1):
            client.get("/guides/")


def test_tech_lead_roles_link_the_tech_lead_guide(client, author):
    make_guide(author, slug="lead", title="Lead guide", fits_tracks=["tech-lead"])
    make_job(slug="tl-role", track="tech-lead")
    make_job(slug="ic-role", track="ic")

    assert html(client.get("/jobs/tl-role/")).select_one(".guide-for-role a")["href"] == (
        "/guides/lead/"
    )
    assert html(client.get("/jobs/ic-role/")).select_one(".guide-for-role") is None


def test_company_and_tag_pages_list_guides_about_their_tags(client, author):
    learning = make_tag("learning")
    guide = make_guide(author, slug="learn", title="Learning guide")
    guide.tags.add(learning)
    make_company("Learner", slug="learner", tags=[learning])

    for url in ["/companies/learner/", "/companies/tags/learning/"]:
        links = [a.get_text() for a in html(client.get(url)).select(".related-guides a")]
        assert links == ["Learning guide"], url


def test_the_tech_lead_guide_shows_where_the_hours_go_in_line_with_its_own_figures(
    client, demo_guides
):
    from tests.conftest import html

    page = html(client.get("/guides/how-to-become-a-tech-lead/"))
    section = page.find(id="what-a-tech-lead-actually-does-all-week")
    figure = section.find_next("figure")
    assert figure.find_previous(["h2"]) is section, "under its heading"
    assert "rough guide" in figure.figcaption.get_text()
    assert "not survey data" in figure.figcaption.get_text()
    header = [th.get_text() for th in figure.thead.find_all("th")]
    assert header == ["Well-run organisation", "Struggling organisation"]
    rows = {
        tr.th.get_text(): [td.get_text() for td in tr.find_all("td")] for tr in figure.tbody("tr")
    }
    assert list(rows) == [
        "Writing code",
        "Design reviews and docs",
        "Unblocking and pairing",
        "Planning and cross-team syncs",
        "Incidents",
        "Other meetings",
    ]

    def spans(column):
        return [
            tuple(int(n) for n in cells[column].rstrip("%").split("–")) for cells in rows.values()
        ]

    # The guide says a tech lead "codes 40–70% of the week": the two columns span exactly that,
    # more code where the organisation works.
    well_run, struggling = spans(0), spans(1)
    assert (struggling[0][0], well_run[0][1]) == (40, 70)
    assert well_run[0][0] > struggling[0][1]
    assert "Codes 40–70% of the week" in page.get_text()
    # Each column's middles make about one week.
    for column in (well_run, struggling):
        assert sum((low + high) / 2 for low, high in column) == pytest.approx(100, abs=5)
    assert (
        figure.find("svg")
        .find("desc")
        .get_text()
        .startswith("Writing code: Well-run organisation 55–70%, Struggling organisation 40–50%;")
    )
