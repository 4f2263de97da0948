"""With SENTRY_DSN set, errors reach Sentry (here a local server speaking its protocol), and
nothing that identifies a reader goes with them."""

import gzip
import http.server
import threading
import time
import zlib

import brotli
import pytest

from tests.conftest import Gunicorn, _free_port, fetch

pytestmark = pytest.mark.subprocess

SESSION = "k4v8lq0z2m7n1x9c3b5t6y8u0i2o4p6b"


class Receiver(http.server.ThreadingHTTPServer):
    """Keeps the body of every envelope posted to it, decompressed."""

    def __init__(self):
        self.envelopes: list[str] = []
        received = self.envelopes

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                encoding = self.headers.get("Content-Encoding", "")
                if encoding == "gzip":
                    body = gzip.decompress(body)
                elif encoding == "br":
                    body = brotli.decompress(body)
                elif encoding == "deflate":
                    body = zlib.decompress(body)
                received.append(body.decode(errors="replace"))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)

    def wait_for(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for envelope in self.envelopes:
                if text in envelope:
                    return envelope
            time.sleep(0.1)
        raise AssertionError(f"no envelope with {text!r}: {self.envelopes}")


@pytest.fixture
def receiver():
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()


def test_an_error_is_reported_without_the_readers_data(receiver, tmp_path):
    dsn = f"http://public@127.0.0.1:{receiver.server_address[1]}/1"
    # A server whose database is unreachable: loading a reader's session fails outside any view.
    server = Gunicorn(
        f"postgresql://nobody@127.0.0.1:{_free_port()}/nothing?connect_timeout=2",
        env={"SENTRY_DSN": dsn, "SENTRY_ENVIRONMENT": "test"},
        log=tmp_path / "gunicorn.log",
    )
    try:
        status, _, _ = fetch(
            server.url + "/jobs/?q=ada%40example.com",
            {"Cookie": f"sessionid={SESSION}", "X-Forwarded-For": "203.0.113.7"},
        )
        assert status == 503
        envelope = receiver.wait_for("OperationalError")
    finally:
        server.stop()
    assert '"environment":"test"' in envelope.replace(" ", "")
    assert "/jobs/" in envelope
    for private in [SESSION, "ada@example.com", "ada%40example.com", "203.0.113.7"]:
        assert private not in envelope
