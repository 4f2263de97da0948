"""Run a web server and the background worker side by side.

    python scripts/with_worker.py COMMAND [ARGS...]

Starts COMMAND (gunicorn for `make run`, runserver for `make dev`) and the worker,
``manage.py db_worker``, which runs what the site queues (email, alerts). When either ends, the
other is stopped. Both children run in process groups of their own and this process alone
tells each group to stop, exactly once: Ctrl-C (SIGINT), SIGTERM or SIGHUP, however this was
started (a terminal, or in the background by `setsid … &`, `nohup` or a CI runner), stops both
cleanly. The worker finishes the task it is running first. The exit status is COMMAND's, or
the worker's if it failed.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKER = [sys.executable, "manage.py", "db_worker"]


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    children: dict[str, subprocess.Popen] = {}
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
            if child.poll() is None:
                # To the child's whole group, as a terminal would: runserver's and the worker's
                # autoreloaders (DEBUG) are a parent and a child process.
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.pid, sent[name])

    # Handled, not ignored, before the children start: they begin with default actions.
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop)
    # Own process groups: a Ctrl-C in the terminal reaches this process only, which passes it
    # on once; a second SIGINT would make the worker abandon the task it is running.
    children["command"] = subprocess.Popen(argv, cwd=ROOT, process_group=0)
    if not sent:  # unless told to stop meanwhile
        children["worker"] = subprocess.Popen(WORKER, cwd=ROOT, process_group=0)

    while all(child.poll() is None for child in children.values()):
        time.sleep(0.2)
    # One ended (on a signal, or on its own): stop the other and wait for both.
    stop(signal.SIGTERM, None)
    for child in children.values():
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    for name, child in children.items():
        # Ended by the very signal it was sent (while starting up, say): the stop asked for.
        if child.returncode not in (0, -sent.get(name, 0)):
            return child.returncode if child.returncode > 0 else 128 - child.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
