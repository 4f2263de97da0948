"""Saved searches, their alerts and saved roles are part of the reader's data: in the export,
and gone with the account."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from alerts import digests
from alerts.models import AlertDelivery, SavedRole, SavedSearch, SentRole
from jobs.models import Job
from tests.alerts.conftest import make_reader
from tests.conftest import make_job

pytestmark = pytest.mark.django_db


def searches_and_roles(user):
    job = make_job(title="Staff Backend Engineer", days_old=0)
    search = SavedSearch(user=user, scope="jobs", name="Backend", query="discipline=backend")
    search.set_frequency("daily")
    search.alerted_until = timezone.now() - timedelta(days=1)
    search.save()
    SavedSearch.objects.filter(pk=search.pk).update(next_due_at=timezone.now())
    assert digests.send_due_digests() == 1
    SavedRole.objects.create(user=user, job=job)
    return search, job


def test_the_export_holds_saved_searches_their_alerts_and_saved_roles(client, reader, mailoutbox):
    searches_and_roles(reader)
    searches_and_roles(make_reader("eve@example.com"))
    client.force_login(reader)
    data = json.loads(client.get("/account/export/").content)
    [search] = data["saved_searches"]
    assert search["name"] == "Backend"
    assert search["query"] == "discipline=backend"
    assert search["email_alerts"] == "Daily"
    [alert] = search["alerts_sent"]
    assert alert["to"] == "ada@example.com"
    assert alert["status"] == "Sent"
    [role] = data["saved_roles"]
    assert role["role"] == "Staff Backend Engineer"
    assert role["open"] is True


def test_deleting_the_account_deletes_everything_saved(client, reader, mailoutbox):
    searches_and_roles(reader)
    eve = make_reader("eve@example.com")
    _, eves_job = searches_and_roles(eve)

    def kept(user) -> list[int]:
        return [
            SavedSearch.objects.filter(user=user).count(),
            SavedRole.objects.filter(user=user).count(),
            AlertDelivery.objects.filter(saved_search__user=user).count(),
            SentRole.objects.filter(saved_search__user=user).count(),
        ]

    assert kept(reader) == [1, 1, 1, 1]
    eves = kept(eve)
    client.force_login(reader)
    response = client.post("/account/delete/", {"password": "a-long-reader-password-1"})
    assert response.status_code == 302
    assert kept(reader) == [0, 0, 0, 0]
    assert not AlertDelivery.objects.filter(to="ada@example.com").exists()
    assert kept(eve) == eves
    assert Job.objects.filter(pk=eves_job.pk).exists()
