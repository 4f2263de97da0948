"""Alert mail stops going to an address its mail server refuses for good, or whose reader
marks an alert as spam; the reader sees why and can turn it back on."""

import hashlib
import hmac
import json

import pytest
import time_machine
from django.utils import timezone

from alerts.models import AlertDelivery, SavedSearch, UndeliverableAddress
from tests.alerts.conftest import make_reader
from tests.conftest import html, make_job

SECRET = "a-shared-secret-for-mail-events"


def due_search(user) -> SavedSearch:
    return SavedSearch.objects.create(
        user=user,
        scope="jobs",
        query="discipline=backend",
        name="Backend",
        frequency="daily",
        next_due_at=timezone.now(),
        alerted_until=timezone.now() - timezone.timedelta(days=1),
    )


@pytest.mark.django_db
def test_an_address_refused_for_good_gets_no_more_alerts(smtp_server):
    from alerts import digests

    make_job(title="Backend Engineer", discipline="backend", days_old=0)
    gone, kept = make_reader("gone@example.com"), make_reader("kept@example.com")
    due_search(gone), due_search(kept)
    smtp_server.refused.add("gone@example.com")

    assert digests.send_due_digests() == 1
    assert [to for (to,) in smtp_server.recipients] == ["kept@example.com"]
    found = UndeliverableAddress.objects.get()
    assert (found.address, found.kind) == ("gone@example.com", "bounce")
    assert "550" in found.reason
    assert AlertDelivery.objects.get(to="gone@example.com").status == "failed"

    # The next day's digest is not even made for it.
    with time_machine.travel(timezone.now() + timezone.timedelta(days=1)):
        make_job(title="Backend Lead", discipline="backend", days_old=0)
        SavedSearch.objects.update(next_due_at=timezone.now())
        assert digests.send_due_digests() == 1
    assert [to for (to,) in smtp_server.recipients] == ["kept@example.com"] * 2
    assert AlertDelivery.objects.filter(to="gone@example.com").count() == 1


def post_events(client, body: bytes, secret: str = SECRET):
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return client.post(
        "/saved/mail-events/",
        body,
        content_type="application/json",
        HTTP_X_LADDER_SIGNATURE=signature,
    )


@pytest.mark.django_db
def test_bounces_and_complaints_reported_later_are_recorded(client, settings):
    settings.MAIL_EVENTS_SECRET = SECRET
    body = json.dumps(
        {
            "events": [
                {"type": "bounce", "address": "Gone@Example.com", "reason": "550 user unknown"},
                {"type": "complaint", "address": "annoyed@example.com"},
            ]
        }
    ).encode()
    assert post_events(client, body).status_code == 204
    assert dict(UndeliverableAddress.objects.values_list("address", "kind")) == {
        "gone@example.com": "bounce",
        "annoyed@example.com": "complaint",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b'{"events": "x"}',
        b'{"events": [{"type": "deferred", "address": "a@example.com"}]}',
        b'{"events": [{"type": "bounce", "address": "not an address"}]}',
        b'{"events": [{"type": "bounce"}]}',
        b'{"events": [{"type": "bounce", "address": 7}]}',
    ],
)
def test_a_malformed_report_is_a_400_and_records_nothing(client, settings, body):
    settings.MAIL_EVENTS_SECRET = SECRET
    assert post_events(client, body).status_code == 400
    assert not UndeliverableAddress.objects.exists()


@pytest.mark.django_db
def test_reports_must_be_signed_and_the_endpoint_exists_only_with_a_secret(client, settings):
    body = b'{"events": [{"type": "complaint", "address": "a@example.com"}]}'
    settings.MAIL_EVENTS_SECRET = None
    assert post_events(client, body).status_code == 404
    settings.MAIL_EVENTS_SECRET = SECRET
    assert post_events(client, body, secret="another").status_code == 403
    assert client.get("/saved/mail-events/").status_code == 405
    assert not UndeliverableAddress.objects.exists()


@pytest.mark.django_db
def test_the_reader_sees_why_and_can_turn_alerts_back_on(client):
    reader = make_reader("ada@example.com")
    UndeliverableAddress.record("ada@example.com", "bounce", "550 5.1.1 No such mailbox")
    UndeliverableAddress.record("someone-else@example.com", "bounce")
    client.force_login(reader)
    page = html(client.get("/saved/"))
    notice = page.select_one(".notice")
    assert "Alerts to ada@example.com are paused" in notice.get_text()
    assert "550 5.1.1 No such mailbox" in notice.get_text()
    assert "someone-else" not in page.get_text()

    other = UndeliverableAddress.objects.get(address="someone-else@example.com")
    assert client.post(f"/saved/addresses/{other.pk}/retry/").status_code == 404
    mine = UndeliverableAddress.objects.get(address="ada@example.com")
    assert client.post(notice.form["action"]).status_code == 302
    assert not UndeliverableAddress.objects.filter(pk=mine.pk).exists()
    assert "are paused" not in html(client.get("/saved/")).get_text()
