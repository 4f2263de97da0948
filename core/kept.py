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
# The versions as looked at for the request this thread serves.
_request = threading.local()


def request_started(environ=None, **kwargs) -> None:
    """Connected to Django's request_started (core.apps)."""
    _request.safe = (environ or {}).get("REQUEST_METHOD") in ("GET", "HEAD")
    _request.versions = None


def request_finished(**kwargs) -> None:
    """Connected to Django's request_finished (core.apps)."""
    _request.safe, _request.versions = False, None


def tables() -> list[str]:
    """Every table something is kept from: what a look at the change log reads the versions
    of (`offer`)."""
    return sorted(_tables)


def unlooked() -> bool:
    """Whether this is a GET or HEAD request that has not read the kept tables' versions yet:
    a look at the change log that reads them too (`offer`) saves one."""
    return getattr(_request, "safe", False) and getattr(_request, "versions", None) is None


def offer(versions: dict[str, tuple[int, int]]) -> None:
    """Versions of `tables()` another look at the change log read in this request (the
    board's index reads them with its own): this request's look, if it has none yet."""
    if unlooked():
        _request.versions = versions


def _versions() -> dict[str, tuple[int, int]]:
    """Per kept table, its version and its newest change-log entry (none: absent)."""
    versions = getattr(_request, "versions", None)
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
