"""A reader on a phone signs up, verifies the address from the email the worker sends, saves a
search of the board, finds it under Saved, and deletes the account; axe checks every page on
the way."""

import re
import uuid
from urllib.parse import urlsplit

from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, goto
from tests.browser.test_accessibility import BLOCKING, RUN_AXE, describe
from tests.conftest import SmtpServer, Worker, served_database_url

PASSWORD = "a-long-journey-password-9"


def assert_accessible(page: Page) -> None:
    page.evaluate(AXE_SCRIPT)
    blocking = [v for v in page.evaluate(RUN_AXE) if v["impact"] in BLOCKING]
    assert not blocking, f"{page.url}\n{describe(blocking)}"


def test_a_reader_signs_up_on_a_phone_and_saves_a_search(
    open_page, demo, django_db_blocker, tmp_path
):
    # What the site stores here is committed by gunicorn, beyond the test's transaction: a new
    # address each run, and the journey ends by deleting the account through the site.
    email = f"journey-{uuid.uuid4().hex[:8]}@example.com"
    smtp = SmtpServer()
    worker = Worker(
        served_database_url(django_db_blocker), env=smtp.env, log=tmp_path / "worker.log"
    )
    try:
        page = open_page(viewport=PHONE)
        # An anonymous reader on the board asks to save the search: sign in first.
        goto(page, "/jobs/?discipline=backend")
        page.get_by_role("link", name="Save this search").click()
        expect(page).to_have_url(re.compile(r"/account/login/\?next="))
        assert_accessible(page)
        page.get_by_role("link", name=re.compile("sign up", re.IGNORECASE)).first.click()
        expect(page).to_have_url(re.compile(r"/account/signup/"))
        assert_accessible(page)
        page.locator("input[name=email]").fill(email)
        page.locator("input[name=password1]").fill(PASSWORD)
        page.locator("input[name=password2]").fill(PASSWORD)
        page.locator("form button[type=submit]").last.click()
        expect(page).to_have_url(re.compile(r"/account/confirm-email/"))
        assert_accessible(page)

        # The worker sends the verification; its link confirms the address.
        [message] = smtp.wait_for(1, timeout=60)
        text = message.get_body(("plain",)).get_content()
        links = [u for u in re.findall(r"https?://\S+", text) if "/account/confirm-email/" in u]
        assert links, text
        link = links[0]
        goto(page, urlsplit(link).path)
        assert_accessible(page)
        page.locator("main form button[type=submit]").click()

        if "/account/login/" in page.url:
            page.locator("input[name=login]").fill(email)
            page.locator("input[name=password]").fill(PASSWORD)
            page.locator("main form button[type=submit]").click()

        # Back on the board, signed in: save the search, with weekly alerts.
        goto(page, "/jobs/?discipline=backend")
        page.get_by_role("link", name="Save this search").click()
        expect(page.get_by_role("heading", name="Save this search")).to_be_visible()
        assert_accessible(page)
        name = page.get_by_label("Name")
        expect(name).to_have_value(re.compile("Backend"))
        name.fill("Backend roles")
        page.get_by_label("Weekly").check()
        page.get_by_role("button", name="Save search").click()

        expect(page).to_have_url(re.compile(r"/saved/$"))
        expect(page.get_by_role("status")).to_contain_text("Saved “Backend roles”")
        assert_accessible(page)
        saved = page.get_by_role("link", name="Backend roles", exact=True)
        expect(saved).to_have_attribute("href", re.compile(r"^/jobs/\?discipline=backend&saved="))
        expect(page.locator(".saved-search")).to_contain_text("Emails: Weekly")
        # Reachable from the header on the phone too.
        expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Saved"))
        saved.click()
        expect(page.get_by_role("link", name="Update saved search")).to_be_visible()
        assert_accessible(page)

        # Deleting the account takes the saved search with it.
        goto(page, "/account/delete/")
        page.get_by_label("Your password").fill(PASSWORD)
        page.get_by_role("button", name="Delete my account").click()
        goto(page, "/saved/")
        expect(page).to_have_url(re.compile(r"/account/login/"))
    finally:
        worker.stop()
        smtp.stop()
