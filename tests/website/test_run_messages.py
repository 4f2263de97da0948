"""What `make run` tells a newcomer: a taken port at once, in one line, and where the site is
only once it answers."""

import socket
import subprocess
import sys
import urllib.request

import pytest

from tests.conftest import (
    ROOT,
    _free_port,
    gunicorn_command,
    kill_process_tree,
    served_environment,
)

pytestmark = pytest.mark.subprocess


def test_a_taken_port_is_refused_in_one_line_before_any_work():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        # make's own target, before installing anything: a machine without the project's
        # environment answers the same.
        result = subprocess.run(
            ["make", "--no-print-directory", "run", f"PORT={port}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if not line.startswith("make")]
    assert lines == [
        f"Port {port} is taken by another program; choose another: PORT={port + 1000} make run"
    ]
    assert "Installing" not in result.stdout
    assert "Starting" not in result.stdout


def test_a_free_port_passes():
    result = subprocess.run(
        [sys.executable, "scripts/port_free.py", str(_free_port())], cwd=ROOT, capture_output=True
    )
    assert result.returncode == 0
    assert result.stderr == b""


def test_the_site_is_announced_only_once_it_answers(transactional_db, django_db_blocker, tmp_path):
    port = _free_port()
    password_file = tmp_path / "editor-password"
    password_file.write_text("correct-horse\n")
    runner = subprocess.Popen(
        [
            sys.executable,
            "scripts/with_worker.py",
            "--announce",
            f"http://127.0.0.1:{port}/",
            str(password_file),
            *gunicorn_command(port),
        ],
        cwd=ROOT,
        env=served_environment(django_db_blocker),
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        first = runner.stdout.readline()
        while first == "\n":
            first = runner.stdout.readline()
        # The moment the address is printed, it answers.
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
            assert response.status == 200
        assert first == f"Ladder is running at http://127.0.0.1:{port}/\n"
        assert runner.stdout.readline() == (
            f"Editors sign in at http://127.0.0.1:{port}/admin/ as 'editor' with password "
            "'correct-horse'\n"
        )
    finally:
        kill_process_tree(runner)
