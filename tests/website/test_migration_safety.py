"""`make test` refuses a migration that would lock or rewrite a large table while the site
serves it (scripts/check_migrations.py, squawk), and passes the same change written the safe
way; `migrate` sets its lock and statement timeouts first."""

import shutil
import subprocess
import sys
import textwrap

import pytest
from django.db import connection

from tests.conftest import ROOT, database_url

pytestmark = pytest.mark.subprocess

UNSAFE = """
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("jobs", "{latest}")]
    operations = [
        migrations.AddIndex(
            model_name="job", index=models.Index(fields=["city"], name="job_city_idx")
        ),
    ]
"""

SAFE = """
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction
    dependencies = [("jobs", "{latest}")]
    operations = [
        AddIndexConcurrently(
            model_name="job", index=models.Index(fields=["city"], name="job_city_idx")
        ),
    ]
"""


def check_with_a_new_jobs_migration(tmp_path, source: str) -> subprocess.CompletedProcess:
    """Run the check as `make test` does, with the jobs app's migrations plus one more."""
    package = tmp_path / "proposed_jobs_migrations"
    shutil.copytree(
        ROOT / "jobs" / "migrations", package, ignore=shutil.ignore_patterns("__pycache__")
    )
    latest = sorted(p.stem for p in package.glob("0*.py"))[-1]
    (package / "9999_proposed.py").write_text(textwrap.dedent(source.format(latest=latest)))
    (tmp_path / "proposed_settings.py").write_text(
        "from config.settings import *  # noqa: F403\n"
        "MIGRATION_MODULES = {'jobs': 'proposed_jobs_migrations'}\n"
    )
    return subprocess.run(
        [sys.executable, "scripts/check_migrations.py"],
        cwd=ROOT,
        env={
            **__import__("os").environ,
            "PYTHONPATH": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "proposed_settings",
            "DATABASE_URL": database_url(connection.settings_dict),
        },
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.django_db
def test_an_index_built_the_blocking_way_fails_the_check(tmp_path):
    result = check_with_a_new_jobs_migration(tmp_path, UNSAFE)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "jobs.9999_proposed would lock or rewrite a table" in result.stdout
    assert "require-concurrent-index-creation" in result.stdout


@pytest.mark.django_db
def test_the_same_index_built_concurrently_passes(tmp_path):
    result = check_with_a_new_jobs_migration(tmp_path, SAFE)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_migrate_gives_up_on_a_held_lock_rather_than_queueing_the_site(settings):
    from core.apps import migration_timeouts_sql

    assert "SET lock_timeout = '5s';" in migration_timeouts_sql()
    assert "SET statement_timeout = '30min';" in migration_timeouts_sql()
