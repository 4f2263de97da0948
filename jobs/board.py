"""The board's counts and order from a column index of the published roles, kept in memory by
each worker.

Counting every facet of `/jobs/` in SQL scans every open role once per facet group (nine scans
of a wide table per request at 200,000 roles). Instead each worker holds the few columns the
board filters, counts and sorts on, one NumPy array per column, in the board's default order:
a filter is a boolean mask, a facet count a `bincount` over the rows the other filters keep,
and the requested page a slice of the positions every filter keeps. Only the page's 25 roles
are then read from PostgreSQL, by primary key.

The index holds every published role at a listed company, whatever its dates: whether a role
is open (published by now, not yet expired) is decided from its dates at each request, so a
role disappears at the moment it expires and a scheduled one appears at the moment it is
published. Any write to content moves core.ContentVersion (database triggers, whatever door
writes); each request reads that version, one indexed single-row query, and a worker whose
index is older rebuilds it before answering. Every worker and server therefore counts from
the content as it is when the request starts.

Multi-valued and company-level attributes are stored once per distinct value and reached
through a small code per row: the countries a role hires from as one of a few hundred
distinct country sets, a company's tags and rating through the company's position. Counting
them is a `bincount` over those codes, then a small matrix product.
"""

import threading
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from django.db import connection
from django.utils import timezone

from companies.models import MIN_REVIEWS_FOR_RATING, Level, Stage
from core.models import ContentVersion
from jobs.models import Discipline, JobStatus, Track, Workplace

# The single-valued columns a facet counts, with their choices (a row stores the position
# of its value among them).
COLUMNS = {
    "level": ("level", Level),
    "track": ("track", Track),
    "discipline": ("discipline", Discipline),
    "workplace": ("workplace", Workplace),
    "stage": ("company.stage", Stage),
}
RATING_THRESHOLDS = ("3.5", "4.0", "4.5")


def _micros(moment) -> int:
    return int(moment.timestamp() * 1_000_000)


@dataclass
class BoardIndex:
    """One consistent snapshot of the published roles at listed companies."""

    version: tuple
    ids: np.ndarray  # role ids, newest first (published_at desc, id asc)
    published: np.ndarray  # µs since the epoch
    expires: np.ndarray
    company: np.ndarray  # position of the role's company in the company arrays
    codes: dict[str, np.ndarray]  # COLUMNS -> position of the value among its choices
    salary: np.ndarray  # annual_salary_usd, NaN when none
    salary_order: np.ndarray  # row positions, highest salary first, then newest
    country_set: np.ndarray  # position of the role's hires_from among country_sets
    country_sets: list[frozenset[str]]
    country_codes: list[str]
    country_matrix: np.ndarray  # country set x country code, 1 where the set holds it
    company_ids: np.ndarray  # the listed companies' ids, ascending
    company_slugs: dict[str, int]  # slug -> position
    company_positions: dict[int, int]  # id -> position
    company_rating: np.ndarray  # shown career rating per company, -1 when not shown
    tag_slugs: list[str]
    tag_matrix: np.ndarray  # company x tag, 1 where the company carries it

    def visible(self, now) -> np.ndarray:
        moment = _micros(now)
        return (self.published <= moment) & (self.expires > moment)

    def hiring_company_ids(self, now) -> list[int]:
        """The listed companies with at least one open role at `now`."""
        roles = np.bincount(self.company[self.visible(now)], minlength=len(self.company_ids))
        return self.company_ids[roles > 0].tolist()


def _numbers(text: str | None, dtype) -> np.ndarray:
    return np.fromstring(text, dtype=dtype, sep=",") if text else np.zeros(0, dtype=dtype)


def _build(version: tuple) -> BoardIndex:
    """Read the board's columns of every published role at a listed company. Each column
    comes back as one comma-separated text that NumPy parses, rather than as 200,000 rows
    of Python objects, and the roles' columns come from job_board_columns_idx alone."""
    position = {
        name: "CASE "
        + " ".join(f"WHEN {column} = '{value}' THEN {i}" for i, value in enumerate(choices.values))
        + " ELSE -1 END"
        for name, (column, choices) in COLUMNS.items()
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT company.id, company.slug, company.tag_slugs, "
            f"{position['stage']}, "
            "CASE WHEN company.review_count >= %s THEN company.rating_career END "
            "FROM companies_company company WHERE company.is_listed ORDER BY company.id",
            [MIN_REVIEWS_FOR_RATING],
        )
        companies = cursor.fetchall()
        cursor.execute(
            "SELECT string_agg(job.id::text, ','), string_agg(job.company_id::text, ','), "
            "string_agg((extract(epoch FROM job.published_at) * 1000000)::bigint::text, ','), "
            "string_agg((extract(epoch FROM job.expires_at) * 1000000)::bigint::text, ','), "
            f"string_agg(({position['level']})::text, ','), "
            f"string_agg(({position['track']})::text, ','), "
            f"string_agg(({position['discipline']})::text, ','), "
            f"string_agg(({position['workplace']})::text, ','), "
            "string_agg(coalesce(job.annual_salary_usd, -1)::text, ','), "
            "string_agg(coalesce(array_to_string(job.hires_from, ' '), ''), ',') "
            "FROM jobs_job job WHERE job.status = %s AND job.company_id IN "
            "(SELECT id FROM companies_company WHERE is_listed)",
            [JobStatus.PUBLISHED],
        )
        columns = cursor.fetchone()

    company_ids = np.array([row[0] for row in companies], dtype=np.int64)
    tag_slugs = sorted({slug for row in companies for slug in row[2]})
    tag_position = {slug: i for i, slug in enumerate(tag_slugs)}
    tag_matrix = np.zeros((len(companies), len(tag_slugs)), dtype=np.int64)
    for i, row in enumerate(companies):
        for slug in row[2]:
            tag_matrix[i, tag_position[slug]] = 1
    company_stage = np.array(
        [row[3] if row[3] is not None else -1 for row in companies], dtype=np.int8
    )
    company_rating = np.array(
        [float(row[4]) if row[4] is not None else -1.0 for row in companies], dtype=np.float64
    )

    ids = _numbers(columns[0], np.int64)
    published = _numbers(columns[2], np.int64)
    # The board's default order: newest first, then by id.
    order = np.lexsort((ids, -published))
    ids, published = ids[order], published[order]
    company = np.searchsorted(company_ids, _numbers(columns[1], np.int64)[order]).astype(np.int32)
    sets: dict[str, int] = {}
    hires_from = (columns[9] or "").split(",") if ids.size else []
    country_set = (
        np.array([sets.setdefault(text, len(sets)) for text in hires_from], dtype=np.int32)[order]
        if ids.size
        else np.zeros(0, dtype=np.int32)
    )
    country_sets = [frozenset(text.split()) for text in sets]
    country_codes = sorted(set().union(*country_sets)) if country_sets else []
    code_position = {code: i for i, code in enumerate(country_codes)}
    country_matrix = np.zeros((len(country_sets), len(country_codes)), dtype=np.int64)
    for i, codes in enumerate(country_sets):
        for code in codes:
            country_matrix[i, code_position[code]] = 1

    salary = _numbers(columns[8], np.float64)[order]
    salary[salary < 0] = np.nan
    rows = np.arange(len(ids))
    # Highest first, roles without a salary last, then newest (rows are newest first).
    salary_order = np.lexsort((rows, np.where(np.isnan(salary), np.inf, -salary)))
    return BoardIndex(
        version=version,
        ids=ids,
        published=published,
        expires=_numbers(columns[3], np.int64)[order],
        company=company,
        codes={
            "level": _numbers(columns[4], np.int8)[order],
            "track": _numbers(columns[5], np.int8)[order],
            "discipline": _numbers(columns[6], np.int8)[order],
            "workplace": _numbers(columns[7], np.int8)[order],
            "stage": company_stage[company],
        },
        salary=salary,
        salary_order=salary_order,
        country_set=country_set,
        country_sets=country_sets,
        country_codes=country_codes,
        country_matrix=country_matrix,
        company_ids=company_ids,
        company_slugs={row[1]: i for i, row in enumerate(companies)},
        company_positions={row[0]: i for i, row in enumerate(companies)},
        company_rating=company_rating,
        tag_slugs=tag_slugs,
        tag_matrix=tag_matrix,
    )


_lock = threading.Lock()
_current: BoardIndex | None = None


def current_index() -> BoardIndex:
    """The index for the content as it is now: one query to read the content version, and a
    rebuild when it moved since this worker last built."""
    global _current
    row = ContentVersion.objects.filter(pk=1).values_list("version", "changed_at").first()
    version = (connection.alias, connection.settings_dict["NAME"], row)
    index = _current
    if index is not None and index.version == version:
        return index
    with _lock:
        if _current is None or _current.version != version:
            _current = _build(version)
        return _current


class BoardQuery:
    """The board for one set of applied filters: which rows each filter keeps, the facet
    counts, and the matching role ids in the requested order.

    `filters` maps a filter name to a boolean mask over the index's rows (None: it keeps
    every row)."""

    def __init__(self, index: BoardIndex, masks: dict[str, np.ndarray], now=None):
        self.index = index
        self.masks = masks
        self.base = index.visible(now or timezone.now())

    def without(self, *names: str) -> np.ndarray:
        mask = self.base.copy()
        for name, kept in self.masks.items():
            if name not in names:
                mask &= kept
        return mask

    @property
    def rows(self) -> np.ndarray:
        if not hasattr(self, "_rows"):
            self._rows = self.without()
        return self._rows

    def count(self) -> int:
        return int(np.count_nonzero(self.rows))

    def ordered_ids(self, sort: str) -> np.ndarray:
        if sort == "salary":
            order = self.index.salary_order
            return self.index.ids[order[self.rows[order]]]
        return self.index.ids[self.rows]

    def column_counts(self, name: str) -> dict[str, int]:
        _, choices = COLUMNS[name]
        codes = self.index.codes[name][self.without(name)]
        counts = np.bincount(codes[codes >= 0], minlength=len(choices.values))
        return {value: int(n) for value, n in zip(choices.values, counts, strict=False) if n}

    def company_counts(self, mask: np.ndarray) -> np.ndarray:
        return np.bincount(self.index.company[mask], minlength=len(self.index.company_rating))

    def tag_counts(self) -> dict[str, int]:
        # All tags must match, so each tag counts over the current results.
        counts = self.company_counts(self.rows) @ self.index.tag_matrix
        return {slug: int(n) for slug, n in zip(self.index.tag_slugs, counts, strict=True) if n}

    def rating_counts(self) -> dict[str, int]:
        per_company = self.company_counts(self.without("rating"))
        rating = self.index.company_rating
        return {
            threshold: int(per_company[rating >= float(threshold)].sum())
            for threshold in RATING_THRESHOLDS
        }

    def country_counts(self, chosen: list[str]) -> dict[str, int]:
        """Per country, the results open to it; with countries chosen, an unchosen country
        counts only the roles open to none of the chosen (what choosing it adds)."""
        index = self.index
        per_set = np.bincount(
            index.country_set[self.without("country")], minlength=len(index.country_sets)
        )
        every = per_set @ index.country_matrix
        if chosen:
            overlapping = np.array(
                [not sets.isdisjoint(chosen) for sets in index.country_sets], dtype=bool
            )
            adds = np.where(overlapping, 0, per_set) @ index.country_matrix
        counts = {}
        for code, n_every, i in zip(index.country_codes, every, range(len(every)), strict=True):
            n = n_every if code in chosen or not chosen else adds[i]
            if n:
                counts[code] = int(n)
        return counts

    # Masks for each kind of filter.

    @staticmethod
    def column_mask(index: BoardIndex, name: str, values) -> np.ndarray:
        _, choices = COLUMNS[name]
        # A lookup table over the codes: one slot per value, and a last one (always False)
        # that the code -1 of an unknown value reaches.
        allowed = np.zeros(len(choices.values) + 1, dtype=bool)
        allowed[[list(choices.values).index(value) for value in values]] = True
        return allowed[index.codes[name]]

    @staticmethod
    def tags_mask(index: BoardIndex, slugs) -> np.ndarray:
        position = {slug: i for i, slug in enumerate(index.tag_slugs)}
        if any(slug not in position for slug in slugs):
            return np.zeros(len(index.ids), dtype=bool)
        has_all = index.tag_matrix[:, [position[slug] for slug in slugs]].all(axis=1)
        return has_all[index.company]

    @staticmethod
    def countries_mask(index: BoardIndex, codes) -> np.ndarray:
        open_to = np.array([not sets.isdisjoint(codes) for sets in index.country_sets], dtype=bool)
        return open_to[index.country_set]

    @staticmethod
    def rating_mask(index: BoardIndex, minimum: Decimal) -> np.ndarray:
        return (index.company_rating >= float(minimum))[index.company]

    @staticmethod
    def salary_mask(index: BoardIndex, minimum: Decimal) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            return index.salary >= float(minimum)

    @staticmethod
    def company_mask(index: BoardIndex, slug: str) -> np.ndarray:
        position = index.company_slugs.get(slug)
        return index.company == (position if position is not None else -1)

    @staticmethod
    def ids_mask(index: BoardIndex, job_ids, company_ids) -> np.ndarray:
        """Rows whose id is among `job_ids` or whose company's id is among `company_ids`."""
        mask = np.isin(index.ids, np.fromiter(job_ids, dtype=np.int64))
        if company_ids:
            companies = np.zeros(len(index.company_rating), dtype=bool)
            for company_id in company_ids:
                if (position := index.company_positions.get(company_id)) is not None:
                    companies[position] = True
            mask |= companies[index.company]
        return mask
