"""Reading a document from an address someone else gave us (a company's job feed), with
everything such an address could make expensive or dangerous bounded.

    fetched = get(url, max_bytes=..., seconds=..., etag=..., last_modified=...)

- Only http and https, without credentials in the address.
- The host is resolved once and connected to by that address, which must be a public one
  (not loopback, private, link-local, site-local or reserved, nor an IPv6 address carrying
  such an IPv4 one: NAT64, 6to4, IPv4-compatible), on port 80 or 443, unless `allow_private`
  is set (tests and a site reading feeds on its own network): an address cannot make the
  server read its own network or probe other services, and a name that resolves differently
  a moment later (DNS rebinding) is not asked again. Redirects are followed, at most
  MAX_REDIRECTS, each checked the same way.
- The whole exchange takes at most `seconds` by the clock: a timer shuts the socket down when
  they have passed, wherever the exchange is waiting (a slow handshake, headers or a body
  dripped a byte at a time, endless 100 Continue answers).
- The body may be at most `max_bytes`; a longer one is refused as soon as it is seen, from its
  Content-Length or while reading.
- Conditional: with the ETag or Last-Modified of the last read, an unchanged document is a
  304, `Fetched.not_modified`, and costs no body.

Every failure is a `FetchError` whose message says what went wrong in words a company's team
can act on.
"""

import contextlib
import http.client
import ipaddress
import socket
import threading
import time
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

MAX_REDIRECTS = 3
CHUNK_BYTES = 64 * 1024
# A public feed is read on the usual ports only (elsewhere a feed could probe other services).
PUBLIC_PORTS = {80, 443}
# What stays as it is in a path or query sent; anything else (spaces, letters outside ASCII) is
# percent-encoded, as a browser does.
PATH_SAFE = "/%:@!$&'()*+,;=-._~"


class FetchError(Exception):
    pass


@dataclass
class Fetched:
    status: int
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def get(
    url: str,
    *,
    max_bytes: int,
    seconds: float,
    etag: str = "",
    last_modified: str = "",
    user_agent: str = "Ladder",
    allow_private: bool = False,
) -> Fetched:
    headers = {
        "User-Agent": user_agent,
        "Accept": "application/json",
        "Accept-Encoding": "identity",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    with _Watchdog(seconds) as watchdog:
        try:
            return _follow(url, headers, max_bytes, watchdog, allow_private)
        except (OSError, http.client.HTTPException, ValueError) as error:
            raise _failure(error, watchdog) from None


def _follow(url, headers, max_bytes, watchdog, allow_private) -> Fetched:
    for _ in range(MAX_REDIRECTS + 1):
        connection = _connection(url, watchdog, allow_private)
        try:
            parts = urlsplit(url)
            target = quote(parts.path or "/", safe=PATH_SAFE) + (
                f"?{quote(parts.query, safe=PATH_SAFE + '?')}" if parts.query else ""
            )
            connection.request("GET", target, headers=headers)
            response = connection.getresponse()
            if response.status in {301, 302, 303, 307, 308}:
                location = response.getheader("Location", "")
                if not location:
                    raise FetchError(f"The feed redirected ({response.status}) to nowhere.")
                url = urljoin(url, location)
                continue
            if response.status == 304:
                return Fetched(
                    304,
                    etag=headers.get("If-None-Match", ""),
                    last_modified=headers.get("If-Modified-Since", ""),
                )
            if response.status != 200:
                raise FetchError(
                    f"The feed answered {response.status} {response.reason} instead of the "
                    "document."
                )
            body = _body(response, max_bytes, watchdog)
            return Fetched(
                200,
                body,
                etag=response.getheader("ETag", "")[:200],
                last_modified=response.getheader("Last-Modified", "")[:100],
            )
        finally:
            connection.close()
    raise FetchError(f"The feed redirected more than {MAX_REDIRECTS} times.")


class _Watchdog:
    """Ends the exchange when its time is up, wherever it is waiting (connecting, the TLS
    handshake, headers dripped a byte at a time, endless 100 Continue answers or trailers):
    a timer shuts the open socket down, so the read waiting on it returns at once."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.expired = False
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        self.timer = threading.Timer(seconds, self._expire)
        self.timer.daemon = True

    def __enter__(self):
        self.timer.start()
        return self

    def __exit__(self, *exc):
        self.timer.cancel()
        with self.lock:
            for sock in self.sockets:
                sock.close()

    def left(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0 or self.expired:
            raise TimeoutError
        return left

    def watch(self, sock: socket.socket) -> socket.socket:
        """Watch a new connection. A duplicate of its descriptor is kept: shutting that down
        ends the connection whatever wraps it by then (TLS takes the original over)."""
        with self.lock:
            if self.expired:
                sock.close()
                raise TimeoutError
            self.sockets.append(sock.dup())
        return sock

    def _expire(self):
        with self.lock:
            self.expired = True
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


def _connection(url: str, watchdog: _Watchdog, allow_private: bool):
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise FetchError("The feed's address is not one we can read.") from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise FetchError("The feed's address must be an http or https address.")
    if parts.username or parts.password:
        raise FetchError("The feed's address may not carry a user name or password.")
    address = _address(parts.hostname, port, allow_private)
    if not allow_private and port not in PUBLIC_PORTS:
        raise FetchError("The feed's address must use the usual port (80 for http, 443 for https).")
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = kind(parts.hostname, port, timeout=watchdog.left())

    def connect_to_checked_address(where, timeout, source_address=None):
        return watchdog.watch(
            socket.create_connection((address, where[1]), watchdog.left(), source_address)
        )

    connection._create_connection = connect_to_checked_address  # type: ignore[attr-defined]
    return connection


def _address(host: str, port: int, allow_private: bool) -> str:
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise FetchError(f"The feed's host {host!r} could not be found.") from None
    addresses = [str(info[4][0]) for info in found]
    if not addresses:
        raise FetchError(f"The feed's host {host!r} could not be found.")
    if not allow_private and not all(_public(address) for address in addresses):
        raise FetchError(
            f"The feed's host {host!r} is on a private network; a feed must be on "
            "the public internet."
        )
    return addresses[0]


# IPv6 ranges that carry an IPv4 address (NAT64, IPv4-compatible, 6to4), checked as that
# address; and the old site-local range, which `is_global` lets through.
_CARRY_IPV4 = [ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("::/96")]
_6TO4 = ipaddress.ip_network("2002::/16")
_SITE_LOCAL = ipaddress.ip_network("fec0::/10")


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return ip.ipv4_mapped.is_global
        if any(ip in network for network in _CARRY_IPV4):
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF).is_global
        if ip in _6TO4:
            return bool(ip.sixtofour and ip.sixtofour.is_global)
        if ip in _SITE_LOCAL or ip in ipaddress.ip_network("64:ff9b:1::/48"):
            return False
    return ip.is_global


def _body(response, max_bytes: int, watchdog: _Watchdog) -> bytes:
    declared = response.getheader("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(_too_large(max_bytes))
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = response.read1(CHUNK_BYTES)
        watchdog.left()
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(_too_large(max_bytes))
        chunks.append(chunk)


def _too_large(max_bytes: int) -> str:
    return f"The feed is larger than {max_bytes / 1024 / 1024:g} MB, the most we read."


def _failure(error: Exception, watchdog: _Watchdog) -> FetchError:
    if isinstance(error, TimeoutError) or watchdog.expired:
        return FetchError("The feed did not answer in time; we stopped waiting.")
    if isinstance(error, ValueError):
        return FetchError("The feed's address, or where it sent us, is not one we can read.")
    if isinstance(error, ConnectionRefusedError):
        return FetchError("The feed's server refused the connection.")
    if isinstance(error, http.client.HTTPException | ConnectionError):
        return FetchError("The feed's server broke off or answered with something not HTTP.")
    return FetchError(f"The feed could not be read ({type(error).__name__}).")
