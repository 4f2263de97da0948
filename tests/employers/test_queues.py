"""The editors' queues of what teams send (claims, roles, profiles, answers, job feeds) decide
from the list: each waiting row's own Approve and Reject buttons, which the keyboard presses
(static/ladder_admin/moderation.js) and which work without it."""

import pytest
from django.core import mail

from companies.models import AnswerStatus, ReviewAnswer
from employers import profiles
from employers.models import (
    Claim,
    ClaimStatus,
    FeedStatus,
    JobFeed,
    Member,
    ProfileProposal,
    ProposalStatus,
    RoleProposal,
)
from jobs.models import Job
from tests.companies.test_contributions import reader_client
from tests.conftest import html, make_review
from tests.employers.conftest import Sent, Served
from tests.employers.test_feeds import PATH, connect, greenhouse, greenhouse_job
from tests.employers.test_roles import role


def admin_path(model: str) -> str:
    # Answers are companies' (shown under their reviews); the rest are the employers app's.
    return f"/admin/{'companies' if model == 'reviewanswer' else 'employers'}/{model}/"


def queue(admin_client, model: str):
    return html(admin_client.get(admin_path(model)))


def decide(admin_client, model: str, pk: int, decision: str, reason: str = ""):
    return Sent.post(
        admin_client,
        f"{admin_path(model)}{pk}/decide/",
        {"decision": decision, f"reason-{pk}": reason},
    )


def test_a_claim_is_approved_or_refused_from_the_queue(admin_client, quarry, django_user_model):
    ada, grace = (reader_client(django_user_model, name) for name in ("ada", "grace"))
    waiting = [
        Claim.objects.create(
            company=quarry,
            user=reader.user,
            email=f"{reader.user.username}@quarry.example",
            job_title="EM",
            status=ClaimStatus.PENDING,
        )
        for reader in (ada, grace)
    ]
    unconfirmed = Claim.objects.create(
        company=quarry,
        user=reader_client(django_user_model, "lin").user,
        email="lin@quarry.example",
        job_title="EM",
    )
    page = queue(admin_client, "claim")
    assert len(page.select(".moderate")) == 2, "only claims waiting for an editor have buttons"
    assert page.select_one("script[src*='/ladder_admin/moderation.']")

    response = decide(admin_client, "claim", waiting[0].pk, "approve")
    assert response.status_code == 302
    assert Member.objects.get().user == ada.user

    # A rejection says why, or nothing happens.
    decide(admin_client, "claim", waiting[1].pk, "reject")
    assert Claim.objects.get(pk=waiting[1].pk).status == ClaimStatus.PENDING
    mail.outbox.clear()
    decide(admin_client, "claim", waiting[1].pk, "reject", "Not an engineer at Quarry.")
    refused = Claim.objects.get(pk=waiting[1].pk)
    assert (refused.status, refused.reason) == (ClaimStatus.REFUSED, "Not an engineer at Quarry.")
    assert [message.to for message in mail.outbox] == [["grace@readers.example"]]

    # Not waiting: nothing to decide from here.
    decide(admin_client, "claim", unconfirmed.pk, "approve")
    assert Claim.objects.get(pk=unconfirmed.pk).status == ClaimStatus.UNCONFIRMED
    assert admin_client.get(f"{admin_path('claim')}{unconfirmed.pk}/decide/").status_code == 405
    assert decide(admin_client, "claim", unconfirmed.pk, "shrug").status_code == 400


def test_roles_profiles_and_answers_are_decided_from_their_queues(owner, quarry, admin_client):
    Sent.post(owner, "/employers/team/quarry/roles/new/", role())
    Sent.post(owner, "/employers/team/quarry/roles/new/", role(title="Data Engineer"))
    first, second = RoleProposal.objects.order_by("pk")
    decide(admin_client, "roleproposal", first.pk, "approve")
    assert Job.objects.get(company=quarry).title == "Staff Platform Engineer"
    decide(admin_client, "roleproposal", second.pk, "reject", "One role at a time.")
    second.refresh_from_db()
    assert (second.status, second.comment) == (ProposalStatus.REJECTED, "One role at a time.")

    values = profiles.current_values(quarry)
    proposal = ProfileProposal.objects.create(
        company=quarry,
        base=values,
        values={**values, "tagline": "Quarries, searched."},
        status=ProposalStatus.IN_REVIEW,
    )
    decide(admin_client, "profileproposal", proposal.pk, "approve")
    quarry.refresh_from_db()
    assert quarry.tagline == "Quarries, searched."

    answer = ReviewAnswer.objects.create(review=make_review(quarry), text="Thank you.")
    assert len(queue(admin_client, "reviewanswer").select(".moderate")) == 1
    decide(admin_client, "reviewanswer", answer.pk, "reject", "Answer the review itself.")
    answer.refresh_from_db()
    assert (answer.status, answer.rejection_reason) == (
        AnswerStatus.REJECTED,
        "Answer the review itself.",
    )


def test_a_feed_is_approved_from_the_queue_and_imported(owner, quarry, admin_client, feed_server):
    connect(owner, feed_server.serve(PATH, Served(greenhouse(greenhouse_job(7, "Engineer")))))
    feed = JobFeed.objects.get()
    assert len(queue(admin_client, "jobfeed").select(".moderate")) == 1
    decide(admin_client, "jobfeed", feed.pk, "approve")
    assert JobFeed.objects.get().status == FeedStatus.ACTIVE
    assert Job.objects.get(company=quarry).source_id == "7"
    assert not queue(admin_client, "jobfeed").select(".moderate")


@pytest.mark.parametrize(
    "model", ["claim", "roleproposal", "profileproposal", "reviewanswer", "jobfeed"]
)
def test_an_unknown_row_is_404(admin_client, model):
    assert decide(admin_client, model, 999_999, "approve").status_code == 404


def test_a_second_press_decides_nothing_more(owner, quarry, admin_client):
    Sent.post(owner, "/employers/team/quarry/roles/new/", role())
    proposal = RoleProposal.objects.get()
    decide(admin_client, "roleproposal", proposal.pk, "approve")
    response = decide(admin_client, "roleproposal", proposal.pk, "approve")
    assert response.status_code == 302
    assert Job.objects.filter(company=quarry).count() == 1
    messages = html(admin_client.get(response.url)).select(".messagelist li")
    assert "was already decided" in messages[-1].get_text()
