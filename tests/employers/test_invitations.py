"""A team's owner invites colleagues by their work address: the mailed link, followed signed
in, puts them on the team with no editor; the same address rules as a claim's."""

import re

import pytest
from django.core import mail
from django.test import Client

from employers import invitations
from employers.models import Invitation, InvitationStatus, Member
from tests.companies.test_contributions import reader_client
from tests.conftest import html
from tests.employers.conftest import Sent


def link_in(message) -> str:
    (url,) = re.findall(r"https?://[^/\s]+(/employers/invitation/\S+/)", message.body)
    return url


def invite(client, email: str, slug: str = "quarry"):
    return Sent.post(client, f"/employers/team/{slug}/invite/", {"email": email})


def test_an_invited_colleague_joins_from_the_mailed_link_without_an_editor(
    owner, quarry, django_user_model
):
    assert "Invite a colleague" in html(owner.get("/employers/team/quarry/")).main.get_text()
    assert owner.get("/employers/team/quarry/invite/").status_code == 200
    response = invite(owner, "grace@quarry.example")
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["grace@quarry.example"]
    assert message.subject == "You are invited to Quarry's team on Ladder"
    # The colleague sees the owner's work address, never their personal one.
    assert "ada@quarry.example" in message.body
    assert owner.user.email not in message.body
    assert "grace@quarry.example" in html(owner.get("/employers/team/quarry/")).main.get_text()

    # Signed out, the link asks to sign in first and comes back.
    link = link_in(message)
    signed_out = Client().get(link)
    assert signed_out.status_code == 302
    assert "/account/login/" in signed_out["Location"]

    # Signed in: a page with a button; only the button joins (a mail scanner's GET does not).
    grace = reader_client(django_user_model, "grace")
    page = html(grace.get(link))
    assert page.select_one("main form button").get_text() == "Join the team"
    assert not Member.objects.filter(user=grace.user).exists()
    mail.outbox.clear()
    response = Sent.post(grace, link)
    assert response["Location"] == "/employers/team/quarry/"
    member = Member.objects.get(user=grace.user)
    assert (member.email, member.is_owner) == ("grace@quarry.example", False)
    assert Invitation.objects.get().status == InvitationStatus.ACCEPTED
    assert [m.subject for m in mail.outbox] == ["grace@quarry.example joined Quarry's team"]
    assert mail.outbox[0].to == [owner.user.email]

    # Used once.
    assert Sent.post(grace, link).status_code == 404
    assert Member.objects.filter(company=quarry).count() == 2


@pytest.mark.parametrize(
    ("email", "reason"),
    [
        ("grace@gmail.com", "gmail.com is a free-mail provider"),
        ("grace@quarry.example.evil.example", "not at Quarry's email domain"),
        ("grace@quаrry.example", "Write the address in plain letters"),  # a Cyrillic "а"
        ("not-an-address", "Enter a valid email address"),
    ],
)
def test_an_address_outside_the_company_is_refused_and_nothing_sent(owner, quarry, email, reason):
    response = invite(owner, email)
    assert response.status_code == 400
    assert reason in html(response).get_text()
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_only_the_owner_invites_and_withdraws(owner, quarry, django_user_model):
    grace = reader_client(django_user_model, "grace")
    Member.objects.create(company=quarry, user=grace.user, email="grace@quarry.example")
    assert "Invite a colleague" not in html(grace.get("/employers/team/quarry/")).main.get_text()
    assert invite(grace, "lin@quarry.example").status_code == 403
    assert not Invitation.objects.exists()

    invite(owner, "lin@quarry.example")
    invitation = Invitation.objects.get()
    withdraw = f"/employers/team/quarry/invitations/{invitation.pk}/withdraw/"
    assert Sent.post(grace, withdraw).status_code == 404
    assert Sent.post(owner, withdraw).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.WITHDRAWN
    lin = reader_client(django_user_model, "lin")
    assert lin.get(link_in(mail.outbox[0])).status_code == 404


def test_inviting_again_replaces_the_link_and_a_member_is_not_invited(owner, quarry, settings):
    invite(owner, "grace@quarry.example")
    invite(owner, "grace@quarry.example")
    assert Invitation.objects.filter(status=InvitationStatus.PENDING).count() == 1
    first, second = (link_in(message) for message in mail.outbox)
    assert owner.get(first).status_code == 404
    assert owner.get(second).status_code == 200
    response = invite(owner, "ada@quarry.example")
    assert response.status_code == 409

    settings.INVITATIONS_PER_DAY = 2
    response = invite(owner, "lin@quarry.example")
    assert response.status_code == 429
    assert "come back tomorrow" in html(response).get_text()


@pytest.mark.parametrize("token", ["nonsense", "eyJpbnZpdGF0aW9uIjoxfQ:1abc:tampered"])
def test_a_tampered_link_does_nothing(owner, quarry, token):
    response = owner.get(f"/employers/invitation/{token}/")
    assert response.status_code == 404
    assert "This link does not work" in html(response).get_text()


def test_an_invitation_withdrawn_while_its_page_is_open_puts_no_one_on_the_team(
    owner, quarry, django_user_model
):
    invite(owner, "grace@quarry.example")
    link = link_in(mail.outbox[0])
    grace = reader_client(django_user_model, "grace")
    assert grace.get(link).status_code == 200
    invitation = Invitation.objects.get()
    invitations.withdraw(invitation)
    assert invitations.accept(invitation, grace.user) is None
    assert Sent.post(grace, link).status_code == 404
    assert not Member.objects.filter(user=grace.user).exists()
