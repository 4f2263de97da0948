"""How many open roles each company has at this moment, and every company's columns.

What "open" means belongs to the job board, which sits above this app: it registers where the
counts come from in its AppConfig.ready() (jobs/apps.py), so the directory, tag pages and
company pages ask this module and never reach into the board. The board's index holds the
columns of every company that the directory filters and counts by (jobs/columns.py), kept up
to date at each request, so the directory reads them from there too (`directory()`).
"""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

import numpy as np


@dataclass(frozen=True)
class OpenRoles:
    """Open roles per listed company id, for companies with at least one; and per culture
    tag, the open roles at the listed companies carrying it and how many those companies are
    (the board holds every company's tags, so the tags index needs no count of its own)."""

    per_company: dict[int, int] = field(default_factory=dict)
    per_tag: dict[str, int] = field(default_factory=dict)
    companies_per_tag: dict[str, int] = field(default_factory=dict)

    def of(self, company_id: int) -> int:
        return self.per_company.get(company_id, 0)

    @cached_property
    def as_json(self) -> str:
        """The counts as a JSON object keyed by id, for PostgreSQL to look each company up
        in (jsonb's keys are searched by bisection)."""
        return json.dumps({str(company_id): n for company_id, n in self.per_company.items()})


class CompanyColumns(Protocol):
    """Every company's columns, a row per company (listed or not), as NumPy arrays."""

    ids: np.ndarray  # the company's id
    listed: np.ndarray  # whether it is listed
    codes: dict[str, np.ndarray]  # "stage", "size", "remote", "industry": the value's position
    rating: np.ndarray  # the career rating where shown, else NaN
    tags: list[frozenset[str]]  # culture tags' slugs
    signals: dict[str, np.ndarray]  # "ladder", "blog": a flag each
    updated: np.ndarray  # when it last changed, µs since the epoch
    pay: np.ndarray  # senior (L5 IC) total comp in `pay_currency`, NaN without
    pay_currency: list[str]

    @property
    def position(self) -> dict[int, int]: ...  # a company id's row

    @property
    def tag_membership(self) -> tuple[list[str], np.ndarray]: ...  # tags, company × tag 0/1


@dataclass(frozen=True)
class Directory:
    """The columns of every company now, how many open roles each has (by row), the choices
    each code stands for (`choices[name][code]`), the same open roles by company id, the
    order of the companies' names and the exchange rates."""

    columns: CompanyColumns
    open_roles: np.ndarray
    choices: dict[str, list[str]]
    open_roles_by_id: OpenRoles
    name_order: np.ndarray  # each company's place in the order of names
    rates: dict[str, float]  # units of each currency per US dollar


_source: Callable[..., OpenRoles] | None = None
_by_level: Callable[[list[int]], dict[int, dict[str, int]]] | None = None
_directory: Callable[[], Directory] | None = None
_shown: Callable[..., None] | None = None


def register(
    source: Callable[..., OpenRoles],
    by_level: Callable[[list[int]], dict[int, dict[str, int]]] | None = None,
    directory: Callable[[], Directory] | None = None,
    shown: Callable[..., None] | None = None,
) -> None:
    """`source` gives every company's open roles (`declare=False`: without telling the page
    cache); `by_level`, given company ids, each one's open roles per level; `directory`,
    every company's columns and open roles; `shown` tells the page cache which of the open
    roles a page shows (`shown()` below)."""
    global _source, _by_level, _directory, _shown
    _source = source
    _by_level = by_level
    _directory = directory
    _shown = shown


def current(*, declare: bool = True) -> OpenRoles:
    """The open roles now; none when no board is installed. A cached page that reads them
    changes when any role opens or closes, unless it says which it shows (`declare=False`,
    then `shown()`)."""
    return _source(declare=declare) if _source is not None else OpenRoles()


def shown(
    *,
    companies: Iterable[int] = (),
    tags: Iterable[str] = (),
    hiring: Iterable[int] = (),
    every: bool = False,
    ranked: tuple[np.ndarray, int, int] | None = None,
) -> None:
    """Say that the page being built shows how many open roles these companies have, or the
    companies carrying these tags, which of the companies `hiring` (ids) have any, every
    company (`every`), or places `start` to `stop` of companies ordered by open roles
    (`ranked`: (their ids in that order, start, stop)): a cached copy changes when a role
    opens or closes at one of them, not at another company, and for `ranked` when a company
    may move into or out of those places (core.pagecache)."""
    if _shown is not None:
        among = hiring if isinstance(hiring, np.ndarray) else np.fromiter(hiring, dtype=np.int64)
        _shown(companies=list(companies), tags=list(tags), hiring=among, every=every, ranked=ranked)


def by_level(company_ids: list[int]) -> dict[int, dict[str, int]]:
    """Open roles per level at each of the companies; none when no board is installed."""
    return _by_level(company_ids) if _by_level is not None and company_ids else {}


def directory() -> Directory:
    """Every company's columns and open roles now, from the board that registered them."""
    if _directory is None:
        raise RuntimeError("No job board has registered the companies' columns (jobs/apps.py).")
    return _directory()
