"""Whole journeys through the site, the way readers, job seekers and editors take them."""

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    EDITOR,
    EDITOR_PASSWORD,
    TECH_LEAD_GUIDE,
    assert_focus_visible,
    focus_state,
    goto,
    normalise,
    tab_until,
)

CTA = "Engineering-Driven Companies →"


def company_with_open_roles(page: Page):
    """The first result card in the directory that lists open roles."""
    return page.locator(".company-card").filter(has=page.locator('a[href^="/jobs/?company="]'))


def test_reader_goes_from_the_tech_lead_guide_to_an_open_role(page):
    goto(page, TECH_LEAD_GUIDE)

    toc_link = page.locator("nav.toc").get_by_role("link").nth(1)
    target = toc_link.get_attribute("href")
    toc_link.click()
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))
    expect(page.locator(target)).to_be_in_viewport()

    role_table = page.locator(".guide__body table").filter(has_text="Engineering Manager")
    rows = role_table.locator("tbody tr")
    expect(rows).to_have_count(4)
    for row in rows.all():
        expect(row).to_be_visible()

    page.get_by_role("link", name=CTA).click()
    expect(page).to_have_url(re.compile(r"/companies/\?tag=engineering-driven$"))

    filters = page.get_by_role("complementary", name="Filters")
    filters.get_by_role("group", name="Tag").get_by_role(
        "checkbox", name=re.compile(r"^Learning\b")
    ).check()
    filters.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"tag=engineering-driven&tag=learning"))
    expect(page.locator(".active-filters")).to_contain_text("Tag: Learning")

    company = company_with_open_roles(page).first.locator(".card__title a")
    name = normalise(company.inner_text())
    company.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)

    role = page.locator(".open-roles").filter(has_text=f"Open roles at {name}").get_by_role("link")
    title = normalise(role.first.inner_text())
    role.first.click()
    expect(page).to_have_url(re.compile(r"/jobs/[\w-]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def test_job_seeker_filters_pages_and_comes_back_to_the_same_list(page):
    goto(page, "/jobs/")
    filters = page.get_by_role("complementary", name="Filters")
    choices = [
        filters.get_by_role("group", name="Tag").get_by_role(
            "checkbox", name=re.compile("^Learning\\b")
        ),
        filters.get_by_role("group", name="Level").get_by_role(
            "checkbox", name=re.compile("^L5\\b")
        ),
        filters.get_by_role("group", name="Workplace").get_by_role(
            "checkbox", name=re.compile("^Remote\\b")
        ),
    ]
    for choice in choices:
        choice.check()
    filters.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"tag=learning.*level=l5.*workplace=remote"))

    page.get_by_role("link", name="Next →").click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.get_by_role("navigation", name="Pages")).to_contain_text("Page 2 of")
    paged_list = page.url

    page.locator(".job-row .card__title a").first.click()
    expect(page).to_have_url(re.compile(r"/jobs/[\w-]+/$"))
    context = page.get_by_role("complementary", name="Culture context")
    tag = context.locator(".tags").get_by_role("link").first
    href, name = tag.get_attribute("href"), normalise(tag.inner_text())
    assert re.fullmatch(r"/companies/tags/[\w-]+/", href)
    tag.click()
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)

    # Wait for each step back to be the page it should be, not for every resource to load.
    page.go_back(wait_until="commit")
    expect(page).to_have_url(re.compile(r"/jobs/[\w-]+/$"))
    page.go_back(wait_until="commit")
    expect(page).to_have_url(paged_list)
    expect(page.get_by_role("navigation", name="Pages")).to_contain_text("Page 2 of")
    for choice in choices:
        expect(choice).to_be_checked()


def test_reader_finds_a_company_from_the_header_despite_a_typo(page):
    goto(page, "/")
    search = page.locator("header form[role=search]")
    search.locator("input[name=q]").fill("Quilpoint")
    search.locator("input[name=q]").press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=Quilpoint$"))

    result = page.locator("main a[href^='/companies/']").filter(has_text=re.compile("^Quillpoint$"))
    result.first.click()
    expect(page).to_have_url(re.compile(r"/companies/[\w-]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Quillpoint")


def test_editor_changes_a_guide_summary_in_the_admin_and_readers_see_it(page):
    summary = "Tech leads own a team's technical direction and still ship code every week."
    goto(page, "/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    page.get_by_label("Username").fill(EDITOR)
    page.get_by_label("Password").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.locator("tr.model-guide").get_by_role("link", name="Guides").click()
    page.get_by_role("link", name="How to Become a Tech Lead (and Whether You Should)").click()
    page.get_by_label("Summary").fill(summary)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")

    goto(page, TECH_LEAD_GUIDE)
    expect(page.locator(".guide__summary")).to_have_text(summary)


def test_editor_uploads_a_logo_and_readers_see_it(page, tmp_path):
    from PIL import Image, ImageDraw

    logo = tmp_path / "quillpoint.png"
    image = Image.new("RGBA", (400, 200), (0, 0, 0, 0))
    ImageDraw.Draw(image).rounded_rectangle((10, 10, 190, 190), 30, fill=(109, 40, 217))
    image.save(logo)

    goto(page, "/admin/login/")
    page.get_by_label("Username").fill(EDITOR)
    page.get_by_label("Password").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.locator("tr.model-company").get_by_role("link", name="Companies").click()
    page.locator("#searchbar").fill("Quillpoint")
    page.locator("#searchbar").press("Enter")
    page.get_by_role("link", name="Quillpoint", exact=True).click()
    # A fieldset whose legend is "Logo", with the file input in it.
    page.get_by_role("group", name="Logo").locator("input[type=file]").set_input_files(logo)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")

    def expect_logo_shown(selector: str):
        shown = page.locator(selector).first
        expect(shown).to_be_visible()
        expect(shown).to_have_attribute("src", re.compile(r"^/media/logos/[0-9a-f]{32}-64\.webp$"))
        # Loaded, not a broken image.
        page.wait_for_function(
            "el => el.complete && el.naturalWidth > 0", arg=shown.element_handle()
        )

    goto(page, "/companies/?q=Quillpoint")
    expect_logo_shown(".company-card img.logo")
    page.locator(".company-card").get_by_role("link", name="Quillpoint").click()
    expect_logo_shown(".with-logo img.logo")
    page.locator(".open-roles li a").first.click()
    expect_logo_shown(".with-logo img.logo")


def test_the_admin_sends_browsers_to_an_icon_that_exists(page):
    goto(page, "/admin/login/")
    # Without an icon link, browsers ask for /favicon.ico (once per profile, so the console
    # cannot be relied on to show it); then that address has to answer.
    if not page.locator("link[rel~=icon]").count():
        assert page.request.get("/favicon.ico").status == 200


# Predicates for the keyboard journey, JavaScript functions of the focused element.
TOC_LINK = "el => el.matches('nav.toc a')"
CTA_LINK = f"el => el.matches('.cta a') && el.textContent.trim() === {CTA!r}"
LEARNING = "el => el.matches('input[type=checkbox][name=tag][value=learning]')"
APPLY = "el => el.matches('button[type=submit]') && el.textContent.trim() === 'Apply filters'"
COMPANY_WITH_ROLES = """el => el.matches('.company-card .card__title a')
  && el.closest('.company-card').querySelector('a[href^="/jobs/?company="]') !== null"""
OPEN_ROLE = "el => el.matches('.open-roles li a')"


def press_enter_and_wait(page: Page):
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_keyboard_journey(page):
    goto(page, TECH_LEAD_GUIDE)

    toc = tab_until(page, TOC_LINK)
    page.keyboard.press("Enter")
    target = re.search(r'href="(#[^"]+)"', toc["html"]).group(1)
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))
    expect(page.locator(target)).to_be_in_viewport()

    tab_until(page, CTA_LINK)
    press_enter_and_wait(page)
    expect(page).to_have_url(re.compile(r"/companies/\?tag=engineering-driven$"))

    tab_until(page, LEARNING)
    page.keyboard.press("Space")
    expect(page.locator("input[name=tag][value=learning]")).to_be_checked()
    assert_focus_visible(focus_state(page))
    tab_until(page, APPLY)
    press_enter_and_wait(page)
    expect(page.locator(".active-filters")).to_contain_text("Tag: Learning")

    tab_until(page, COMPANY_WITH_ROLES)
    name = normalise(page.evaluate("document.activeElement.textContent"))
    press_enter_and_wait(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(name)

    tab_until(page, OPEN_ROLE)
    title = normalise(page.evaluate("document.activeElement.textContent"))
    press_enter_and_wait(page)
    expect(page).to_have_url(re.compile(r"/jobs/[\w-]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    tab_until(page, "el => el.matches('.apply-button')")
