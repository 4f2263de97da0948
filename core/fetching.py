"""Reading a document from an address someone else gave us (a company's job feed), with
everything such an address could make expensive or dangerous bounded.

    fetched = get(url, max_bytes=..., seconds=..., etag=..., last_modified=...)

- Only http and https, without credentials in the address.
- The host is resolved once and connected to by that address, which must be a public one
  (not loopback, private, link-local or reserved) unless `allow_private` is set (tests and a
  site reading feeds on its own network): an address cannot make the server read its own
  network, and a name that resolves differently a moment later (DNS rebinding) is not asked
  again. Redirects are followed, at most MAX_REDIRECTS, each checked the same way.
- No wait for the server is longer than what is left of `seconds`, and reading stops once
  they have passed: a server that answers slowly or drips its body is cut off within about
  twice `seconds`, not waited on.
- The body may be at most `max_bytes`; a longer one is refused as soon as it is seen, from its
  Content-Length or while reading.
- Conditional: with the ETag or Last-Modified of the last read, an unchanged document is a
  304, `Fetched.not_modified`, and costs no body.

Every failure is a `FetchError` whose message says what went wrong in words a company's team
can act on.
"""

import http.client
import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

MAX_REDIRECTS = 3
CHUNK_BYTES = 64 * 1024


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
    deadline = time.monotonic() + seconds
    headers = {
        "User-Agent": user_agent,
        "Accept": "application/json",
        "Accept-Encoding": "identity",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    for _ in range(MAX_REDIRECTS + 1):
        connection, response = _request(url, headers, deadline, allow_private)
        try:
            if response.status in {301, 302, 303, 307, 308}:
                location = response.getheader("Location", "")
                if not location:
                    raise FetchError(f"The feed redirected ({response.status}) to nowhere.")
                url = urljoin(url, location)
                continue
            if response.status == 304:
                return Fetched(304, etag=etag, last_modified=last_modified)
            if response.status != 200:
                raise FetchError(
                    f"The feed answered {response.status} {response.reason} instead of the "
                    "document."
                )
            body = _body(response, max_bytes, deadline)
            return Fetched(
                200,
                body,
                etag=response.getheader("ETag", "")[:200],
                last_modified=response.getheader("Last-Modified", "")[:100],
            )
        except (OSError, http.client.HTTPException) as error:
            raise _failure(error) from None
        finally:
            connection.close()
    raise FetchError(f"The feed redirected more than {MAX_REDIRECTS} times.")


def _request(url: str, headers: dict, deadline: float, allow_private: bool):
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise FetchError("The feed's address must be an http or https address.")
    if parts.username or parts.password:
        raise FetchError("The feed's address may not carry a user name or password.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise FetchError("The feed's address has a port that is not a number.") from None
    address = _address(parts.hostname, port, allow_private)
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = kind(parts.hostname, port, timeout=_left(deadline))

    def connect_to_checked_address(where, timeout, source_address=None):
        return socket.create_connection((address, where[1]), timeout, source_address)

    connection._create_connection = connect_to_checked_address  # type: ignore[attr-defined]
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("GET", target, headers=headers)
        connection.sock.settimeout(_left(deadline))
        return connection, connection.getresponse()
    except (OSError, http.client.HTTPException) as error:
        connection.close()
        raise _failure(error) from None


def _address(host: str, port: int, allow_private: bool) -> str:
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise FetchError(f"The feed's host {host!r} could not be found.") from None
    addresses = [str(info[4][0]) for info in found]
    if not addresses:
        raise FetchError(f"The feed's host {host!r} could not be found.")
    if not allow_private:
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%")[0])
            mapped = getattr(ip, "ipv4_mapped", None)
            if not (mapped or ip).is_global:
                raise FetchError(
                    f"The feed's host {host!r} is on a private network; a feed must be on "
                    "the public internet."
                )
    return addresses[0]


def _body(response, max_bytes: int, deadline: float) -> bytes:
    declared = response.getheader("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(_too_large(max_bytes))
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = response.read1(CHUNK_BYTES)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(_too_large(max_bytes))
        chunks.append(chunk)
        _left(deadline)


def _left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    return left


def _too_large(max_bytes: int) -> str:
    return f"The feed is larger than {max_bytes / 1024 / 1024:g} MB, the most we read."


def _failure(error: Exception) -> FetchError:
    if isinstance(error, TimeoutError):
        return FetchError("The feed did not answer in time; we stopped waiting.")
    if isinstance(error, ConnectionRefusedError):
        return FetchError("The feed's server refused the connection.")
    if isinstance(error, http.client.HTTPException | ConnectionError):
        return FetchError("The feed's server broke off or answered with something not HTTP.")
    return FetchError(f"The feed could not be read ({type(error).__name__}).")
