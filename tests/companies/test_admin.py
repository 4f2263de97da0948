import pytest

from companies.models import Company, Review
from tests.conftest import (
    admin_form_data,
    give_reviews,
    html,
    make_company,
    make_review,
    make_tag,
)

pytestmark = pytest.mark.django_db


def career_rating_on_page(client, slug) -> str:
    page = html(client.get(f"/companies/{slug}/"))
    rows = {tr.th.get_text(): tr.td.get_text() for tr in page.select(".ratings-table tbody tr")}
    return rows.get("Career opportunities", "none")


def test_editor_approves_reviews_in_bulk_and_the_rating_changes_at_once(editor_client):
    company = give_reviews(make_company("Rated", slug="rated"), 3, career=3)
    pending = [make_review(company, status="pending", rating_career=5) for _ in range(3)]
    assert career_rating_on_page(editor_client, "rated") == "3.0"

    selection = {"action": "approve", "_selected_action": [r.pk for r in pending]}
    confirmation = editor_client.post("/admin/companies/review/", selection)

    assert confirmation.status_code == 200
    assert "3 reviews selected" in confirmation.content.decode()
    assert career_rating_on_page(editor_client, "rated") == "3.0", "nothing changes unconfirmed"

    response = editor_client.post(
        "/admin/companies/review/", {**selection, "confirmed": "yes"}, follow=True
    )

    assert "Published 3 review(s)." in response.content.decode()
    assert career_rating_on_page(editor_client, "rated") == "4.0"


def test_editor_rejects_a_review_and_the_company_falls_below_the_threshold(editor_client):
    company = give_reviews(make_company("Thin", slug="thin"), 3, career=5)
    one = Review.objects.filter(company=company).first()

    editor_client.post(
        "/admin/companies/review/",
        {
            "action": "reject",
            "_selected_action": [one.pk],
            "confirmed": "yes",
            "reason": "Names a colleague.",
        },
    )

    assert career_rating_on_page(editor_client, "thin") == "none"
    assert "Not enough reviews yet" in html(editor_client.get("/companies/thin/")).get_text()


def test_moderation_queue_lists_pending_reviews_first_oldest_first(editor_client):
    company = make_company()
    make_review(company, status="published", headline="Old published")
    make_review(company, status="pending", headline="Newer pending")
    older = make_review(company, status="pending", headline="Older pending")
    Review.objects.filter(pk=older.pk).update(created_at="2020-01-01T00:00:00Z")

    page = html(editor_client.get("/admin/companies/review/"))

    headlines = [a.get_text() for a in page.select("#result_list tbody th a")]
    assert headlines[:3] == ["Older pending", "Newer pending", "Old published"]


def test_editor_adds_a_tag_to_a_company_and_the_directory_filter_finds_it(editor_client):
    learning = make_tag("learning", name="Learning")
    company = make_company("Newly tagged", slug="newly-tagged")
    data = admin_form_data(editor_client, f"/admin/companies/company/{company.pk}/change/")
    data.update(
        {
            "company_tags-TOTAL_FORMS": "1",
            "company_tags-0-tag": learning.pk,
            "company_tags-0-evidence_note": "Mentorship budget in the handbook.",
            "company_tags-0-company": company.pk,
        }
    )

    response = editor_client.post(f"/admin/companies/company/{company.pk}/change/", data)

    assert response.status_code == 302, html(response).select(".errorlist")
    listed = html(editor_client.get("/companies/?tag=learning"))
    assert [a.get_text() for a in listed.select(".company-card .card__title a")] == ["Newly tagged"]
    assert Company.objects.get(pk=company.pk).tag_slugs == ["learning"]


def test_editors_cannot_manage_users(editor_client):
    assert editor_client.get("/admin/auth/user/").status_code == 403


def test_editors_cannot_delete_in_bulk(editor_client):
    page = html(editor_client.get("/admin/companies/company/"))

    actions = [o["value"] for o in page.select("select[name=action] option") if o["value"]]
    assert "delete_selected" not in actions


def test_failed_sign_ins_are_throttled_with_a_cool_off(client, editor):
    for _ in range(4):
        response = client.post("/admin/login/", {"username": "editor", "password": "wrong"})
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    fifth = client.post("/admin/login/", {"username": "editor", "password": "wrong"})
    assert fifth.status_code == 429

    locked = client.post(
        "/admin/login/", {"username": "editor", "password": "a-long-test-password-1"}
    )

    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    assert "15 minutes" in locked.content.decode() or "0:15:00" in locked.content.decode()
