import time

import pytest
from django.core import signing

from alerts import digests
from alerts.models import Frequency, SavedSearch
from tests.conftest import html

pytestmark = pytest.mark.django_db


@pytest.fixture
def search(reader):
    search = SavedSearch(user=reader, scope="jobs", name="Backend", query="discipline=backend")
    search.set_frequency(Frequency.DAILY)
    search.save()
    return search


def url_for(search) -> str:
    return f"/saved/unsubscribe/{digests.unsubscribe_token(search)}/"


def test_a_one_click_post_unsubscribes_without_signing_in(client, search):
    # As a mail client sends it (RFC 8058): no session, no CSRF token.
    client.handler.enforce_csrf_checks = True
    response = client.post(url_for(search), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "You are unsubscribed" in html(response).get_text()
    search.refresh_from_db()
    assert (search.frequency, search.next_due_at) == (Frequency.NONE, None)
    # Again: still fine.
    assert client.post(url_for(search)).status_code == 200


def test_following_the_link_only_shows_a_button(client, search):
    response = client.get(url_for(search))
    assert response.status_code == 200
    page = html(response)
    assert page.find("button", string="Unsubscribe").find_parent("form")["method"] == "post"
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]
    search.refresh_from_db()
    assert search.frequency == Frequency.DAILY


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_link_is_a_plain_400(client, search, method):
    token = digests.unsubscribe_token(search)
    other = SavedSearch.objects.create(
        user=search.user, scope="jobs", name="Other", frequency="none"
    )
    forged = signing.dumps(other.pk, salt="something else", compress=True)
    for bad in [token[:-2] + "xx", forged, "nonsense", token.replace(":", "")]:
        response = getattr(client, method)(f"/saved/unsubscribe/{bad}/")
        assert response.status_code == 400
        assert "not valid" in html(response).get_text()
    search.refresh_from_db()
    assert search.frequency == Frequency.DAILY


def test_an_expired_link_is_a_plain_400(client, search, monkeypatch):
    real = time.time
    monkeypatch.setattr(
        signing.time, "time", lambda: real() - digests.UNSUBSCRIBE_MAX_AGE.total_seconds() - 60
    )
    old = digests.unsubscribe_token(search)
    monkeypatch.setattr(signing.time, "time", real)
    response = client.post(f"/saved/unsubscribe/{old}/")
    assert response.status_code == 400
    search.refresh_from_db()
    assert search.frequency == Frequency.DAILY
