"""Everything the site stores about a reader, as one JSON document they can download.

Each app that keeps something of a reader's registers a part from its AppConfig.ready(), so
this module knows none of them and a new kind of data cannot be forgotten by the export:

    exports.register("saved_searches", lambda user: [
        {"name": search.name, "query": search.query} for search in user.saved_searches.all()
    ])

A part is a function of the user that returns JSON-serialisable data (dates as ISO strings
through DjangoJSONEncoder are fine).
"""

from collections.abc import Callable
from typing import Any

_parts: dict[str, Callable[[Any], Any]] = {}


def register(name: str, collect: Callable[[Any], Any]) -> None:
    if name in _parts and _parts[name] is not collect:
        raise ValueError(f"An export part named {name!r} is already registered.")
    _parts[name] = collect


def collect(user) -> dict:
    """Every registered part for `user`, by name, in a stable order."""
    return {name: _parts[name](user) for name in sorted(_parts)}
