import json

import pytest

from tests.conftest import html

pytestmark = pytest.mark.django_db

URL = "/guides/how-to-become-a-tech-lead/"


def test_the_short_answer_is_shown_above_the_body(client, demo_guides):
    page = html(client.get(URL))

    summary = page.select_one(".guide__summary").get_text()
    assert summary.startswith("A tech lead is a senior engineer who owns the technical direction")
    assert page.select_one(".guide__summary").find_next("div", class_="guide__body")


def test_every_section_of_the_source_is_there(client, demo_guides):
    page = html(client.get(URL))

    headings = [h.get_text() for h in page.select(".guide__body h2, .guide__body h3")]
    for expected in [
        "Tech Lead vs. Staff Engineer vs. Engineering Manager",
        "What a Tech Lead Actually Does All Week",
        "The code you write is different",
        "The meetings you own",
        "The unblocking work is the whole game",
        "The Skills That Actually Matter",
        "1. Technical breadth over depth",
        "5. Empathy for the people who don’t get the room",
        "Path 1: Get promoted at your current company",
        "Path 2: Take the role at a smaller company",
        "Path 3: The “acting” tech lead",
        "Mistake 1: Confusing the role with a promotion",
        "Mistake 4: Not asking for the EM path early enough",
        "Compensation — What Tech Leads Get Paid",
        "Companies Where the Tech Lead Path Is Well-Defined",
        "Should You Actually Want This Role?",
    ]:
        assert expected in headings, expected
    meetings = page.find("h3", string="The meetings you own").find_next("ul")
    assert len(meetings.find_all("li")) == 4


def test_the_role_comparison_is_a_real_table_with_four_roles(client, demo_guides):
    table = html(client.get(URL)).select_one(".guide__body table")

    assert table.find("thead") is not None
    rows = [tr.find(["td", "th"]).get_text() for tr in table.select("tbody tr")]
    assert rows == [
        "Tech Lead",
        "Staff Engineer",
        "Engineering Manager",
        "TLM (Tech Lead Manager)",
    ]


def test_both_describe_you_checklists_are_there_to_tick(client, demo_guides):
    groups = html(client.get(URL)).select("#assessment fieldset")

    assert [len(group.select("input[type=checkbox]")) for group in groups[:2]] == [5, 5]
    assert "You already answer more questions than you ask" in groups[0].get_text()
    assert "You resent meetings as a category" in groups[1].get_text()


def test_the_faq_has_questions_and_answers_and_faqpage_json_ld(client, demo_guides):
    page = html(client.get(URL))

    questions = [h.get_text() for h in page.select(".faq h3")]
    assert 4 <= len(questions) <= 6
    assert all(q.endswith("?") for q in questions)
    blocks = [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]
    faq = next(b for b in blocks if b["@type"] == "FAQPage")
    assert [q["name"] for q in faq["mainEntity"]] == questions
    assert all(q["acceptedAnswer"]["text"] for q in faq["mainEntity"])


def test_tags_it_names_link_to_their_tag_pages(client, demo_guides):
    links = {a.get_text(): a["href"] for a in html(client.get(URL)).select(".guide__body a")}

    assert links["engineering-driven"] == "/companies/tags/engineering-driven/"
    assert links["flat-hierarchy"] == "/companies/tags/flat-hierarchy/"
    assert links["learning tag"] == "/companies/tags/learning/"
    assert links["Wear Many Hats"] == "/companies/tags/wear-many-hats/"
    assert links["Product Impact"] == "/companies/tags/product-impact/"
    assert links["engineering-driven and learning"] == (
        "/companies/?tag=engineering-driven&tag=learning"
    )
    assert links["IC vs. Manager Career Track"] == "/guides/ic-vs-manager-career-track/"
    assert links["Staff Engineer Career Path"] == "/guides/staff-engineer-career-path/"
    assert links["highest-paying AI companies"] == "/guides/highest-paying-ai-companies/"


def test_calls_to_action_go_to_the_filtered_board_and_directory(client, demo_guides):
    cta = html(client.get(URL)).select_one(".cta")

    buttons = {a.get_text(): a["href"] for a in cta.select("a.button")}
    assert buttons["Browse Engineering Jobs →"].startswith("/jobs/?")
    assert buttons["Engineering-Driven Companies →"] == "/companies/?tag=engineering-driven"
    assert "Find teams where senior engineers actually get to lead" in cta.get_text()


def test_guide_shows_author_dates_reading_time_and_toc(client, demo_guides):
    page = html(client.get(URL))

    meta = page.select_one(".guide__header .meta").get_text()
    assert "Maya Okafor" in meta
    assert "Last updated" in meta
    assert "min read" in meta
    assert "Staff Engineer" in page.select_one(".author-bio").get_text()
    toc_targets = [a["href"] for a in page.select("#toc a")]
    assert "#the-short-answer" in toc_targets
    for target in toc_targets:
        assert page.find(id=target[1:]) is not None, target


def test_every_link_in_every_published_guide_answers_200(client, demo_guides):
    checked = set()
    for guide in demo_guides.values():
        page = html(client.get(guide.get_absolute_url()))
        for a in page.select(".guide__body a, .faq a, .cta a"):
            href = a["href"]
            if href.startswith("#"):
                assert page.find(id=href[1:]) is not None, href
                continue
            assert href.startswith("/"), f"{guide.slug} links outside the site: {href}"
            if href not in checked:
                assert client.get(href).status_code == 200, f"{guide.slug} → {href}"
                checked.add(href)
    assert len(checked) > 20
