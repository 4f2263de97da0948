"""Editors' tools in Chromium, as an account of the Editors group: the guide editor with its
live preview, outline and kept draft; history restored and a deleted company recovered; and
the admin pages editors use, accessible and fitting a laptop screen."""

import re

from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Page, expect

from tests.browser.conftest import EDITOR, EDITOR_PASSWORD, LAPTOP, TECH_LEAD_GUIDE, goto
from tests.browser.test_accessibility import BLOCKING, RUN_AXE, describe

TECH_LEAD_TITLE = "How to Become a Tech Lead (and Whether You Should)"
NEW_SECTION = "\n\n## A heading written live\n\nThis paragraph was typed in the browser.\n"


def sign_in(page: Page):
    goto(page, "/admin/login/")
    page.get_by_label("Username").fill(EDITOR)
    page.get_by_label("Password").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#site-name")).to_have_text("Ladder admin")


def open_guide(page: Page):
    goto(page, "/admin/guides/guide/")
    page.get_by_role("link", name=TECH_LEAD_TITLE).click()
    expect(page.get_by_role("heading", level=2, name=TECH_LEAD_TITLE)).to_be_visible()


def test_editor_writes_with_the_live_preview_then_restores_the_first_version(page):
    sign_in(page)
    open_guide(page)
    body = page.locator("#id_body")
    preview = page.locator("#id_body-preview .markdown-preview__body")
    outline = page.locator("#id_body-outline")
    expect(preview.locator("h2").first).to_be_visible()

    # Side by side on a laptop: the preview is to the right of the text, level with it.
    text_box, preview_box = body.bounding_box(), page.locator("#id_body-preview").bounding_box()
    assert preview_box["x"] >= text_box["x"] + text_box["width"]
    assert abs(preview_box["y"] - text_box["y"]) < 60
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # The preview and the outline follow the typing, rendered by the server.
    body.press("Control+End")
    body.press_sequentially(NEW_SECTION, delay=5)
    expect(preview.get_by_role("heading", name="A heading written live")).to_be_visible()
    expect(outline.get_by_role("button", name="A heading written live")).to_be_visible()
    outline.get_by_role("button", name="A heading written live").click()
    assert page.evaluate("document.activeElement.id") == "id_body"

    # Closing the tab loses nothing: the draft is offered back.
    expect(page.locator("#id_body-status")).to_contain_text("Draft kept in this browser")
    open_guide(page)
    notice = page.locator("#id_body-draft")
    expect(notice).to_contain_text("An unsaved draft of this text")
    notice.get_by_role("button", name="Restore the draft").click()
    assert "A heading written live" in body.input_value()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    goto(page, TECH_LEAD_GUIDE)
    expect(page.get_by_role("heading", name="A heading written live")).to_be_visible()

    # History: compare the first version with the current one, and restore it.
    open_guide(page)
    expect(page.locator("#id_body-draft")).to_be_hidden()
    page.get_by_role("link", name="History").click()
    first = page.locator("#change-history tbody tr").last
    expect(first).to_contain_text("First version, as loaded.")
    first.get_by_role("link", name="Compare with current").click()
    expect(page.locator("ol.breadcrumbs li").last).to_contain_text("Version of")
    expect(page.locator(".diff-field ins", has_text="A heading written live").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("link", name="Restore this version…").click()
    expect(page.locator(".history-notice")).to_contain_text("Save to restore it")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    goto(page, TECH_LEAD_GUIDE)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="A heading written live")).to_have_count(0)


BROKEN_CHART = (
    "\n\n```chart\ntitle: Time to staff, in years\nseries: Fast; Typical\n"
    "Senior to staff: 2; three\n```\n"
)


def test_editor_adds_a_chart_to_another_guide_with_the_live_preview(page):
    sign_in(page)
    goto(page, "/admin/guides/guide/")
    page.get_by_role("link", name="Staff Engineer Career Path").click()
    body = page.locator("#id_body")
    preview = page.locator("#id_body-preview")
    expect(preview.locator("h2").first).to_be_visible()
    original = body.input_value()

    # A mistake is named, with its line, in the preview; nothing is drawn for it.
    body.press("Control+End")
    body.press_sequentially(BROKEN_CHART, delay=2)
    line = original.count("\n") + 6
    problem = preview.locator(".markdown-preview__problems li")
    expect(problem).to_have_text(
        f"Chart block, line {line}: “three” is not a number or a range like 10–20 (plain digits)."
    )
    expect(preview.locator("svg")).to_have_count(0)

    # Corrected, it is drawn as the page will show it.
    body.fill(original + BROKEN_CHART.replace("three", "3–5"))
    chart = preview.get_by_role("img", name="Time to staff, in years")
    expect(chart).to_be_visible()
    expect(problem).to_have_count(0)
    expect(preview.locator("figure.chart-block tbody td")).to_have_text(["2", "3–5"])
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    goto(page, "/guides/staff-engineer-career-path/")
    expect(page.get_by_role("img", name="Time to staff, in years")).to_be_visible()
    expect(page.locator("figure.chart-block tbody tr")).to_have_text(["Senior to staff23–5"])

    # Back as it was, for the other tests.
    goto(page, "/admin/guides/guide/")
    page.get_by_role("link", name="Staff Engineer Career Path").click()
    page.locator("#id_body").fill(original)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()


def add_company(page: Page, name: str):
    """Add a company through its admin form: one without roles, which a deletion is allowed
    for (roles protect their company)."""
    goto(page, "/admin/companies/company/add/")
    page.get_by_label("Name:", exact=True).fill(name)
    page.get_by_label("Tagline:").fill("Steel-grade tools for embedded teams.")
    page.get_by_label("Remote policy:").select_option(index=1)
    page.get_by_label("Industry:").select_option(index=1)
    page.get_by_label("Stage:").select_option(index=1)
    page.get_by_label("Employee count:").fill("18")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")


def test_editor_deletes_a_company_and_recovers_it(page):
    sign_in(page)
    add_company(page, "Ferrous Labs")
    goto(page, "/admin/companies/company/?q=Ferrous")
    page.locator("#result_list").get_by_role("link", name="Ferrous Labs").click()
    page.locator(".deletelink").click()
    page.get_by_role("button", name=re.compile("Yes, I’m sure")).click()
    expect(page.locator(".messagelist .success")).to_contain_text("deleted successfully")
    goto(page, "/companies/ferrous-labs/", status=404)

    goto(page, "/admin/companies/company/")
    page.get_by_role("link", name="Recover deleted companies").click()
    page.locator("#deleted-objects").get_by_role("link", name="Ferrous Labs").click()
    expect(page.locator(".history-notice")).to_contain_text("Save to bring it back")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    goto(page, "/companies/ferrous-labs/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ferrous Labs")


ADMIN_PAGES = [
    "/admin/",
    "/admin/guides/guide/",
    "/admin/jobs/job/",
    "/admin/companies/review/",
    "/admin/companies/company/",
    "/admin/companies/company/recover/",
]


# The change lists editors work through most, which fit beside the navigation and filters.
FITTING_LISTS = {
    "/admin/guides/guide/",
    "/admin/jobs/job/",
    "/admin/companies/review/",
    "/admin/companies/company/",
}


def test_admin_pages_editors_use_are_accessible_and_fit_a_laptop(page):
    sign_in(page)
    open_guide(page)
    guide_change = page.url.removeprefix(page.url.split("/admin/")[0])
    history = guide_change.removesuffix("change/") + "history/"
    goto(page, history)
    compare = page.locator("#change-history a", has_text="Compare with current")
    pages = [*ADMIN_PAGES, guide_change, history]
    if compare.count():
        pages.append(compare.first.get_attribute("href"))

    problems = []
    for path in pages:
        goto(page, path)
        page.evaluate(AXE_SCRIPT)
        blocking = [v for v in page.evaluate(RUN_AXE) if v["impact"] in BLOCKING]
        if blocking:
            problems.append(f"{path}:\n{describe(blocking)}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > LAPTOP["width"]:
            problems.append(f"{path}: {width} px wide at {LAPTOP['width']} px")
        if path in FITTING_LISTS:
            # The list itself, not only the page: Django scrolls it inside its box.
            box = page.locator("#changelist-form .results")
            inner = box.evaluate("el => [el.scrollWidth, el.clientWidth]")
            if inner[0] > inner[1]:
                problems.append(f"{path}: the list scrolls sideways ({inner[0]} > {inner[1]} px)")
    assert not problems, "\n".join(problems)
