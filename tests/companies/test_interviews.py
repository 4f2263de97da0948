"""Interview experiences: a reader tells one, an editor moderates it from the queue, the company
page and the comparison sum them up once enough readers have told theirs, and nothing in
public says who told."""

import json

import pytest
from django.core import mail
from django.utils import timezone

from companies.models import InterviewExperience
from tests.companies.test_contributions import moderate, reader_client
from tests.conftest import html, make_company

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tasks_in_this_process(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def interview_form(**overrides) -> dict:
    data = {
        "role_family": "backend",
        "level": "l5",
        "year": str(timezone.now().year),
        "stages": ["recruiter", "screen", "design"],
        "weeks": "4",
        "difficulty": "3",
        "outcome": "offer",
        "feeling": "positive",
        "questions": "A rate limiter in the coding round, then a design round on a feed.",
        "website": "",
    }
    data.update(overrides)
    return data


def summary(client, slug="fernhill") -> str:
    section = html(client.get(f"/companies/{slug}/")).find(id="interviews-heading").parent
    return " ".join(section.get_text(" ", strip=True).split())


def test_a_reader_tells_an_interview_an_editor_publishes_it_and_the_summary_follows(
    django_user_model, editor_client, django_capture_on_commit_callbacks
):
    make_company("Fernhill", slug="fernhill")
    reader = reader_client(django_user_model, "interviewee-1")
    page = html(reader.get("/companies/fernhill/"))
    assert page.find("a", href="/companies/fernhill/interviews/write/")

    response = reader.post("/companies/fernhill/interviews/write/", interview_form())
    assert response.status_code == 302
    experience = InterviewExperience.objects.get(author=reader.user)
    assert experience.status == "pending"
    assert (
        "Waiting for an editor"
        in html(reader.get("/companies/contributions/")).select_one(".interview-status").get_text()
    )
    assert "Not enough interview experiences yet" in summary(reader)

    queue = html(editor_client.get("/admin/companies/interviewexperience/")).get_text()
    assert "A rate limiter in the coding round" in queue
    with django_capture_on_commit_callbacks(execute=True):
        moderate(editor_client, experience, "approve", model="interviewexperience")
    assert [m.to for m in mail.outbox] == [["interviewee-1@readers.example"]]
    assert "is published" in mail.outbox[0].subject
    assert "(1 so far)" in summary(reader)

    # Four more readers: five, from five accounts, and the summary shows.
    for number, (weeks, difficulty, feeling, outcome) in enumerate(
        [(2, 2, "positive", "offer"), (6, 4, "negative", "no-offer"), (3, 3, "neutral", "no-offer"),
         (5, 5, "positive", "withdrew")]
    ):  # fmt: skip
        other = reader_client(django_user_model, f"interviewee-{number + 2}")
        stages = ["screen", "coding"] if number % 2 else ["recruiter", "screen"]
        assert other.post(
            "/companies/fernhill/interviews/write/",
            interview_form(weeks=weeks, difficulty=difficulty, feeling=feeling,
                           outcome=outcome, stages=stages),
        ).status_code == 302  # fmt: skip
    InterviewExperience.objects.filter(status="pending").moderate("published")

    said = summary(reader)
    # Screen in 5 of 5, recruiter in 3, design in 1, coding in 2: those in half or more.
    assert "Typical stages Technical phone screen (100%) · Recruiter call (60%)" in said
    assert "Weeks from first contact to decision 4 (median)" in said
    assert "Difficulty 3.4 out of 5" in said
    assert "Felt positive 60% · 40% got an offer" in said
    assert "From 5 interview experiences readers told." in said
    # What they were asked, without who asked or for which role.
    asked = html(reader.get("/companies/fernhill/")).select(".interview-list li")
    assert len(asked) == 3
    assert "backend" not in " ".join(li.get_text() for li in asked).lower()

    compare = html(reader.get("/companies/compare/?company=fernhill"))
    row = next(
        tr for tr in compare.select(".compare-table tr") if tr.th.get_text() == "What readers told"
    )
    assert "Difficulty 3.4 out of 5" in " ".join(row.get_text(" ", strip=True).split())


def test_one_reader_telling_five_times_is_not_enough_for_a_summary(django_user_model):
    make_company("Fernhill", slug="fernhill")
    reader = reader_client(django_user_model, "eager")
    for _ in range(5):
        reader.post("/companies/fernhill/interviews/write/", interview_form())
    InterviewExperience.objects.update(status="published")
    assert "Not enough interview experiences yet" in summary(reader)
    assert "(5 so far)" in summary(reader)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"stages": []}, "stages", "This field is required."),
        ({"stages": ["torture"]}, "stages", "Select a valid choice."),
        ({"weeks": "53"}, "weeks", "less than or equal to 52"),
        ({"weeks": "-1"}, "weeks", "greater than or equal to 0"),
        ({"difficulty": "9"}, "difficulty", "Select a valid choice."),
        ({"year": "1999"}, "year", "Give a year from"),
        ({"questions": "Too short."}, "questions", "at least 40 characters"),
        ({"questions": "<script>alert(1)</script> and enough words to pass the length"}, "questions", "Plain text only"),
        ({"outcome": "hired-twice"}, "outcome", "Select a valid choice."),
    ],
)  # fmt: skip
def test_a_wrong_form_is_corrected_and_nothing_is_stored(
    django_user_model, changes, field, message
):
    make_company("Fernhill", slug="fernhill")
    reader = reader_client(django_user_model, "careful")
    response = reader.post("/companies/fernhill/interviews/write/", interview_form(**changes))
    assert response.status_code == 400
    errors = html(response).select_one(f".field--error:has([name={field}])").get_text()
    assert message in errors
    assert b"<script>alert(1)</script>" not in response.content
    assert not InterviewExperience.objects.exists()


def test_unverified_readers_and_strangers_cannot_tell_and_limits_hold(
    client, django_user_model, settings
):
    make_company("Fernhill", slug="fernhill")
    assert client.get("/companies/fernhill/interviews/write/").status_code == 302  # sign in
    unverified = reader_client(django_user_model, "new", verified=False)
    assert (
        unverified.post("/companies/fernhill/interviews/write/", interview_form()).status_code
        == 403
    )
    settings.CONTRIBUTIONS_PER_ACCOUNT_PER_DAY = 1
    busy = reader_client(django_user_model, "busy")
    assert busy.post("/companies/fernhill/interviews/write/", interview_form()).status_code == 302
    assert busy.post("/companies/fernhill/interviews/write/", interview_form()).status_code == 429
    assert InterviewExperience.objects.count() == 1
    # A honeypot filled in stores nothing.
    bot = reader_client(django_user_model, "bot")
    assert (
        bot.post("/companies/fernhill/interviews/write/", interview_form(website="x")).status_code
        == 400
    )


def test_interviews_are_exported_and_go_with_the_account(django_user_model):
    make_company("Fernhill", slug="fernhill")
    reader = reader_client(django_user_model, "leaving")
    reader.post("/companies/fernhill/interviews/write/", interview_form())
    exported = json.loads(reader.get("/account/export/").content)
    assert exported["contributions"]["interviews"][0]["questions"].startswith("A rate limiter")

    experience = InterviewExperience.objects.get()
    other = reader_client(django_user_model, "someone-else")
    assert (
        other.post(f"/companies/contributions/interviews/{experience.pk}/delete/").status_code
        == 404
    )
    assert (
        reader.post(f"/companies/contributions/interviews/{experience.pk}/delete/").status_code
        == 302
    )
    assert not InterviewExperience.objects.exists()

    reader.post("/companies/fernhill/interviews/write/", interview_form())
    reader.user.delete()
    assert not InterviewExperience.objects.exists()
