"""Migration 0011 reads the old free-text remote regions into regions and countries."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from core.derived import source_hash
from jobs.models import Job
from tests.conftest import make_company

BEFORE = [("jobs", "0010_job_remote_regions_text")]
AFTER = [("jobs", "0011_job_where_applicants_may_be")]


@pytest.mark.django_db(transaction=True)
def test_free_text_regions_become_regions_and_countries(client):
    company = make_company()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    OldJob = executor.loader.project_state(BEFORE).apps.get_model("jobs", "Job")
    now = timezone.now()
    for number, (workplace, text) in enumerate(
        [
            ("remote", "UK or EU"),
            ("remote", "Americas (UTC−6 to UTC−3)"),
            ("remote", "Canada or United States"),
            ("remote", "Somewhere sunny"),
            ("onsite", ""),
        ]
    ):
        OldJob.objects.create(
            company_id=company.pk,
            title=f"Role {number}",
            slug=f"role-{number}",
            level="l5",
            discipline="backend",
            workplace=workplace,
            city="" if workplace == "remote" else "Berlin",
            country="" if workplace == "remote" else "DE",
            remote_regions_text=text,
            description="",
            rendered_from=source_hash(""),
            apply_to="https://example.com/apply",
            status="published",
            published_at=now,
            expires_at=now + timezone.timedelta(days=30),
        )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    where = {
        job.slug: (job.remote_regions, [str(c) for c in job.remote_countries], job.location_label)
        for job in Job.objects.order_by("slug")
    }
    assert where == {
        "role-0": (["eu"], ["GB"], "Remote · EU, UK"),
        "role-1": (["americas"], [], "Remote · Americas"),
        "role-2": ([], ["CA", "US"], "Remote · Canada, US"),
        # Unknown text: open to anywhere rather than hidden.
        "role-3": (["anywhere"], [], "Remote · Anywhere"),
        "role-4": ([], [], "Berlin, Germany (on-site)"),
    }
    assert sorted(a.get_text() for a in _rows(client, "country=GB")) == [
        "Role 0",
        "Role 3",
    ]
    assert sorted(a.get_text() for a in _rows(client, "country=DE")) == [
        "Role 0",
        "Role 3",
        "Role 4",
    ]


def _rows(client, query):
    from tests.conftest import html

    return html(client.get(f"/jobs/?{query}")).select(".job-row .card__title a")
