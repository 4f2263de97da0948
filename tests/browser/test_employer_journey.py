"""A company's team posts a role on a phone, the editor asks for a change in admin, the team
edits and sends it again, the editor approves, and the role is on the board: in Chromium,
through the served site, as the demo's reader (who owns a demo company's team) and editor."""

import re

import psycopg
import pytest
from django.db import connection
from playwright.sync_api import expect

from tests.browser.conftest import (
    EDITOR,
    EDITOR_PASSWORD,
    PHONE,
    expect_status,
    goto,
    sign_in_reader,
)
from tests.conftest import database_url

TITLE = "Journey Platform Engineer"


@pytest.fixture
def remove_the_role(django_db_blocker):
    """The site's writes are committed: take the role and its proposals out afterwards."""
    yield
    with django_db_blocker.unblock():
        url = database_url(connection.settings_dict)
    with psycopg.connect(url, autocommit=True) as own:
        own.execute("DELETE FROM employers_roleproposal WHERE title LIKE %s", [f"{TITLE}%"])
        own.execute("DELETE FROM jobs_job WHERE title LIKE %s", [f"{TITLE}%"])


def test_a_role_goes_from_a_team_on_a_phone_through_review_to_the_board(
    open_page, page, demo, remove_the_role
):
    team = open_page(viewport=PHONE)
    sign_in_reader(team)
    goto(team, demo.team)
    team.get_by_role("link", name="Post a role").click()
    team.get_by_label("Title").fill(TITLE)
    team.get_by_label("Level").select_option("l5")
    team.get_by_label("Discipline").select_option("platform")
    team.get_by_label("Workplace").select_option("hybrid")
    team.get_by_label("City").fill("Lisbon")
    team.get_by_label("Country").select_option("PT")
    team.get_by_label("Salary min").fill("70000")
    team.get_by_label("Salary max").fill("60000")  # below the minimum: the board's own rule
    team.get_by_label("Salary currency").fill("EUR")
    team.get_by_label("Description").fill("Keep the **paved road** smooth.")
    team.get_by_label("How to apply").fill("https://example.com/apply")
    expect_status(team, f"{demo.team}roles/new/", 400)  # the form's errors
    team.get_by_role("button", name="Send for review").click()
    expect(team.get_by_text("The maximum salary must be at least the minimum.")).to_be_visible()
    team.get_by_label("Salary max").fill("85000")
    team.get_by_role("button", name="Send for review").click()
    expect(team.get_by_text(f"“{TITLE}” is with the editors.")).to_be_visible()
    expect(team.locator("main")).to_contain_text("In review")

    # The editor asks for a change.
    goto(page, "/admin/login/")
    page.get_by_label("Username").fill(EDITOR)
    page.get_by_label("Password").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    goto(page, "/admin/employers/roleproposal/?status__exact=in-review")
    page.get_by_role("link", name=TITLE).click()
    expect(page.locator("table.proposal")).to_contain_text("Lisbon")
    page.get_by_label("Status").select_option("changes-asked")
    page.get_by_label("Editor's comment").fill("Name the team in the title.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    # The team sees the comment, edits and sends it again.
    goto(team, demo.team)
    expect(team.locator("main")).to_contain_text("The editors ask: Name the team in the title.")
    team.get_by_role("link", name=re.compile("Edit and send again")).click()
    team.get_by_label("Title").fill(f"{TITLE}, Developer Experience")
    team.get_by_role("button", name="Send for review").click()
    expect(team.locator("main")).to_contain_text("In review")

    # The editor approves; the role is on the board.
    goto(page, "/admin/employers/roleproposal/?status__exact=in-review")
    page.get_by_role("link", name=f"{TITLE}, Developer Experience").click()
    page.get_by_label("Status").select_option("approved")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    goto(team, "/jobs/?q=journey+platform")
    expect(team.locator(".job-row .card__title")).to_have_text(f"{TITLE}, Developer Experience")
    goto(team, demo.team)
    expect(team.locator("main")).to_contain_text("Published, open until")
