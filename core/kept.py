"""Small tables that most pages read whole (the culture tags, the exchange rates, the published
guides), kept in each worker's memory and read again only when one of them changed, or at the
next moment one changes by itself (core.pagecache.register_due: a scheduled guide goes live).

Whether one changed comes from the change log (core.changes): each table's version, and the
newest entry's id (which a rolled-back write does not give back, so a test's rollback is a
change too). One query over the log's index looks at every kept table at once, once per GET
or HEAD request (such a request writes no content); any other caller looks every time. So a
page sees a write to them as soon as it would have by querying them, and a page cache
(core.pagecache) is told the page read them, as a query of them would have.
"""

import threading
from collections.abc import Callable
from datetime import datetime

from django.db import connection
from django.utils import timezone

from core import changes, pagecache

# Every table something is kept from: one look reads them all.
_tables: set[str] = set()
# Every value held for the request a thread serves (`ForTheRequest`).
_held_for_requests: list["ForTheRequest"] = []


class ForTheRequest:
    """A value worked out once for the GET or HEAD request this thread serves, and held for
    the rest of it: such a request writes no content, so what it read of the database holds
    until it ends. Other requests, and code outside a request, work it out every time. The
    board's index refreshed for a page (jobs.board) and the kept tables' versions are such
    values."""

    def __init__(self):
        self._local = threading.local()
        _held_for_requests.append(self)

    def get(self):
        """The value this request holds, or None."""
        return getattr(self._local, "value", None)

    def wanted(self) -> bool:
        """Whether this is a GET or HEAD request that holds no value yet."""
        return getattr(self._local, "safe", False) and self.get() is None

    def hold(self, value) -> None:
        """Hold `value` for the rest of a GET or HEAD request; elsewhere, nothing."""
        if getattr(self._local, "safe", False):
            self._local.value = value

    def _start(self, safe: bool) -> None:
        self._local.safe, self._local.value = safe, None


def request_started(environ=None, **kwargs) -> None:
    """Connected to Django's request_started (core.apps)."""
    safe = (environ or {}).get("REQUEST_METHOD") in ("GET", "HEAD")
    for held in _held_for_requests:
        held._start(safe)


def request_finished(**kwargs) -> None:
    """Connected to Django's request_finished (core.apps)."""
    for held in _held_for_requests:
        held._start(False)


# The versions as looked at for the request this thread serves.
_looked = ForTheRequest()


def tables() -> list[str]:
    """Every table something is kept from: what a look at the change log reads the versions
    of (`offer`)."""
    return sorted(_tables)


def unlooked() -> bool:
    """Whether this is a GET or HEAD request that has not read the kept tables' versions yet:
    a look at the change log that reads them too (`offer`) saves one."""
    return _looked.wanted()


def offer(versions: dict[str, tuple[int, int]]) -> None:
    """Versions of `tables()` another look at the change log read in this request (the
    board's index reads them with its own): this request's look, if it has none yet."""
    if _looked.wanted():
        _looked.hold(versions)


def _versions() -> dict[str, tuple[int, int]]:
    """Per kept table, its version and its newest change-log entry (none: absent)."""
    versions = _looked.get()
    if versions is not None:
        return versions
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {changes.VERSIONS_SQL}", {"versions_of": tables()})
        [[rows]] = cursor.fetchall()
    versions = {table: (int(total), int(newest)) for table, total, newest in rows}
    offer(versions)
    return versions


class Kept[T]:
    """What `make` works out from `models`' tables (and nothing else), kept until one of
    them changes. Calling it gives the value."""

    def __init__(self, make: Callable[[], T], models: tuple):
        self.make = make
        self.tables = tuple(model._meta.db_table for model in models)
        # What was worked out, the versions it was read at or after, and the moment it
        # changes by itself (a scheduled guide goes live), if any.
        self._held: tuple[tuple, T, datetime | None] | None = None
        _tables.update(self.tables)

    def __call__(self) -> T:
        pagecache.read(*self.tables)
        versions = _versions()
        key = (connection.settings_dict["NAME"], *(versions.get(t) for t in self.tables))
        held = self._held
        now = timezone.now()
        if held is None or held[0] != key or (held[2] is not None and now >= held[2]):
            # The moment first: whatever goes live before it is read is in what is read, and
            # read again at most once more. Read after the look: never older than its key.
            until = pagecache.next_moment(self.tables, now)
            held = self._held = (key, self.make(), until)
        return held[1]


def kept[T](*models) -> Callable[[Callable[[], T]], Kept[T]]:
    """Decorate a function of no arguments that reads only these models' tables, all logged
    in the change log (core.changes.change_log_triggers), to keep what it returns."""

    def decorate(make: Callable[[], T]) -> Kept[T]:
        return Kept(make, models)

    return decorate
