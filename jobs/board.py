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
writes); each request reads that version, one indexed single-row query, together with the
database snapshot it was read in. A worker whose index is older brings it up to date by
reading only what changed, so that a worker is never stalled by a full build after an edit:

- Triggers on jobs_job and companies_company log, per statement, the ids of the roles and
  companies whose board columns it changed, with the writing transaction's id
  (jobs.BoardChange, migration 0019).
- The index remembers the snapshot it reflects at least. A refresh reads the entries of the
  transactions that snapshot did not see (`pg_visible_in_snapshot`): unlike a watermark on a
  timestamp or a sequence, taken before commit, this cannot miss a transaction that started
  earlier and committed later. It then reads those roles, and every role of those companies,
  as they are now, and puts them in place in both orders: rows dropped, rows inserted where
  (published_at desc, id asc) and the salary order put them, companies' tags, stage, rating
  and slug replaced, a company unlisted taking its roles with it.
- What is read is at least as new as the snapshot kept; what commits after it is read again
  by the next refresh. Reading a change twice is harmless, so none is ever missed.
- It builds from scratch instead when it cannot tell what changed (no earlier snapshot, log
  entries pruned after an hour, a statement too large to list, an index built inside another
  transaction that had written) or when more than MOST_CHANGED_ROLES roles changed.

Every worker and server therefore counts from the content as it is when the request starts.
tests/jobs/test_board_refresh.py holds a refreshed index equal to one built from scratch.

Multi-valued and company-level attributes are stored once per distinct value and reached
through a small code per row: the countries a role hires from as one of a few hundred
distinct country sets, a company's tags and rating through the company's position. Counting
them is a `bincount` over those codes, then a small matrix product.
"""

import threading
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import numpy as np
from django.db import connection
from django.utils import timezone

from companies.models import MIN_REVIEWS_FOR_RATING, Level, Stage
from core.columns import FilteredRows, choice_mask, holds_all, membership, numbers
from jobs.models import BoardChangeKind, Discipline, JobStatus, Track, Workplace

# The single-valued columns a facet counts, with their choices (a row stores the position
# of its value among them).
COLUMNS = {
    "level": ("job.level", Level),
    "track": ("job.track", Track),
    "discipline": ("job.discipline", Discipline),
    "workplace": ("job.workplace", Workplace),
    "stage": ("company.stage", Stage),
}
RATING_THRESHOLDS = ("3.5", "4.0", "4.5")


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _micros(moment) -> int:
    """Microseconds since the epoch, exactly (as PostgreSQL's columns are read)."""
    return (moment - _EPOCH) // timedelta(microseconds=1)


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
    company_stage: np.ndarray  # position of the company's stage among Stage, -1 when none
    company_rating: np.ndarray  # shown career rating per company, -1 when not shown
    tag_slugs: list[str]
    tag_matrix: np.ndarray  # company x tag, 1 where the company carries it
    # The PostgreSQL snapshot the index reflects at least (pg_current_snapshot()), and the
    # transaction it was built in if that one had written (its own writes are in the index
    # before they commit): where the next refresh starts reading changes (BoardChange).
    snapshot: str | None = None
    writer: int | None = None
    # The roles open at the last moment asked about, for as long as that holds (open_now).
    _open: "OpenRoles | None" = field(default=None, init=False, repr=False, compare=False)

    def open_now(self, now) -> "OpenRoles":
        """Which roles are open at `now`, and how many at each company. That changes only
        when a role's publish time or expiry comes, so it is worked out once for the span of
        moments until the next of them and kept for every request in between."""
        moment = _micros(now)
        held = self._open
        if held is None or not held.since <= moment < held.until:
            held = self._open = OpenRoles.at(self, moment)
        return held

    def visible(self, now) -> np.ndarray:
        """A read-only mask of the rows open at `now`."""
        return self.open_now(now).mask

    def locate_companies(self, company_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The position of each of `company_ids` in the company arrays, and whether it is
        there at all (a company that is not listed is not; its position is then meaningless)."""
        if not len(self.company_ids):
            return np.zeros(len(company_ids), dtype=np.int64), np.zeros(len(company_ids), bool)
        positions = np.searchsorted(self.company_ids, company_ids).clip(
            max=len(self.company_ids) - 1
        )
        return positions, self.company_ids[positions] == company_ids

    def companies_in(self, company_ids) -> np.ndarray:
        """A mask over the companies' positions: True for those among `company_ids` (ids of
        companies that are not listed are left out)."""
        if not isinstance(company_ids, np.ndarray):
            company_ids = np.fromiter(company_ids, dtype=np.int64)
        found = np.zeros(len(self.company_ids), dtype=bool)
        positions, listed = self.locate_companies(company_ids)
        found[positions[listed]] = True
        return found

    def open_at(self, companies: np.ndarray, now, limit: int) -> tuple[np.ndarray, int, int]:
        """The rows of the newest `limit` roles open at `now` at the companies `companies`
        marks (a mask over their positions: companies_in), how many roles are open there in
        all, and how many are open at all. The rows are read from the newest in growing
        slices, until there are enough: a few thousand of them for a search that matches
        many companies, rather than every role."""
        open_roles = self.open_now(now)
        there = int(open_roles.per_company[companies].sum())
        wanted, found, start, step = min(limit, there), [], 0, 4096
        while sum(map(len, found)) < wanted and start < len(self.ids):
            stop = start + step
            hit = open_roles.mask[start:stop] & companies[self.company[start:stop]]
            found.append(np.flatnonzero(hit) + start)
            start, step = stop, step * 2
        rows = np.concatenate(found)[:limit] if found else np.zeros(0, dtype=np.int64)
        return rows, there, open_roles.total

    def hiring_company_ids(self, now) -> list[int]:
        """The listed companies with at least one open role at `now`."""
        return self.company_ids[self.open_now(now).per_company > 0].tolist()


@dataclass(frozen=True)
class OpenRoles:
    """The rows of a BoardIndex open from `since` to just before `until` (µs since the
    epoch), and how many are open at each company (by its position), both read-only."""

    since: int
    until: int
    mask: np.ndarray
    per_company: np.ndarray
    total: int

    @classmethod
    def at(cls, index: BoardIndex, moment: int) -> "OpenRoles":
        published, expires = index.published, index.expires
        mask = (published <= moment) & (expires > moment)
        # The next moment a role opens or closes; until then the same roles are open.
        never = np.iinfo(np.int64).max
        until = min(
            int(published.min(where=published > moment, initial=never)),
            int(expires.min(where=expires > moment, initial=never)),
        )
        per_company = np.bincount(index.company[mask], minlength=len(index.company_ids))
        mask.flags.writeable = per_company.flags.writeable = False
        return cls(moment, until, mask, per_company, int(np.count_nonzero(mask)))


def _positions() -> dict[str, str]:
    """Per COLUMNS entry, SQL for the position of the row's value among its choices, over
    jobs_job as `job` and companies_company as `company`."""
    return {
        name: "CASE "
        + " ".join(f"WHEN {column} = '{value}' THEN {i}" for i, value in enumerate(choices.values))
        + " ELSE -1 END"
        for name, (column, choices) in COLUMNS.items()
    }


def _build(version: tuple) -> BoardIndex:
    """Read the board's columns of every published role at a listed company. Each column
    comes back as one comma-separated text that NumPy parses, rather than as 200,000 rows
    of Python objects, and the roles' columns come from job_board_columns_idx alone."""
    position = _positions()
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
    tag_slugs, tag_matrix = membership([row[2] for row in companies])
    company_stage = np.array(
        [row[3] if row[3] is not None else -1 for row in companies], dtype=np.int8
    )
    company_rating = np.array(
        [float(row[4]) if row[4] is not None else -1.0 for row in companies], dtype=np.float64
    )

    ids = numbers(columns[0], np.int64)
    published = numbers(columns[2], np.int64)
    # The board's default order: newest first, then by id.
    order = np.lexsort((ids, -published))
    ids, published = ids[order], published[order]
    company = np.searchsorted(company_ids, numbers(columns[1], np.int64)[order]).astype(np.int32)
    sets: dict[str, int] = {}
    hires_from = (columns[9] or "").split(",") if ids.size else []
    country_set = (
        np.array([sets.setdefault(text, len(sets)) for text in hires_from], dtype=np.int32)[order]
        if ids.size
        else np.zeros(0, dtype=np.int32)
    )
    country_sets = [frozenset(text.split()) for text in sets]
    country_codes, country_matrix = membership(country_sets)

    salary = numbers(columns[8], np.float64)[order]
    salary[salary < 0] = np.nan
    rows = np.arange(len(ids))
    # Highest first, roles without a salary last, then newest (rows are newest first).
    salary_order = np.lexsort((rows, np.where(np.isnan(salary), np.inf, -salary)))
    return BoardIndex(
        version=version,
        ids=ids,
        published=published,
        expires=numbers(columns[3], np.int64)[order],
        company=company,
        codes={
            "level": numbers(columns[4], np.int8)[order],
            "track": numbers(columns[5], np.int8)[order],
            "discipline": numbers(columns[6], np.int8)[order],
            "workplace": numbers(columns[7], np.int8)[order],
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
        company_stage=company_stage,
        company_rating=company_rating,
        tag_slugs=tag_slugs,
        tag_matrix=tag_matrix,
    )


# Past this many changed roles (or a tenth of the index) a refresh reads everything again:
# reading and placing each changed row costs more than its share of a full build.
MOST_CHANGED_ROLES = 10_000

_lock = threading.Lock()
_current: BoardIndex | None = None


def current_index() -> BoardIndex:
    """The index for the content as it is now: one query to read the content version, and,
    when it moved since this worker last looked, a refresh that reads only what changed."""
    global _current
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT version, changed_at, pg_current_snapshot()::text, "
            "pg_current_xact_id_if_assigned()::text::bigint "
            "FROM core_contentversion WHERE id = 1"
        )
        row = cursor.fetchone()
    version = (connection.alias, connection.settings_dict["NAME"], row[:2] if row else None)
    index = _current
    if index is not None and index.version == version:
        return index
    snapshot, writer = row[2:] if row else (None, None)
    with _lock:
        if _current is None or _current.version != version:
            _current = _refreshed(_current, version, snapshot, writer)
        return _current


def _refreshed(index: BoardIndex | None, version: tuple, snapshot, writer) -> BoardIndex:
    """`index` brought up to date: the roles and companies changed by the transactions its
    snapshot did not see (and by this one, if it wrote) read again and put in place, or the
    whole index built again when that cannot be told or is most of the work anyway.

    `snapshot` was taken by the same statement that read `version`, before anything here is
    read: whatever is read below is at least that new, and whatever commits after it is not
    visible in it, so the next refresh reads it again. A change is therefore never missed,
    and reading one twice does no harm: each changed row is replaced by its current state."""
    changes = None
    if (
        index is not None
        and snapshot is not None
        and index.snapshot is not None
        and index.version[:2] == version[:2]
        and index.writer in (None, writer)
    ):
        changes = _changes(index, writer)
    fresh = _build(version) if changes is None else _apply(index, version, *changes)
    fresh.snapshot, fresh.writer = snapshot, writer
    return fresh


def _changes(index: BoardIndex, writer) -> tuple[set[int], set[int]] | None:
    """The ids of the roles and of the companies changed since `index`'s snapshot, or None
    when they cannot be told (entries pruned, a statement too large to list) or are too many."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT kind, ids FROM jobs_boardchange WHERE (xid >= "
            "pg_snapshot_xmin(%(snapshot)s::pg_snapshot)::text::bigint AND (kind = %(pruned)s "
            "OR NOT pg_visible_in_snapshot(xid::text::xid8, %(snapshot)s::pg_snapshot))) "
            "OR xid = %(writer)s",
            {"snapshot": index.snapshot, "writer": writer, "pruned": BoardChangeKind.PRUNED},
        )
        entries = cursor.fetchall()
    roles: set[int] = set()
    companies: set[int] = set()
    for kind, ids in entries:
        if kind == BoardChangeKind.PRUNED or ids is None:
            return None
        (roles if kind == BoardChangeKind.ROLES else companies).update(ids)
    if len(roles) > min(MOST_CHANGED_ROLES, max(len(index.ids) // 10, 1000)):
        return None
    return roles, companies


def _apply(index: BoardIndex, version: tuple, roles: set[int], companies: set[int]):
    """A new index (the old one may be in use by other threads) with the changed roles and
    companies read again: every row of a changed role or of a changed company's roles is
    dropped, then those that are published at a listed company now are put back in place,
    in the board's order and in the salary order."""
    if not roles and not companies:
        return replace(index, version=version)
    position = _positions()
    with connection.cursor() as cursor:
        # Each changed company, and the company of each changed role, with the published
        # roles among them (none at an unlisted company).
        cursor.execute(
            "SELECT company.id, company.is_listed, company.slug, company.tag_slugs, "
            f"{position['stage']}, "
            "CASE WHEN company.review_count >= %(reviews)s THEN company.rating_career END, "
            "job.id, (extract(epoch FROM job.published_at) * 1000000)::bigint, "
            "(extract(epoch FROM job.expires_at) * 1000000)::bigint, "
            f"{position['level']}, {position['track']}, {position['discipline']}, "
            f"{position['workplace']}, job.annual_salary_usd, job.hires_from "
            "FROM companies_company company LEFT JOIN LATERAL (SELECT * FROM jobs_job job "
            "WHERE job.company_id = company.id AND company.is_listed "
            "AND job.status = %(published)s "
            "AND (job.id = ANY(%(roles)s::bigint[]) OR company.id = ANY(%(companies)s::bigint[]))"
            ") job ON true WHERE company.id IN (SELECT unnest(%(companies)s::bigint[]) "
            "UNION SELECT company_id FROM jobs_job WHERE id = ANY(%(roles)s::bigint[]))",
            {
                "reviews": MIN_REVIEWS_FOR_RATING,
                "published": JobStatus.PUBLISHED,
                "roles": list(roles),
                "companies": list(companies),
            },
        )
        rows = cursor.fetchall()

    # The companies: those read are current; a changed company not read was deleted.
    read = {row[0]: row[1:6] for row in rows}
    gone = {company_id for company_id in companies if company_id not in read}
    listed = {company_id: row for company_id, row in read.items() if row[0]}
    leaving = gone | {company_id for company_id, row in read.items() if not row[0]}
    company_ids = np.union1d(
        index.company_ids[~np.isin(index.company_ids, np.fromiter(leaving, np.int64))],
        np.fromiter(listed, np.int64),
    )
    kept_companies = np.isin(index.company_ids, company_ids)
    # Old company position -> new one (-1: gone).
    moved = np.full(len(index.company_ids) + 1, -1, dtype=np.int32)
    moved[:-1][kept_companies] = np.searchsorted(company_ids, index.company_ids[kept_companies])
    updated = np.searchsorted(company_ids, np.fromiter(listed, np.int64))

    company_stage = np.full(len(company_ids), -1, dtype=np.int8)
    company_stage[moved[:-1][kept_companies]] = index.company_stage[kept_companies]
    company_rating = np.full(len(company_ids), -1.0)
    company_rating[moved[:-1][kept_companies]] = index.company_rating[kept_companies]
    tag_slugs = sorted(set(index.tag_slugs).union(*(row[2] for row in listed.values())))
    tag_position = {slug: i for i, slug in enumerate(tag_slugs)}
    tag_matrix = np.zeros((len(company_ids), len(tag_slugs)), dtype=np.int64)
    tag_matrix[np.ix_(moved[:-1][kept_companies], [tag_position[s] for s in index.tag_slugs])] = (
        index.tag_matrix[kept_companies]
    )
    for at, (_, _, tags, stage, rating) in zip(updated, listed.values(), strict=True):
        company_stage[at] = stage if stage is not None else -1
        company_rating[at] = float(rating) if rating is not None else -1.0
        tag_matrix[at] = 0
        tag_matrix[at, [tag_position[slug] for slug in tags]] = 1
    carried = tag_matrix.any(axis=0)  # a tag no listed company carries any more is dropped
    if not carried.all():
        tag_matrix = tag_matrix[:, carried]
        tag_slugs = [slug for slug, kept in zip(tag_slugs, carried, strict=True) if kept]
    # Slugs: each kept company's at its new position, then each updated company's current one.
    same_companies = len(company_ids) == len(index.company_ids) and bool(
        (company_ids == index.company_ids).all()
    )
    slugs = {row[1]: int(at) for row, at in zip(listed.values(), updated, strict=True)}
    if same_companies and all(index.company_slugs.get(slug) == at for slug, at in slugs.items()):
        company_slugs, company_positions = index.company_slugs, index.company_positions
    else:
        refreshed = set(updated.tolist())
        company_slugs = {
            slug: int(moved[i])
            for slug, i in index.company_slugs.items()
            if moved[i] >= 0 and moved[i] not in refreshed
        }
        company_slugs.update(slugs)
        company_positions = (
            index.company_positions
            if same_companies
            else {company_id: i for i, company_id in enumerate(company_ids.tolist())}
        )

    # The roles: drop every row of a changed role or of a changed or leaving company.
    dropped_companies = np.zeros(len(index.company_ids) + 1, dtype=bool)
    dropped_companies[
        np.flatnonzero(np.isin(index.company_ids, np.fromiter(companies | leaving, np.int64)))
    ] = True
    keep = ~(np.isin(index.ids, np.fromiter(roles, np.int64)) | dropped_companies[index.company])
    new = sorted((row for row in rows if row[6] is not None), key=lambda row: (-row[7], row[6]))
    ids_kept, published_kept = index.ids[keep], index.published[keep]
    # Where each new row goes among the kept ones: after the newer, then by id.
    new_ids = np.array([row[6] for row in new], dtype=np.int64)
    new_published = np.array([row[7] for row in new], dtype=np.int64)
    newest_first = -published_kept
    at = np.searchsorted(newest_first, -new_published, side="left")
    ties_end = np.searchsorted(newest_first, -new_published, side="right")
    for i in np.flatnonzero(ties_end > at):
        at[i] += np.searchsorted(ids_kept[at[i] : ties_end[i]], new_ids[i])
    size = len(ids_kept) + len(new)
    dropped_at = np.flatnonzero(~keep)
    same_place = len(new) == len(dropped_at) and bool(
        (new_ids == index.ids[dropped_at]).all()
        and (new_published == index.published[dropped_at]).all()
    )
    if same_place:
        # Each changed role stays where it was (an edit that leaves its date alone): the
        # arrays are copied and those rows overwritten.
        kept_at, new_at = None, dropped_at

        def placed(old, new_values, dtype):
            out = old.astype(dtype, copy=True)
            out[new_at] = new_values
            return out

    else:
        # Final positions: new row t lands at at[t] + t; the kept rows fill the rest in order.
        new_at = at + np.arange(len(new))
        is_new = np.zeros(size, dtype=bool)
        is_new[new_at] = True
        kept_at = np.flatnonzero(~is_new)

        def placed(old, new_values, dtype):
            out = np.empty(size, dtype=dtype)
            out[kept_at] = old[keep]
            out[new_at] = new_values
            return out

    company = placed(
        index.company if same_companies else moved[index.company],
        np.searchsorted(company_ids, np.array([row[0] for row in new], dtype=np.int64)),
        np.int32,
    )
    salary = placed(
        index.salary,
        np.array([row[13] if row[13] is not None else np.nan for row in new], dtype=np.float64),
        np.float64,
    )

    # Country sets: the new rows' sets, added when not known yet, and those no row has any
    # more dropped.
    country_sets = list(index.country_sets)
    set_position = {codes: i for i, codes in enumerate(country_sets)}
    new_sets = []
    for row in new:
        codes = frozenset(row[14] or ())
        if codes not in set_position:
            set_position[codes] = len(country_sets)
            country_sets.append(codes)
        new_sets.append(set_position[codes])
    country_set = placed(index.country_set, new_sets, np.int32)
    used = np.bincount(country_set, minlength=len(country_sets)) > 0
    country_matrix = index.country_matrix
    country_codes = index.country_codes
    if len(country_sets) != len(index.country_sets) or not used.all():
        renumbered = np.cumsum(used) - 1
        country_set = renumbered[country_set].astype(np.int32)
        country_sets = [codes for codes, kept in zip(country_sets, used, strict=True) if kept]
        country_codes, country_matrix = membership(country_sets)

    # The salary order: the kept rows keep theirs, renumbered; each new row goes in by its
    # salary (highest first, none last), then by its row (newest first).
    if same_place and np.array_equal(salary[new_at], index.salary[new_at], equal_nan=True):
        salary_order = index.salary_order
    else:
        salary_order = _salary_order(index.salary_order, keep, kept_at, new_at, salary)

    return BoardIndex(
        version=version,
        ids=placed(index.ids, new_ids, np.int64),
        published=placed(index.published, new_published, np.int64),
        expires=placed(index.expires, [row[8] for row in new], np.int64),
        company=company,
        codes={
            **{
                name: placed(index.codes[name], [row[column] for row in new], np.int8)
                for name, column in (
                    ("level", 9),
                    ("track", 10),
                    ("discipline", 11),
                    ("workplace", 12),
                )
            },
            "stage": company_stage[company],
        },
        salary=salary,
        salary_order=salary_order,
        country_set=country_set,
        country_sets=country_sets,
        country_codes=country_codes,
        country_matrix=country_matrix,
        company_ids=company_ids,
        company_slugs=company_slugs,
        company_positions=company_positions,
        company_stage=company_stage,
        company_rating=company_rating,
        tag_slugs=tag_slugs,
        tag_matrix=tag_matrix,
    )


def _salary_order(salary_order, keep, kept_at, new_at, salary) -> np.ndarray:
    """`salary_order` without the rows `keep` leaves out, the others renumbered to `kept_at`
    (None: where they were), and the rows at `new_at` put in their places."""
    renumber = np.full(len(keep), -1, dtype=np.int64)
    renumber[keep] = np.flatnonzero(keep) if kept_at is None else kept_at
    salary_order = renumber[salary_order]
    salary_order = salary_order[salary_order >= 0]
    salary_key = np.where(np.isnan(salary), np.inf, -salary)
    ordered_key = salary_key[salary_order]
    new_rows_by_salary = new_at[np.lexsort((new_at, salary_key[new_at]))]
    spots = np.searchsorted(ordered_key, salary_key[new_rows_by_salary], side="left")
    spots_end = np.searchsorted(ordered_key, salary_key[new_rows_by_salary], side="right")
    for i in np.flatnonzero(spots_end > spots):
        spots[i] += np.searchsorted(salary_order[spots[i] : spots_end[i]], new_rows_by_salary[i])
    return np.insert(salary_order, spots, new_rows_by_salary)


class BoardQuery(FilteredRows):
    """The board for one set of applied filters: which rows each filter keeps, the facet
    counts, and the matching role ids in the requested order.

    `filters` maps a filter name to a boolean mask over the index's rows (None: it keeps
    every row)."""

    def __init__(self, index: BoardIndex, masks: dict[str, np.ndarray], now=None):
        super().__init__(len(index.ids), masks, base=index.visible(now or timezone.now()))
        self.index = index

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
        return choice_mask(index.codes[name], COLUMNS[name][1].values, values)

    @staticmethod
    def tags_mask(index: BoardIndex, slugs) -> np.ndarray:
        # Per company, then per role through its company.
        return holds_all(index.tag_slugs, index.tag_matrix, slugs)[index.company]

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
            mask |= index.companies_in(company_ids)[index.company]
        return mask
