from datetime import timedelta

import pytest
from django.shortcuts import resolve_url
from django.utils import timezone

from alerts.models import SavedRole
from jobs.models import Job
from tests.alerts.conftest import make_reader
from tests.conftest import html, make_job

pytestmark = pytest.mark.django_db


def test_a_reader_saves_a_role_from_its_page_and_sees_it_close(reader_client, reader):
    job = make_job(title="Staff Platform Engineer")
    page = html(reader_client.get(job.get_absolute_url()))
    save = page.find("a", string="Save this role")["href"]
    assert save == f"/saved/roles/save/{job.slug}/"
    assert reader_client.post(save).status_code == 302
    # Saving twice keeps one.
    reader_client.post(save)
    assert SavedRole.objects.filter(user=reader).count() == 1
    assert "already in" in html(reader_client.get(save)).get_text()
    # The role's page now says so, and leads to the reader's saved roles.
    page = html(reader_client.get(job.get_absolute_url()))
    assert page.find("a", string="Save this role") is None
    assert page.select_one("a.save-role").get_text() == "Saved to your roles ✓"
    assert page.select_one("a.save-role")["href"] == "/saved/roles/"

    listing = html(reader_client.get("/saved/roles/"))
    [row] = listing.select(".saved-role")
    assert row.find("a", string="Staff Platform Engineer")["href"] == job.get_absolute_url()
    assert "Open" in row.get_text()

    Job.objects.filter(pk=job.pk).close()
    [row] = html(reader_client.get("/saved/roles/")).select(".saved-role")
    assert "Closed" in row.get_text()
    assert "saved-role--closed" in row["class"]


def test_an_expired_role_shows_as_closed(reader_client, reader):
    job = make_job(days_old=70)
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(days=10))
    SavedRole.objects.create(user=reader, job=job)
    [row] = html(reader_client.get("/saved/roles/")).select(".saved-role")
    assert "Closed" in row.get_text()


def test_anonymous_readers_sign_in_before_saving_a_role(client, settings):
    job = make_job()
    response = client.get(f"/saved/roles/save/{job.slug}/")
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    assert client.post(f"/saved/roles/save/{job.slug}/").status_code == 302
    assert not SavedRole.objects.exists()
    # The role page reads no session: it stays cacheable for everyone.
    assert "Cookie" not in client.get(job.get_absolute_url()).get("Vary", "")


def test_roles_without_a_public_page_cannot_be_saved(reader_client):
    draft = make_job(status="draft")
    assert reader_client.post(f"/saved/roles/save/{draft.slug}/").status_code == 404
    assert not SavedRole.objects.exists()


def test_a_reader_never_sees_or_removes_another_readers_roles(client, reader):
    theirs = SavedRole.objects.create(user=reader, job=make_job(title="Ada's pick"))
    client.force_login(make_reader("eve@example.com"))
    assert "Ada's pick" not in client.get("/saved/roles/").content.decode()
    assert client.post(f"/saved/roles/{theirs.pk}/remove/").status_code == 404
    assert SavedRole.objects.filter(pk=theirs.pk).exists()


def test_a_reader_removes_a_saved_role(reader_client, reader):
    saved = SavedRole.objects.create(user=reader, job=make_job())
    assert reader_client.post(f"/saved/roles/{saved.pk}/remove/").status_code == 302
    assert not SavedRole.objects.exists()


def test_saved_roles_cost_the_same_for_one_or_fifty(
    reader_client, reader, django_assert_num_queries
):
    company_jobs = [make_job() for _ in range(50)]
    for count in (1, 50):
        SavedRole.objects.filter(user=reader).delete()
        SavedRole.objects.bulk_create(SavedRole(user=reader, job=j) for j in company_jobs[:count])
        # session, user, the saved roles with their roles, companies and whether each is open
        with django_assert_num_queries(3):
            response = reader_client.get("/saved/roles/")
        assert len(html(response).select(".saved-role")) == count


def test_deleting_a_reader_deletes_their_saved_searches_and_roles(reader):
    from alerts.models import SavedSearch

    SavedRole.objects.create(user=reader, job=make_job())
    SavedSearch.objects.create(user=reader, scope="jobs", name="S", frequency="none")
    reader.delete()
    assert not SavedRole.objects.exists()
    assert not SavedSearch.objects.exists()
