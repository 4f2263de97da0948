"""`make backup` and `make restore` (scripts/database.py): a backup restored into a fresh
database holds every row of every table."""

import subprocess
import sys

import psycopg
import pytest
from django.db import connection

from tests.conftest import (
    ROOT,
    database_url,
    give_reviews,
    make_company,
    make_guide,
    make_job,
    make_tag,
    served_database_url,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.subprocess]

TABLES = """
SELECT table_name FROM information_schema.tables
 WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name
"""


def row_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        tables = [name for (name,) in conn.execute(TABLES)]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def run(action: str, path, url: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "scripts/database.py", action, str(path)],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": url, "PYTHONWARNINGS": "error"},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def fresh_database():
    name = connection.settings_dict["NAME"] + "_restore"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield database_url({**connection.settings_dict, "NAME": name})
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_every_row_into_a_fresh_database(
    tmp_path, author, django_db_blocker, fresh_database
):
    company = make_company(tags=[make_tag("learning")])
    give_reviews(company, 3)
    make_job(company)
    make_job(company, status="closed")
    make_guide(author, body="Intro.\n\n## Part\n\nSee [learning](tag:learning).")
    source = served_database_url(django_db_blocker)
    before = row_counts(source)
    assert before["jobs_job"] == 2
    assert before["companies_review"] == 3

    backup = tmp_path / "ladder.dump"
    made = run("backup", backup, source)
    assert made.returncode == 0, made.stderr
    assert backup.stat().st_size > 0

    restored = run("restore", backup, fresh_database)
    assert restored.returncode == 0, restored.stderr
    assert row_counts(fresh_database) == before

    # Restoring again over the restored database replaces it, with no duplicate rows.
    again = run("restore", backup, fresh_database)
    assert again.returncode == 0, again.stderr
    assert row_counts(fresh_database) == before


def test_restore_refuses_a_missing_file(tmp_path, fresh_database):
    result = run("restore", tmp_path / "nothing.dump", fresh_database)
    assert result.returncode != 0
    assert "No backup at" in result.stderr


def test_pruning_keeps_a_daily_then_weekly_backup_and_the_newest(tmp_path):
    """scripts/database.py prune FOLDER, which the backup timer runs after each backup
    (docs/deploy.md): one a day for two weeks, one a week for eight, the newest three."""
    import os
    import time

    day = 24 * 3600
    now = time.time()
    made = {}
    # Two a day for sixty days, and a stray file that is not a backup.
    for age_days in range(60):
        for hour in (2, 14):
            path = tmp_path / f"ladder-{age_days:02d}-{hour:02d}.dump"
            path.write_bytes(b"dump")
            moment = now - age_days * day - hour * 3600
            os.utime(path, (moment, moment))
            made[path.name] = moment
    (tmp_path / "notes.txt").write_text("kept: not a backup")

    result = subprocess.run(
        [sys.executable, "scripts/database.py", "prune", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    kept = sorted(path.name for path in tmp_path.glob("*.dump"))
    assert "Kept" in result.stdout
    assert (tmp_path / "notes.txt").exists()
    ages = sorted((now - made[name]) / day for name in kept)
    # The newest three, one a day for the last fourteen days, then about one a week.
    assert ages[:3] == sorted((now - m) / day for m in sorted(made.values())[-3:])
    assert 14 <= len([a for a in ages if a < 14]) <= 17
    assert 14 + 3 <= len(kept) <= 3 + 15 + 9
    assert max(ages) < 8 * 7
