"""A company's team answers reviews: one public answer per review, published by an editor,
signed as the company; the reviewer is mailed and is never known to the team."""

import pytest
from django.core import mail

from companies.models import AnswerStatus, ReviewAnswer
from employers.models import Member
from tests.companies.test_contributions import reader_client
from tests.conftest import admin_form_data, html, make_company, make_review
from tests.employers.conftest import Sent

pytestmark = pytest.mark.django_db

REVIEWER = "hidden-reviewer-4471"


@pytest.fixture
def review(quarry, django_user_model):
    author = django_user_model.objects.create_user(REVIEWER, email=f"{REVIEWER}@readers.example")
    return make_review(quarry, author=author, headline="Slow promotions")


def answer_url(review) -> str:
    return f"/employers/team/quarry/reviews/{review.pk}/answer/"


def decide(admin_client, answer, status, reason=""):
    url = f"/admin/companies/reviewanswer/{answer.pk}/change/"
    data = admin_form_data(admin_client, url)
    data.update(status=status, rejection_reason=reason)
    return Sent.post(admin_client, url, data)


def test_an_answer_is_published_under_the_review_and_the_reviewer_is_mailed(
    owner, review, admin_client, client
):
    team = html(owner.get("/employers/team/quarry/"))
    assert team.select_one("a[href='/employers/team/quarry/reviews/']")
    listed = html(owner.get("/employers/team/quarry/reviews/"))
    assert listed.select_one(f"a[href='{answer_url(review)}']")

    assert (
        Sent.post(owner, answer_url(review), {"text": "We now promote twice a year."}).status_code
        == 302
    )
    answer = ReviewAnswer.objects.get()
    assert answer.status == AnswerStatus.PENDING
    assert "We now promote" not in html(client.get("/companies/quarry/reviews/")).get_text()
    assert "waiting for an editor" in html(owner.get("/employers/team/quarry/reviews/")).get_text()

    assert decide(admin_client, answer, "published").status_code == 302
    for page in ["/companies/quarry/reviews/", "/companies/quarry/"]:
        shown = html(client.get(page)).select_one(".review-answer")
        assert shown is not None, page
        assert "Quarry answered" in shown.get_text()
        assert "We now promote twice a year." in shown.get_text()
        assert "ada" not in shown.get_text(), "signed as the company, not its writer"
    to_reviewer, to_team = mail.outbox[-2:]
    assert to_reviewer.to == [f"{REVIEWER}@readers.example"]
    assert to_reviewer.subject == "Quarry answered your review on Ladder"
    assert "We now promote twice a year." in to_reviewer.body
    assert to_team.to == ["ada@readers.example"]


def test_the_team_never_sees_who_wrote_a_review(owner, review, admin_client):
    pages = [
        owner.get("/employers/team/quarry/"),
        owner.get("/employers/team/quarry/reviews/"),
        owner.get(answer_url(review)),
    ]
    Sent.post(owner, answer_url(review), {"text": "Thank you."})
    answer = ReviewAnswer.objects.get()
    decide(admin_client, answer, "rejected", "Thank the reviewer less, answer more.")
    pages.append(owner.get("/employers/team/quarry/reviews/"))
    for response in pages:
        assert REVIEWER.encode() not in response.content
    for message in mail.outbox:
        if message.to != [f"{REVIEWER}@readers.example"]:
            assert REVIEWER not in message.body
            assert REVIEWER not in message.alternatives[0][0]


def test_one_answer_per_review_and_a_rejected_one_may_be_written_again(owner, review, admin_client):
    Sent.post(owner, answer_url(review), {"text": "First."})
    second = Sent.post(owner, answer_url(review), {"text": "Second."})
    assert second.status_code == 409
    answer = ReviewAnswer.objects.get()
    assert answer.text == "First."

    response = decide(admin_client, answer, "rejected", "")
    assert "Say why: the team is told." in response.content.decode()
    decide(admin_client, answer, "rejected", "Please answer the points made.")
    assert "Please answer the points made." in mail.outbox[-1].body
    assert (
        "Please answer the points made."
        in html(owner.get("/employers/team/quarry/reviews/")).get_text()
    )

    assert (
        Sent.post(owner, answer_url(review), {"text": "Promotions now twice a year."}).status_code
        == 302
    )
    answer.refresh_from_db()
    assert (answer.status, answer.text, answer.rejection_reason) == (
        AnswerStatus.PENDING,
        "Promotions now twice a year.",
        "",
    )


def test_an_empty_or_overlong_answer_is_refused_with_the_reason(owner, review):
    for text, says in [("", "This field is required."), ("x" * 2001, "at most 2000 characters")]:
        response = Sent.post(owner, answer_url(review), {"text": text})
        assert response.status_code == 400
        assert says in html(response).select_one(".field--error").get_text()
    assert not ReviewAnswer.objects.exists()


def test_hostile_markup_in_an_answer_stays_text(owner, review, admin_client, client):
    Sent.post(
        owner, answer_url(review), {"text": "<script>alert(1)</script><img src=x onerror=alert(2)>"}
    )
    answer = ReviewAnswer.objects.get()
    admin_page = admin_client.get(f"/admin/companies/reviewanswer/{answer.pk}/change/")
    assert b"<script>alert(1)" not in admin_page.content
    decide(admin_client, answer, "published")
    public = client.get("/companies/quarry/reviews/")
    assert b"<script>alert(1)" not in public.content
    assert not html(public).select("[onerror]")


def test_another_team_cannot_read_or_answer_this_companys_reviews(owner, review, django_user_model):
    other = make_company("Other", slug="other", email_domains=["other.example"])
    eve = reader_client(django_user_model, "eve")
    Member.objects.create(company=other, user=eve.user, email="eve@other.example", is_owner=True)
    for url in [
        "/employers/team/quarry/reviews/",
        answer_url(review),
        f"/employers/team/other/reviews/{review.pk}/answer/",
    ]:
        assert eve.get(url).status_code == 404, url
        assert Sent.post(eve, url, {"text": "Hijack."}).status_code in {404, 405}, url
    assert not ReviewAnswer.objects.exists()


def test_a_pending_or_rejected_review_cannot_be_answered(owner, quarry):
    pending = make_review(quarry, status="pending", headline="Not yet")
    assert owner.get(answer_url(pending)).status_code == 404
    assert Sent.post(owner, answer_url(pending), {"text": "Hello."}).status_code == 404


def test_answers_per_day_are_limited(owner, quarry, settings):
    settings.ANSWERS_PER_DAY = 2
    reviews = [make_review(quarry, headline=f"Review {n}") for n in range(3)]
    codes = [Sent.post(owner, answer_url(r), {"text": "Thanks."}).status_code for r in reviews]
    assert codes == [302, 302, 429]
