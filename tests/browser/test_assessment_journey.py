"""A reader on a phone takes the tech-lead guide's self-assessment, reads the result, keeps
it, and turns the path's roles into a saved search with alerts; without JavaScript the form
works the same. axe checks every page on the way."""

import re
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, TECH_LEAD_GUIDE, goto, sign_in_reader
from tests.browser.test_saved_search_journey import assert_accessible

TICKED = [
    "You already answer more questions than you ask in Slack.",
    "You've written a design doc without being asked to.",
    "You've mentored someone through a promotion or a first-year rough patch.",
    "You resent meetings as a category.",
    "I work at a company of more than 500 people.",
]


def take_the_assessment(page: Page) -> None:
    goto(page, TECH_LEAD_GUIDE)
    form = page.locator("#assessment form")
    for label in TICKED:
        form.get_by_label(label).check()
    form.get_by_role("button", name="See what it suggests").click()
    expect(page).to_have_url(re.compile(r"/assessment/\?ticked="))
    expect(page.get_by_role("heading", level=2, name="You'll probably love it")).to_be_visible()
    expect(page.locator(".assessment-count")).to_have_text(
        "You ticked 3 of 5 statements that count for, and 1 of 5 that count against."
    )
    expect(
        page.get_by_role(
            "heading", name="The path that fits: Path 2: Take the role at a smaller company"
        )
    ).to_be_visible()


def test_a_reader_goes_from_the_guide_to_a_saved_search_on_a_phone(open_page):
    page = open_page(viewport=PHONE)
    sign_in_reader(page)
    take_the_assessment(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)
    parts = urlsplit(page.url)
    result_path = f"{parts.path}?{parts.query}"

    # Kept in the account, and forgotten again.
    page.get_by_role("link", name="Keep this result in your account").click()
    expect(page.get_by_role("heading", level=1, name="Keep your result")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Keep it in my account").click()
    expect(page.get_by_role("status")).to_contain_text("Kept your result")
    kept = page.locator("#kept-heading + ul li").first
    expect(kept.get_by_role("link")).to_have_attribute("href", re.compile(r"/assessment/\?ticked="))
    assert_accessible(page)
    kept.get_by_role("button", name=re.compile("Forget")).click()
    expect(page.get_by_role("status")).to_contain_text("forgotten")

    # The path's roles, counted, become a saved search with weekly alerts.
    goto(page, result_path)
    best = page.locator(".assessment-path--best")
    roles = best.locator(".assessment-listing").filter(has_text="Tech-lead roles")
    count = int(roles.locator("strong").inner_text().replace(",", ""))
    assert count > 0
    roles.get_by_role("link", name="Save as a search with alerts").click()
    expect(page.get_by_role("heading", name="Save this search")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Name").fill("Tech lead at a startup")
    page.get_by_label("Weekly").check()
    page.get_by_role("button", name="Save search").click()
    expect(page).to_have_url(re.compile(r"/saved/$"))
    expect(page.get_by_role("status")).to_contain_text("Saved “Tech lead at a startup”")

    # The same path ranks every role for the reader: the form comes filled in from it.
    goto(page, result_path)
    page.locator(".assessment-path--best").get_by_role(
        "link", name="Rank every role for you by this"
    ).click()
    expect(page.get_by_role("heading", name="What matters to you")).to_be_visible()
    expect(page.get_by_label("Tech lead", exact=True)).to_be_checked()
    expect(page.get_by_label("Series A")).to_be_checked()
    assert_accessible(page)
    page.get_by_label("Minimum salary a year").fill("90000")
    page.get_by_role("button", name="Save and rank roles").click()
    expect(page.get_by_role("heading", level=1, name="Roles for you")).to_be_visible()
    first = page.locator(".job-row").first
    expect(first.locator(".fit__met")).to_contain_text("Tech lead track")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)

    # The saved search is deleted again, leaving the demo as it was.
    goto(page, "/saved/")
    saved = page.locator("li, article").filter(has_text="Tech lead at a startup").last
    saved.get_by_role("link", name=re.compile("Edit or delete")).click()
    page.get_by_role("button", name="Delete this saved search").click()
    expect(page.get_by_role("status")).to_contain_text("Deleted “Tech lead at a startup”")
    expect(page.get_by_role("link", name=re.compile("Tech lead at a startup"))).to_have_count(0)


def test_the_assessment_works_without_javascript(open_page):
    page = open_page(viewport=PHONE, java_script_enabled=False)
    take_the_assessment(page)
    # The answers come back ticked, to change them.
    for label in TICKED:
        expect(page.locator("#answers").get_by_label(label)).to_be_checked()
