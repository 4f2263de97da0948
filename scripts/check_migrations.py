"""Refuse migrations that would lock or rewrite a large table while the site serves it.

    .venv/bin/python scripts/local.py .venv/bin/python scripts/check_migrations.py   # make test

Each migration of the project's apps is turned into the SQL `migrate` would run
(`manage.py sqlmigrate`) and linted by squawk (https://squawkhq.com), PostgreSQL's migration
linter: an index built without CONCURRENTLY, a column added NOT NULL or with a volatile default,
a column's type changed, a constraint added without NOT VALID, a table or column dropped or
renamed under readers, and the like. Migrations listed in REVIEWED predate this check and were
applied when the tables were small; each new migration must pass, or be written the safe way
(docs/deploy.md, "Migrations at scale"). Exits 1 with squawk's report when one does not.
"""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

APPS = ["core", "companies", "jobs", "guides", "alerts", "employers", "accounts", "website"]
# Written before this check, when every table was small; reviewed, left as they are.
REVIEWED = ROOT / "scripts" / "migrations-reviewed.txt"
# squawk's rules that do not fit Django's migrations: Django names its own statements (no IF
# NOT EXISTS), uses varchar with lengths and bigint identity keys by its settings.
EXCLUDED_RULES = [
    # Django adds a column with its default and then drops the default: no rewrite since
    # PostgreSQL 11 for a constant default, which is the only kind it adds this way.
    "ban-drop-default",
    "prefer-robust-stmts",
    "prefer-text-field",
    "prefer-bigint-over-int",
    "prefer-bigint-over-smallint",
    "prefer-identity",
]


def lint(sql: str, *, in_transaction: bool, name: str = "migration.sql") -> str:
    """squawk's report on `sql` as `migrate` runs it (core.apps sets the session's timeouts
    first; an atomic migration's BEGIN and COMMIT are the migration tool's), or "" when it
    finds nothing."""
    from core.apps import migration_timeouts_sql

    lines = [line for line in sql.splitlines() if line.strip().upper() not in ("BEGIN;", "COMMIT;")]
    sql = migration_timeouts_sql() + "\n" + "\n".join(lines)
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "squawk"),
            "--pg-version",
            "18.0",
            "--exclude",
            ",".join(EXCLUDED_RULES),
            "--assume-in-transaction" if in_transaction else "--no-assume-in-transaction",
            "--stdin-filepath",
            name,
        ],
        input=sql,
        capture_output=True,
        text=True,
        check=False,
    )
    return "" if result.returncode == 0 else (result.stdout + result.stderr).strip()


def migrations_to_check() -> list[tuple[str, str, bool]]:
    """(app, name, atomic) of every migration of the project's apps not in REVIEWED."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    reviewed = {line.strip() for line in REVIEWED.read_text().splitlines() if line.strip()}
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    found = []
    for (app, name), migration in sorted(loader.disk_migrations.items()):
        if app in APPS and f"{app}.{name}" not in reviewed:
            found.append((app, name, migration.atomic))
    return found


def sql_of(app: str, name: str) -> str:
    from django.core.management import call_command

    out = StringIO()
    call_command("sqlmigrate", app, name, stdout=out)
    return out.getvalue()


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    failed = 0
    for app, name, atomic in migrations_to_check():
        report = lint(sql_of(app, name), in_transaction=atomic, name=f"{app}/{name}.sql")
        if report:
            failed += 1
            print(f"{app}.{name} would lock or rewrite a table while it is served:\n{report}\n")
    if failed:
        print(f"{failed} unsafe migration(s); see docs/deploy.md, 'Migrations at scale'.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
