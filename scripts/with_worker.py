"""Run a web server and the background worker side by side, and keep both running.

    python scripts/with_worker.py [--announce URL PASSWORD_FILE] COMMAND [ARGS...]

Starts COMMAND (gunicorn for `make run`, runserver for `make dev`) and the worker,
``manage.py run_worker``, which runs what the site queues (email, alerts). A child that ends
on its own is started again (after 1 s, then twice as long each time it ends within
QUICK_SECONDS of starting, up to 30 s), so a crash does not take the site down; one that ends
within QUICK_SECONDS of starting CRASH_LOOP times in a row (a port already taken, a setting
that does not load) is not: then both stop and this exits with that child's status.

With --announce, once URL answers (its /healthz/live), it prints where the site runs and how
the editor signs in (the password read from PASSWORD_FILE): not before, so that the address it
gives already works.

Both children run in process groups of their own and this process alone tells each group to
stop, exactly once: Ctrl-C (SIGINT), SIGTERM or SIGHUP, however this was started (a terminal,
or in the background by `setsid … &`, `nohup` or a CI runner), stops both cleanly. The worker
finishes the task it is running first. The exit status is then COMMAND's, or the worker's if
it failed.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKER = [sys.executable, "manage.py", "run_worker"]
# A child that ends sooner than this after starting did not get going.
QUICK_SECONDS = 10.0
# So many quick ends in a row and it is not started again.
CRASH_LOOP = 3
FIRST_RESTART_SECONDS = 1.0
MAX_RESTART_SECONDS = 30.0


class Child:
    def __init__(self, name: str, argv: list[str]):
        self.name, self.argv = name, argv
        self.process: subprocess.Popen | None = None
        self.started = 0.0
        self.quick_ends = 0
        self.restart_at: float | None = None

    def start(self) -> None:
        # Own process groups: a Ctrl-C in the terminal reaches this process only, which passes
        # it on once; a second SIGINT would make the worker abandon the task it is running.
        self.process = subprocess.Popen(self.argv, cwd=ROOT, process_group=0)
        self.started = time.monotonic()
        self.restart_at = None

    def ended_on_its_own(self) -> bool:
        """Whether it ended since it was last started (and is not yet due to restart)."""
        return (
            self.process is not None and self.restart_at is None and self.process.poll() is not None
        )

    def plan_restart(self) -> bool:
        """Schedule a restart; False when it has been ending at once too often."""
        quick = time.monotonic() - self.started < QUICK_SECONDS
        self.quick_ends = self.quick_ends + 1 if quick else 0
        if self.quick_ends >= CRASH_LOOP:
            return False
        wait = min(FIRST_RESTART_SECONDS * 2 ** max(self.quick_ends - 1, 0), MAX_RESTART_SECONDS)
        print(
            f"with_worker: the {self.name} ended (status {self.process.returncode}); "
            f"starting it again in {wait:.0f} s.",
            file=sys.stderr,
            flush=True,
        )
        self.restart_at = time.monotonic() + wait
        return True


class Announcement:
    """Says where the site is once it answers."""

    def __init__(self, url: str, password_file: str):
        self.url, self.password_file = url.rstrip("/") + "/", Path(password_file)
        self.done = False
        self.next_try = 0.0

    def try_now(self) -> None:
        if self.done or time.monotonic() < self.next_try:
            return
        self.next_try = time.monotonic() + 0.5
        try:
            with urllib.request.urlopen(self.url + "healthz/live", timeout=1) as response:
                if response.status != 200:
                    return
        except OSError:
            return
        self.done = True
        password = self.password_file.read_text().strip()
        print(
            f"\nLadder is running at {self.url}\n"
            f"Editors sign in at {self.url}admin/ as 'editor' with password {password!r}\n"
            f"(the password is kept in {self.password_file}). Press Ctrl-C to stop.\n",
            flush=True,
        )


def main(argv: list[str]) -> int:
    announcement = None
    if argv[:1] == ["--announce"]:
        announcement, argv = Announcement(argv[1], argv[2]), argv[3:]
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    children = {"command": Child("server", argv), "worker": Child("worker", WORKER)}
    sent: dict[str, int] = {}

    def stop(signum, _frame):
        if sent:
            return
        for name, child in children.items():
            # The server gets Ctrl-C as Ctrl-C. The worker always gets SIGTERM: the same
            # graceful stop once it runs, and no KeyboardInterrupt traceback while it starts.
            sent[name] = (
                signal.SIGINT if signum == signal.SIGINT and name == "command" else signal.SIGTERM
            )
            if child.process is not None and child.process.poll() is None:
                # To the child's whole group, as a terminal would: runserver's and the worker's
                # autoreloaders (DEBUG) are a parent and a child process.
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.process.pid, sent[name])

    # Handled, not ignored, before the children start: they begin with default actions.
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop)
    for child in children.values():
        if not sent:  # unless told to stop meanwhile
            child.start()

    failed: Child | None = None
    while not sent and failed is None:
        time.sleep(0.2)
        if announcement is not None:
            announcement.try_now()
        for child in children.values():
            if sent:
                break
            if child.ended_on_its_own() and not child.plan_restart():
                failed = child
                break
            if child.restart_at is not None and time.monotonic() >= child.restart_at:
                child.start()
    if failed is not None:
        print(
            f"with_worker: the {failed.name} ended {CRASH_LOOP} times within "
            f"{QUICK_SECONDS:.0f} s of starting; stopping.",
            file=sys.stderr,
            flush=True,
        )
        stop(signal.SIGTERM, None)
    for child in children.values():
        if child.process is None:
            continue
        try:
            child.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.process.kill()
            child.process.wait()
    for name, child in children.items():
        code = child.process.returncode if child.process is not None else 0
        # Ended by the very signal it was sent (while starting up, say): the stop asked for.
        if code not in (0, -sent.get(name, 0)):
            return code if code > 0 else 128 - code
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
