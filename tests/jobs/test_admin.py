from datetime import timedelta

import pytest
from django.utils import timezone

from jobs.models import Job
from tests.conftest import html, job_admin_form, make_company, make_job

pytestmark = pytest.mark.django_db


def board_titles(client) -> list[str]:
    return [a.get_text() for a in html(client.get("/jobs/")).select(".job-row .card__title a")]


def test_editor_closes_a_role_after_confirming_and_it_leaves_the_board(editor_client):
    job = make_job(title="Closing soon")
    make_job(title="Staying")
    selection = {"action": "close", "_selected_action": [job.pk]}

    confirmation = editor_client.post("/admin/jobs/job/", selection)
    assert "Closed roles leave the board." in confirmation.content.decode()
    assert "Closing soon" in board_titles(editor_client)

    done = editor_client.post("/admin/jobs/job/", {**selection, "confirmed": "yes"}, follow=True)

    assert "Closed 1 role(s)." in done.content.decode()
    assert board_titles(editor_client) == ["Staying"]


def test_editor_publishes_a_draft_and_extends_a_role(editor_client):
    draft = make_job(title="Draft", status="draft")
    expiring = make_job(title="Expiring", days_old=59)
    before = expiring.expires_at

    editor_client.post(
        "/admin/jobs/job/",
        {"action": "publish", "_selected_action": [draft.pk], "confirmed": "yes"},
    )
    editor_client.post(
        "/admin/jobs/job/",
        {"action": "extend_30_days", "_selected_action": [expiring.pk], "confirmed": "yes"},
    )

    assert "Draft" in board_titles(editor_client)
    expiring.refresh_from_db()
    assert (expiring.expires_at - before).days >= 29


def test_a_role_saved_in_admin_is_published_with_a_default_expiry(editor_client):
    company = make_company()

    response = editor_client.post("/admin/jobs/job/add/", job_admin_form(company))

    assert response.status_code == 302, html(response).select(".errorlist")
    job = Job.objects.get(slug="staff-engineer")
    assert (job.expires_at - job.published_at).days == 60
    assert "Staff Engineer" in board_titles(editor_client)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"salary_min": "200000", "salary_max": "100000"}, "at least the minimum"),
        ({"apply_to": "javascript:alert(1)"}, "http(s) URL or an e-mail address"),
        (
            {
                "published_at_0": "2026-05-01",
                "published_at_1": "10:00:00",
                "expires_at_0": "2026-04-01",
                "expires_at_1": "10:00:00",
            },
            "must expire after it is published",
        ),
        ({"workplace": "remote", "city": "", "remote_regions": []}, "where remote applicants"),
    ],
)
def test_bad_roles_are_refused_with_a_clear_message(editor_client, overrides, message):
    company = make_company()

    response = editor_client.post("/admin/jobs/job/add/", job_admin_form(company, **overrides))

    assert response.status_code == 200
    assert message in html(response).select_one(".errorlist").get_text()
    assert not Job.objects.exists()


def test_company_is_chosen_by_autocomplete(editor_client):
    make_company("Fernhill Systems")
    make_company("Other")

    response = editor_client.get(
        "/admin/autocomplete/",
        {"app_label": "jobs", "model_name": "job", "field_name": "company", "term": "fern"},
    )

    assert [r["text"] for r in response.json()["results"]] == ["Fernhill Systems"]


def test_change_list_filters_by_expiry(editor_client):
    make_job(title="Fresh")
    make_job(title="Old", days_old=90, expires_at=timezone.now() - timedelta(days=30))

    page = html(editor_client.get("/admin/jobs/job/?expired=yes"))

    assert [a.get_text() for a in page.select("#result_list tbody th a")] == ["Old"]


def test_the_country_is_chosen_from_every_country_and_shown_by_name(editor_client, client):
    company = make_company()

    form = html(editor_client.get("/admin/jobs/job/add/"))
    options = {o["value"]: o.get_text() for o in form.select("select[name=country] option")}
    assert options["LU"] == "Luxembourg"
    assert options[""] == "---------"  # a role may have no country (remote roles)

    response = editor_client.post(
        "/admin/jobs/job/add/", job_admin_form(company, city="Luxembourg", country="LU")
    )
    assert response.status_code == 302, html(response).select(".errorlist")
    assert "Luxembourg, Luxembourg (on-site)" in client.get("/jobs/staff-engineer/").text

    refused = editor_client.post(
        "/admin/jobs/job/add/", job_admin_form(company, slug="other", country="ZZ")
    )
    assert "Select a valid choice" in html(refused).select_one(".errorlist").get_text()
