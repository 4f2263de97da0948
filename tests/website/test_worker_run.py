"""`make run` and `make dev` serve the site with the worker beside it
(scripts/with_worker.py): Ctrl-C stops both cleanly, a worker that dies is started again, and
a server that cannot start stops the run.
Here over the test database; tests/website/test_local_run.py covers the embedded one."""

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.request

import psutil
import pytest

from tests.conftest import (
    ROOT,
    _free_port,
    kill_process_tree,
    serve_with_worker,
    served_environment,
)
from tests.website.test_local_run import ignore_sigint

pytestmark = pytest.mark.subprocess


@pytest.fixture
def run_with_worker(transactional_db, django_db_blocker, tmp_path):
    """Start `scripts/with_worker.py gunicorn …` in a session of its own with SIGINT ignored,
    as `setsid make run &` leaves it; wait until gunicorn answers and the worker polls."""
    port = _free_port()
    runner = subprocess.Popen(
        serve_with_worker(port),
        cwd=ROOT,
        env=served_environment(django_db_blocker),
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
    kill_process_tree(runner)


def _worker(runner) -> psutil.Process:
    for process in psutil.Process(runner.pid).children(recursive=True):
        with contextlib.suppress(psutil.Error):  # one that ended meanwhile
            if "run_worker" in " ".join(process.cmdline()):
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


def test_a_worker_that_dies_is_started_again_and_the_site_keeps_serving(run_with_worker):
    dead = _worker(run_with_worker)
    dead.kill()
    deadline = time.monotonic() + 60
    while True:
        with contextlib.suppress(AssertionError):
            if _worker(run_with_worker).pid != dead.pid:
                break
        assert time.monotonic() < deadline, "the worker was not started again"
        assert run_with_worker.poll() is None, run_with_worker.stderr_path.read_text()
        time.sleep(0.2)
    assert "starting it again" in run_with_worker.stderr_path.read_text()

    os.killpg(run_with_worker.pid, signal.SIGINT)
    run_with_worker.wait(timeout=60)
    assert run_with_worker.returncode == 0


def test_a_server_that_cannot_start_stops_the_run_after_a_few_tries(
    transactional_db, django_db_blocker, tmp_path
):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        runner = subprocess.Popen(
            serve_with_worker(port),
            cwd=ROOT,
            env=served_environment(django_db_blocker),
            start_new_session=True,
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
        )
        try:
            _, stderr = runner.communicate(timeout=180)
        finally:
            if runner.poll() is None:
                os.killpg(runner.pid, signal.SIGKILL)
    assert runner.returncode != 0
    assert "the server ended 3 times" in stderr.decode()
    assert not [
        p
        for p in psutil.process_iter(["cmdline"])
        if str(port) in " ".join(p.info["cmdline"] or [])
    ]
