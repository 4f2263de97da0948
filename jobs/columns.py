"""The columns the board's index (jobs.board) holds, declared once.

Everything else follows from these two lists: the SQL that reads them, whole or for the rows
that changed (jobs.board), the covering index that SQL reads the roles from (Job.Meta), the
format of the snapshots the index is shared in, and the filters' masks and counts. The change
log that tells the index what to read again logs every changed row of both tables whatever
its columns (core.changes), so a column added here is followed with nothing else to edit.

This module imports no model, so that the models can import it.
"""

import hashlib
from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    NUMBER = "number"  # an integer
    MOMENT = "moment"  # a timestamp, kept as µs since the epoch
    CHOICE = "choice"  # one of the field's choices, kept as its position among them
    FLAG = "flag"  # a boolean
    AMOUNT = "amount"  # a number or none (NaN)
    SET = "set"  # an array of words (a set of codes or slugs)
    TEXT = "text"  # a word (a slug, a currency code)


@dataclass(frozen=True)
class Column:
    field: str  # the model field, or its column for a foreign key
    kind: Kind
    # SQL over the table's alias ("job", "company") instead of the field itself; `%s` in it
    # takes a parameter (jobs.board supplies them in order).
    sql: str = ""


ROLE_COLUMNS = {
    "id": Column("id", Kind.NUMBER),
    "company": Column("company_id", Kind.NUMBER),
    "published": Column("published_at", Kind.MOMENT),
    "expires": Column("expires_at", Kind.MOMENT),
    "level": Column("level", Kind.CHOICE),
    "track": Column("track", Kind.CHOICE),
    "discipline": Column("discipline", Kind.CHOICE),
    "workplace": Column("workplace", Kind.CHOICE),
    # Annual pay in the role's own currency; converted to USD at the current rates when read.
    "salary": Column("annual_salary", Kind.AMOUNT),
    "currency": Column("salary_currency", Kind.TEXT),
    # The countries applicants may be in (Job.hires_from): what the country filter matches.
    "countries": Column("hires_from", Kind.SET),
    # The office's city as written ("" for a remote role): the city filter matches it in any case.
    "city": Column("city", Kind.TEXT),
}

# Every column the directory filters and counts by too (companies.filters.CompanyFilter reads
# them from the index through companies.openings.directory()).
COMPANY_COLUMNS = {
    "id": Column("id", Kind.NUMBER),
    "listed": Column("is_listed", Kind.FLAG),
    "slug": Column("slug", Kind.TEXT),
    "tags": Column("tag_slugs", Kind.SET),
    "stage": Column("stage", Kind.CHOICE),
    "size": Column("size_band", Kind.CHOICE),
    "remote": Column("remote_policy", Kind.CHOICE),
    "industry": Column("industry", Kind.CHOICE),
    # The career rating where the site shows it (enough published reviews: the parameter).
    "rating": Column(
        "rating_career",
        Kind.AMOUNT,
        sql="CASE WHEN company.review_count >= %s THEN company.rating_career END",
    ),
    # The engineering signals the board and the directory filter by.
    "ladder": Column("ladder_names_tech_lead", Kind.FLAG),
    "blog": Column("engineering_blog_url", Kind.FLAG, sql="company.engineering_blog_url <> ''"),
    # What the directory sorts by besides the rating and the open roles: when the company last
    # changed, and its senior (L5 IC) total comp in its own currency ("" without one).
    "updated": Column("updated_at", Kind.MOMENT),
    "pay": Column("senior_total_comp", Kind.AMOUNT),
    "pay_currency": Column("senior_comp_currency", Kind.TEXT),
}

# The company columns that hold one of their field's choices.
COMPANY_CHOICES = [name for name, column in COMPANY_COLUMNS.items() if column.kind is Kind.CHOICE]

# The company flags the board filters by (yes or any), each a "signal".
COMPANY_SIGNALS = [
    name
    for name, column in COMPANY_COLUMNS.items()
    if column.kind is Kind.FLAG and name != "listed"
]

# The role columns the covering index holds (Job.Meta), and its name, which changes with
# them: a new column makes a migration that builds the new index beside the old one
# (concurrently) before dropping the old, so the board never reads without one.
ROLE_INDEX_FIELDS = [column.field for name, column in ROLE_COLUMNS.items() if name != "id"]
ROLE_INDEX_NAME = (
    "job_board_" + hashlib.sha256(repr(ROLE_INDEX_FIELDS).encode()).hexdigest()[:8] + "_idx"
)

# Names a snapshot's layout: a snapshot of another declaration is never loaded.
FORMAT = hashlib.sha256(repr((ROLE_COLUMNS, COMPANY_COLUMNS, 2)).encode()).hexdigest()[:16]
