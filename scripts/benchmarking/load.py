"""Serving the site as `make run` does, and timing requests to it over loopback HTTP."""

import gzip
import http.client
import math
import os
import queue
import socket
import subprocess
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn exactly as `make run` starts it (config/gunicorn.py, production settings),
    on a free loopback port, against `database_url`. Its logs go to `log`."""

    def __init__(self, database_url: str, log: Path, *, page_cache: bool = True):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {key: value for key, value in os.environ.items() if key != "DJANGO_DEBUG"}
        env["DATABASE_URL"] = database_url
        env["DJANGO_PAGE_CACHE"] = "1" if page_cache else "0"
        # The site's own origin, as the clients name it (Host: localhost): the page cache
        # keeps only pages asked for there.
        env["DJANGO_SITE_URL"] = "http://localhost"
        self.log = log.open("wb")
        self.process = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "--config", "config/gunicorn.py",
             "--bind", f"127.0.0.1:{self.port}"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while True:
            try:
                if Client(self.port).get("/healthz").status == 200:
                    return
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise SystemExit(f"gunicorn did not start; see {log}")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


@dataclass
class Response:
    status: int
    body: bytes  # as sent, compressed or not
    headers: dict

    def text(self) -> bytes:
        """The body, decompressed."""
        if self.headers.get("Content-Encoding") == "gzip":
            return gzip.decompress(self.body)
        return self.body


class Client:
    """One keep-alive connection to the server, with the cookies it has been given, asking
    for what a browser or a search engine's crawler asks for: compressed answers."""

    def __init__(self, port: int):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None, headers=None) -> Response:
        headers = {"Host": "localhost", "Accept-Encoding": "gzip, deflate, br", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                reply = self.connection.getresponse()
                data = reply.read()
                break
            except (http.client.HTTPException, ConnectionError):
                # The server closed an idle keep-alive connection: reconnect once.
                self.connection.close()
                if attempt:
                    raise
        for header, value in reply.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return Response(reply.status, data, dict(reply.getheaders()))

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def sign_in(self, username: str, password: str) -> None:
        """Sign in to the admin through its login form, as a browser would."""
        self.get("/admin/login/")
        form = urllib.parse.urlencode(
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": self.cookies["csrftoken"],
                "next": "/admin/",
            }
        )
        reply = self.request(
            "POST",
            "/admin/login/",
            body=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://localhost:{self.port}/admin/login/",
            },
        )
        if reply.status != 302:
            raise SystemExit(f"Could not sign in to the admin as {username} ({reply.status}).")

    def close(self) -> None:
        self.connection.close()


@dataclass
class Timing:
    """What one batch of requests measured."""

    latencies_ms: list[float] = field(default_factory=list)
    wall_s: float = 0.0
    failures: list[str] = field(default_factory=list)

    def percentile(self, p: float) -> float:
        """Nearest-rank percentile; with few samples p99 is the slowest."""
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return math.nan
        return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]

    @property
    def per_second(self) -> float:
        return len(self.latencies_ms) / self.wall_s if self.wall_s else math.nan


def time_requests(clients: list[Client], paths: list[str], time_limit: float) -> Timing:
    """Request every path once, spread over the clients' threads, until done or `time_limit`
    seconds have passed (then the rest are not sent). Non-200 answers are failures."""
    work: queue.SimpleQueue[str] = queue.SimpleQueue()
    for path in paths:
        work.put(path)
    timing = Timing()
    lock = threading.Lock()
    deadline = time.monotonic() + time_limit

    def worker(client: Client) -> None:
        while time.monotonic() < deadline:
            try:
                path = work.get_nowait()
            except queue.Empty:
                return
            start = time.perf_counter()
            try:
                reply = client.get(path)
                status = reply.status
            except OSError as error:
                status = f"{type(error).__name__}"
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                if status == 200:
                    timing.latencies_ms.append(elapsed)
                else:
                    timing.failures.append(f"{status} {path}")

    threads = [threading.Thread(target=worker, args=(client,)) for client in clients]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    timing.wall_s = time.perf_counter() - started
    return timing
