"""An employer from the first mail to a role on the board, in one test through real URLs, the
real admin, the real worker and a real SMTP server: a reader confirms an address at the
company's domain from the mailed link, an editor makes them the team's owner, they post a
role, the editor asks for a change, they edit it from the mailed link and send it again, and
the approved role is on the board, the company page, search and the feed."""

import re

import pytest

from employers.models import Claim, Member, ProposalStatus, RoleProposal
from jobs.models import Job
from tests.companies.test_contributions import reader_client
from tests.conftest import admin_form_data, html, make_company
from tests.employers.conftest import mail_about

pytestmark = pytest.mark.django_db(transaction=True)

SITE = "http://127.0.0.1:8000"


def link(message, pattern: str) -> str:
    (url,) = re.findall(rf"{SITE}({pattern})", message.get_body(("plain",)).get_content())
    return url


def decide(admin_client, model: str, pk: int, **fields):
    url = f"/admin/employers/{model}/{pk}/change/"
    data = admin_form_data(admin_client, url)
    data.update(fields)
    response = admin_client.post(url, data)
    assert response.status_code == 302, html(response).select(".errorlist")


def test_an_employer_from_the_first_mail_to_a_role_on_the_board(
    worker, smtp_server, django_user_model, admin_client, client
):
    quarry = make_company("Quarry", slug="quarry", email_domains=["quarry.example"])
    ada = reader_client(django_user_model, "ada")

    # 1. Ada asks with her work address; the worker mails the link there.
    ada.post("/employers/claim/quarry/", {"email": "ada@quarry.example", "job_title": "EM"})
    worker.wait_until_idle()
    confirm = mail_about(smtp_server, "Confirm your address", to="ada@quarry.example")
    ada.post(link(confirm, r"/employers/confirm/\S+/"))
    worker.wait_until_idle()
    mail_about(smtp_server, "is with the editors", to="ada@readers.example")

    # 2. The editor approves: Ada owns the team.
    decide(admin_client, "claim", Claim.objects.get().pk, status="approved", reason="")
    worker.wait_until_idle()
    mail_about(smtp_server, "You are on Quarry's team on Ladder", to="ada@readers.example")
    assert Member.objects.get().is_owner

    # 3. She posts a role; the editor asks for a change.
    role = {
        "title": "Platform Engineer",
        "level": "l5",
        "track": "ic",
        "discipline": "platform",
        "employment_type": "full-time",
        "workplace": "remote",
        "remote_regions": ["europe"],
        "salary_min": "80000",
        "salary_max": "95000",
        "salary_currency": "EUR",
        "salary_period": "year",
        "description": "Keep the paved road smooth.",
        "apply_to": "https://quarry.example/jobs/platform",
        "action": "submit",
    }
    assert ada.post("/employers/team/quarry/roles/new/", role).status_code == 302
    proposal = RoleProposal.objects.get()
    decide(
        admin_client, "roleproposal", proposal.pk, status="changes-asked", comment="Name the team."
    )
    worker.wait_until_idle()
    changes = mail_about(smtp_server, "ask for changes", to="ada@readers.example")
    assert "Name the team." in changes.get_body(("plain",)).get_content()

    # 4. She edits it from the mailed link and sends it again; the editor approves.
    edit = link(changes, r"/employers/team/quarry/roles/proposals/\d+/")
    assert "Name the team." in html(ada.get(edit)).get_text()
    ada.post(edit, {**role, "title": "Platform Engineer, Developer Experience"})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.IN_REVIEW
    decide(admin_client, "roleproposal", proposal.pk, status="approved", comment="")
    worker.wait_until_idle()
    mail_about(smtp_server, "is published on Ladder", to="ada@readers.example")

    # 5. The role is everywhere a role is.
    job = Job.objects.get()
    title = "Platform Engineer, Developer Experience"
    assert (job.company, job.status) == (quarry, "published")
    assert title in [
        a.get_text() for a in html(client.get("/jobs/")).select(".job-row .card__title a")
    ]
    assert title in html(client.get("/companies/quarry/")).get_text()
    assert title in html(client.get("/search/?q=developer+experience")).get_text()
    assert title in client.get("/jobs/feed/").content.decode()
