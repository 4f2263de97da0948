"""The account pages and mail speak as Ladder does: titles in the site's sentence case, mail
that says what happened and what to do, and an address confirmed in the browser that signed up
signs the reader in."""

from tests.accounts.conftest import link_in, sign_up
from tests.conftest import html


def test_account_page_titles_are_one_line_in_sentence_case(client):
    titles = {
        path: html(client.get(path)).title.string
        for path in ["/account/login/", "/account/signup/", "/account/password/reset/"]
    }
    assert titles == {
        "/account/login/": "Sign in · Ladder",
        "/account/signup/": "Sign up · Ladder",
        "/account/password/reset/": "Password reset · Ladder",
    }


def test_sign_up_mail_is_ladders_and_confirming_signs_the_reader_in(client, worker, smtp_server):
    sign_up(client, "grace@example.com")
    worker.wait_until_idle()
    (message,) = smtp_server.wait_for(1)
    body = message.get_body(("plain",)).get_content()
    assert message["Subject"] == "Ladder: Confirm your address to finish signing up"
    assert "has given your email address" not in body
    assert "signed up for Ladder with this address" in body
    assert client.get("/account/").status_code == 302  # not signed in before confirming

    assert client.post(link_in(message, "/account/confirm-email/")).status_code == 302
    account = client.get("/account/")
    assert account.status_code == 200
    assert "grace@example.com" in account.content.decode()


def test_a_sign_up_with_a_taken_address_is_told_so_in_ladders_words(
    client, worker, smtp_server, django_user_model
):
    django_user_model.objects.create_user("taken", "taken@example.com", "x" * 20)
    sign_up(client, "taken@example.com")
    worker.wait_until_idle()
    (message,) = smtp_server.wait_for(1)
    assert message["Subject"] == "Ladder: You already have an account"
    body = message.get_body(("plain",)).get_content()
    assert "tried to sign up for Ladder with taken@example.com" in body
    assert "password forgotten procedure" not in body


def test_notices_of_account_changes_are_ladders(client, worker, smtp_server, django_user_model):
    from allauth.account.models import EmailAddress

    from tests.accounts.conftest import PASSWORD, sign_in

    user = django_user_model.objects.create_user("ada", "ada@example.com", PASSWORD)
    EmailAddress.objects.create(user=user, email="ada@example.com", verified=True, primary=True)
    assert sign_in(client, "ada@example.com").status_code == 302
    new = "another-long-password-9"
    client.post(
        "/account/password/change/",
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )
    worker.wait_until_idle()
    (notice,) = smtp_server.wait_for(1)
    body = notice.get_body(("plain",)).get_content()
    assert notice["Subject"] == "Ladder: Your password was changed"
    assert "The password of your Ladder account was just changed." in body
    assert "/account/password/reset/" in body
    assert "You are receiving this mail" not in body
