"""Which pages the public may read: one rule per model, the same for every door."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from companies.models import Company
from jobs.models import Job
from tests.conftest import admin_form_data, html, make_company, make_guide, make_job

pytestmark = pytest.mark.django_db


def test_an_unpublished_role_has_no_public_page_and_its_draft_edits_stay_private(
    client, editor_client
):
    job = make_job(slug="taken-back", title="Staff Engineer")
    assert client.get("/jobs/taken-back/").status_code == 200

    editor_client.post(
        "/admin/jobs/job/",
        {"action": "unpublish", "_selected_action": [job.pk], "confirmed": "yes"},
    )
    url = f"/admin/jobs/job/{job.pk}/change/"
    data = admin_form_data(editor_client, url)
    assert data["status"] == "draft"
    editor_client.post(url, {**data, "title": "Secret reorg role"})
    editor_client.logout()

    assert client.get("/jobs/taken-back/").status_code == 404
    assert "Secret reorg role" not in client.get("/jobs/").content.decode()
    assert "taken-back" not in client.get("/sitemap-jobs.xml").content.decode()


def test_a_role_at_an_unlisted_company_has_no_public_page(client, editor_client):
    company = make_company("Hidden Corp", slug="hidden-corp")
    make_job(company, slug="hidden-role")
    make_job(company, slug="hidden-closed", status="closed")
    assert client.get("/jobs/hidden-role/").status_code == 200

    url = f"/admin/companies/company/{company.pk}/change/"
    data = admin_form_data(editor_client, url)
    data.pop("is_listed")
    response = editor_client.post(url, data)
    assert response.status_code == 302, "the company form was refused"
    assert not Company.objects.get(pk=company.pk).is_listed
    editor_client.logout()

    assert client.get("/companies/hidden-corp/").status_code == 404
    for slug in ["hidden-role", "hidden-closed"]:
        response = client.get(f"/jobs/{slug}/")
        assert response.status_code == 404
        assert "Hidden Corp" not in response.content.decode()


@pytest.mark.parametrize("how", ["closed", "expired"])
def test_closed_and_expired_roles_keep_a_page_that_says_so(client, how):
    if how == "closed":
        make_job(slug="gone", status="closed")
    else:
        make_job(slug="gone", days_old=90, expires_at=timezone.now() - timedelta(days=1))

    page = html(client.get("/jobs/gone/"))

    assert "This role is closed" in page.get_text()
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_scheduled_and_never_published_roles_have_no_page(client):
    make_job(slug="scheduled", published_at=timezone.now() + timedelta(days=2))
    make_job(slug="never", status="closed", published_at=None, expires_at=None)

    assert client.get("/jobs/scheduled/").status_code == 404
    assert client.get("/jobs/never/").status_code == 404


def test_the_public_rule_is_a_superset_of_the_open_rule():
    open_role = make_job()
    closed = make_job(status="closed")
    make_job(status="draft")
    make_job(make_company(is_listed=False))

    assert set(Job.objects.visible()) == {open_role}
    assert set(Job.objects.public()) == {open_role, closed}


def test_draft_guides_and_unlisted_companies_are_not_found(client, author):
    make_guide(author, slug="draft-guide", status="draft")
    make_guide(author, slug="scheduled-guide", publish_at=timezone.now() + timedelta(days=1))
    make_guide(author, slug="live-guide")
    make_company(slug="unlisted", is_listed=False)

    assert client.get("/guides/draft-guide/").status_code == 404
    assert client.get("/guides/scheduled-guide/").status_code == 404
    assert client.get("/guides/live-guide/").status_code == 200
    assert client.get("/companies/unlisted/").status_code == 404


def test_editors_preview_says_whether_the_public_sees_the_role(editor_client):
    make_job(slug="draft-role", status="draft")
    make_job(slug="closed-role", status="closed")

    draft = html(editor_client.get("/jobs/draft-role/preview/")).select_one(".notice")
    closed = html(editor_client.get("/jobs/closed-role/preview/")).select_one(".notice")

    assert "The public cannot see this page." in draft.get_text()
    assert "The public sees its page" in closed.get_text()


# Previews: staff status alone opens nothing in admin, so it opens no preview either.


@pytest.fixture
def bare_staff_client(client, django_user_model):
    user = django_user_model.objects.create_user("intern", password="a-long-test-password-2")
    user.is_staff = True
    user.save()
    client.force_login(user)
    return client, user


def test_staff_without_permissions_cannot_preview_or_render_markdown(bare_staff_client, author):
    client, _user = bare_staff_client
    make_guide(author, slug="draft-guide", status="draft", title="Secret plans")
    make_job(slug="draft-role", status="draft")

    assert client.get("/guides/draft-guide/preview/").status_code == 403
    assert client.get("/jobs/draft-role/preview/").status_code == 403
    assert client.post("/admin/markdown-preview/", {"source": "**x**"}).status_code == 403


def test_staff_with_the_models_permission_may_preview(bare_staff_client, author):
    client, user = bare_staff_client
    make_guide(author, slug="draft-guide", status="draft", title="Secret plans")
    make_job(slug="draft-role", status="draft")
    user.user_permissions.add(
        Permission.objects.get(codename="view_guide"),
        Permission.objects.get(codename="change_job"),
    )

    assert client.get("/guides/draft-guide/preview/").status_code == 200
    assert client.get("/jobs/draft-role/preview/").status_code == 200
    assert client.post("/admin/markdown-preview/", {"source": "**x**"}).status_code == 200


def test_previews_send_the_signed_out_to_the_sign_in(client, author):
    make_guide(author, slug="draft-guide", status="draft")
    make_job(slug="draft-role", status="draft")

    for url in ["/guides/draft-guide/preview/", "/jobs/draft-role/preview/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
