"""The guides' self-assessments on the demo content, through real URLs: the form on the guide,
the result it gives (counts, verdict, the path that fits and its live lists), what a tampered
link gets, keeping a result and turning a list into a saved search."""

import json
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import reverse

from alerts.models import SavedSearch
from guides.models import Assessment, KeptResult, Side
from tests.alerts.conftest import make_reader
from tests.conftest import html

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_content")]

TECH_LEAD = "/guides/how-to-become-a-tech-lead/"
RESULT = "/guides/how-to-become-a-tech-lead/assessment/"


def result_of(client, *keys: str, path: str = RESULT):
    response = client.get(path, [("ticked", key) for key in keys])
    assert response.status_code == 200
    return html(response)


def listed_count(client, url: str) -> int:
    """How many the list page itself says it holds."""
    page = html(client.get(url))
    return int(page.select_one(".result-count").get_text(strip=True).split()[0].replace(",", ""))


def test_the_guide_shows_its_checklists_as_a_form_that_needs_no_script(client):
    page = html(client.get(TECH_LEAD))
    section = page.find(id="assessment")
    form = section.find("form")

    assert form["method"] == "get"
    assert form["action"] == RESULT
    legends = [legend.get_text() for legend in form.find_all("legend")]
    assert legends == [
        "If these describe you, you'll probably love it",
        "If these describe you, think twice",
        "About you and where you work",
    ]
    boxes = form.select("input[type=checkbox][name=ticked]")
    assessment = Assessment.objects.get(guide__slug="how-to-become-a-tech-lead")
    assert [box["value"] for box in boxes] == [s.key for s in assessment.statements.all()]
    for box in boxes:
        assert form.find("label", attrs={"for": box["id"]}).get_text()
    assert "You've written a design doc without being asked to." in form.get_text()
    assert form.find("button", type="submit")
    # Where the guide promised its lists, in its table of contents, before the FAQ.
    toc = [a["href"] for a in page.select("#toc a")]
    assert toc.index("#assessment") == toc.index("#faq") - 1
    # The sanitiser's empty checklists are gone from the body.
    assert not page.select(".guide__body .task-list")


# Three for, one against, and what the reader told: two ticks towards path 2, one towards 1.
ANSWER = [
    "answers-questions",
    "unasked-design-doc",
    "mentored",
    "resent-meetings",
    "large-company",
    "would-move-smaller",
    "run-design-reviews",
]


def test_a_result_counts_each_side_names_a_verdict_and_the_path_that_fits(client):
    page = result_of(client, *ANSWER)

    count = page.select_one(".assessment-count").get_text(" ", strip=True)
    assert count == ("You ticked 3 of 5 statements that count for, and 1 of 5 that count against.")
    assert page.select_one("#verdict-heading").get_text() == "You'll probably love it"
    best = page.select_one(".assessment-path--best")
    assert best.h2.get_text() == "The path that fits: Path 2: Take the role at a smaller company"
    because = [li.get_text() for li in best.find_all("ul")[0].find_all("li")]
    assert because == [
        "I work at a company of more than 500 people.",
        "I'd move to a smaller company to get the role sooner.",
    ]
    others = [h3.get_text() for h3 in page.select(".assessment-path h3")]
    assert others == [
        "Path 1: Get promoted at your current company",
        "Path 3: Turn acting experience into the next job",
    ]
    # The answers come back ticked, to change them.
    ticked = {box["value"] for box in page.select("#answers input[checked]")}
    assert ticked == set(ANSWER)


@pytest.mark.parametrize(
    ("keys", "verdict"),
    [
        (["answers-questions", "mentored"], "You'll probably love it"),
        (["answers-questions", "mentored", "resent-meetings"], "Go in with your eyes open"),
        (["answers-questions", "resent-meetings"], "Go in with your eyes open"),
        (["resent-meetings"], "Think twice"),
        (["resent-meetings", "deep-work-only", "smartest-in-room"], "Think twice"),
        (["acting-already"], "Tick what sounds like you"),
        ([], "Tick what sounds like you"),
    ],
)
def test_the_verdict_follows_the_count_the_way_the_guide_weighs_it(client, keys, verdict):
    assert result_of(client, *keys).select_one("#verdict-heading").get_text() == verdict


def test_with_no_tick_pointing_anywhere_the_first_path_leads_and_says_why(client):
    best = result_of(client, "mentored").select_one(".assessment-path--best")
    assert "Path 1" in best.h2.get_text()
    assert "Nothing you ticked points to one path" in best.get_text()


def test_a_tie_between_paths_goes_to_the_editors_first(client):
    best = result_of(client, "acting-already", "large-company").select_one(".assessment-path--best")
    assert "Path 2" in best.h2.get_text()


@pytest.mark.parametrize(
    "slug",
    ["how-to-become-a-tech-lead", "staff-engineer-career-path", "ic-vs-manager-career-track"],
)
def test_every_path_leads_to_companies_and_roles_counted_as_their_lists_count_them(client, slug):
    assessment = Assessment.objects.get(guide__slug=slug)
    page = result_of(client, path=assessment.get_absolute_url())
    listings = page.select(".assessment-listing")
    assert len(listings) == 2 * assessment.outcomes.count()
    for listing in listings:
        link = listing.find("a")
        shown = int(listing.strong.get_text().replace(",", ""))
        assert shown > 0, (slug, link.get_text())
        assert shown == listed_count(client, link["href"]), link["href"]
        save = listing.find("a", string="Save as a search with alerts")["href"]
        scope = "jobs" if link["href"].startswith("/jobs/") else "companies"
        query = urlsplit(link["href"]).query
        assert save == f"{reverse('alerts:search_new')}?scope={scope}&{query}"


def test_the_staff_and_manager_guides_have_assessments_of_their_own(client):
    for slug, heading in [
        ("staff-engineer-career-path", "Are you ready to aim for staff? Tick what sounds like you"),
        ("ic-vs-manager-career-track", "IC or manager? Tick what sounds like you"),
    ]:
        page = html(client.get(f"/guides/{slug}/"))
        assert page.select_one("#assessment-heading").get_text() == heading
        assessment = Assessment.objects.get(guide__slug=slug)
        sides = {s.side for s in assessment.statements.all()}
        assert sides == {Side.FOR, Side.AGAINST, Side.ABOUT}
        assert assessment.outcomes.count() == 3
        assert assessment.verdicts.count() == 3
        # Every path is reachable: some statement points to it.
        for outcome in assessment.outcomes.all():
            assert outcome.statements.exists(), outcome.key


def test_the_result_link_is_canonical_shareable_and_holds_only_the_ticked_keys(client):
    page = result_of(client, "mentored", "answers-questions", "mentored")
    canonical = page.find("link", rel="canonical")["href"]
    assert canonical == f"http://testserver{RESULT}?ticked=answers-questions&ticked=mentored"
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    keep = page.find("a", string=re.compile("Keep this result"))["href"]
    assert parse_qsl(urlsplit(keep).query) == [
        ("ticked", "answers-questions"),
        ("ticked", "mentored"),
    ]
    trail = [
        json.loads(s.string)
        for s in page.select('script[type="application/ld+json"]')
        if json.loads(s.string)["@type"] == "BreadcrumbList"
    ]
    assert [item["name"] for item in trail[0]["itemListElement"]] == [
        "Guides",
        "How to Become a Tech Lead (and Whether You Should)",
        "Your result",
    ]


@pytest.mark.parametrize(
    "query",
    [
        "ticked=not-a-statement",
        "ticked=%3Cscript%3Ealert(1)%3C/script%3E",
        "ticked=" + "x" * 5000,
        "ticked=mentored&ticked=staff-as-reward",  # another assessment's statement
        "&".join(["ticked=mentored"] * 101),
        "ticked[]=mentored&other=1",
        "ticked=%ff%fe",
    ],
)
def test_a_tampered_result_link_gets_a_notice_never_an_error(client, query):
    response = client.get(f"{RESULT}?{query}")
    assert response.status_code == 200
    page = html(response)
    assert page.find("script", string=re.compile("alert")) is None
    assert "<script>alert" not in response.content.decode()
    count = page.select_one(".assessment-count").get_text(" ", strip=True)
    assert count.startswith("You ticked")
    if "not-a-statement" in query or "staff-as-reward" in query or "x" * 50 in query:
        assert "left out" in page.select_one(".notices, [role=status]").get_text()
    assert KeptResult.objects.count() == 0


def test_a_guide_without_an_assessment_has_no_result_page(client):
    assert client.get("/guides/highest-paying-ai-companies/assessment/").status_code == 404
    assert client.get("/guides/no-such-guide/assessment/").status_code == 404
    page = html(client.get("/guides/highest-paying-ai-companies/"))
    assert page.find(id="assessment") is None


def test_a_signed_in_reader_keeps_a_result_finds_it_in_the_account_and_forgets_it(client):
    keep = f"{RESULT}keep/?ticked=mentored&ticked=large-company"
    # Anonymous readers are asked to sign in first, and come back here.
    to_sign_in = client.get(keep)
    assert to_sign_in.status_code == 302
    assert to_sign_in["Location"].startswith(reverse("account_login") + "?next=")

    reader = make_reader("kept@example.com")
    client.force_login(reader)
    page = html(client.get(keep))
    form = page.find("form", method="post")
    assert [i["value"] for i in form.select("input[name=ticked]")] == ["mentored", "large-company"]
    kept = client.post(
        f"{RESULT}keep/", {"ticked": ["mentored", "large-company", "not-a-statement"]}
    )
    assert kept.status_code == 302
    assert kept["Location"] == reverse("accounts:home")
    (result,) = KeptResult.objects.filter(user=reader)
    assert sorted(result.ticked) == ["large-company", "mentored"], "only real statements kept"

    # Keeping it twice keeps it once.
    client.post(f"{RESULT}keep/", {"ticked": ["large-company", "mentored"]})
    assert KeptResult.objects.filter(user=reader).count() == 1

    account = html(client.get(reverse("accounts:home")))
    link = account.select_one("#kept-heading").find_next("a")
    assert link["href"] == f"{RESULT}?ticked=mentored&ticked=large-company"
    assert link.get_text() == "How to Become a Tech Lead (and Whether You Should)"
    exported = json.loads(client.get(reverse("accounts:export")).content)
    assert exported["kept_assessment_results"][0]["ticked"] == ["large-company", "mentored"]

    other = make_reader("other@example.com")
    client.force_login(other)
    assert client.post(f"/guides/assessments/{result.pk}/forget/").status_code == 404
    client.force_login(reader)
    assert client.post(f"/guides/assessments/{result.pk}/forget/").status_code == 302
    assert not KeptResult.objects.filter(user=reader).exists()


def test_a_result_list_becomes_a_saved_search_with_alerts(client):
    page = result_of(client, "large-company")
    best = page.select_one(".assessment-path--best")
    jobs = next(
        listing for listing in best.select(".assessment-listing") if "/jobs/" in listing.a["href"]
    )
    save = jobs.find("a", string="Save as a search with alerts")["href"]

    reader = make_reader("alerts@example.com")
    client.force_login(reader)
    form = html(client.get(save)).select_one("form.saved-form")
    data = {
        field["name"]: field.get("value", "")
        for field in form.select("input[name]")
        if field.get("type") != "checkbox"
    }
    data["frequency"] = "weekly"
    saved = client.post(reverse("alerts:search_new"), data)
    assert saved.status_code == 302
    (search,) = SavedSearch.objects.filter(user=reader)
    assert search.scope == "jobs"
    assert search.frequency == "weekly"
    assert search.query == urlsplit(jobs.a["href"]).query
    assert listed_count(client, f"/jobs/?{search.query}") == int(jobs.strong.get_text())


def test_the_home_page_leads_to_the_featured_guides_assessment(client):
    page = html(client.get("/"))
    link = page.find("a", href=f"{TECH_LEAD}#assessment")
    assert link.get_text() == "Should you want this role? Tick what sounds like you"
    assert html(client.get(TECH_LEAD)).find(id="assessment")


def test_a_verdict_below_every_threshold_is_the_lowest_and_the_count_is_said(client):
    assessment = Assessment.objects.get(guide__slug="how-to-become-a-tech-lead")
    assessment.verdicts.filter(at_least__lt=0).delete()
    page = result_of(client, "resent-meetings", "deep-work-only")
    assert page.select_one("#verdict-heading").get_text() == "Go in with your eyes open"
    assessment.verdicts.all().delete()
    page = result_of(client, "resent-meetings")
    assert page.select_one("#verdict-heading").get_text() == "Your count"
    assert "None of the statements you ticked count" not in page.get_text()


def test_a_kept_result_survives_the_editors_reordering_the_statements(client):
    reader = make_reader("reorder@example.com")
    client.force_login(reader)
    client.post(f"{RESULT}keep/", {"ticked": ["mentored", "answers-questions"]})
    assessment = Assessment.objects.get(guide__slug="how-to-become-a-tech-lead")
    for position, statement in enumerate(reversed(list(assessment.statements.all()))):
        statement.position = position
        statement.save()
    page = html(client.get(f"{RESULT}keep/?ticked=answers-questions&ticked=mentored"))
    assert "You kept this result on" in page.get_text()
    client.post(f"{RESULT}keep/", {"ticked": ["answers-questions", "mentored"]})
    assert KeptResult.objects.filter(user=reader).count() == 1
    # The account links to the canonical result, in the statements' order now.
    link = html(client.get(reverse("accounts:home"))).select_one("#kept-heading").find_next("a")
    assert link["href"] == f"{RESULT}?ticked=mentored&ticked=answers-questions"
