"""The home page's count of open roles: exact at every moment, from the board's index
(jobs.board) rather than counted on every request."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.conftest import html, make_company, make_job

pytestmark = pytest.mark.django_db


def open_roles_said(client) -> str:
    text = html(client.get("/")).get_text(" ", strip=True)
    return text.split(" open engineering role")[0].rsplit(" ", 1)[-1]


def test_the_count_follows_expiries_schedules_and_writes_at_once(client):
    company = make_company(slug="acme")
    make_job(company, slug="stays")
    soon = timezone.now() + timedelta(seconds=1.5)
    make_job(company, slug="expires", expires_at=soon)
    make_job(company, slug="scheduled", published_at=soon, expires_at=soon + timedelta(days=30))
    make_job(company, slug="closed", status="closed")
    make_job(make_company(slug="hidden", is_listed=False), slug="unlisted")

    assert open_roles_said(client) == "2"  # counted in full
    assert open_roles_said(client) == "2"  # the count kept, nothing fell due since

    # One role expires and another goes live at the same moment, with no write to say so.
    with time_machine.travel(soon + timedelta(seconds=0.1), tick=False):
        assert open_roles_said(client) == "2"
        make_job(company, slug="expiring-next", expires_at=timezone.now() + timedelta(seconds=1))
        assert open_roles_said(client) == "3"  # a write is counted at once
    with time_machine.travel(soon + timedelta(seconds=1.2), tick=False):
        assert open_roles_said(client) == "2"


@pytest.mark.django_db(transaction=True)
def test_the_count_of_a_large_board_reads_no_query(client, django_assert_num_queries):
    company = make_company(slug="acme")
    for number in range(30):
        make_job(company, slug=f"role-{number}")
    client.get("/")
    # 1 featured guide, 1 latest guides, 1 latest roles; 1 what changed since the board's
    # index was read (nothing), read once for the request: the companies' open roles, the
    # roles and their count come from it, and the directory filter's tag choices from memory
    # (core.kept), whether they changed read in the same query. No company's ladder names
    # tech lead, so no company is read.
    with django_assert_num_queries(4):
        page = client.get("/")
    assert "30 open engineering roles" in html(page).get_text(" ", strip=True)
