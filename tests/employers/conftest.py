import hashlib
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from employers.models import Member
from tests.companies.test_contributions import reader_client
from tests.conftest import make_company


class Sent:
    """Requests whose mail is sent at once: each runs what waits for its transaction to
    commit (the mail's place in the worker's queue) as it returns."""

    capture = None

    @classmethod
    def post(cls, client, url, data=None):
        with cls.capture(execute=True):
            return client.post(url, data or {})


@pytest.fixture(autouse=True)
def _tasks_in_this_process(request, settings, django_capture_on_commit_callbacks):
    """Run queued tasks (the mail) here, at once, so tests read `mail.outbox`; tests with the
    real worker (test_journey.py) leave them in its queue."""
    if "worker" not in request.fixturenames:
        settings.TASKS = {
            "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
        }
    Sent.capture = django_capture_on_commit_callbacks


def mail_about(smtp_server, subject: str, *, to: str):
    """The one message with `subject` in its subject, waited for (the server may also hold
    mail from earlier tests' queues, which this test does not count on)."""
    deadline = time.monotonic() + 30
    while True:
        found = [m for m in smtp_server.messages if subject in m["Subject"]]
        if found or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    (message,) = found
    assert message["To"] == to
    return message


@pytest.fixture
def quarry():
    return make_company("Quarry", slug="quarry", email_domains=["quarry.example"])


@pytest.fixture
def owner(django_user_model, quarry):
    """A reader who owns Quarry's team, signed in."""
    client = reader_client(django_user_model, "ada")
    Member.objects.create(
        company=quarry, user=client.user, email="ada@quarry.example", is_owner=True
    )
    return client


@dataclass
class Served:
    """What the feed server answers at one path."""

    body: bytes = b""
    status: int = 200
    # Answer 304 to a request that names the body's current ETag.
    etag: bool = True
    # Seconds to wait before answering, and between bytes of the body (a dripping server).
    delay: float = 0
    drip: float = 0
    # Say the body's length up front (otherwise its end is the connection's).
    announce: bool = True
    # Answer "100 Continue" for ever, never the response.
    endless_continue: bool = False


class FeedServer:
    """A real HTTP server on this machine serving job boards as their owners' servers do:
    `server.serve("/quarry.json", Served(body=...))`, then `server.url("/quarry.json")`. Each
    request's path and headers are kept in `requests`."""

    def __init__(self):
        self.routes: dict[str, Served] = {}
        self.requests: list[tuple[str, dict]] = []
        routes, requests = self.routes, self.requests

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                requests.append((self.path, dict(self.headers)))
                served = routes.get(self.path)
                if served is None:
                    self.send_error(404)
                    return
                time.sleep(served.delay)
                if served.endless_continue:
                    try:
                        while True:
                            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
                            self.wfile.flush()
                            time.sleep(0.05)
                    except OSError:
                        return  # the reader gave up, as it should
                tag = f'"{hashlib.sha256(served.body).hexdigest()[:16]}"'
                if served.etag and self.headers.get("If-None-Match") == tag:
                    self.send_response(304)
                    self.send_header("ETag", tag)
                    self.end_headers()
                    return
                self.send_response(served.status)
                self.send_header("Content-Type", "application/json")
                if served.etag:
                    self.send_header("ETag", tag)
                if served.announce and not served.drip:
                    self.send_header("Content-Length", str(len(served.body)))
                self.end_headers()
                try:
                    if served.drip:
                        for byte in served.body:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(served.drip)
                    else:
                        self.wfile.write(served.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the reader gave up, as it should

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def serve(self, path: str, served: Served) -> str:
        self.routes[path] = served
        return self.url(path)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def feed_server(settings):
    """A local feed server the site may read (feeds on private addresses are refused
    otherwise)."""
    settings.FEEDS_ALLOW_PRIVATE = True
    server = FeedServer()
    yield server
    server.stop()
