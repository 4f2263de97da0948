"""A company's team posts roles through the editors' review: write, preview, send, changes
asked, sent again, approved and on the board; changes to a published role wait for approval
while the role stays as it was; and every employer page is 404 to another company's team."""

import re

import pytest
from django.core import mail

from employers.models import (
    Invitation,
    JobFeed,
    Member,
    ProfileProposal,
    ProposalStatus,
    RoleProposal,
)
from jobs.models import Job
from tests.companies.test_contributions import reader_client
from tests.conftest import admin_form_data, html, make_company, make_job
from tests.employers.conftest import Sent

pytestmark = pytest.mark.django_db


def role(**overrides) -> dict:
    data = {
        "title": "Staff Platform Engineer",
        "level": "l6",
        "track": "ic",
        "discipline": "platform",
        "employment_type": "full-time",
        "workplace": "hybrid",
        "city": "Berlin",
        "country": "DE",
        "salary_min": "90000",
        "salary_max": "110000",
        "salary_currency": "EUR",
        "salary_period": "year",
        "description": "Run the **paved road**.",
        "apply_to": "https://quarry.example/jobs/1",
        "action": "submit",
    }
    data.update(overrides)
    return data


def decide(admin_client, proposal, status, comment=""):
    url = f"/admin/employers/roleproposal/{proposal.pk}/change/"
    data = admin_form_data(admin_client, url)
    data.update(status=status, comment=comment)
    return Sent.post(admin_client, url, data)


def board_titles(client, query="") -> list[str]:
    return [
        a.get_text() for a in html(client.get(f"/jobs/{query}")).select(".job-row .card__title a")
    ]


def test_a_role_goes_from_the_team_through_changes_asked_to_the_board(
    owner, quarry, admin_client, client
):
    # The team's page offers to post a role; the form is the board's rules.
    team = html(owner.get("/employers/team/quarry/"))
    assert (
        team.select_one("a[href='/employers/team/quarry/roles/new/']").get_text() == "Post a role"
    )
    response = Sent.post(owner, "/employers/team/quarry/roles/new/", role(salary_max="50000"))
    assert response.status_code == 400
    assert "The maximum salary must be at least the minimum." in html(response).get_text()
    assert not RoleProposal.objects.exists()

    # A preview shows the role's page, and saves nothing.
    preview = html(Sent.post(owner, "/employers/team/quarry/roles/new/", role(action="preview")))
    assert preview.h1.get_text() == "Staff Platform Engineer"
    assert preview.select_one(".prose strong").get_text() == "paved road"
    assert "EUR 90,000–110,000 per year" in preview.get_text()
    assert not RoleProposal.objects.exists()

    assert Sent.post(owner, "/employers/team/quarry/roles/new/", role()).status_code == 302
    proposal = RoleProposal.objects.get()
    assert proposal.status == ProposalStatus.IN_REVIEW
    assert "In review" in html(owner.get("/employers/team/quarry/")).get_text()
    assert board_titles(client) == []

    # The editor asks for a change; the team is told and sees the comment.
    assert decide(admin_client, proposal, "changes-asked", "Say which <team>.").status_code == 302
    assert mail.outbox[-1].to == ["ada@readers.example"]
    assert "Say which <team>." in mail.outbox[-1].body
    (link,) = re.findall(
        r"http://\S+/employers/team/quarry/roles/proposals/\d+/", mail.outbox[-1].body
    )
    edit = link.removeprefix("http://127.0.0.1:8000")
    form = html(owner.get(edit))
    assert "The editors asked for changes: Say which <team>." in form.get_text()
    assert form.select_one("input[name=title]")["value"] == "Staff Platform Engineer"

    # Sent again with the change, approved: on the board, the company page, search, the feed.
    resent = role(title="Staff Platform Engineer, Developer Experience")
    assert Sent.post(owner, edit, resent).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.IN_REVIEW
    changed = html(admin_client.get(f"/admin/employers/roleproposal/{proposal.pk}/change/"))
    assert (
        "Staff Platform Engineer, Developer Experience"
        in changed.select_one("table.proposal").get_text()
    )
    assert decide(admin_client, proposal, "approved").status_code == 302
    job = Job.objects.get()
    assert job.title == "Staff Platform Engineer, Developer Experience"
    assert (job.company, job.status, job.salary_currency) == (quarry, "published", "EUR")
    assert "is published on Ladder" in mail.outbox[-1].subject

    title = "Staff Platform Engineer, Developer Experience"
    assert board_titles(client) == [title]
    assert title in html(client.get("/companies/quarry/")).get_text()
    assert title in html(client.get("/search/?q=developer+experience")).get_text()
    assert title in client.get("/jobs/feed/").content.decode()
    assert client.get(job.get_absolute_url()).status_code == 200
    team = html(owner.get("/employers/team/quarry/")).get_text()
    assert "Published, open until" in team


def test_a_change_to_a_published_role_waits_while_the_role_stays_as_it_was(
    owner, quarry, admin_client, client
):
    job = make_job(
        quarry,
        title="Backend Engineer",
        salary_currency="EUR",
        salary_min=80_000,
        salary_max=90_000,
    )
    start = f"/employers/team/quarry/roles/{job.pk}/change/"
    form = html(owner.get(start))
    assert form.select_one("input[name=title]")["value"] == "Backend Engineer"

    data = {
        field["name"]: field.get("value", "")
        for field in form.select("form input[name]:not([type=checkbox]), form textarea[name]")
    }
    for select in form.select("form select[name]"):
        chosen = select.select("option[selected]")
        data[select["name"]] = (
            [o["value"] for o in chosen]
            if select.has_attr("multiple")
            else (chosen[0]["value"] if chosen else "")
        )
    for textarea in form.select("form textarea[name]"):
        data[textarea["name"]] = textarea.get_text().removeprefix("\n")  # as a browser reads it
    data.update(salary_max="120000", action="submit")
    assert Sent.post(owner, start, data).status_code == 302

    job.refresh_from_db()
    assert job.salary_max == 90_000, "the public role is unchanged while the change is reviewed"
    assert "90,000" in html(client.get(job.get_absolute_url())).get_text()
    # Asking again to change it opens the change already written, not a second one.
    proposal = RoleProposal.objects.get()
    assert proposal.job == job
    admin_page = html(admin_client.get(f"/admin/employers/roleproposal/{proposal.pk}/change/"))
    changed_rows = [tr.th.get_text() for tr in admin_page.select("table.proposal tr.changed")]
    assert changed_rows == ["Salary max"]

    decide(admin_client, proposal, "approved")
    job.refresh_from_db()
    assert job.salary_max == 120_000
    assert Job.objects.count() == 1


def test_the_team_closes_a_role_without_review(owner, quarry, client):
    job = make_job(quarry, title="Closing")
    assert Sent.post(owner, f"/employers/team/quarry/roles/{job.pk}/close/").status_code == 302
    job.refresh_from_db()
    assert job.status == "closed"
    assert board_titles(client) == []


def test_a_draft_is_kept_incomplete_and_never_public(owner, quarry, admin_client, client):
    response = Sent.post(owner, "/employers/team/quarry/roles/new/", role(city="", action="draft"))
    assert response.status_code == 302
    proposal = RoleProposal.objects.get()
    assert proposal.status == ProposalStatus.DRAFT
    page = html(owner.get(f"/employers/team/quarry/roles/proposals/{proposal.pk}/"))
    assert "On-site and hybrid roles need a city." in page.get_text()
    # A draft is not the editors' to decide.
    response = decide(admin_client, proposal, "approved")
    assert response.status_code == 200
    assert "Only a role sent for review can be decided." in response.content.decode()
    assert not Job.objects.exists()


def test_rejecting_needs_a_reason_the_team_is_told(owner, quarry, admin_client):
    Sent.post(owner, "/employers/team/quarry/roles/new/", role())
    proposal = RoleProposal.objects.get()
    response = decide(admin_client, proposal, "rejected", "")
    assert "Say what to change, or why: the team is told." in response.content.decode()
    decide(admin_client, proposal, "rejected", "Not an engineering role.")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REJECTED
    assert "Not an engineering role." in mail.outbox[-1].body
    assert (
        "Rejected: Not an engineering role."
        in html(owner.get("/employers/team/quarry/")).get_text()
    )


def test_hostile_markup_in_a_proposed_role_is_inert(owner, quarry, admin_client, client):
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    Sent.post(
        owner,
        "/employers/team/quarry/roles/new/",
        role(title=f"Role {hostile}", description=f"Text {hostile}"),
    )
    proposal = RoleProposal.objects.get()
    for response in [
        owner.get("/employers/team/quarry/"),
        admin_client.get("/admin/employers/roleproposal/"),
        admin_client.get(f"/admin/employers/roleproposal/{proposal.pk}/change/"),
    ]:
        assert b"<script>alert(1)" not in response.content
        assert b"<img src=x" not in response.content
    decide(admin_client, proposal, "approved")
    page = client.get(Job.objects.get().get_absolute_url())
    assert b"<script>alert(1)" not in page.content
    assert not html(page).select("[onerror]")


def test_another_companys_team_gets_404_on_every_employer_page(owner, quarry, django_user_model):
    other = make_company("Other", slug="other", email_domains=["other.example"])
    outsider = reader_client(django_user_model, "eve")
    Member.objects.create(
        company=other, user=outsider.user, email="eve@other.example", is_owner=True
    )
    job = make_job(quarry, title="Theirs")
    Sent.post(owner, "/employers/team/quarry/roles/new/", role(action="draft"))
    proposal = RoleProposal.objects.get()
    colleague = Member.objects.get(company=quarry)
    JobFeed.objects.create(
        company=quarry, url="https://boards.example/quarry.json", format="greenhouse"
    )
    invitation = Invitation.objects.create(
        company=quarry, email="grace@quarry.example", sender="ada@quarry.example"
    )

    gets = [
        "/employers/team/quarry/",
        "/employers/team/quarry/roles/new/",
        f"/employers/team/quarry/roles/proposals/{proposal.pk}/",
        f"/employers/team/quarry/roles/{job.pk}/change/",
        "/employers/team/quarry/feed/",
        "/employers/team/quarry/invite/",
        "/employers/team/quarry/profile/",
        # Their own team's URLs with Quarry's objects in them.
        f"/employers/team/other/roles/proposals/{proposal.pk}/",
        f"/employers/team/other/roles/{job.pk}/change/",
    ]
    for url in gets:
        assert outsider.get(url).status_code == 404, url
    posts = [
        *gets[1:],  # the team page only answers GET (405 to a POST, whoever asks)
        f"/employers/team/quarry/roles/{job.pk}/close/",
        f"/employers/team/other/roles/{job.pk}/close/",
        f"/employers/team/quarry/roles/{job.pk}/renew/",
        f"/employers/team/other/roles/{job.pk}/renew/",
        f"/employers/team/quarry/remove/{colleague.pk}/",
        f"/employers/team/other/remove/{colleague.pk}/",
        "/employers/team/quarry/feed/disconnect/",
        f"/employers/team/quarry/invitations/{invitation.pk}/withdraw/",
        f"/employers/team/other/invitations/{invitation.pk}/withdraw/",
    ]
    for url in posts:
        assert Sent.post(outsider, url, role()).status_code == 404, url
    job.refresh_from_db()
    proposal.refresh_from_db()
    assert job.status == "published"
    assert proposal.status == ProposalStatus.DRAFT
    assert RoleProposal.objects.count() == 1
    assert Member.objects.count() == 2
    assert JobFeed.objects.get().url == "https://boards.example/quarry.json"
    invitation.refresh_from_db()
    assert invitation.status == "pending"
    assert not ProfileProposal.objects.exists()


def test_sending_for_review_has_a_daily_limit(owner, quarry, settings):
    settings.ROLE_PROPOSALS_PER_DAY = 2
    codes = [
        Sent.post(owner, "/employers/team/quarry/roles/new/", role()).status_code for _ in range(3)
    ]
    assert codes == [302, 302, 429]
    assert RoleProposal.objects.in_review().count() == 2
