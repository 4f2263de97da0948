"""scripts/local.py, which `make run` and `make test` use: an embedded PostgreSQL that lives
exactly as long as the command it runs."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil

from tests.conftest import ROOT

WAIT_SCRIPT = """
import os, sys, time
from pathlib import Path
Path(sys.argv[1]).write_text(os.environ["DATABASE_URL"])
while True:
    time.sleep(0.2)
"""


def postgres_processes(pgdata: Path) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(["name", "cmdline"]):
        if process.info["name"] == "postgres" and str(pgdata) in " ".join(
            process.info["cmdline"] or []
        ):
            found.append(process)
    return found


def test_ctrl_c_stops_the_command_and_the_embedded_database(tmp_path):
    data = tmp_path / "data"
    started = tmp_path / "started"
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["LADDER_DATA"] = str(data)
    # A new session stands in for the terminal: Ctrl-C signals its whole process group.
    runner = subprocess.Popen(
        [sys.executable, "scripts/local.py", sys.executable, "-c", WAIT_SCRIPT, str(started)],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not started.exists():
            assert runner.poll() is None, "scripts/local.py ended before the command started"
            assert time.monotonic() < deadline, "the embedded database did not start"
            time.sleep(0.2)
        assert "/ladder?host=" in started.read_text()
        assert postgres_processes(data / "postgres"), "PostgreSQL should be running"
        assert (data / "secret_key").stat().st_mode & 0o077 == 0, "the key is private"

        os.killpg(runner.pid, signal.SIGINT)
        runner.wait(timeout=60)
    finally:
        if runner.poll() is None:
            os.killpg(runner.pid, signal.SIGKILL)

    deadline = time.monotonic() + 20
    while postgres_processes(data / "postgres") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert postgres_processes(data / "postgres") == []
