"""Sign-up and password reset say the same whether or not an address has an account, are
rate-limited per address and per client address (the real one behind the proxy), and a reader
never reaches the editors' admin."""

import time

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher

from tests.accounts.conftest import PASSWORD, link_in, sign_in, sign_up
from tests.conftest import html, post_form

pytestmark = pytest.mark.django_db


def make_reader(email="ada@example.com", *, verified=True):
    user = get_user_model().objects.create_user(
        username=email.split("@")[0], email=email, password=PASSWORD
    )
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def page_text(response) -> str:
    main = html(response).select_one("main")
    return " ".join(main.get_text(" ").split())


@pytest.fixture
def behind_the_proxy(settings):
    """Client addresses read as with DJANGO_HTTPS=1: the entry the proxy appends."""
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")


def test_sign_up_answers_the_same_for_a_taken_address(client, worker, smtp_server):
    make_reader("taken@example.com")
    taken = sign_up(client, "taken@example.com")
    client.logout()
    free = sign_up(client, "free@example.com")
    assert (taken.status_code, taken["Location"]) == (free.status_code, free["Location"])
    assert page_text(client.get(taken["Location"])) == page_text(client.get(free["Location"]))
    assert get_user_model().objects.filter(email="taken@example.com").count() == 1

    worker.wait_until_idle()
    messages = {m["To"]: m for m in smtp_server.wait_for(2)}
    # The owner of the taken address is told, and can reset their password from there.
    assert "password/reset" in messages["taken@example.com"].get_body(("plain",)).get_content()
    link_in(messages["free@example.com"], "/account/confirm-email/")


def test_password_reset_answers_the_same_for_an_unknown_address(client, worker, smtp_server):
    make_reader("ada@example.com")
    known = client.post("/account/password/reset/", {"email": "ada@example.com"})
    unknown = client.post("/account/password/reset/", {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]

    worker.wait_until_idle()
    (message,) = smtp_server.wait_for(1)
    assert smtp_server.recipients == [["ada@example.com"]], "nothing goes to a stranger"
    link_in(message, "/account/password/reset/key/")


def test_sign_up_is_limited_per_client_address_behind_the_proxy(client, settings, behind_the_proxy):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "3/h/ip"}
    for number in range(3):
        # A client may put anything in front of what the proxy appends; it changes nothing.
        response = sign_up(
            client,
            f"reader{number}@example.com",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{number}, 203.0.113.5",
        )
        assert response.status_code == 302
        client.logout()
    response = sign_up(client, "reader9@example.com", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.5")
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    other = sign_up(client, "reader9@example.com", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert other.status_code == 302, "another client is not held back"


def test_sign_up_is_limited_per_address(client, behind_the_proxy):
    for number in range(3):
        sign_up(client, "ada@example.com", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")
        client.logout()
    response = sign_up(client, "Ada@Example.com", HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert response.status_code == 200
    assert "Too many sign-up attempts for this address" in page_text(response)


def test_password_reset_is_limited_per_address_and_per_client_address(
    client, settings, behind_the_proxy
):
    make_reader("ada@example.com")
    for number in range(3):
        response = client.post(
            "/account/password/reset/",
            {"email": "ada@example.com"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}",
        )
        assert response.status_code == 302
    response = client.post(
        "/account/password/reset/", {"email": "ada@example.com"}, HTTP_X_FORWARDED_FOR="192.0.2.1"
    )
    assert response.status_code == 429, "the fourth request for one address"

    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password": "2/h/ip"}
    for number in range(2):
        response = client.post(
            "/account/password/reset/",
            {"email": f"someone{number}@example.com"},
            HTTP_X_FORWARDED_FOR="203.0.113.8",
        )
        assert response.status_code == 302
    response = client.post(
        "/account/password/reset/",
        {"email": "someone9@example.com"},
        HTTP_X_FORWARDED_FOR="10.1.1.1, 203.0.113.8",
    )
    assert response.status_code == 429, "the third request from one client"


def test_a_reader_cannot_reach_the_admin(client, db):
    make_reader("ada@example.com")
    assert sign_in(client, "ada@example.com").status_code == 302
    assert client.get("/account/").status_code == 200
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    response = client.post("/admin/login/", {"username": "ada", "password": PASSWORD})
    assert response.status_code == 200, "the admin's sign-in refuses a reader"
    assert client.get("/admin/companies/company/").status_code == 302


def test_an_unverified_reader_cannot_sign_in(client, db):
    make_reader("ada@example.com", verified=False)
    response = sign_in(client, "ada@example.com")
    assert response["Location"] == "/account/confirm-email/"
    assert client.get("/account/").status_code == 302


def test_failed_reader_sign_ins_do_not_lock_out_other_readers(client, settings):
    make_reader("ada@example.com")
    make_reader("bob@example.com")
    for _ in range(5):
        assert sign_in(client, "ada@example.com", "wrong").status_code == 200
    # Ada's account is paused by allauth's per-account limit; Bob, from the same address, not.
    paused = sign_in(client, "ada@example.com")
    assert paused.status_code == 200
    assert "Too many failed login attempts" in page_text(paused)
    assert sign_in(client, "bob@example.com").status_code == 302


class CountingHasher(MD5PasswordHasher):
    """The quick hasher, counting the passwords it hashes."""

    hashed = 0

    def encode(self, password, salt):
        CountingHasher.hashed += 1
        return super().encode(password, salt)


@pytest.mark.parametrize("address", ["taken@example.com", "free@example.com"])
def test_a_sign_up_hashes_the_password_once_whether_or_not_the_address_is_taken(
    client, settings, address
):
    """What made a free address slower to sign up with than a taken one: only a new account
    hashed the password, and the production hasher takes most of a second by design."""
    make_reader("taken@example.com")
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    CountingHasher.hashed = 0
    assert sign_up(client, address).status_code == 302
    assert CountingHasher.hashed == 1


@pytest.mark.django_db(transaction=True)
def test_sign_up_takes_as_long_for_a_taken_address_as_for_a_free_one(serve):
    """Through the real server with the production hasher: the times of the two kinds of
    sign-up overlap (before, every free address took longer than every taken one)."""
    for number in range(4):
        make_reader(f"taken{number}@example.com")
    server = serve()

    def seconds(address: str) -> float:
        started = time.perf_counter()
        form = {"email": address, "password1": PASSWORD, "password2": PASSWORD}
        status, _ = post_form(server, "/account/signup/", form)
        assert status == 302, address
        return time.perf_counter() - started

    # Interleaved, so that the machine's load weighs on both alike; within the limit of
    # sign-ups per client address.
    taken, free = [], []
    for number in range(4):
        taken.append(seconds(f"taken{number}@example.com"))
        free.append(seconds(f"free{number}@example.com"))
    assert min(free) <= max(taken), (taken, free)
    assert min(taken) <= max(free), (taken, free)
