"""The culture directory's results, counts and orders from a column index of the listed
companies, kept in memory by each worker.

In SQL, `/companies/` asks PostgreSQL for the count, a page of ids in order and nine facet
groups: twelve queries whose cost grows with the number of companies (about 30 ms of SQL at
10,000 companies against 5 ms at demo size). Instead each worker holds the few columns the
directory filters, counts and sorts on, one NumPy array per column: a filter is a boolean
mask, a facet count a `bincount` (or a column sum of the tag matrix) over the rows the other
filters keep, and the requested page a slice of the rows every filter keeps, in an order
sorted once when the index is built. Only the page's 20 companies are then read from
PostgreSQL, by primary key.

Any write to what it is built from moves the companies' version in core.ContentVersion
(database triggers, whatever door writes: a company, its tags, a tag's name, a review that
changes its ratings, an exchange rate; a role's edit does not); each request reads that
version, one indexed single-row query, and a worker whose index is older builds it again
before answering. Every worker and server therefore counts from the content as it is when
the request starts. Which companies are hiring, and how many open roles each has, depends on
the moment as well as on the content (roles expire): it is read at each request from the
board's own in-memory index of the open roles (Job.objects.open_role_counts), never stored here.
"""

import threading
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from django.db import connection

from companies.models import (
    MIN_REVIEWS_FOR_RATING,
    Company,
    CultureTag,
    Industry,
    RemotePolicy,
    SizeBand,
    Stage,
)
from core.columns import FilteredRows, choice_mask, holds_all, numbers
from core.models import ContentVersion

# The single-valued columns a facet counts: filter name -> (column, choices). A row stores
# the position of its value among the choices, -1 for any other value.
COLUMNS = {
    "stage": ("stage", Stage),
    "size": ("size_band", SizeBand),
    "remote": ("remote_policy", RemotePolicy),
    "industry": ("industry", Industry),
}
SWITCHES = ("ladder", "blog", "hiring")


def _cents(value) -> int:
    """A rating (two decimal places) as a whole number of hundredths: compared exactly."""
    return int(Decimal(value) * 100)


@dataclass
class DirectoryIndex:
    """One consistent snapshot of the listed companies, rows in name order (then id)."""

    version: tuple
    ids: np.ndarray  # company ids
    codes: dict[str, np.ndarray]  # COLUMNS -> position of the value among its choices
    rating: np.ndarray  # shown career rating in hundredths, -1 when not shown
    ladder: np.ndarray  # the ladder names tech lead
    blog: np.ndarray  # a public engineering blog
    tag_slugs: list[str]
    tag_matrix: np.ndarray  # company x tag, True where the company carries it
    orders: dict[str, np.ndarray]  # sort key -> rows in that order (all but open-roles)
    tags: list[CultureTag]  # every tag, by name: the filter form's choices

    def open_role_counts(self) -> np.ndarray:
        """Each row's open roles at this moment, from the board's index of open roles."""
        job_model = Company._meta.get_field("jobs").related_model
        company_ids, counts = job_model.objects.open_role_counts()
        counted = np.zeros(len(self.ids), dtype=np.int64)
        if len(company_ids):
            at = np.minimum(np.searchsorted(company_ids, self.ids), len(company_ids) - 1)
            found = company_ids[at] == self.ids
            counted[found] = counts[at[found]]
        return counted


def _build(version: tuple) -> DirectoryIndex:
    """Read the directory's columns of every listed company, in name order. Each column comes
    back as one comma-separated text that NumPy parses rather than as 10,000 rows of Python
    objects, from company_directory_columns_idx alone."""
    position = {
        name: "CASE "
        + " ".join(f"WHEN {column} = '{value}' THEN {i}" for i, value in enumerate(choices.values))
        + " ELSE -1 END"
        for name, (column, choices) in COLUMNS.items()
    }
    order = "ORDER BY name, id"
    tags = list(CultureTag.objects.order_by("name"))
    tag_slugs = [tag.slug for tag in tags]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT string_agg(id::text, ',' {order}), "
            + "".join(f"string_agg(({sql})::text, ',' {order}), " for sql in position.values())
            + "string_agg(CASE WHEN review_count >= %s THEN "
            f"coalesce((rating_career * 100)::int, -1) ELSE -1 END::text, ',' {order}), "
            f"string_agg(ladder_names_tech_lead::int::text, ',' {order}), "
            f"string_agg((engineering_blog_url <> '')::int::text, ',' {order}), "
            f"string_agg((extract(epoch FROM updated_at) * 1000000)::bigint::text, ',' {order}), "
            f"string_agg(coalesce(senior_total_comp_usd, -1)::text, ',' {order})"
            # One column per tag: whether each company carries it.
            + "".join(
                f", string_agg((tag_slugs @> ARRAY[%s]::varchar[])::int::text, ',' {order})"
                for _ in tag_slugs
            )
            + " FROM companies_company WHERE is_listed",
            [MIN_REVIEWS_FOR_RATING, *tag_slugs],
        )
        columns = cursor.fetchone()

    ids = numbers(columns[0], np.int64)
    codes = {name: numbers(columns[1 + i], np.int8) for i, name in enumerate(COLUMNS)}
    rating, ladder, blog, updated, pay = columns[1 + len(COLUMNS) : 6 + len(COLUMNS)]
    rating = numbers(rating, np.int64)
    updated = numbers(updated, np.int64)
    pay = numbers(pay, np.int64)
    tag_matrix = np.zeros((len(ids), len(tag_slugs)), dtype=bool)
    for i, text in enumerate(columns[6 + len(COLUMNS) :]):
        tag_matrix[:, i] = numbers(text, np.int8).astype(bool)

    # Rows are in name order, so each sort is its own key with the row as the tie-break.
    rows = np.arange(len(ids))
    # Not shown ratings and missing pay rank last: after every value, highest first.
    orders = {
        "name": rows,
        "rating": np.lexsort((rows, np.where(rating < 0, 1, -rating))),
        "updated": np.lexsort((rows, -updated)),
        "pay": np.lexsort((rows, np.where(pay < 0, 1, -pay))),
    }
    return DirectoryIndex(
        version=version,
        ids=ids,
        codes=codes,
        rating=rating,
        ladder=numbers(ladder, np.int8).astype(bool),
        blog=numbers(blog, np.int8).astype(bool),
        tag_slugs=tag_slugs,
        tag_matrix=tag_matrix,
        orders=orders,
        tags=tags,
    )


_lock = threading.Lock()
_current: DirectoryIndex | None = None


def current_index() -> DirectoryIndex:
    """The index for the content as it is now: one query to read the companies' version (which
    only writes to companies and culture tags move, not a role's), and a build when it moved
    since this worker last built."""
    global _current
    row = (
        ContentVersion.objects.filter(pk=1)
        .values_list("companies_version", "companies_changed_at")
        .first()
    )
    version = (connection.alias, connection.settings_dict["NAME"], row)
    index = _current
    if index is not None and index.version == version:
        return index
    with _lock:
        if _current is None or _current.version != version:
            _current = _build(version)
        return _current


class DirectoryQuery(FilteredRows):
    """The directory for one set of applied filters: which rows each filter keeps, the facet
    counts, and the matching company ids in the requested order.

    `masks` maps a filter name to a boolean mask over the index's rows."""

    def __init__(self, index: DirectoryIndex, masks: dict[str, np.ndarray], open_roles):
        super().__init__(len(index.ids), masks)
        self.index = index
        self.open_roles = open_roles

    def open_roles_of(self, company_ids: list[int]) -> dict[int, int]:
        wanted = np.isin(self.index.ids, company_ids)
        return dict(
            zip(self.index.ids[wanted].tolist(), self.open_roles[wanted].tolist(), strict=True)
        )

    def ordered_ids(self, sort: str) -> np.ndarray:
        if sort == "open-roles":
            # Most open roles first, then by name (the rows' own order): a stable sort.
            order = np.argsort(-self.open_roles, kind="stable")
        else:
            order = self.index.orders[sort]
        return self.index.ids[order[self.rows[order]]]

    def column_counts(self, name: str) -> dict[str, int]:
        _, choices = COLUMNS[name]
        codes = self.index.codes[name][self.without(name)]
        counts = np.bincount(codes[codes >= 0], minlength=len(choices.values))
        return {value: int(n) for value, n in zip(choices.values, counts, strict=False) if n}

    def tag_counts(self) -> dict[str, int]:
        # All tags must match, so each tag counts over the current results.
        counts = np.count_nonzero(self.index.tag_matrix[self.rows], axis=0)
        return {slug: int(n) for slug, n in zip(self.index.tag_slugs, counts, strict=True) if n}

    def rating_counts(self, thresholds) -> dict[str, int]:
        rating = self.index.rating[self.without("rating")]
        return {value: int(np.count_nonzero(rating >= _cents(value))) for value in thresholds}

    def switch_counts(self) -> dict[str, dict[str, int]]:
        return {
            name: {"on": int(np.count_nonzero(self.without(name) & self.switch_mask(name)))}
            for name in SWITCHES
        }

    def switch_mask(self, name: str) -> np.ndarray:
        if name == "hiring":
            return self.open_roles > 0
        return getattr(self.index, name)

    # Masks for each kind of filter.

    @staticmethod
    def column_mask(index: DirectoryIndex, name: str, values) -> np.ndarray:
        return choice_mask(index.codes[name], COLUMNS[name][1].values, values)

    @staticmethod
    def tags_mask(index: DirectoryIndex, slugs) -> np.ndarray:
        return holds_all(index.tag_slugs, index.tag_matrix, slugs)

    @staticmethod
    def rating_mask(index: DirectoryIndex, minimum) -> np.ndarray:
        return index.rating >= _cents(minimum)

    @staticmethod
    def ids_mask(index: DirectoryIndex, company_ids) -> np.ndarray:
        return np.isin(index.ids, np.fromiter(company_ids, dtype=np.int64))
