"""`make run` and `make dev` serve the site with the worker beside it
(scripts/with_worker.py): Ctrl-C stops both cleanly, and a worker that dies stops the run.
Here over the test database; tests/website/test_local_run.py covers the embedded one."""

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request

import psutil
import pytest
from django.conf import settings

from tests.conftest import ROOT, _free_port, served_database_url
from tests.website.test_local_run import ignore_sigint

pytestmark = pytest.mark.subprocess


@pytest.fixture
def run_with_worker(transactional_db, django_db_blocker, tmp_path):
    """Start `scripts/with_worker.py gunicorn …` in a session of its own with SIGINT ignored,
    as `setsid make run &` leaves it; wait until gunicorn answers and the worker polls."""
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": served_database_url(django_db_blocker),
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
    }
    runner = subprocess.Popen(
        [
            sys.executable,
            "scripts/with_worker.py",
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--config",
            "config/gunicorn.py",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        preexec_fn=ignore_sigint,
        stdout=(tmp_path / "stdout").open("wb"),
        stderr=(tmp_path / "stderr").open("wb"),
    )
    runner.stderr_path = tmp_path / "stderr"

    def ready() -> bool:
        if "Starting worker" not in runner.stderr_path.read_text():
            return False
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
        except OSError:
            return False
        return True

    deadline = time.monotonic() + 120
    while not ready():
        assert runner.poll() is None, runner.stderr_path.read_text()
        assert time.monotonic() < deadline, "gunicorn and the worker did not start"
        time.sleep(0.2)
    yield runner
    if runner.poll() is None:
        os.killpg(runner.pid, signal.SIGKILL)
        for process in psutil.Process(runner.pid).children(recursive=True):
            with contextlib.suppress(psutil.Error):
                process.kill()


def _worker(runner) -> psutil.Process:
    for process in psutil.Process(runner.pid).children(recursive=True):
        with contextlib.suppress(psutil.Error):  # one that ended meanwhile
            if "db_worker" in " ".join(process.cmdline()):
                return process
    raise AssertionError("no worker process")


def test_ctrl_c_stops_the_server_and_the_worker_cleanly(run_with_worker):
    processes = psutil.Process(run_with_worker.pid).children(recursive=True)
    assert any("gunicorn" in " ".join(process.cmdline()) for process in processes)
    _worker(run_with_worker)

    os.killpg(run_with_worker.pid, signal.SIGINT)
    run_with_worker.wait(timeout=60)

    assert run_with_worker.returncode == 0
    time.sleep(0.5)  # gunicorn's workers are reaped by their master as it exits
    assert not [process for process in processes if process.is_running()], "nothing is left"
    stderr = run_with_worker.stderr_path.read_text()
    assert "Traceback" not in stderr
    assert "shutting down gracefully" in stderr, "the worker stopped as it does on SIGTERM"


def test_a_worker_that_dies_stops_the_server_and_fails_the_run(run_with_worker):
    _worker(run_with_worker).kill()
    run_with_worker.wait(timeout=60)
    assert run_with_worker.returncode == 128 + signal.SIGKILL
