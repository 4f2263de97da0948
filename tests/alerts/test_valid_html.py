"""The saved-search pages and the alert email's HTML are valid HTML, as vnu reads them."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from alerts import digests
from alerts.models import SavedRole, SavedSearch
from tests.conftest import html_errors, make_job

pytestmark = pytest.mark.django_db


def test_saved_search_pages_and_the_alert_email_are_valid_html(
    reader_client, reader, tmp_path, mailoutbox
):
    job = make_job(slug="backend", title="Backend <Engineer> & more")
    search = SavedSearch(user=reader, scope="jobs", name="Mine <b>", query="discipline=backend")
    search.set_frequency("daily")
    search.alerted_until = timezone.now() - timedelta(days=2)
    search.save()
    SavedRole.objects.create(user=reader, job=job)
    pages = {
        "saved": "/saved/",
        "new": "/saved/searches/new/?scope=jobs&level=l5",
        "edit": f"/saved/searches/{search.pk}/",
        "filters": f"/saved/searches/{search.pk}/filters/?level=l6",
        "roles": "/saved/roles/",
        "save-role": "/saved/roles/save/backend/",
        "jobs-saved": f"/jobs/?discipline=backend&saved={search.pk}",
    }
    for name, url in pages.items():
        response = reader_client.get(url)
        assert response.status_code == 200, url
        (tmp_path / f"{name}.html").write_bytes(response.content)
    visitor = Client()
    token = digests.unsubscribe_token(search)
    for name, url, status in [
        ("unsubscribe", f"/saved/unsubscribe/{token}/", 200),
        ("unsubscribe-bad", "/saved/unsubscribe/nonsense/", 400),
    ]:
        response = visitor.get(url)
        assert response.status_code == status
        (tmp_path / f"{name}.html").write_bytes(response.content)
    SavedSearch.objects.filter(pk=search.pk).update(next_due_at=timezone.now())
    assert digests.send_due_digests() == 1
    [(email_html, _)] = mailoutbox[0].alternatives
    (tmp_path / "email.html").write_text(email_html)

    errors = html_errors(tmp_path)
    assert errors == [], "\n".join(errors)
