"""A reader's whole account, through the real URLs, with mail sent by the real worker to a
real SMTP server: sign up, verify, sign in, change and reset the password, change the address,
export, delete."""

import json

from django.contrib.auth import get_user_model

from tests.accounts.conftest import PASSWORD, link_in, sign_in, sign_up
from tests.conftest import html

NEW_PASSWORD = "another-long-password-2"
RESET_PASSWORD = "a-third-long-password-3"


def test_a_reader_account_from_sign_up_to_deletion(client, worker, smtp_server, settings):
    # Sign up: nothing but the verification is sent, and signing in waits for it.
    response = sign_up(client, "ada@example.com")
    assert response.status_code == 302
    assert response["Location"] == "/account/confirm-email/"
    worker.wait_until_idle()
    (verification,) = smtp_server.wait_for(1)
    assert verification["To"] == "ada@example.com"
    assert verification["Subject"].startswith("Ladder: ")
    assert f"{settings.SITE_URL}/" in verification.get_body(("plain",)).get_content()
    user = get_user_model().objects.get(email="ada@example.com")
    assert not user.is_staff
    assert not user.is_superuser

    client.post("/account/logout/")
    response = sign_in(client, "ada@example.com")
    assert response.status_code == 302
    assert response["Location"] == "/account/confirm-email/", "unverified: not signed in"
    assert client.get("/account/").status_code == 302

    # Verify through the link in the email.
    confirm = link_in(verification, "/account/confirm-email/")
    page = client.get(confirm)
    assert page.status_code == 200
    assert "ada@example.com" in page.content.decode()
    assert client.post(confirm).status_code == 302

    response = sign_in(client, "ada@example.com")
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    account = client.get("/account/")
    assert account.status_code == 200
    assert "ada@example.com" in account.content.decode()
    links = {a["href"] for a in html(account).select("main a")}
    assert {"/account/email/", "/account/password/change/", "/account/export/"} <= links
    assert "/account/delete/" in links
    header = html(account).select_one("header nav")
    assert header.find("a", string="Account")["href"] == "/account/"

    # Change the password.
    response = client.post(
        "/account/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    worker.wait_until_idle()
    changed = smtp_server.wait_for(2)[1]
    assert "password" in changed["Subject"].lower()
    client.post("/account/logout/")
    assert sign_in(client, "ada@example.com", PASSWORD).status_code == 200, "old one refused"

    # Reset it by email.
    response = client.post("/account/password/reset/", {"email": "ada@example.com"})
    assert response.status_code == 302
    worker.wait_until_idle()
    reset = smtp_server.wait_for(3)[2]
    assert reset["To"] == "ada@example.com"
    key_page = client.get(link_in(reset, "/account/password/reset/key/"), follow=True)
    assert key_page.status_code == 200
    form_url = key_page.redirect_chain[-1][0] if key_page.redirect_chain else None
    assert form_url, "the key is moved out of the URL before the form"
    response = client.post(form_url, {"password1": RESET_PASSWORD, "password2": RESET_PASSWORD})
    assert response.status_code == 302
    assert sign_in(client, "ada@example.com", NEW_PASSWORD).status_code == 200
    assert sign_in(client, "ada@example.com", RESET_PASSWORD).status_code == 302

    # Change the address: the new one is verified before it replaces the old one.
    response = client.post("/account/email/", {"action_add": "", "email": "ada.new@example.com"})
    assert response.status_code == 302
    pending = html(client.get("/account/email/"))
    assert pending.select("[style]") == [], "no inline style, which the CSP would refuse"
    assert pending.select_one("form[hidden]#pending-email")
    worker.wait_until_idle()
    messages = smtp_server.wait_for(4)
    change = next(m for m in messages[3:] if m["To"] == "ada.new@example.com")
    assert client.post(link_in(change, "/account/confirm-email/")).status_code == 302
    user.refresh_from_db()
    assert user.email == "ada.new@example.com"

    # Export everything stored about the reader.
    response = client.get("/account/export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]
    document = json.loads(response.content)
    assert [a["email"] for a in document["account"]["email_addresses"]] == ["ada.new@example.com"]
    assert document["account"]["email_addresses"][0]["verified"] is True

    # Delete: a wrong password changes nothing; the right one removes everything at once.
    assert client.get("/account/delete/").status_code == 200
    response = client.post("/account/delete/", {"password": "not-it"})
    assert response.status_code == 200
    assert "That is not your password." in response.content.decode()
    response = client.post("/account/delete/", {"password": RESET_PASSWORD})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    from allauth.account.models import EmailAddress

    assert not EmailAddress.objects.filter(user_id=user.pk).exists()
    assert client.get("/account/").status_code == 302, "signed out"
    response = sign_in(client, "ada.new@example.com", RESET_PASSWORD)
    assert response.status_code == 200, "the account is gone"
    # Nothing of the account is left anywhere in the database: no address, no mail body.
    assert tables_holding("ada@example.com") == []
    assert tables_holding("ada.new@example.com") == []


def tables_holding(text: str) -> list[str]:
    """The tables of the database with a row whose text holds `text`."""
    from django.db import connection

    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(
                f'SELECT EXISTS (SELECT 1 FROM "{table}" AS t WHERE t::text ILIKE %s)',
                [f"%{text}%"],
            )
            if cursor.fetchone()[0]:
                found.append(table)
    return found
