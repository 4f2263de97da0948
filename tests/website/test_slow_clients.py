"""Clients that send slowly cost the server a socket, not a worker (config/serving.py): with
two workers, forty connections trickling their headers and ten trickling their bodies leave
the site answering at once; a request never completed is dropped; requests the worker cannot
hold are refused with the right status."""

import socket
import threading
import time
import urllib.request
from urllib.parse import urlencode

import pytest

from tests.conftest import CSRF_TOKEN

# Far less than the 30 s after which gunicorn would have killed a worker held by a slow client,
# and far more than the few milliseconds these answers take, however busy the machine.
ANSWER_WITHIN = 10


def connect(server) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.port), timeout=ANSWER_WITHIN)


def exchange(server, data: bytes) -> bytes:
    """Send `data` at once and read the answer until the server closes."""
    with connect(server) as sock:
        sock.sendall(data)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
        return answer


def status(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


class Trickle(threading.Thread):
    """A client sending `head`, then one more piece every `every` seconds until stopped."""

    def __init__(self, server, head: bytes, pieces, every: float = 1.0):
        super().__init__(daemon=True)
        self.sock = connect(server)
        self.sock.sendall(head)
        self.pieces = pieces
        self.every = every
        self.stop = threading.Event()

    def run(self):
        for piece in self.pieces:
            if self.stop.wait(self.every):
                break
            try:
                self.sock.sendall(piece)
            except OSError:
                break

    def close(self):
        self.stop.set()
        self.join()
        self.sock.close()


def slow_headers(server) -> Trickle:
    head = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    return Trickle(server, head, [f"X-Slow-{n}: 1\r\n".encode() for n in range(60)])


def slow_body(server) -> Trickle:
    head = (
        b"POST /account/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n"
    )
    return Trickle(server, head, [b"x"] * 60)


@pytest.mark.django_db(transaction=True)
def test_slow_clients_leave_the_site_answering(serve):
    server = serve()
    clients = [slow_headers(server) for _ in range(40)] + [slow_body(server) for _ in range(10)]
    for client in clients:
        client.start()
    try:
        time.sleep(1.5)  # every slow client has sent something and is waiting to send more
        for path in ["/", "/robots.txt", "/jobs/", "/"]:
            with urllib.request.urlopen(server.url + path, timeout=ANSWER_WITHIN) as response:
                assert response.status == 200
        # A sign-in form sent slowly, a piece a second, is read whole and answered as any.
        form = urlencode(
            {"csrfmiddlewaretoken": CSRF_TOKEN, "login": "nobody@example.com", "password": "no"}
        ).encode()
        head = (
            "POST /account/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            f"Cookie: csrftoken={CSRF_TOKEN}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(form)}\r\n\r\n"
        ).encode()
        sign_in = Trickle(server, head, [form[:10], form[10:30], form[30:]], every=0.5)
        sign_in.start()
        with urllib.request.urlopen(server.url + "/", timeout=ANSWER_WITHIN) as response:
            assert response.status == 200
        sign_in.join()
        answer = b""
        while chunk := sign_in.sock.recv(65536):
            answer += chunk
        sign_in.sock.close()
        assert status(answer) == 200
        assert b"not correct" in answer
    finally:
        for client in clients:
            client.close()


@pytest.mark.django_db(transaction=True)
def test_a_request_never_completed_is_dropped(serve):
    server = serve(LADDER_REQUEST_READ_SECONDS="1")
    client = slow_headers(server)
    client.every = 0.3
    client.start()
    try:
        # Headers still coming after a second: the worker closes the connection.
        assert client.sock.recv(1024) == b""
    finally:
        client.close()
    idle = connect(server)
    idle.sendall(b"POST /account/login/ HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nab")
    assert idle.recv(1024) == b""  # the body stopped coming
    idle.close()


@pytest.mark.django_db(transaction=True)
def test_requests_the_worker_will_not_hold_are_refused(serve):
    server = serve()
    post = b"POST /account/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    assert status(exchange(server, post + b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")) == 411
    assert status(exchange(server, post + b"Content-Length: 999999999999\r\n\r\n")) == 413
    huge = b"".join(f"X-Many-{n}: {'y' * 100}\r\n".encode() for n in range(1000))
    assert status(exchange(server, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + huge)) == 431
    # Bare line feeds reach gunicorn's parser, which refuses them.
    assert status(exchange(server, b"GET / HTTP/1.1\nHost: 127.0.0.1\n\n")) == 400


@pytest.mark.django_db(transaction=True)
def test_a_client_waiting_for_continue_gets_it_once(serve):
    server = serve()
    form = urlencode({"csrfmiddlewaretoken": CSRF_TOKEN, "login": "a@example.com", "password": "x"})
    with connect(server) as sock:
        sock.sendall(
            (
                "POST /account/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                f"Cookie: csrftoken={CSRF_TOKEN}\r\nExpect: 100-continue\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\n"
                f"Content-Length: {len(form)}\r\n\r\n"
            ).encode()
        )
        assert sock.recv(1024) == b"HTTP/1.1 100 Continue\r\n\r\n"
        sock.sendall(form.encode())
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200 ")
    assert b"100 Continue" not in answer
