"""Sign-in throttling behind the HTTPS proxy, as in production: every request reaches us from
the proxy's address, and the client's own is the one the proxy appends to X-Forwarded-For."""

import http.client
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import User

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.subprocess]

TOKEN = "b" * 32
PASSWORD = "the-right-password-1"


@pytest.fixture
def https_site(serve):
    return serve(DJANGO_HTTPS="1", DJANGO_SIGNIN_FAILURE_LIMIT="5")


def sign_in(server, forwarded_for: str, password: str) -> int:
    """Post the admin's sign-in form as the proxy passes it on, from 127.0.0.1."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
    try:
        connection.request(
            "POST",
            "/admin/login/?next=/admin/",
            body=urlencode(
                {"csrfmiddlewaretoken": TOKEN, "username": "editor", "password": password}
            ),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={TOKEN}",
                "Origin": f"https://127.0.0.1:{server.port}",
                "Host": f"127.0.0.1:{server.port}",
                "X-Forwarded-Proto": "https",
                "X-Forwarded-For": forwarded_for,
            },
        )
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_failed_sign_ins_lock_out_one_client_not_everyone_behind_the_proxy(https_site):
    User.objects.create_user("editor", password=PASSWORD, is_staff=True)
    attacker = "203.0.113.5"

    statuses = [sign_in(https_site, attacker, "wrong") for _ in range(5)]
    assert statuses[:4] == [200] * 4, "a failed sign-in shows the form again"
    assert statuses[4] == 429

    # Locked: even the right password, and a forged address in front of the real one.
    assert sign_in(https_site, attacker, PASSWORD) == 429
    assert sign_in(https_site, f"198.51.100.99, {attacker}", PASSWORD) == 429

    # Another client behind the same proxy signs in.
    assert sign_in(https_site, "198.51.100.7", PASSWORD) == 302
