"""The admin is Ladder's: its name on every page, breadcrumbs in Django's current markup on
its own pages, and a forgotten password reset by email for staff."""

import re

import pytest
from django.core import mail

from tests.conftest import html, make_company, make_guide

pytestmark = pytest.mark.django_db


def test_the_admin_is_named_ladder_on_every_page(client, editor_client, author):
    guide = make_guide(author)
    for url in [
        "/admin/",
        "/admin/guides/guide/",
        f"/admin/guides/guide/{guide.pk}/change/",
        f"/admin/guides/guide/{guide.pk}/history/",
        "/admin/guides/guide/recover/",
    ]:
        page = html(editor_client.get(url))
        assert page.select_one("#site-name").get_text(strip=True) == "Ladder admin", url
        assert page.title.get_text().strip().endswith("| Ladder admin"), url
        assert "Django" not in page.select_one("#header").get_text(), url

    editor_client.logout()
    for url in ["/admin/login/", "/admin/password_reset/"]:
        page = html(client.get(url))
        assert page.select_one("#site-name").get_text(strip=True) == "Ladder admin", url


def test_the_sign_in_lock_out_page_is_ladders_too(client, settings):
    settings.AXES_FAILURE_LIMIT = 1
    client.post("/admin/login/", {"username": "someone", "password": "wrong"})

    response = client.post("/admin/login/", {"username": "someone", "password": "wrong"})

    assert response.status_code == 429
    page = html(response)
    assert page.select_one("#site-name").get_text(strip=True) == "Ladder admin"
    assert "Django" not in page.title.get_text()


def test_custom_admin_pages_use_the_styled_breadcrumbs(editor_client, author):
    guide = make_guide(author)
    make_company()
    edited = editor_client.get(f"/admin/guides/guide/{guide.pk}/change/")
    assert edited.status_code == 200
    pages = [
        f"/admin/guides/guide/{guide.pk}/history/",
        "/admin/companies/company/recover/",
        "/admin/jobs/job/import/",
    ]
    confirm = editor_client.post(
        "/admin/guides/guide/", {"action": "publish", "_selected_action": [guide.pk]}
    )
    for url, page in [(url, html(editor_client.get(url))) for url in pages] + [
        ("confirm", html(confirm))
    ]:
        crumbs = page.select_one("ol.breadcrumbs")
        assert crumbs is not None, url
        assert crumbs.select("li")[0].get_text() == "Home", url
        assert crumbs.select("li")[-1].get("aria-current") == "page", url
        assert page.select_one("div.breadcrumbs") is None, url


def test_staff_reset_a_forgotten_password_by_email(client, editor, django_user_model):
    editor.email = "editor@example.com"
    editor.save()
    django_user_model.objects.create_user(
        "reader", email="reader@example.com", password="a-long-test-password-2"
    )
    login = html(client.get("/admin/login/"))
    reset_url = login.find("a", string="Forgotten your login credentials?")["href"]

    for email in ["editor@example.com", "reader@example.com", "nobody@example.com"]:
        response = client.post(reset_url, {"email": email})
        assert response.status_code == 302
        assert response.url == "/admin/password_reset/done/"

    assert len(mail.outbox) == 1, "only staff get a reset link"
    message = mail.outbox[0]
    assert message.to == ["editor@example.com"]
    link = re.search(r"http://testserver(/admin/reset/\S+/)", message.body).group(1)
    form_url = client.get(link).url
    changed = client.post(
        form_url,
        {"new_password1": "a-brand-new-password-9", "new_password2": "a-brand-new-password-9"},
    )
    assert changed.url == "/admin/reset/done/"
    signed_in = client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": "a-brand-new-password-9"},
    )
    assert signed_in.status_code == 302
    assert signed_in.url == "/admin/"
