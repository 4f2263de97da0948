"""A role's derived data stays right whichever door writes, and every page that counts open
roles agrees with the board: the directory's card, the company page, the board itself."""

import re
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from jobs.models import Job
from tests.conftest import admin_form_data, html, make_company, make_job, make_rate

pytestmark = pytest.mark.django_db


def sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def open_roles_everywhere(client, company) -> dict[str, int]:
    """The company's open roles as each page tells it."""
    board = html(client.get(f"/jobs/?company={company.slug}"))
    card = html(client.get(f"/companies/?q={company.name}")).select_one(".company-card")
    badge = re.search(r"(\d+) open role", card.get_text()) if card else None
    detail = html(client.get(company.get_absolute_url()))
    return {
        "board": len(board.select(".job-row")),
        "directory": int(badge.group(1)) if badge else 0,
        "company page": len(detail.select(".open-roles li")),
    }


def test_closing_a_role_from_the_shell_updates_every_count(client):
    company = make_company("Hiring Co", slug="hiring-co")
    jobs = [make_job(company) for _ in range(3)]
    assert open_roles_everywhere(client, company) == {
        "board": 3,
        "directory": 3,
        "company page": 3,
    }

    jobs[0].close()
    jobs[0].save()  # as in manage.py shell: no service to remember
    assert set(open_roles_everywhere(client, company).values()) == {2}

    Job.objects.filter(pk=jobs[1].pk).update(status="draft")
    assert set(open_roles_everywhere(client, company).values()) == {1}

    sql("UPDATE jobs_job SET expires_at = now() - interval '1 second' WHERE id = %s", [jobs[2].pk])
    assert set(open_roles_everywhere(client, company).values()) == {0}
    assert "Hiring Co" not in client.get("/companies/?hiring=on").text


def test_roles_count_for_their_company_the_moment_they_are_written(client):
    company = make_company("Hiring Co", slug="hiring-co")
    now = timezone.now()
    Job.objects.bulk_create(
        [
            Job(
                company=company,
                title=f"Engineer {n}",
                slug=f"engineer-{n}",
                level="l4",
                discipline="backend",
                workplace="remote",
                remote_regions=["anywhere"],
                description="Build *things*.",
                apply_to="jobs@example.com",
                status="published",
                published_at=now - timedelta(days=1),
                expires_at=now + timedelta(days=30),
            )
            for n in range(2)
        ]
    )
    assert set(open_roles_everywhere(client, company).values()) == {2}
    assert "<em>things</em>" in client.get("/jobs/engineer-0/").text

    Job.objects.filter(company=company).delete()
    assert set(open_roles_everywhere(client, company).values()) == {0}


def test_a_role_expiring_with_no_write_leaves_every_count(client):
    company = make_company("Hiring Co", slug="hiring-co")
    make_job(company, days_old=59)
    make_job(company, days_old=61)  # published 61 days ago, expired yesterday
    assert set(open_roles_everywhere(client, company).values()) == {1}


def test_the_description_is_rendered_on_save_and_the_database_refuses_a_bypass(client):
    job = make_job(description="Own *the* API.")
    assert "<em>the</em>" in client.get(job.get_absolute_url()).text

    job.description = "Own **the** API."
    job.save(update_fields=["description"])
    assert "<strong>the</strong>" in client.get(job.get_absolute_url()).text

    job.description = "Own `the` API."
    Job.objects.bulk_update([job], ["description"])
    assert "<code>the</code>" in client.get(job.get_absolute_url()).text

    with pytest.raises(TypeError, match="cannot change description"):
        Job.objects.filter(pk=job.pk).update(description="Changed.")
    with pytest.raises(IntegrityError, match="job_html_rendered"), transaction.atomic():
        sql("UPDATE jobs_job SET description = 'Changed.' WHERE id = %s", [job.pk])


def test_the_description_is_rendered_from_the_admin_form(editor_client, client):
    job = make_job(description="Old.")
    url = f"/admin/jobs/job/{job.pk}/change/"
    data = admin_form_data(editor_client, url)
    data["description"] = "Ship *weekly*."

    response = editor_client.post(url, data)

    assert response.status_code == 302, html(response).select(".errorlist")
    assert html(client.get(job.get_absolute_url())).select_one(".prose em").text == "weekly"


def test_unlisting_a_company_takes_its_roles_out_of_every_count(editor_client, client):
    company = make_company("Hiring Co", slug="hiring-co")
    make_job(company, title="Platform Engineer")
    url = f"/admin/companies/company/{company.pk}/change/"
    data = admin_form_data(editor_client, url)
    data.pop("is_listed")

    assert editor_client.post(url, data).status_code == 302
    assert "Platform Engineer" not in client.get("/jobs/").text


def test_the_converted_annual_salary_follows_the_role_and_its_rate_whichever_door_writes():
    def converted(job) -> int | None:
        """The role's annual salary in USD, as the board's salary filter and sort compare it."""
        from jobs import board

        index = board.current_index()
        usd = index.salary_usd[index.ids == job.pk][0]
        return None if usd != usd else round(usd)

    euro = make_rate("EUR", "0.8")
    job = make_job(salary_currency="EUR", salary_min=80_000, salary_max=100_000)
    assert converted(job) == 125_000
    # Only a minimum: the minimum is the top of the range.
    sql("UPDATE jobs_job SET salary_max = NULL WHERE id = %s", [job.pk])
    assert converted(job) == 100_000
    # Monthly pay counts twelve times, hourly pay a full-time year of 2,080 hours.
    Job.objects.filter(pk=job.pk).update(salary_min=8_000, salary_period="month")
    assert converted(job) == 120_000
    Job.objects.filter(pk=job.pk).update(salary_min=50, salary_period="hour")
    assert converted(job) == 130_000
    # The rate changes: the role follows, however the rate was written.
    sql("UPDATE companies_exchangerate SET units_per_usd = 1.04 WHERE currency = 'EUR'")
    assert converted(job) == 100_000
    euro.delete()
    assert converted(job) is None
    make_rate("EUR", "0.8")
    assert converted(job) == 130_000
    Job.objects.filter(pk=job.pk).update(salary_min=None)
    assert converted(job) is None
