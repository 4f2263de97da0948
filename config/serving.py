"""gunicorn's threaded worker, made safe against clients that send slowly (config/gunicorn.py).

gunicorn's synchronous worker reads a request on the thread that will serve it, so a client
that sends one header line every few seconds holds that worker for as long as it likes: two
such clients took both workers of `make run`, and the site with them. Its threaded worker
(gthread) hands a connection to a thread as soon as the first byte arrives, with the same
result once the clients outnumber the threads. An asyncio worker serving Django's ASGI
handler is immune, but every request crosses threads four times: cached pages took 3 ms
instead of 1 and uncached ones about twice as long (docs/performance.md, "Serving").

`BufferingWorker` keeps gthread's design, one thread serving the application as the
synchronous worker did, and adds what nginx does in front of it: the worker's event loop
reads each request whole, headers and body, without blocking, and only a complete request
reaches the thread. A slow client costs a socket and its bytes. A request still incomplete
`REQUEST_READ_SECONDS` after its first byte (headers) or after its last byte (body) is
dropped. While the thread is busy the worker accepts no new connection, so the next one goes
to a worker that is free, as with synchronous workers.
"""

import contextlib
import errno
import os
import selectors
import time
from functools import partial

from gunicorn.http.message import Request
from gunicorn.workers.gthread import TConn, ThreadWorker

# Seconds a client has to send its request's headers, and at most between two pieces of its
# body.
REQUEST_READ_SECONDS = float(os.environ.get("LADDER_REQUEST_READ_SECONDS", "15"))
# The largest request held in memory: the importer's largest file (64 MiB) and the rest of its
# form. nginx refuses far less in production (docs/deploy.md).
MAX_REQUEST_BYTES = 72 * 1024 * 1024
# A client sends its request as soon as it is connected; one still incomplete this long after
# it was accepted is a slow one (see BufferingWorker.set_accept_enabled).
FRESH_SECONDS = 0.05
# A header block larger than this is refused without reading further.
MAX_HEADER_BYTES = 64 * 1024

TOO_LARGE = b"HTTP/1.1 413 Content Too Large\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
HEADERS_TOO_LARGE = (
    b"HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n"
    b"Content-Length: 0\r\n\r\n"
)
LENGTH_REQUIRED = b"HTTP/1.1 411 Length Required\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"


class AnsweredExpectation(Request):
    """A request whose `Expect: 100-continue` the worker has already answered."""

    _policy_expect_continue = False


class Incoming:
    """A request being read: its bytes so far, and when it must be complete by."""

    def __init__(self, conn):
        self.conn = conn
        self.data = bytearray()
        self.accepted = time.monotonic()
        self.deadline = self.accepted + REQUEST_READ_SECONDS
        self.complete_at: int | None = None  # total length, once the headers are in
        self.continued = False

    def take(self, chunk: bytes) -> bytes | None:
        """Add `chunk`; return an answer to send and close with, or None."""
        self.data += chunk
        if self.complete_at is None:
            end = self.data.find(b"\r\n\r\n")
            if end >= 0:
                return self._headers_read(end + 4)
            # Bare line feeds: gunicorn's parser answers 400 for them.
            end = self.data.find(b"\n\n")
            if end >= 0:
                self.complete_at = end + 2
                return None
            return HEADERS_TOO_LARGE if len(self.data) > MAX_HEADER_BYTES else None
        self.deadline = time.monotonic() + REQUEST_READ_SECONDS
        return None

    def _headers_read(self, header_end: int) -> bytes | None:
        length = 0
        expect_continue = False
        for line in bytes(self.data[:header_end]).split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"transfer-encoding":
                return LENGTH_REQUIRED
            if name == b"content-length":
                try:
                    length = int(value.strip())
                except ValueError:
                    length = 0  # gunicorn's parser answers 400 for it
            elif name == b"expect" and value.strip().lower() == b"100-continue":
                expect_continue = True
        if length > MAX_REQUEST_BYTES:
            return TOO_LARGE
        self.complete_at = header_end + max(length, 0)
        if expect_continue and not self.is_complete():
            self.continued = True
            return CONTINUE
        self.deadline = time.monotonic() + REQUEST_READ_SECONDS
        return None

    def is_complete(self) -> bool:
        return self.complete_at is not None and len(self.data) >= self.complete_at


class BufferingWorker(ThreadWorker):
    @classmethod
    def check_config(cls, cfg, log):
        super().check_config(cfg, log)
        if cfg.is_ssl or cfg.keepalive or cfg.threads != 1:
            raise RuntimeError("BufferingWorker serves plain HTTP, one thread, no keep-alive")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.incoming: dict[int, Incoming] = {}
        self.busy = 0  # requests handed to the thread and not finished

    def accept(self, listener):
        try:
            client_sock, client_addr = listener.accept()
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        conn = TConn(self.cfg, client_sock, client_addr, listener.getsockname())
        incoming = Incoming(conn)
        self.incoming[id(conn)] = incoming
        self.poller.register(client_sock, selectors.EVENT_READ, partial(self.read, incoming))
        # Most clients have sent their whole request by the time it is accepted.
        self.read(incoming, client_sock)

    def read(self, incoming: Incoming, sock):
        try:
            chunk = sock.recv(256 * 1024)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        if not chunk:
            self._drop(incoming)
            return
        answer = incoming.take(chunk)
        if answer == CONTINUE:
            self._send_quietly(sock, answer)
            answer = None
        if answer is not None:
            self._send_quietly(sock, answer)
            self._drop(incoming)
        elif incoming.is_complete():
            self.poller.unregister(sock)
            del self.incoming[id(incoming.conn)]
            incoming.conn.received = incoming
            self.enqueue_req(incoming.conn)

    @staticmethod
    def _send_quietly(sock, data: bytes) -> None:
        with contextlib.suppress(OSError):
            sock.send(data)

    def _drop(self, incoming: Incoming) -> None:
        self.incoming.pop(id(incoming.conn), None)
        with contextlib.suppress(KeyError, ValueError, OSError):
            self.poller.unregister(incoming.conn.sock)
        self.nr_conns -= 1
        incoming.conn.close()

    def murder_pending(self):
        super().murder_pending()
        now = time.monotonic()
        for incoming in list(self.incoming.values()):
            # A stopping worker still reads what it accepted, within the graceful timeout.
            if incoming.deadline < now:
                self._drop(incoming)

    def enqueue_req(self, conn):
        self.busy += 1
        super().enqueue_req(conn)

    def finish_request(self, conn, fs):
        """Close the connection once its response is written (on the worker's event loop).

        gthread closes "gracefully": it waits up to two seconds for the client to close
        first, in the event loop, which then accepts and reads nothing; a client that kept
        its end open held the whole worker that long. The request was read whole, so there
        is nothing left unread that would make a plain close reset the connection."""
        self.busy -= 1
        self.nr_conns -= 1
        conn.close()

    def handle(self, conn):
        """Serve a complete request from the bytes already read (on the worker's thread)."""
        incoming = conn.received
        conn.data_ready = True
        conn.init()
        # The response is written on this thread: a client that does not read it gets
        # REQUEST_READ_SECONDS per write, as for its request.
        conn.sock.settimeout(REQUEST_READ_SECONDS)
        if incoming.continued:
            conn.parser.mesg_class = AnsweredExpectation
        conn.parser.unreader.unread(bytes(incoming.data))
        # Every connection is read afresh by the worker's event loop, so none is kept alive
        # (config/gunicorn.py turns keep-alive off, so none is promised to the client either).
        return super().handle(conn) and False

    def set_accept_enabled(self, enabled):
        # Accept only while the thread is free and no request just accepted is on its way to
        # it: a connection accepted then would wait for the thread while another worker may
        # be idle. A request still incomplete after FRESH_SECONDS is a slow one, and no
        # longer holds accepting back.
        super().set_accept_enabled(enabled and self.busy == 0 and not self._fresh())

    def _fresh(self) -> float:
        """Seconds until the youngest request being read stops counting as just accepted."""
        if not self.incoming:
            return 0
        youngest = max(incoming.accepted for incoming in self.incoming.values())
        return max(youngest + FRESH_SECONDS - time.monotonic(), 0)

    def wait_for_and_dispatch_events(self, timeout):
        fresh = self._fresh()
        super().wait_for_and_dispatch_events(min(timeout, fresh) if fresh else timeout)
