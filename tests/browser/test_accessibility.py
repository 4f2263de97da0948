"""axe-core on every public page type, in light and dark colour schemes, and on a phone,
where the layout differs (one column, folded filters, tables that scroll sideways); and every
page a signed-in reader sees, on a phone."""

import pytest
from axe_playwright_python.base import AXE_SCRIPT

from tests.browser.conftest import (
    LAPTOP,
    PAGE_TYPES,
    PHONE,
    READER_PAGE_TYPES,
    as_reader,
    goto,
    visit,
)
from tests.conftest import ROOT

SETTINGS = {
    "light": {"color_scheme": "light", "viewport": LAPTOP},
    "dark": {"color_scheme": "dark", "viewport": LAPTOP},
    "phone": {"color_scheme": "light", "viewport": PHONE},
}

BLOCKING = {"serious", "critical"}
# Only the violations come back: the full results are large and slow to hand over.
RUN_AXE = "axe.run(document, {resultTypes: ['violations']}).then(results => results.violations)"


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['failureSummary']}")
    return "\n".join(lines)


@pytest.mark.parametrize("setting", SETTINGS)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_no_serious_accessibility_violations(open_page, demo, page_type, setting):
    page = open_page(**SETTINGS[setting])
    visit(page, demo, page_type)
    page.evaluate(AXE_SCRIPT)

    violations = page.evaluate(RUN_AXE)

    blocking = [violation for violation in violations if violation["impact"] in BLOCKING]
    assert not blocking, describe(blocking)


@pytest.mark.parametrize("page_type", READER_PAGE_TYPES)
def test_a_signed_in_readers_pages_have_no_serious_violations_on_a_phone(
    open_page, demo, page_type
):
    page = open_page(**SETTINGS["phone"])
    as_reader(page, demo)
    visit(page, demo, page_type)
    page.evaluate(AXE_SCRIPT)

    violations = page.evaluate(RUN_AXE)

    blocking = [violation for violation in violations if violation["impact"] in BLOCKING]
    assert not blocking, describe(blocking)


GUIDES = sorted(path.stem for path in (ROOT / "website" / "demo" / "guides").glob("*.md"))
assert GUIDES, "no demo guides found: the test below would check nothing"


@pytest.mark.parametrize("slug", GUIDES)
def test_every_guide_is_accessible_on_a_phone(open_page, demo, slug):
    # Guides differ most in their tables, which must scroll in a box keyboards can reach.
    page = open_page(**SETTINGS["phone"])
    goto(page, f"/guides/{slug}/")
    page.evaluate(AXE_SCRIPT)

    violations = page.evaluate(RUN_AXE)

    blocking = [violation for violation in violations if violation["impact"] in BLOCKING]
    assert not blocking, describe(blocking)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
