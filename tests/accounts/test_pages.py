"""The account pages are the site's own: its layout and navigation, labelled fields, and
reachable from the header."""

import pytest

from tests.accounts.conftest import sign_in
from tests.accounts.test_abuse import make_reader
from tests.conftest import html, html_errors

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/account/login/", "/account/signup/", "/account/password/reset/"]
)
def test_entrance_pages_use_the_site_layout_with_labelled_fields(client, path):
    response = client.get(path)
    assert response.status_code == 200
    page = html(response)
    assert page.select_one("header .site-nav"), "the site's header"
    assert page.select_one('meta[name="robots"][content="noindex"]')
    for field in page.select("main input:not([type=hidden]):not([type=checkbox])"):
        assert page.select_one(f'label[for="{field["id"]}"]'), field
    assert page.select("main button.button")


def test_sign_in_is_in_the_header_and_leads_to_the_account_page(client):
    make_reader("ada@example.com")
    home = html(client.get("/"))
    assert home.select_one("header .site-nav").find("a", string="Sign in")["href"] == (
        "/account/login/"
    )
    login = html(client.get("/account/login/"))
    assert login.select_one('main a[href^="/account/signup/"]'), "sign-up is offered"
    assert sign_in(client, "ada@example.com")["Location"] == "/account/"
    page = html(client.get("/"))
    assert page.select_one("header .site-nav").find("a", string="Account")["href"] == "/account/"


def test_account_pages_need_a_signed_in_reader(client):
    for path in ["/account/", "/account/export/", "/account/delete/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/account/login/?next=")


def test_a_wrong_password_is_shown_next_to_the_form(client):
    make_reader("ada@example.com")
    response = client.post("/account/login/", {"login": "ada@example.com", "password": "nope"})
    assert response.status_code == 200
    assert "not correct" in html(response).select_one("main").get_text()


def test_account_pages_are_valid_html(client, tmp_path):
    make_reader("ada@example.com")
    pages = {"login": "/account/login/", "signup": "/account/signup/"}
    pages["reset"] = "/account/password/reset/"
    for name, url in pages.items():
        (tmp_path / f"{name}.html").write_bytes(client.get(url).content)
    sign_in(client, "ada@example.com")
    signed_in = {
        "account": "/account/",
        "email": "/account/email/",
        "password": "/account/password/change/",
        "delete": "/account/delete/",
    }
    for name, url in signed_in.items():
        response = client.get(url)
        assert response.status_code == 200, url
        (tmp_path / f"{name}.html").write_bytes(response.content)
    errors = html_errors(tmp_path)
    assert errors == [], "\n".join(errors)
