"""Layout on a phone (360×740) and a laptop (1366×900): nothing wider than the screen, targets
big enough to hit, tables that scroll in their own box, and a filter panel that folds away."""

import os
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    LAPTOP,
    PAGE_TYPES,
    PHONE,
    READER_PAGE_TYPES,
    TECH_LEAD_GUIDE,
    VIEWPORTS,
    as_reader,
    goto,
    sign_in_reader,
    visit,
)

# Laptop screenshots show the whole page down to this height; the rest is more of the same.
SCREENSHOT_MAX_HEIGHT = 3000

# WCAG 2.2 success criterion 2.5.8, Target Size (Minimum), for every visible link, button,
# form control and summary in the header, main content and footer:
# - a target is the element's box, or for a control inside a <label>, the label's box (clicking
#   the label operates the control);
# - it passes at 24×24 CSS px or more;
# - a smaller target passes when a 24 px circle centred on it overlaps no other target and no
#   other small target's circle (the criterion's spacing exception);
# - links that are part of a run of text are exempt (the criterion's inline exception): those
#   laid out inline whose nearest block (a p, li, td…) holds text besides the link's own.
UNDERSIZED_TARGETS = """
() => {
  const MIN = 24;
  const selector = ["a[href]", "button", "input:not([type=hidden])", "select", "textarea",
                    "summary"].map((s) => `:is(header, main, footer) ${s}`).join(", ");
  const text = (el) => el.textContent.replace(/\\s+/g, " ").trim();
  const inTextRun = (el) => {
    if (getComputedStyle(el).display !== "inline") return false;
    let block = el.parentElement;
    while (block && getComputedStyle(block).display === "inline") block = block.parentElement;
    return block !== null && text(block) !== text(el);
  };
  const shown = (el) => {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    // checkVisibility(): not inside a closed <details> (content-visibility: hidden) either.
    return el.checkVisibility() && style.visibility !== "hidden" && box.width > 1 && box.height > 1
      && box.bottom + window.scrollY > 0;  // not moved off the page, like the skip link
  };
  const seen = new Set();
  const targets = [];
  for (const el of document.querySelectorAll(selector)) {
    if (!shown(el) || inTextRun(el)) continue;
    const area = el.closest("label") || el;
    if (seen.has(area)) continue;
    seen.add(area);
    const box = area.getBoundingClientRect();
    targets.push({
      el, box,
      small: box.width < MIN - 0.5 || box.height < MIN - 0.5,
      x: box.left + box.width / 2, y: box.top + box.height / 2,
    });
  }
  const distanceToBox = (x, y, box) => Math.hypot(
    Math.max(box.left - x, 0, x - box.right), Math.max(box.top - y, 0, y - box.bottom));
  const failures = [];
  for (const target of targets.filter((t) => t.small)) {
    const crowded = targets.find((other) => other !== target && (other.small
      ? Math.hypot(other.x - target.x, other.y - target.y) < MIN
      : distanceToBox(target.x, target.y, other.box) < MIN / 2));
    if (crowded) {
      const size = `${Math.round(target.box.width)}×${Math.round(target.box.height)}`;
      failures.push(`${target.el.outerHTML.slice(0, 100)} (${size}) is crowded by `
        + crowded.el.outerHTML.slice(0, 100));
    }
  }
  return failures;
}
"""


def open_all_details(page):
    """Show what folds away, so its targets are measured too."""
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")


@pytest.mark.parametrize("size", VIEWPORTS)
@pytest.mark.parametrize("page_type", [*PAGE_TYPES, *READER_PAGE_TYPES])
def test_pages_fit_the_screen_and_targets_are_big_enough(open_page, demo, page_type, size):
    page = open_page(viewport=VIEWPORTS[size])
    if page_type in READER_PAGE_TYPES:
        as_reader(page, demo)
    visit(page, demo, page_type)
    open_all_details(page)

    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the page is {widths[0]}px wide on a {widths[1]}px screen"
    undersized = page.evaluate(UNDERSIZED_TARGETS)
    assert not undersized, "\n".join(undersized)


def test_guide_tables_scroll_inside_their_box_on_a_phone(open_page):
    page = open_page(viewport=PHONE)
    goto(page, TECH_LEAD_GUIDE)

    tables = page.locator(".guide__body table")
    expect(tables.filter(has_text="Engineering Manager")).to_have_count(1)
    for table in tables.all():
        scroller = table.evaluate(
            """(table) => {
              for (let el = table; el !== document.body; el = el.parentElement) {
                if (/auto|scroll/.test(getComputedStyle(el).overflowX)) {
                  const box = el.getBoundingClientRect();
                  return {left: box.left, right: box.right};
                }
              }
              return null;
            }"""
        )
        assert scroller is not None, "a guide table has no box of its own to scroll in"
        assert scroller["left"] >= 0
        assert scroller["right"] <= PHONE["width"]
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1]


@pytest.mark.parametrize("path", ["/jobs/", "/companies/"])
def test_filter_panel_folds_without_javascript(open_page, path):
    page = open_page(viewport=PHONE, java_script_enabled=False)
    goto(page, path)
    panel = page.locator("details.filters")
    apply = panel.get_by_role("button", name="Apply filters")
    # Folded by the markup and the stylesheet alone; its summary opens it.
    expect(apply).to_be_hidden()

    panel.locator("> summary").click()
    expect(apply).to_be_visible()
    panel.locator("> summary").click()
    expect(apply).to_be_hidden()


# The layout shifts of the page so far (those a reader did not cause), once two frames have
# been painted after the load event and the scripts have run: each shift's score and what moved.
LAYOUT_SHIFTS = """
() => new Promise((resolve) => {
  const shifts = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) continue;
      const moved = (entry.sources || []).map((source) =>
        source.node && source.node.outerHTML ? source.node.outerHTML.slice(0, 120) : "(text)");
      shifts.push({score: entry.value, moved});
    }
  }).observe({type: "layout-shift", buffered: true});
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => resolve(shifts), 300)));
})
"""

# A panel that unfolds, or results pushed down by one, scores hundredths or more (Lighthouse
# calls under 0.1 good); a busy machine's compositor now and then nudges a line by a pixel,
# which scores ten-thousandths. Every shift is named when the sum is over.
NOTHING_MOVES = 0.001


@pytest.mark.parametrize("size", VIEWPORTS)
@pytest.mark.parametrize("path", ["/jobs/", "/companies/"])
def test_the_filter_panel_moves_nothing_once_painted(open_page, path, size):
    page = open_page(viewport=VIEWPORTS[size])
    # A slow script, as on a phone network: whatever it might change happens after the first
    # paint, where a reader (and Lighthouse) would see the page move.
    page.route("**/*.js", lambda route: (time.sleep(0.8), route.continue_()))
    goto(page, path)
    page.wait_for_load_state("load")

    shifts = page.evaluate(LAYOUT_SHIFTS)
    assert sum(shift["score"] for shift in shifts) < NOTHING_MOVES, shifts


@pytest.mark.parametrize("path", ["/jobs/", "/companies/"])
def test_filter_panel_starts_folded_on_a_phone(open_page, path):
    page = open_page(viewport=PHONE)
    goto(page, path)
    panel = page.locator("details.filters")
    apply = panel.get_by_role("button", name="Apply filters")
    expect(panel).not_to_have_attribute("open", "")
    expect(apply).to_be_hidden()
    expect(page.locator(".result-count")).to_be_in_viewport()

    panel.locator("> summary").click()
    expect(apply).to_be_visible()


@pytest.mark.parametrize("path", ["/jobs/", "/companies/"])
def test_filter_panel_stays_open_beside_the_results_on_a_laptop(open_page, path):
    page = open_page(viewport=LAPTOP)
    goto(page, path)
    panel = page.locator("details.filters")
    expect(panel.locator("> summary")).to_be_hidden()
    expect(panel.get_by_role("button", name="Apply filters")).to_be_visible()


def test_screenshots(open_page, demo, tmp_path):
    """Write <page type>-<phone|laptop>.png of every page type. `make screenshots` sets
    LADDER_SCREENSHOTS to docs/screenshots for the README; otherwise they go to a temporary
    folder, so a test run leaves the tree as it found it."""
    SCREENSHOTS = Path(os.environ.get("LADDER_SCREENSHOTS") or tmp_path)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for size, viewport in VIEWPORTS.items():
        page = open_page(viewport=viewport)
        for page_type in [*PAGE_TYPES, *READER_PAGE_TYPES]:
            if page_type == next(iter(READER_PAGE_TYPES)):
                sign_in_reader(page)
            visit(page, demo, page_type)
            path = SCREENSHOTS / f"{page_type}-{size}.png"
            if size == "phone":
                page.screenshot(path=path, animations="disabled")
                expected = (PHONE["width"], PHONE["height"])
            else:
                height = min(
                    page.evaluate("document.documentElement.scrollHeight"), SCREENSHOT_MAX_HEIGHT
                )
                clip = {"x": 0, "y": 0, "width": LAPTOP["width"], "height": height}
                page.screenshot(path=path, full_page=True, clip=clip, animations="disabled")
                expected = (LAPTOP["width"], height)
            assert png_size(path) == expected, path


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return int.from_bytes(header[16:20]), int.from_bytes(header[20:24])


def test_the_header_is_one_row_on_a_phone_and_its_menu_opens(open_page):
    page = open_page(viewport=PHONE, java_script_enabled=False)
    goto(page, "/jobs/")
    header = page.locator("header.site-header").bounding_box()
    assert header["height"] <= 80  # one row: the brand and "Menu"
    expect(page.locator(".job-row").first).to_be_in_viewport()

    jobs = page.get_by_role("navigation", name="Main").get_by_role("link", name="Jobs")
    search = page.get_by_role("searchbox", name="Search guides, companies and roles")
    expect(jobs).to_be_hidden()
    expect(search).to_be_hidden()
    page.locator("details.site-menu > summary").click()
    expect(jobs).to_be_visible()
    expect(search).to_be_visible()
    # Open, it pushes the page down by its own rows, no more.
    assert page.locator("header.site-header").bounding_box()["height"] <= header["height"] + 200


def test_the_header_shows_navigation_and_search_in_its_row_on_a_laptop(open_page):
    page = open_page(viewport=LAPTOP)
    goto(page, "/jobs/")
    expect(page.locator("details.site-menu > summary")).to_be_hidden()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Jobs")
    ).to_be_visible()
    expect(page.get_by_role("searchbox", name="Search guides, companies and roles")).to_be_visible()
    assert page.locator("header.site-header").bounding_box()["height"] <= 80


def test_apply_filters_is_a_few_tab_stops_away_and_stays_in_reach(open_page):
    page = open_page(viewport=LAPTOP, java_script_enabled=False)
    goto(page, "/jobs/")
    apply = page.locator("details.filters").get_by_role("button", name="Apply filters")
    page.locator("#filter-q").focus()
    stops = 0
    while not apply.evaluate("(button) => button === document.activeElement"):
        page.keyboard.press("Tab")
        stops += 1
        assert stops < 120, "Apply filters is more than 120 Tab stops past the search field"
    # Countries past the first few are folded: one Tab stop opens them all.
    more = page.locator("fieldset.facet:has(legend:text-is('Country')) .facet__more > details")
    expect(more).not_to_have_attribute("open", "")
    # Half way down the filter panel, the button is on the screen.
    page.locator("fieldset.facet:has(legend:text-is('Company stage'))").scroll_into_view_if_needed()
    expect(apply).to_be_in_viewport()
