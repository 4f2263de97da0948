"""Editors moderate the review queue from the keyboard, in Chromium, as the `editor` account."""

import re

import psycopg
import pytest
from django.db import connection
from playwright.sync_api import Page, expect

from tests.browser.conftest import EDITOR, EDITOR_PASSWORD, goto
from tests.conftest import database_url

QUEUE = "/admin/companies/review/?status__exact=pending"


@pytest.fixture
def restore_reviews(django_db_blocker):
    """The reviews a test moderated through the served site, put back as pending afterwards
    (on a connection of its own: the site's writes are committed, the test's are not)."""
    moderated: list[str] = []
    yield moderated
    with django_db_blocker.unblock():
        url = database_url(connection.settings_dict)
    with psycopg.connect(url, autocommit=True) as own:
        own.execute(
            "UPDATE companies_review SET status = 'pending', rejection_reason = '' "
            "WHERE id = ANY(%s)",
            [[int(pk) for pk in moderated]],
        )


def sign_in(page: Page):
    goto(page, "/admin/login/")
    page.get_by_label("Username").fill(EDITOR)
    page.get_by_label("Password").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_editor_moderates_reviews_from_the_keyboard(page, restore_reviews):
    sign_in(page)
    goto(page, QUEUE)
    rows = page.locator("#result_list tbody tr")
    expect(page.locator(".moderation-keys")).to_contain_text("a approve")
    expect(rows.first).to_have_class(re.compile("is-current"))
    # The whole review is in the row: no need to open it.
    expect(rows.first.locator(".review-text")).to_contain_text("Pros.")

    page.keyboard.press("j")
    expect(rows.nth(1)).to_have_class(re.compile("is-current"))
    second = rows.nth(1)
    headline = second.locator("th a").inner_text()
    restore_reviews.append(second.locator("input.action-select").get_attribute("value"))
    page.keyboard.press("a")

    expect(page.locator(".messagelist .success")).to_have_text(f"Approved “{headline}”.")
    expect(page).to_have_url(re.compile(r"status__exact=pending"))
    expect(page.locator("#result_list th a", has_text=headline)).to_have_count(0)

    first = rows.first
    headline = first.locator("th a").inner_text()
    restore_reviews.append(first.locator("input.action-select").get_attribute("value"))
    page.keyboard.press("r")
    reason = first.locator(".moderate__reason")
    expect(reason).to_be_focused()
    page.keyboard.type("Describes a different company.")
    page.keyboard.press("Enter")

    expect(page.locator(".messagelist .success")).to_have_text(f"Rejected “{headline}”.")
    goto(page, "/admin/companies/review/?status__exact=rejected&q=" + headline.split()[0])
    expect(page.locator("#result_list .rejection")).to_contain_text(
        "Rejected: Describes a different company."
    )
