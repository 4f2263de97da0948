"""A team schedules a new role for a later day and renews its roles in their last two weeks,
within the limit the editors set for the company."""

from datetime import UTC, datetime, timedelta

import time_machine
from django.utils import timezone

from employers.models import RoleProposal
from jobs.models import Job
from tests.conftest import html, make_job
from tests.employers.conftest import Sent
from tests.employers.test_roles import decide, role


def board_titles(client) -> list[str]:
    return [a.get_text() for a in html(client.get("/jobs/")).select(".job-row .card__title a")]


def test_a_role_scheduled_by_the_team_goes_live_on_its_day(owner, quarry, admin_client, client):
    day = timezone.localdate() + timedelta(days=10)
    assert "Publish on" in html(owner.get("/employers/team/quarry/roles/new/")).get_text()
    response = Sent.post(
        owner, "/employers/team/quarry/roles/new/", role(publish_on=day.isoformat())
    )
    assert response.status_code == 302
    proposal = RoleProposal.objects.get()
    review = html(admin_client.get(f"/admin/employers/roleproposal/{proposal.pk}/change/"))
    assert day.isoformat() in review.select_one("table.proposal").get_text()

    assert decide(admin_client, proposal, "approved").status_code == 302
    job = Job.objects.get()
    assert job.published_at == datetime(day.year, day.month, day.day, tzinfo=UTC)
    assert job.expires_at == job.published_at + timedelta(days=60)
    assert "Staff Platform Engineer" not in board_titles(client)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert f"Scheduled for {day:%-d %b %Y}" in html(owner.get("/employers/team/quarry/")).get_text()

    with time_machine.travel(job.published_at + timedelta(hours=1)):
        assert "Staff Platform Engineer" in board_titles(client)


def test_a_day_too_far_ahead_is_a_visible_correction(owner, quarry, settings):
    too_far = timezone.localdate() + timedelta(days=settings.ROLE_SCHEDULE_DAYS + 1)
    response = Sent.post(
        owner, "/employers/team/quarry/roles/new/", role(publish_on=too_far.isoformat())
    )
    assert response.status_code == 400
    assert f"within {settings.ROLE_SCHEDULE_DAYS} days" in html(response).get_text()
    assert not RoleProposal.objects.exists()


def test_a_role_is_renewed_in_its_last_two_weeks_as_often_as_the_editors_allow(
    owner, quarry, settings
):
    settings.ROLE_RENEWAL_DAYS = 30
    now = timezone.now()
    ending = make_job(quarry, title="Ending soon", expires_at=now + timedelta(days=5))
    later = make_job(quarry, title="Open a while", expires_at=now + timedelta(days=40))
    team = html(owner.get("/employers/team/quarry/"))
    renewable = [button["aria-label"] for button in team.select("button[aria-label^=Renew]")]
    assert renewable == ["Renew Ending soon"]

    url = f"/employers/team/quarry/roles/{ending.pk}/renew/"
    assert Sent.post(owner, url).status_code == 302
    ending.refresh_from_db()
    assert abs(ending.expires_at - (now + timedelta(days=35))) < timedelta(minutes=1)
    # Now a month from its end: not again yet.
    assert Sent.post(owner, url).status_code == 409

    # In its last two weeks again, but the company allows one renewal.
    quarry.role_renewals = 1
    quarry.save()
    Job.objects.filter(pk=ending.pk).update(expires_at=now + timedelta(days=3))
    response = Sent.post(owner, url)
    assert response.status_code == 409
    assert "at most 1 time;" in html(response).get_text()
    assert Sent.post(owner, f"/employers/team/quarry/roles/{later.pk}/renew/").status_code == 409
    later.refresh_from_db()
    assert abs(later.expires_at - (now + timedelta(days=40))) < timedelta(minutes=1)


def test_only_a_team_the_editors_trust_publishes_without_review(owner, quarry, client):
    assert not quarry.team_publishes_roles  # off unless an editor turns it on
    Sent.post(owner, "/employers/team/quarry/roles/new/", role())
    assert not Job.objects.exists()

    quarry.team_publishes_roles = True
    quarry.save()
    response = Sent.post(owner, "/employers/team/quarry/roles/new/", role(title="Data Engineer"))
    assert "is published" in html(owner.get(response.url)).get_text()
    job = Job.objects.get()
    assert (job.title, job.status) == ("Data Engineer", "published")
    assert "Data Engineer" in board_titles(client)
    proposal = RoleProposal.objects.get(job=job)
    assert (proposal.status, proposal.decided_by) == ("approved", None)
