"""Joining a company's team, through real URLs and the real admin: ask with a work address,
confirm it from the mailed link, an editor approves or refuses, the owner removes colleagues;
and the addresses, links and outsiders that must get nowhere."""

import json
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from employers import claims
from employers.models import Claim, ClaimStatus, Member
from tests.companies.test_contributions import reader_client
from tests.conftest import admin_form_data, html, make_company
from tests.employers.conftest import Sent, mail_about

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada(django_user_model):
    return reader_client(django_user_model, "ada")


def ask(client, slug="quarry", email="ada@quarry.example", title="Engineering manager"):
    return Sent.post(client, f"/employers/claim/{slug}/", {"email": email, "job_title": title})


def link_in(message) -> str:
    (link,) = re.findall(r"http://\S+/employers/confirm/\S+/", message.body)
    return link.removeprefix("http://127.0.0.1:8000")


def confirmed_claim(client, **asked) -> Claim:
    ask(client, **asked)
    Sent.post(client, link_in(mail.outbox[-1]))
    return Claim.objects.get(user=client.user, status=ClaimStatus.PENDING)


def decide(admin_client, claim, status, reason=""):
    url = f"/admin/employers/claim/{claim.pk}/change/"
    data = admin_form_data(admin_client, url)
    data.update(status=status, reason=reason)
    return Sent.post(admin_client, url, data)


def test_for_employers_is_in_the_footer_and_a_company_page_offers_to_join(client, quarry):
    home = html(client.get("/"))
    assert home.select_one("footer a[href='/employers/']").get_text() == "For employers"
    page = html(client.get("/employers/"))
    assert page.h1.get_text() == "For employers"
    headings = [h2.get_text() for h2 in page.select("main h2")]
    assert headings == [
        "What is free",
        "How a team starts",
        "What is reviewed",
        "How long review takes",
    ]

    company = html(client.get("/companies/quarry/"))
    assert company.select_one("a[href='/employers/claim/quarry/']")
    assert company.select_one("aside a[href='/employers/']")


def test_asking_needs_an_account_with_a_verified_address(client, django_user_model, quarry):
    response = client.get("/employers/claim/quarry/")
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]

    unverified = reader_client(django_user_model, "new", verified=False)
    response = ask(unverified)
    assert response.status_code == 403
    assert not Claim.objects.exists()
    assert not mail.outbox


def test_a_reader_confirms_the_address_and_an_editor_makes_them_the_owner(
    ada, quarry, admin_client
):
    response = ask(ada)
    assert response.status_code == 302
    assert response["Location"] == "/employers/requests/"
    (message,) = mail.outbox
    assert message.to == ["ada@quarry.example"]
    assert "ada@readers.example" in message.body, "the link's mail names the account asking"
    claim = Claim.objects.get()
    assert claim.status == ClaimStatus.UNCONFIRMED
    assert (
        "Waiting for the address to be confirmed"
        in html(ada.get("/employers/requests/")).main.get_text()
    )

    # The link shows a page; only its button confirms (a mail scanner's GET changes nothing).
    link = link_in(message)
    page = html(ada.get(link))
    assert page.select_one("main form button").get_text() == "Confirm ada@quarry.example"
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.UNCONFIRMED
    assert Sent.post(ada, link).status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PENDING
    assert claim.confirmed_at
    assert mail.outbox[-1].to == ["ada@readers.example"]
    assert "is with the editors" in mail.outbox[-1].subject

    # The editors' queue shows the evidence; approving makes the first member the owner.
    queue = admin_client.get("/admin/employers/claim/?status__exact=pending")
    assert "ada@quarry.example" in queue.content.decode()
    evidence = html(admin_client.get(f"/admin/employers/claim/{claim.pk}/change/"))
    assert "at the company's domains (quarry.example), confirmed" in evidence.get_text()
    assert decide(admin_client, claim, "approved").status_code == 302
    member = Member.objects.get()
    assert (member.user, member.company, member.is_owner) == (ada.user, quarry, True)
    assert mail.outbox[-1].subject == "You are on Quarry's team on Ladder"

    team = html(ada.get("/employers/team/quarry/"))
    assert "You are the team's owner, as ada@quarry.example." in team.main.get_text()
    assert ada.get("/employers/claim/quarry/")["Location"] == "/employers/team/quarry/"


def test_the_second_member_is_not_the_owner_and_the_owner_can_remove_them(
    ada, quarry, admin_client, django_user_model
):
    decide(admin_client, confirmed_claim(ada), "approved")
    grace = reader_client(django_user_model, "grace")
    decide(admin_client, confirmed_claim(grace, email="grace@eu.quarry.example"), "approved")
    colleague = Member.objects.get(user=grace.user)
    assert not colleague.is_owner

    # A member cannot remove anyone; the owner removes the colleague, never themselves.
    owner = Member.objects.get(user=ada.user)
    assert grace.post(f"/employers/team/quarry/remove/{owner.pk}/").status_code == 404
    assert ada.post(f"/employers/team/quarry/remove/{owner.pk}/").status_code == 404
    page = html(ada.get("/employers/team/quarry/"))
    assert page.select_one("button[aria-label='Remove grace@eu.quarry.example from the team']")
    assert Sent.post(ada, f"/employers/team/quarry/remove/{colleague.pk}/").status_code == 302
    assert list(Member.objects.values_list("user__username", flat=True)) == ["ada"]
    assert mail.outbox[-1].to == ["grace@readers.example"]
    assert grace.get("/employers/team/quarry/").status_code == 404


def test_an_editor_refuses_with_a_reason_the_reader_is_told(ada, quarry, admin_client):
    claim = confirmed_claim(ada)

    response = decide(admin_client, claim, "refused", reason="")
    assert response.status_code == 200, "a refusal without a reason is not saved"
    assert "Say why: the reader is told." in response.content.decode()

    decide(admin_client, claim, "refused", reason="We could not reach <Quarry>.")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REFUSED
    assert not Member.objects.exists()
    assert "We could not reach <Quarry>." in mail.outbox[-1].body
    requests = html(ada.get("/employers/requests/"))
    assert "Refused: We could not reach <Quarry>." in requests.main.get_text()


def test_an_unconfirmed_claim_cannot_be_approved(ada, quarry, admin_client):
    ask(ada)
    claim = Claim.objects.get()
    response = decide(admin_client, claim, "approved")
    assert response.status_code == 200
    assert "Only a claim whose address is confirmed can be decided." in response.content.decode()
    admin_client.post(
        "/admin/employers/claim/",
        {"action": "approve", "_selected_action": [claim.pk]},
    )
    assert not Member.objects.exists()


@pytest.mark.parametrize(
    ("email", "says"),
    [
        ("ada@gmail.com", "gmail.com is a free-mail provider"),
        ("ada@quarry-example.com", "not at Quarry's email domain (quarry.example)"),
        ("ada@quarry.example.evil.example", "not at Quarry's email domain"),
        ("ada@notquarry.example", "not at Quarry's email domain"),
        # A Cyrillic "а" and a dotless "ı": look like the real domain, are not it.
        ("ada@qu\u0430rry.example", "Write the address in plain letters"),
        ("ada@quarr\u0131.example", "Write the address in plain letters"),
        ("ada@QUARRY.EXAMPLE\u200b", "Write the address in plain letters"),
        ("not an address", "Enter a valid email address."),
    ],
)
def test_addresses_not_at_the_companys_domain_are_refused_with_the_reason(ada, quarry, email, says):
    response = ask(ada, email=email)
    assert response.status_code == 400
    error = html(response).select_one(".field--error").get_text()
    assert says in error
    assert not Claim.objects.exists()
    assert not mail.outbox


def test_an_address_in_another_case_or_at_a_subdomain_is_the_companys(ada, quarry):
    assert ask(ada, email="Ada@Mail.Quarry.Example").status_code == 302
    assert Claim.objects.get().email == "Ada@mail.quarry.example"


def test_a_company_without_domains_says_so(ada):
    make_company("Nodomain", slug="nodomain")
    response = ask(ada, slug="nodomain", email="ada@nodomain.example")
    assert response.status_code == 400
    assert "We do not know Nodomain's email domains yet" in html(response).main.get_text()


def test_tampered_expired_and_other_accounts_links_do_nothing(
    ada, quarry, django_user_model, settings, time_machine
):
    ask(ada)
    link = link_in(mail.outbox[-1])
    token = link.split("/")[-2]
    for bad in [token[:-2] + "xx", "nonsense", "a" * 3000, token + "%00"]:
        response = ada.post(f"/employers/confirm/{bad}/")
        assert response.status_code == 404, bad
    mallory = reader_client(django_user_model, "mallory")
    assert mallory.post(link).status_code == 404

    time_machine.move_to(timezone.now() + timedelta(days=settings.CLAIM_LINK_DAYS, minutes=1))
    response = ada.post(link)
    assert response.status_code == 404
    assert "This link does not work" in html(response).h1.get_text()
    assert Claim.objects.get().status == ClaimStatus.UNCONFIRMED


def test_asking_again_replaces_the_open_claim_and_the_day_has_a_limit(ada, quarry, settings):
    settings.CLAIMS_PER_ACCOUNT_PER_DAY = 3
    first = link_in((ask(ada), mail.outbox[-1])[1])
    ask(ada, email="ada.l@quarry.example")
    assert Claim.objects.open().get().email == "ada.l@quarry.example"
    assert ada.post(first).status_code == 404, "the replaced claim's link no longer works"

    ask(ada)
    response = ask(ada)
    assert response.status_code == 429
    assert "Please come back tomorrow" in response.content.decode()
    assert Claim.objects.count() == 3


def test_one_network_has_a_limit_too(django_user_model, quarry, settings):
    settings.CLAIMS_PER_ADDRESS_PER_DAY = 2
    readers = [reader_client(django_user_model, f"sock{n}") for n in range(3)]
    for client in readers:
        client.defaults["REMOTE_ADDR"] = "203.0.113.9"
    assert [ask(c, email=f"{c.user.username}@quarry.example").status_code for c in readers] == [
        302,
        302,
        429,
    ]


def test_hostile_text_in_a_claim_stays_text(ada, quarry, admin_client):
    claim = confirmed_claim(ada, title='<script>alert(1)</script>"')
    for response in [
        admin_client.get("/admin/employers/claim/"),
        admin_client.get(f"/admin/employers/claim/{claim.pk}/change/"),
    ]:
        assert b"<script>alert(1)" not in response.content


def test_a_team_page_is_404_to_everyone_outside_the_team(ada, quarry, admin_client, client):
    decide(admin_client, confirmed_claim(ada), "approved")
    other = make_company("Other", slug="other", email_domains=["other.example"])
    owner = Member.objects.get()
    assert client.get("/employers/team/quarry/").status_code == 302  # signed out: sign in
    assert ada.get(f"/employers/team/{other.slug}/").status_code == 404
    outsider = Client()
    outsider.force_login(ada.user.__class__.objects.create_user("outsider", "o@readers.example"))
    assert outsider.get("/employers/team/quarry/").status_code == 404
    assert outsider.post(f"/employers/team/quarry/remove/{owner.pk}/").status_code == 404
    assert Member.objects.count() == 1


def test_the_export_holds_claims_and_teams_and_deleting_the_account_removes_them(
    ada, quarry, admin_client
):
    decide(admin_client, confirmed_claim(ada), "approved")
    document = json.loads(ada.get("/account/export/").content)
    assert document["company_claims"][0]["email"] == "ada@quarry.example"
    assert document["company_teams"][0] == {
        "company": "Quarry",
        "email": "ada@quarry.example",
        "owner": True,
        "joined_at": Member.objects.get().joined_at.isoformat(),
    }
    ada.user.delete()
    assert not Claim.objects.exists()
    assert not Member.objects.exists()


def test_editors_may_decide_claims(django_user_model, quarry):
    from website.editors import editor_permissions

    codenames = set(editor_permissions().values_list("codename", flat=True))
    assert {"change_claim", "view_claim", "delete_member", "change_member"} <= codenames


def test_the_worker_mails_the_link_to_the_work_address(
    worker, smtp_server, django_user_model, quarry
):
    ada = reader_client(django_user_model, "worker-ada")
    assert claims.address_problem(quarry, "worker-ada@quarry.example") is None
    ask(ada, email="worker-ada@quarry.example")

    worker.wait_until_idle()
    message = mail_about(
        smtp_server,
        "Confirm your address to join Quarry's team on Ladder",
        to="worker-ada@quarry.example",
    )
    assert "/employers/confirm/" in message.get_body(("plain",)).get_content()
