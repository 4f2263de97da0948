"""The board's results, counts and orders, from a column index of the published roles.

Why an index of our own: counting every facet of `/jobs/` in PostgreSQL scans every open role
once per facet group; at 190,000 open roles the best one-pass SQL took 2.6 s unfiltered and
0.56 s with three filters, the index 69 ms and 44 ms (docs/performance.md). So the few
columns the board filters, counts and sorts on are held in NumPy arrays: a filter is a boolean
mask, a facet count a `bincount` over the rows the other filters keep, a page a slice of the
positions every filter keeps. Only a page's roles are then read from PostgreSQL, by id. Every
door that lists roles by the board's filters (the page, its feed, saved-search digests, a
guide's live block) asks this index, so they agree by construction.

The columns are declared once, in ROLE_COLUMNS and COMPANY_COLUMNS; the SQL that reads them
(whole, or the rows that changed), the covering index it reads them from (Job.Meta), the
snapshot format and the filters' masks and counts all follow from that declaration.

Freshness, whatever door writes:
- The index holds every published role, whatever its dates or company; whether a role is open
  (published by now, not expired, at a listed company) is decided at each request, so a role
  disappears at the moment it expires.
- Every content table logs its writes in core.Change (core.changes). A worker remembers the
  PostgreSQL snapshot its index reflects and, before each request, reads the entries of the
  transactions that snapshot did not see: changed roles are read again by id and put in
  place, changed companies and exchange rates likewise. Unlike a timestamp or a counter, a
  snapshot cannot miss a transaction that committed after a later one.
- Built once for the fleet: a full build (no index yet, too many changes) is published as a
  snapshot in jobs.BoardSnapshot, under an advisory lock, so that after a deploy or a large
  import N servers × W workers cost PostgreSQL one build; the others load it and read what
  changed since. The worker publishes a fresh one now and then (`publish_if_stale`), so a
  worker that starts loads a recent one.
"""

import io
import logging
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import cached_property

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from companies import openings
from companies.models import (
    MIN_REVIEWS_FOR_RATING,
    RATING_THRESHOLDS,
    REFERENCE_CURRENCY,
    Company,
    ExchangeRate,
)
from core import changes, kept, pagecache
from core import search as engine
from core.columns import FilteredRows, choice_mask, holds_all, ids_of, membership, numbers
from jobs import words as common_words
from jobs.columns import (
    COMPANY_CHOICES,
    COMPANY_COLUMNS,
    COMPANY_SIGNALS,
    FORMAT,
    ROLE_COLUMNS,
    Column,
    Kind,
)
from jobs.models import BoardSnapshot, Job, JobStatus
from jobs.words import VECTORS, Words

logger = logging.getLogger(__name__)

# More changed roles than this (or a tenth of the index), and reading them one by one costs
# more than loading or building the whole index.
MOST_CHANGED_ROLES = 10_000
# The tables the index is built from.
TABLES = ["jobs_job", "companies_company", "companies_exchangerate"]
# The worker publishes a new snapshot when the newest is older than this and content changed.
SNAPSHOT_EVERY = timedelta(minutes=10)
# Snapshots kept: the newest, and one a worker may be reading while the next is written.
SNAPSHOTS_KEPT = 2
# An advisory lock: one build of the whole index at a time, fleet-wide.
BUILD_LOCK = 7_302_001

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# The moment that never comes, in µs since the epoch.
NEVER = int(np.iinfo(np.int64).max)


def micros(moment: datetime) -> int:
    """Microseconds since the epoch, exactly (as the index keeps moments)."""
    return (moment - _EPOCH) // timedelta(microseconds=1)


def _choices(model, column: Column) -> list[str]:
    field = model._meta.get_field(column.field)
    # A generated column's choices are its output field's.
    choices = field.choices or field.output_field.choices
    return [str(value) for value, _ in choices]


def choices(name: str) -> list[str]:
    """The values of a choice column (a role's, or "stage", its company's), in the order the
    index numbers them."""
    if name in ROLE_COLUMNS:
        return _choices(Job, ROLE_COLUMNS[name])
    return _choices(Company, COMPANY_COLUMNS[name])


# Reading the declared columns.


def _encoded(column: Column, table: str, model) -> str:
    """SQL for one column of `table`'s rows as text, for `string_agg`."""
    source = column.sql or f"{table}.{column.field}"
    if column.kind is Kind.CHOICE:
        cases = " ".join(
            f"WHEN '{value}' THEN {i}" for i, value in enumerate(_choices(model, column))
        )
        return f"(CASE {source} {cases} ELSE -1 END)::text"
    if column.kind is Kind.MOMENT:
        return f"(extract(epoch FROM {source}) * 1000000)::bigint::text"
    if column.kind is Kind.FLAG:
        return f"({source})::int::text"
    if column.kind is Kind.AMOUNT:
        return f"coalesce(({source})::text, '')"
    if column.kind is Kind.SET:
        return f"array_to_string({source}, ' ')"
    return f"({source})::text"  # NUMBER, TEXT


def _aggregated(columns: dict[str, Column], table: str, model, where: str, prefix: str) -> str:
    """Each declared column of the rows `where` keeps as one text, a newline between values,
    named `prefix` + its name, and how many rows: every aggregate of one query reads the rows
    in the same order, so the texts line up."""
    agg = ", ".join(
        f"string_agg({_encoded(column, table, model)}, E'\\n') AS {prefix}{name}"
        for name, column in columns.items()
    )
    return (
        f"SELECT count(*) AS {prefix}rows, {agg} FROM {model._meta.db_table} {table} WHERE {where}"
    )


def _parsed(column: Column, text: str | None, rows: int) -> np.ndarray | list:
    values = text.split("\n") if rows and text is not None else []
    if column.kind in (Kind.NUMBER, Kind.MOMENT):
        return np.array(values, dtype=np.int64)
    if column.kind is Kind.CHOICE:
        return np.array(values, dtype=np.int8)
    if column.kind is Kind.FLAG:
        return np.array(values, dtype=np.int8).astype(bool)
    if column.kind is Kind.AMOUNT:
        return np.array([v or "nan" for v in values], dtype=np.float64)
    if column.kind is Kind.SET:
        return [frozenset(v.split()) for v in values]
    return values  # TEXT


def _read(*, roles: tuple | None = None, companies: tuple | None = None) -> dict:
    """In one statement, so in one snapshot: the declared columns of the published roles and
    of the companies that conditions keep (each `(SQL over "job" or "company", params)`, or
    None for none of them), by name, and that snapshot."""
    parts, params = [], []
    if roles is not None:
        where = f"job.status = '{JobStatus.PUBLISHED}' AND ({roles[0]})"
        parts.append(_aggregated(ROLE_COLUMNS, "job", Job, where, "role_"))
        params += roles[1]
    if companies is not None:
        parts.append(_aggregated(COMPANY_COLUMNS, "company", Company, companies[0], "company_"))
        params += [MIN_REVIEWS_FOR_RATING, *companies[1]]  # the rating's threshold first
    joined = " CROSS JOIN ".join(f"({part}) AS part{i}" for i, part in enumerate(parts))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_current_snapshot()::text AS snapshot, "
            f"pg_current_xact_id_if_assigned()::text::bigint AS writer, "
            f"{changes.OWN_LATEST} AS own_latest, * FROM {joined}",
            params,
        )
        names = [column.name for column in cursor.description]
        row = dict(zip(names, cursor.fetchone(), strict=True))
    read: dict = {k: row[k] for k in ("snapshot", "writer", "own_latest")}
    for prefix, columns in (("role_", ROLE_COLUMNS), ("company_", COMPANY_COLUMNS)):
        if f"{prefix}rows" in row:
            read[prefix.rstrip("_")] = {
                name: _parsed(column, row[f"{prefix}{name}"], row[f"{prefix}rows"])
                for name, column in columns.items()
            }
    return read


def _rates() -> dict[str, float]:
    return {
        REFERENCE_CURRENCY: 1.0,
        **{
            currency: float(rate)
            for currency, rate in ExchangeRate.objects.values_list("currency", "units_per_usd")
        },
    }


# The index.


@dataclass
class Companies:
    """Every company's columns, in the order they were first seen: a role refers to its
    company by position, which never changes. A deleted company stays, unlisted. The
    directory filters and counts the listed ones through these columns too (directory())."""

    ids: np.ndarray
    listed: np.ndarray
    slugs: list[str]
    codes: dict[str, np.ndarray]  # COMPANY_CHOICES: the value's position among its choices
    rating: np.ndarray  # shown career rating, NaN when not shown
    tags: list[frozenset[str]]
    signals: dict[str, np.ndarray]  # COMPANY_SIGNALS, a flag per company each
    updated: np.ndarray  # µs since the epoch
    pay: np.ndarray  # senior total comp in `pay_currency`, NaN without one
    pay_currency: list[str]

    @classmethod
    def from_rows(cls, read: dict) -> "Companies":
        return cls(
            read["id"],
            read["listed"],
            read["slug"],
            {name: read[name] for name in COMPANY_CHOICES},
            read["rating"],
            read["tags"],
            {name: read[name] for name in COMPANY_SIGNALS},
            read["updated"],
            read["pay"],
            read["pay_currency"],
        )

    @property
    def stage(self) -> np.ndarray:
        return self.codes["stage"]

    @property
    def size(self) -> np.ndarray:
        return self.codes["size"]

    @cached_property
    def position(self) -> dict[int, int]:
        return {company_id: i for i, company_id in enumerate(self.ids.tolist())}

    @cached_property
    def by_slug(self) -> dict[str, int]:
        return {slug: i for i, slug in enumerate(self.slugs) if self.listed[i]}

    @cached_property
    def tag_membership(self) -> tuple[list[str], np.ndarray]:
        """The tags any company carries, sorted, and a company × tag matrix of 1s."""
        return membership(self.tags)

    def changed(self, read: dict, wanted=()) -> "Companies":
        """These companies with the rows `read` in place and new ones added; those of
        `wanted` not read (deleted) unlisted."""
        known = self.position
        added = [c for c in [*read["id"].tolist(), *wanted] if c not in known]
        added = list(dict.fromkeys(added))
        ids = np.concatenate([self.ids, np.array(added, dtype=np.int64)])
        listed = np.concatenate([self.listed, np.zeros(len(added), dtype=bool)])
        codes = {
            name: np.concatenate([values, np.full(len(added), -1, dtype=np.int8)])
            for name, values in self.codes.items()
        }
        rating = np.concatenate([self.rating, np.full(len(added), np.nan)])
        updated = np.concatenate([self.updated, np.zeros(len(added), dtype=np.int64)])
        pay = np.concatenate([self.pay, np.full(len(added), np.nan)])
        pay_currency = [*self.pay_currency, *[""] * len(added)]
        slugs, tags = [*self.slugs, *[""] * len(added)], [*self.tags, *[frozenset()] * len(added)]
        signals = {
            name: np.concatenate([flags, np.zeros(len(added), dtype=bool)])
            for name, flags in self.signals.items()
        }
        position = {company_id: i for i, company_id in enumerate(ids.tolist())}
        read_ids = read["id"].tolist()
        for company_id in set(wanted) - set(read_ids):
            listed[position[company_id]] = False
        for row, company_id in enumerate(read_ids):
            at = position[company_id]
            listed[at], rating[at] = read["listed"][row], read["rating"][row]
            slugs[at], tags[at] = read["slug"][row], read["tags"][row]
            updated[at], pay[at] = read["updated"][row], read["pay"][row]
            pay_currency[at] = read["pay_currency"][row]
            for name, values in codes.items():
                values[at] = read[name][row]
            for name, flags in signals.items():
                flags[at] = read[name][row]
        return Companies(
            ids, listed, slugs, codes, rating, tags, signals, updated, pay, pay_currency
        )


class Codes:
    """A column of words (a currency, a set of countries) as a position per row among the
    distinct values seen: `values[rows]`."""

    def __init__(self, rows: np.ndarray, values: list):
        self.rows, self.values = rows, values

    @classmethod
    def of(cls, words: list) -> "Codes":
        known: dict = {}
        rows = np.array([known.setdefault(w, len(known)) for w in words], dtype=np.int32)
        return cls(rows, list(known))

    def with_rows(self, keep: np.ndarray, at: np.ndarray, words: list) -> "Codes":
        """Rows `keep` leaves, with `words` inserted at `at` (np.insert's positions)."""
        values = list(self.values)
        known = {value: i for i, value in enumerate(values)}
        added = np.array([known.setdefault(w, len(known)) for w in words], dtype=np.int32)
        values.extend(list(known)[len(values) :])
        return Codes(np.insert(self.rows[keep], at, added), values)

    def taken(self, order: np.ndarray) -> "Codes":
        return Codes(self.rows[order], self.values)

    def of_rows(self) -> list:
        return [self.values[i] for i in self.rows.tolist()]


@dataclass
class BoardIndex:
    """One consistent snapshot of the published roles, newest first (published desc, id)."""

    snapshot: str  # the PostgreSQL snapshot it reflects at least
    ids: np.ndarray
    company: np.ndarray  # position in `companies`
    published: np.ndarray  # µs since the epoch
    expires: np.ndarray
    codes: dict[str, np.ndarray]  # choice columns: position of the value among its choices
    salary: np.ndarray  # annual, in the role's own currency; NaN without one
    currency: Codes
    countries: Codes
    city: Codes
    companies: Companies
    rates: dict[str, float]  # units per US dollar
    # The transaction it was built or refreshed in, when that one had written: it holds
    # writes that are not committed, so only that transaction may use it.
    writer: int | None = None
    # With a writer: the newest change-log entry of its own it has read (core.changes).
    own_latest: int = 0
    # The roles' common words, by search vector (jobs/words.py).
    words: dict[str, Words] = field(default_factory=dict)
    _open: "OpenRoles | None" = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def from_rows(cls, roles: dict, companies: Companies, rates, snapshot: str) -> "BoardIndex":
        order = np.lexsort((roles["id"], -roles["published"]))
        missing = [c for c in roles["company"].tolist() if c not in companies.position]
        if missing:  # deleted since the roles were read: kept unlisted
            companies = companies.changed(_empty_companies(), missing)
        positions = companies.position
        return cls(
            snapshot=snapshot,
            ids=roles["id"][order],
            company=np.array(
                [positions[c] for c in roles["company"][order].tolist()], dtype=np.int32
            ),
            published=roles["published"][order],
            expires=roles["expires"][order],
            codes={name: roles[name][order] for name in CHOICE_COLUMNS},
            salary=roles["salary"][order],
            currency=Codes.of(roles["currency"]).taken(order),
            countries=Codes.of(roles["countries"]).taken(order),
            city=Codes.of(roles["city"]).taken(order),
            companies=companies,
            rates=rates,
        )

    def __len__(self) -> int:
        return len(self.ids)

    # What follows from the arrays, worked out once per index when first asked for.

    @cached_property
    def salary_usd(self) -> np.ndarray:
        """Annual salaries in USD at the index's exchange rates; NaN without a rate."""
        per_usd = np.array(
            [self.rates.get(code, np.nan) for code in self.currency.values] or [np.nan]
        )
        return self.salary / per_usd[self.currency.rows] if len(self.ids) else np.zeros(0)

    @cached_property
    def salary_order(self) -> np.ndarray:
        """Rows by salary in USD, highest first, roles without one last, then newest."""
        usd = self.salary_usd
        return np.lexsort((np.arange(len(usd)), np.where(np.isnan(usd), np.inf, -usd)))

    @cached_property
    def country_membership(self) -> tuple[list[str], np.ndarray]:
        return membership(self.countries.values)

    @cached_property
    def company_stage(self) -> np.ndarray:
        return self.companies.stage[self.company]

    def open_now(self, now) -> "OpenRoles":
        """Which roles are open at `now`, and how many at each company. That changes only
        when a role's publish time or expiry comes, so it is worked out once for the span of
        moments until the next of them and kept for every request in between."""
        moment = micros(now)
        held = self._open
        if held is None or not held.since <= moment < held.until:
            held = self._open = OpenRoles.at(self, moment)
        return held

    def next_change(self, now) -> datetime | None:
        """The next moment a role opens or closes by its dates; None if none ever does."""
        until = self.open_now(now).until
        return None if until == NEVER else _EPOCH + timedelta(microseconds=until)

    # Following changes.

    def refreshed(self) -> "BoardIndex | None":
        """This index with what changed since its snapshot, or None when too much changed to
        read it row by row."""
        # With the kept tables' versions, so a page that uses both looks once (core.kept).
        found = changes.changes_since(self.snapshot, TABLES, versions_of=kept.tables())
        kept.offer(found.versions)
        if self.writer is not None and found.writer != self.writer:
            return None  # another transaction's writes, which may never have committed
        ids = found.ids
        if self.writer is not None and found.own_latest == self.own_latest:
            # Its own transaction wrote nothing since the index read that transaction's
            # writes: only the other transactions' entries are news.
            ids = found.others
        if not ids:
            # Nothing the index holds changed: only the snapshot it reflects moves on.
            self.snapshot, self.writer = found.snapshot, found.writer
            self.own_latest = found.own_latest
            return self
        if any(table in ids and ids[table] is None for table in ("jobs_job", "companies_company")):
            return None
        roles = ids.get("jobs_job") or set()
        if len(roles) > min(MOST_CHANGED_ROLES, max(1000, len(self) // 10)):
            return None
        index = self
        if "companies_company" in ids:
            wanted = sorted(ids["companies_company"] or ())
            read = _read(companies=("company.id = ANY(%s)", [wanted]))
            index = replace(index, companies=index.companies.changed(read["company"], wanted))
            _carry(index, self, "salary_usd", "salary_order", "country_membership")
        if "companies_exchangerate" in ids:
            # From the index as the companies' changes left it: this index's own would be
            # stale where they changed.
            previous, index = index, replace(index, rates=_rates())
            _carry(index, previous, "country_membership", "company_stage")
        if roles:
            index = index._with_roles(sorted(roles))
        index.snapshot, index.writer = found.snapshot, found.writer
        index.own_latest = found.own_latest
        return index

    def _with_roles(self, role_ids: list[int]) -> "BoardIndex":
        """The index with the rows of `role_ids` read again: dropped, and put back in their
        places as they are now (a role no longer published is not)."""
        read = _read(roles=("job.id = ANY(%s)", [role_ids]))
        companies = self.companies
        unknown = [c for c in read["role"]["company"].tolist() if c not in companies.position]
        if unknown:  # a role's company created since: read it too
            more = _read(companies=("company.id = ANY(%s)", [unknown]))
            companies = companies.changed(more["company"], unknown)
        new = BoardIndex.from_rows(read["role"], companies, self.rates, self.snapshot)
        keep = ~np.isin(self.ids, np.array(role_ids, dtype=np.int64))
        kept_ids, newest_first = self.ids[keep], -self.published[keep]
        # Where each new row goes among the kept ones: after the newer, then by id.
        at = np.searchsorted(newest_first, -new.published, side="left")
        ties_end = np.searchsorted(newest_first, -new.published, side="right")
        for i in np.flatnonzero(ties_end > at):
            at[i] += np.searchsorted(kept_ids[at[i] : ties_end[i]], new.ids[i])

        def placed(old, added):
            return np.insert(old[keep], at, added)

        return replace(
            self,
            ids=placed(self.ids, new.ids),
            company=placed(self.company, new.company),
            published=placed(self.published, new.published),
            expires=placed(self.expires, new.expires),
            codes={name: placed(self.codes[name], new.codes[name]) for name in self.codes},
            salary=placed(self.salary, new.salary),
            currency=self.currency.with_rows(keep, at, new.currency.of_rows()),
            countries=self.countries.with_rows(keep, at, new.countries.of_rows()),
            city=self.city.with_rows(keep, at, new.city.of_rows()),
            companies=companies,
            # Read after the rows: never older than them, and a role changed in between is
            # read again at the next refresh, which reads what changed since the rows.
            words={
                vector: words.with_roles(vector, role_ids) for vector, words in self.words.items()
            },
        )

    # Snapshots shared by the fleet (jobs.BoardSnapshot).

    def dumps(self) -> bytes:
        companies = self.companies
        arrays = {
            "ids": self.ids,
            "company": self.company,
            "published": self.published,
            "expires": self.expires,
            "salary": self.salary,
            "currency_rows": self.currency.rows,
            "currency_values": np.array(self.currency.values, dtype=str),
            "countries_rows": self.countries.rows,
            "countries_values": np.array(
                [" ".join(sorted(s)) for s in self.countries.values], dtype=str
            ),
            "city_rows": self.city.rows,
            "city_values": np.array(self.city.values, dtype=str),
            "company_ids": companies.ids,
            "company_listed": companies.listed,
            "company_slugs": np.array(companies.slugs, dtype=str),
            **{f"company_code_{name}": codes for name, codes in companies.codes.items()},
            "company_rating": companies.rating,
            "company_tags": np.array([" ".join(sorted(s)) for s in companies.tags], dtype=str),
            **{f"company_signal_{name}": flags for name, flags in companies.signals.items()},
            "company_updated": companies.updated,
            "company_pay": companies.pay,
            "company_pay_currency": np.array(companies.pay_currency, dtype=str),
            "rate_currencies": np.array(list(self.rates), dtype=str),
            "rate_values": np.array(list(self.rates.values()), dtype=np.float64),
            **{f"code_{name}": codes for name, codes in self.codes.items()},
            **{
                f"words_{vector}_{part}": value
                for vector, words in self.words.items()
                for part, value in (
                    ("lexemes", np.array(list(words.lexemes), dtype=str)),
                    ("bits", words.bits),
                )
            },
        }
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)  # type: ignore[arg-type]  # NumPy's stubs miss **arrays
        return buffer.getvalue()

    @classmethod
    def loads(cls, data: bytes, snapshot: str) -> "BoardIndex":
        with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
            a = {name: arrays[name] for name in arrays.files}

        def sets(texts) -> list[frozenset[str]]:
            return [frozenset(text.split()) for text in texts.tolist()]

        return cls(
            snapshot=snapshot,
            ids=a["ids"],
            company=a["company"],
            published=a["published"],
            expires=a["expires"],
            codes={name: a[f"code_{name}"] for name in CHOICE_COLUMNS},
            salary=a["salary"],
            currency=Codes(a["currency_rows"], a["currency_values"].tolist()),
            countries=Codes(a["countries_rows"], sets(a["countries_values"])),
            city=Codes(a["city_rows"], a["city_values"].tolist()),
            companies=Companies(
                ids=a["company_ids"],
                listed=a["company_listed"],
                slugs=a["company_slugs"].tolist(),
                codes={name: a[f"company_code_{name}"] for name in COMPANY_CHOICES},
                rating=a["company_rating"],
                tags=sets(a["company_tags"]),
                signals={name: a[f"company_signal_{name}"] for name in COMPANY_SIGNALS},
                updated=a["company_updated"],
                pay=a["company_pay"],
                pay_currency=a["company_pay_currency"].tolist(),
            ),
            rates=dict(zip(a["rate_currencies"].tolist(), a["rate_values"].tolist(), strict=True)),
            words={
                vector: Words(
                    {
                        lexeme: row
                        for row, lexeme in enumerate(a[f"words_{vector}_lexemes"].tolist())
                    },
                    a[f"words_{vector}_bits"],
                )
                for vector in VECTORS
            },
        )


def _carry(new: BoardIndex, old: BoardIndex, *names: str) -> None:
    """Give `new` what `old` already worked out of `names`, which the change left as it was."""
    for name in names:
        if name in old.__dict__:
            new.__dict__[name] = old.__dict__[name]


def _empty_companies() -> dict:
    return {
        "id": np.zeros(0, dtype=np.int64),
        "listed": np.zeros(0, dtype=bool),
        "slug": [],
        **{name: np.zeros(0, dtype=np.int8) for name in COMPANY_CHOICES},
        "rating": np.zeros(0),
        "tags": [],
        **{name: np.zeros(0, dtype=bool) for name in COMPANY_SIGNALS},
        "updated": np.zeros(0, dtype=np.int64),
        "pay": np.zeros(0),
        "pay_currency": [],
    }


# The role columns counted as facets, each the position of its value among its choices.
CHOICE_COLUMNS = [name for name, column in ROLE_COLUMNS.items() if column.kind is Kind.CHOICE]


@dataclass(frozen=True)
class OpenRoles:
    """The rows of a BoardIndex open from `since` to just before `until` (µs since the
    epoch), and how many are open at each company (by its position), both read-only."""

    since: int
    until: int
    mask: np.ndarray
    per_company: np.ndarray
    total: int
    # What was worked out over every open role (no filter applied), by what it is: the same
    # for every request in the span, such as the board's counts without a filter.
    every: dict = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def rows(self) -> np.ndarray:
        """The open rows' positions, in the index's order (newest first)."""
        rows = np.flatnonzero(self.mask)
        rows.flags.writeable = False
        return rows

    @classmethod
    def at(cls, index: BoardIndex, moment: int) -> "OpenRoles":
        published, expires = index.published, index.expires
        mask = (published <= moment) & (expires > moment) & index.companies.listed[index.company]
        # The next moment a role opens or closes; until then the same roles are open.
        until = min(
            int(published.min(where=published > moment, initial=NEVER)),
            int(expires.min(where=expires > moment, initial=NEVER)),
        )
        per_company = np.bincount(index.company[mask], minlength=len(index.companies.ids))
        mask.flags.writeable = per_company.flags.writeable = False
        return cls(moment, until, mask, per_company, int(np.count_nonzero(mask)))


# The index for the content as it is now.


def build() -> BoardIndex:
    """Read every published role and every company from PostgreSQL, in one snapshot."""
    read = _read(roles=("true", []), companies=("true", []))
    index = BoardIndex.from_rows(
        read["role"], Companies.from_rows(read["company"]), _rates(), read["snapshot"]
    )
    index.writer, index.own_latest = read["writer"], read["own_latest"]
    # Read after the rows: see BoardIndex._with_roles.
    index.words = {vector: Words.read(vector) for vector in VECTORS}
    return index


def _newest_snapshot() -> BoardIndex | None:
    row = (
        BoardSnapshot.objects.filter(format=FORMAT)
        .order_by("-built_at", "-pk")
        .values_list("snapshot", "data")
        .first()
    )
    return BoardIndex.loads(bytes(row[1]), row[0]) if row else None


def publish(index: BoardIndex) -> None:
    """Keep `index` as the newest snapshot for every worker, and drop older ones."""
    BoardSnapshot.objects.create(format=FORMAT, snapshot=index.snapshot, data=index.dumps())
    kept = list(
        BoardSnapshot.objects.order_by("-built_at", "-pk").values_list("pk", flat=True)[
            :SNAPSHOTS_KEPT
        ]
    )
    BoardSnapshot.objects.exclude(pk__in=kept).delete()


def _loaded_or_built() -> BoardIndex:
    """An index for now: the newest snapshot with what changed since, when reading that is
    enough; else built and published, one build for the whole fleet at a time. A worker that
    waits for another's build loads what it published."""
    loaded = _newest_snapshot()
    current = loaded.refreshed() if loaded is not None else None
    if current is not None:
        return _logged(current, "loaded")
    # A lock of the session's, not the transaction's: inside a longer transaction (a command's,
    # a test's) a transaction lock would keep every other worker from building until that
    # transaction ended. Released once the build is published (committed, when this is the
    # outermost transaction), so a worker that waited for it loads what it published.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [BUILD_LOCK])
    try:
        with transaction.atomic():
            loaded = _newest_snapshot()  # another worker may have built it meanwhile
            current = loaded.refreshed() if loaded is not None else None
            if current is not None:
                return _logged(current, "loaded")
            current = build()
            if current.writer is None:
                publish(current)
            return _logged(current, "built")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [BUILD_LOCK])


def _logged(index: BoardIndex, how: str) -> BoardIndex:
    logger.info(
        "Board index %s",
        how,
        extra={"fields": {"how": how, "roles": len(index), "pid": os.getpid()}},
    )
    return index


_lock = threading.Lock()
_current: BoardIndex | None = None
_database: tuple | None = None
# The index as refreshed for the GET or HEAD request this thread serves: a page asks for it a
# few times (a tag page three), and one look at the change log holds for all of it.
_request = kept.ForTheRequest()


def current_index(*, declare: bool = True) -> BoardIndex:
    """The index for the content as it is now: one query reading what changed since this
    worker last looked (once per GET request), and, when something did, those rows. A cached
    page that reads it changes at any write to its tables, whatever rows other parts of the
    page say they show, or when any role opens or closes by its dates, unless the caller
    declares (`declare=False`) what part of it the page shows
    (BoardQuery.shown)."""
    global _current, _database
    database = (connection.alias, connection.settings_dict["NAME"])
    with _lock:
        held = _current if _database == database else None
        index = held if _request.get() is held else None
        if index is None:
            found = held.refreshed() if held is not None else None
            index = found if found is not None else _loaded_or_built()
            _current, _database = index, database
            _request.hold(index)
    if declare and pagecache.recording():
        pagecache.shows(*TABLES, until=index.next_change(timezone.now()), whole=True)
    return index


def publish_if_stale() -> bool:
    """Publish a snapshot of the content as it is now when the newest is older than
    SNAPSHOT_EVERY and something changed since (the worker's maintenance), so that a worker
    that starts reads little of the change log. True when one was published."""
    snapshots = BoardSnapshot.objects.filter(format=FORMAT).order_by("-built_at", "-pk")
    newest = snapshots.first()
    if newest is not None and timezone.now() - newest.built_at < SNAPSHOT_EVERY:
        return False
    index = current_index()
    newest = snapshots.first()  # reading the index may have built and published one
    if index.writer is not None or (
        newest is not None and not changes.changes_since(newest.snapshot, TABLES).ids
    ):
        return False
    with transaction.atomic():
        publish(index)
    return True


# The directory's open roles as last worked out, with the index and the open roles they were
# worked out from: the same until either changes.
_open_roles: tuple[BoardIndex, OpenRoles, openings.OpenRoles] | None = None


def open_roles(*, declare: bool = True) -> openings.OpenRoles:
    """Open roles per listed company now, for the directory and company pages. Worked out
    once for each index and span of moments in which the same roles are open (BoardIndex.
    open_now), and with it its JSON for PostgreSQL: a page of the directory asks for it a
    few times. With `declare=False` the page says which it shows (`shown_open_roles`)."""
    return _open_roles_in(current_index(declare=declare))


def shown_open_roles(
    *,
    companies: list[int],
    tags: list[str],
    hiring: np.ndarray,
    every: bool,
    ranked: tuple[np.ndarray, int, int] | None = None,
) -> None:
    """Tell the page cache that the page being built shows the open roles of these companies
    (ids), of the companies carrying these tags, which of the companies `hiring` (ids) have
    any, every company's (companies.openings.shown), or those from one place to another of
    companies ordered by open roles (`ranked`: their ids in that order, most first, and the
    places shown): it follows the board's parts of the roles' and companies' tables, and
    changes by itself at the next moment a role of those companies opens or closes, one of
    `hiring` starts or stops having any, or a company of `ranked` may move into or out of the
    places shown (`_crossing`)."""
    if not pagecache.recording():
        return
    index = current_index(declare=False)
    now = timezone.now()
    if ranked is not None and ranked[1] < min(ranked[2], len(ranked[0])):
        until = _crossing(index, now, *ranked)
    elif every or ranked is not None:
        until = index.next_change(now)
    else:
        positions = index.companies.position
        at = np.zeros(len(index.companies.ids), dtype=bool)
        at[[positions[pk] for pk in companies if pk in positions]] = True
        if tags:
            slugs, matrix = index.companies.tag_membership
            columns = [slugs.index(slug) for slug in tags if slug in slugs]
            at |= matrix[:, columns].any(axis=1)
        moment = micros(now)
        rows = at[index.company]
        published, expires = index.published[rows], index.expires[rows]
        among = np.isin(index.companies.ids, hiring)
        next_moment = min(
            int(published.min(where=published > moment, initial=NEVER)),
            int(expires.min(where=expires > moment, initial=NEVER)),
            int(_hiring_changes(index, now)[among].min(initial=NEVER)),
        )
        until = None if next_moment == NEVER else _EPOCH + timedelta(microseconds=next_moment)
    pagecache.shows(Job, rows=())
    pagecache.shows(
        changes.part("jobs_job", "board"), changes.part("companies_company", "board"), until=until
    )


def _crossing(index: BoardIndex, now, ids: np.ndarray, start: int, stop: int) -> datetime | None:
    """The first moment the companies at places `start` to `stop` (one past the last) of
    `ids`, ordered by open roles (most first, then by name), or their open roles, may change
    by themselves: a role of one of them opens or closes; a company before them closes as
    many of its roles as it has more than the first of them (then it may come after it); a
    company after them opens as many as it has fewer than the last (then it may come before
    it), at least one each. A company's roles opening and closing at once can only delay
    that, so the moment is never later than the first change."""
    positions = index.companies.position
    at = np.array([positions.get(pk, -1) for pk in ids.tolist()], dtype=np.int64)
    counts = index.open_now(now).per_company
    shown = at[start:stop]
    shown = shown[shown >= 0]
    first, last = (int(counts[shown].max()), int(counts[shown].min())) if len(shown) else (0, 0)
    # Per company (the index's order), how many of its roles must close or open first.
    closings = np.zeros(len(index.companies.ids), dtype=np.int64)
    openings_needed = np.zeros(len(index.companies.ids), dtype=np.int64)
    before, after = at[:start], at[stop:]
    before, after = before[before >= 0], after[after >= 0]
    closings[before] = np.maximum(1, counts[before] - first)
    openings_needed[after] = np.maximum(1, last - counts[after])
    moment = micros(now)
    held = index.open_now(now).mask
    # The roles of the companies shown, opening or closing at all.
    closings[shown] = openings_needed[shown] = 1
    upcoming = index.published > moment
    next_moment = min(
        _kth(index.company[held], index.expires[held], closings),
        _kth(index.company[upcoming], index.published[upcoming], openings_needed),
    )
    return None if next_moment == NEVER else _EPOCH + timedelta(microseconds=next_moment)


def _kth(company: np.ndarray, moments: np.ndarray, needed: np.ndarray) -> int:
    """The earliest, over companies, of each one's `needed[company]`-th earliest moment among
    `moments` (its roles'), for companies that need one (`needed` > 0); NEVER if none has
    as many."""
    wanted = needed[company] > 0
    company, moments = company[wanted], moments[wanted]
    if not len(company):
        return NEVER
    order = np.lexsort((moments, company))
    company, moments = company[order], moments[order]
    starts = np.flatnonzero(np.r_[True, company[1:] != company[:-1]])
    rank = np.arange(len(company)) - np.repeat(starts, np.diff(np.r_[starts, len(company)]))
    hit = rank == needed[company] - 1
    return int(moments[hit].min(initial=NEVER))


# Per company, the next moment it starts or stops having open roles, with the index and the
# open roles it was worked out from.
_hiring: tuple[BoardIndex, OpenRoles, np.ndarray] | None = None


def _hiring_changes(index: BoardIndex, now) -> np.ndarray:
    """Per company (the index's order), the next moment (µs) it stops having open roles if it
    has any (no sooner than its last one closes), or starts if it has none (no sooner than its
    next role opens); NEVER if neither can happen. Worked out once per index and span of
    moments in which the same roles are open."""
    global _hiring
    held = index.open_now(now)
    if _hiring is not None and _hiring[0] is index and _hiring[1] is held:
        return _hiring[2]
    last = np.zeros(len(index.companies.ids), dtype=np.int64)
    np.maximum.at(last, index.company[held.mask], index.expires[held.mask])
    upcoming = index.published > micros(now)
    first = np.full(len(index.companies.ids), NEVER, dtype=np.int64)
    np.minimum.at(first, index.company[upcoming], index.published[upcoming])
    _hiring = (index, held, np.where(held.per_company > 0, last, first))
    return _hiring[2]


def _open_roles_in(index: BoardIndex) -> openings.OpenRoles:
    global _open_roles
    held = index.open_now(timezone.now())
    if _open_roles is not None and _open_roles[0] is index and _open_roles[1] is held:
        return _open_roles[2]
    per_company = held.per_company
    hiring = np.flatnonzero(per_company)
    slugs, matrix = index.companies.tag_membership
    per_tag = per_company @ matrix
    companies_per_tag = index.companies.listed.astype(np.int64) @ matrix
    found = openings.OpenRoles(
        dict(zip(index.companies.ids[hiring].tolist(), per_company[hiring].tolist(), strict=True)),
        {slug: int(n) for slug, n in zip(slugs, per_tag, strict=True) if n},
        {slug: int(n) for slug, n in zip(slugs, companies_per_tag, strict=True) if n},
    )
    _open_roles = (index, held, found)
    return found


def directory() -> openings.Directory:
    """Every company's columns as the index holds them now, with its open roles: what the
    directory filters, counts and orders by (companies.filters.CompanyFilter). A cached page
    made from them follows the board's parts of the roles' and companies' tables, and changes
    by itself as the open roles it shows do (companies.openings.shown); the directory says
    which companies' rows it shows."""
    index = current_index(declare=False)
    if pagecache.recording():
        pagecache.shows("companies_exchangerate")
        pagecache.shows(Job, rows=())
        pagecache.shows(
            changes.part("jobs_job", "board"), changes.part("companies_company", "board")
        )
    return openings.Directory(
        index.companies,
        index.open_now(timezone.now()).per_company,
        {name: choices(name) for name in COMPANY_CHOICES},
        _open_roles_in(index),
        _name_order(index.companies),
        index.rates,
    )


# The companies' order by name as last read, with the companies it was read for.
_names: tuple[Companies, np.ndarray] | None = None


def _name_order(companies: Companies) -> np.ndarray:
    """Each company's place in the order of names (PostgreSQL's collation, then id): one
    query each time a company changes, since sorting names the way the database does is the
    database's to say. Companies the query did not see (since deleted) come last."""
    global _names
    if _names is not None and _names[0] is companies:
        return _names[1]
    with connection.cursor() as cursor:
        cursor.execute("SELECT string_agg(id::text, ',' ORDER BY name, id) FROM companies_company")
        ordered = numbers(cursor.fetchone()[0], np.int64)
    rank = np.full(len(companies.ids), len(companies.ids), dtype=np.int64)
    position = companies.position
    at = [position.get(company_id, -1) for company_id in ordered.tolist()]
    found = np.array(at, dtype=np.int64) >= 0
    rank[np.array(at, dtype=np.int64)[found]] = np.flatnonzero(found)
    rank.flags.writeable = False
    _names = (companies, rank)
    return rank


def text_rows(index: BoardIndex, query, vector: str = "search_vector") -> np.ndarray:
    """The index's rows whose own `vector` matches `query` (core.search.Query): from the
    common words (jobs/words.py), or for a phrase from PostgreSQL's GIN index. A cached page
    follows the roles' lexemes the query names (core.search.shows_matches)."""
    engine.shows_matches(query, Job._meta.db_table)
    words = index.words.get(vector)
    found = common_words.matching(words, vector, index.ids, query) if words is not None else None
    if found is not None:
        return found
    published = Job.objects.filter(status=JobStatus.PUBLISHED, **{vector: query.search_query})
    return np.isin(index.ids, ids_of(published))


def open_roles_by_level(company_ids: list[int]) -> dict[int, dict[str, int]]:
    """Each of the companies' open roles now, per level, counted in the index as the board
    counts them: no query of its own."""
    index = current_index()
    open_now = index.open_now(timezone.now()).mask
    levels = choices("level")
    counts: dict[int, dict[str, int]] = {}
    for company_id in company_ids:
        position = index.companies.position.get(company_id)
        if position is None:
            continue
        codes = index.codes["level"][open_now & (index.company == position)]
        per_level = np.bincount(codes[codes >= 0], minlength=len(levels))
        found = {level: int(n) for level, n in zip(levels, per_level.tolist(), strict=True) if n}
        if found:
            counts[company_id] = found
    return counts


def similar_roles(job: Job, limit: int = 4) -> tuple[bool, list[int]]:
    """Whether `job` is open now, and the ids of up to `limit` open roles like it: the same
    discipline, the same level first, then newest first (then by id), as the board orders
    them. From the index, without declaring it to the page cache: the role's page says what
    it shows (its role and these, until the first of them closes)."""
    index = current_index(declare=False)
    open_now = index.open_now(timezone.now()).mask
    itself = index.ids == job.pk
    is_open = bool((open_now & itself).any())
    disciplines, levels = choices("discipline"), choices("level")
    if job.discipline not in disciplines:
        return is_open, []
    like = open_now & ~itself & (index.codes["discipline"] == disciplines.index(job.discipline))
    same_level = index.codes["level"] == (levels.index(job.level) if job.level in levels else -2)
    rows = np.concatenate(
        [np.flatnonzero(like & same_level)[:limit], np.flatnonzero(like & ~same_level)[:limit]]
    )[:limit]
    return is_open, index.ids[rows].tolist()


# Queries.


class BoardQuery(FilteredRows):
    """The board for one set of applied filters: which rows each filter keeps, the facet
    counts, and the matching role ids in the requested order. `masks` maps each applied
    filter to a boolean mask over the index's rows."""

    # The filters no count on the board leaves out (none counts their options), which every
    # row counted passes: the text and the company (and a page's own narrowing, `narrowed`).
    UNCOUNTED = frozenset({"q", "company"})
    # The filters whose own count counts only rows they keep (JobFilter.facets): the tags,
    # chosen together, count over the results; a signal counts the rows it keeps. A row one
    # of them drops is in no count.
    COUNTED_WHERE_KEPT = frozenset({"tag", *COMPANY_SIGNALS})
    # A row the rating filter drops is in its count only at a company rated at least the
    # lowest threshold counted.
    LOWEST_RATING_COUNTED = min(Decimal(value) for value, _ in RATING_THRESHOLDS)

    def __init__(
        self,
        index: BoardIndex,
        masks: dict[str, np.ndarray],
        now=None,
        base=None,
        of_company: int | None = None,
    ):
        # The roles open now, when the query starts from them (`base` not given).
        self.open = index.open_now(now or timezone.now()) if base is None else None
        super().__init__(len(index), masks, base=self.open.mask if self.open else base)
        self.index = index
        # The company (id) whose roles alone the filters keep, if they keep one company's.
        self.of_company = of_company

    def kept(self, key, make):
        """`make()`, worked out once for every request in the span of moments in which the
        same roles are open when no filter applies (key says what it is), else now."""
        if self.masks or self.open is None:
            return make()
        every = self.open.every
        if key not in every:
            every[key] = make()
        return every[key]

    def narrowed(self, mask: np.ndarray) -> "BoardQuery":
        """These results, with `mask` kept too."""
        return BoardQuery(
            self.index,
            {**self.masks, f"narrowed {len(self.masks)}": mask},
            base=self.base,
            of_company=self.of_company,
        )

    def shown(self, *, counts: bool, showing: Iterable[int] | None = None) -> None:
        """Tell the page cache what a page showing these results depends on, and until when.

        Which roles the filters keep and in what order is read from the board's parts of the
        roles' and companies' tables (core.changes: a role's description or a company's about
        is in neither), and, with a text filter, their words' parts; the roles and companies on
        the page's cards are its own rows (RolesById says so).

        The page changes by itself at the next moment a role opens or closes among the rows
        the filters keep whatever the time; when it also shows counts (each count leaves out
        a filter of its own), among the rows all filters but at most one keep that some count
        counts: the filters no count leaves out (UNCOUNTED) and those whose count counts only
        the rows they keep (COUNTED_WHERE_KEPT) kept by every one, and a row the rating filter
        drops only at a company its lowest threshold counts; when it shows
        only the first results (`showing`, their ids), when one of those closes or a kept
        role opens (only a role that opens can come before them). Without counts, roles
        of one company (`of_company`) follow that company's own rows alone."""
        if not pagecache.recording():
            return
        moment = micros(timezone.now())
        # The filters some count leaves out, rows they drop showing in it; every row counted
        # or listed passes the others.
        counted = {
            name
            for name in self.masks
            if counts
            and name not in self.UNCOUNTED | self.COUNTED_WHERE_KEPT
            and not name.startswith("narrowed")
        }
        if len(counted) == len(self.masks) <= 1 and "rating" not in counted:
            until = self.index.next_change(timezone.now())
        else:
            missed = np.zeros(len(self.index), dtype=np.int8)
            kept = np.ones(len(self.index), dtype=bool)
            for name, mask in self.masks.items():
                if name not in counted:
                    kept &= mask
                    continue
                missed += ~mask
                if name == "rating":
                    kept &= mask | self.rating_mask(self.index, self.LOWEST_RATING_COUNTED)
            kept &= missed <= 1
            published = self.index.published[kept]
            opening = int(published.min(where=published > moment, initial=NEVER))
            if showing is not None and not counts:
                kept = np.isin(self.index.ids, np.asarray(list(showing), dtype=np.int64))
            expires = self.index.expires[kept]
            closing = int(expires.min(where=expires > moment, initial=NEVER))
            next_moment = min(opening, closing)
            until = None if next_moment == NEVER else _EPOCH + timedelta(microseconds=next_moment)
        if "q" in self.masks:
            # Which roles a text matches: the text filter (text_rows, and the companies it
            # finds) says which of their words it follows.
            pagecache.shows(
                changes.part("jobs_job", "board"),
                changes.part("companies_company", "board"),
                "companies_exchangerate",
                until=until,
            )
        elif self.of_company is not None and not counts:
            # Only that company's roles can be among them: its own rows stand for the rest.
            pagecache.shows("companies_exchangerate")
            pagecache.shows(Company, rows=[self.of_company])
            pagecache.shows(Job, rows=())
            pagecache.shows(
                changes.part("jobs_job", "company_id"), rows=[self.of_company], until=until
            )
        else:
            pagecache.shows(
                changes.part("jobs_job", "board"),
                changes.part("companies_company", "board"),
                "companies_exchangerate",
                until=until,
            )

    def ordered_ids(self, sort: str) -> np.ndarray:
        if sort == "salary":
            order = self.index.salary_order
            return self.index.ids[order[self.rows[order]]]
        return self.index.ids[self.rows]

    def salaries_usd(self, *, leaving_out: str) -> np.ndarray:
        """The annual salaries in USD of the results, filter `leaving_out` not applied; roles
        without a salary (or a rate for their currency) left out."""
        usd = self.index.salary_usd[self.without(leaving_out)]
        return usd[~np.isnan(usd)]

    def column_counts(self, name: str, choices: list[str]) -> dict[str, int]:
        codes = self._codes(name)[self.without(name)]
        counts = np.bincount(codes[codes >= 0], minlength=len(choices))
        return {value: int(n) for value, n in zip(choices, counts, strict=False) if n}

    def _codes(self, name: str) -> np.ndarray:
        return self.index.company_stage if name == "stage" else self.index.codes[name]

    def company_counts(self, mask: np.ndarray) -> np.ndarray:
        return np.bincount(self.index.company[mask], minlength=len(self.index.companies.ids))

    def tag_counts(self) -> dict[str, int]:
        # All tags must match, so each tag counts over the current results.
        slugs, matrix = self.index.companies.tag_membership
        counts = self.company_counts(self.rows) @ matrix
        return {slug: int(n) for slug, n in zip(slugs, counts, strict=True) if n}

    def rating_counts(self, thresholds) -> dict[str, int]:
        per_company = self.company_counts(self.without("rating"))
        rating = self.index.companies.rating
        with np.errstate(invalid="ignore"):
            return {t: int(per_company[rating >= float(t)].sum()) for t in thresholds}

    def city_counts(self, most: int) -> dict[str, int]:
        """The `most` cities with the most results (the other filters applied), by name as
        first written, most first."""
        rows = self.index.city.rows[self.without("city")]
        counts = np.bincount(rows, minlength=len(self.index.city.values))
        merged: dict[str, int] = {}
        names: dict[str, str] = {}
        for value, n in zip(self.index.city.values, counts.tolist(), strict=True):
            if n and value:
                key = value.casefold()
                names.setdefault(key, value)
                merged[key] = merged.get(key, 0) + n
        top = sorted(merged.items(), key=lambda item: (-item[1], item[0]))[:most]
        return {names[key]: n for key, n in top}

    def signal_counts(self, name: str) -> dict[str, int]:
        """How many results the company signal `name` keeps ("on"), given the other filters."""
        per_company = self.company_counts(self.without(name))
        count = int(per_company[self.index.companies.signals[name]].sum())
        return {"on": count} if count else {}

    def country_counts(self, chosen: list[str]) -> dict[str, int]:
        """Per country, the results open to it; with countries chosen, an unchosen country
        counts only the roles open to none of the chosen (what choosing it adds)."""
        rows, sets = self.index.countries.rows, self.index.countries.values
        codes, matrix = self.index.country_membership
        per_set = np.bincount(rows[self.without("country")], minlength=len(sets))
        every = per_set @ matrix
        adds = every
        if chosen:
            overlapping = np.array([not s.isdisjoint(chosen) for s in sets], dtype=bool)
            adds = np.where(overlapping, 0, per_set) @ matrix
        counts = {}
        for i, code in enumerate(codes):
            n = every[i] if code in chosen or not chosen else adds[i]
            if n:
                counts[code] = int(n)
        return counts

    # Masks for each kind of filter.

    @staticmethod
    def column_mask(index: BoardIndex, name: str, choices: list[str], values) -> np.ndarray:
        codes = index.company_stage if name == "stage" else index.codes[name]
        return choice_mask(codes, choices, values)

    @staticmethod
    def tags_mask(index: BoardIndex, slugs) -> np.ndarray:
        # Per company, then per role through its company.
        labels, matrix = index.companies.tag_membership
        return holds_all(labels, matrix, slugs)[index.company]

    @staticmethod
    def countries_mask(index: BoardIndex, codes) -> np.ndarray:
        rows, sets = index.countries.rows, index.countries.values
        open_to = np.array([not s.isdisjoint(codes) for s in sets], dtype=bool)
        return open_to[rows] if len(rows) else np.zeros(0, dtype=bool)

    @staticmethod
    def rating_mask(index: BoardIndex, minimum: Decimal) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            return (index.companies.rating >= float(minimum))[index.company]

    @staticmethod
    def city_mask(index: BoardIndex, city: str) -> np.ndarray:
        """Roles in an office in `city`, however its case is written."""
        wanted = city.casefold()
        codes = [i for i, value in enumerate(index.city.values) if value.casefold() == wanted]
        return np.isin(index.city.rows, np.array(codes, dtype=np.int32))

    @staticmethod
    def signal_mask(index: BoardIndex, name: str) -> np.ndarray:
        return index.companies.signals[name][index.company]

    @staticmethod
    def salary_mask(index: BoardIndex, minimum_usd: float) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            return index.salary_usd >= minimum_usd

    @staticmethod
    def company_mask(index: BoardIndex, slug: str) -> np.ndarray:
        position = index.companies.by_slug.get(slug)
        return index.company == (position if position is not None else -1)

    @staticmethod
    def ids_mask(index: BoardIndex, job_ids: np.ndarray, company_ids: np.ndarray) -> np.ndarray:
        """Rows whose id is among `job_ids` or whose company's id is among `company_ids`."""
        mask = np.isin(index.ids, job_ids)
        if len(company_ids):
            mask |= np.isin(index.companies.ids, company_ids)[index.company]
        return mask

    @staticmethod
    def published_after_mask(index: BoardIndex, moment: datetime) -> np.ndarray:
        return index.published > micros(moment)
