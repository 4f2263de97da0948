"""What changed in the content, and when it became visible: the log core.Change.

Each content table logs its own writes with `change_log_triggers` in its model's Meta: one
entry per statement that changed public rows, with the ids of those rows and the writing
transaction. Writers only ever insert entries, so no write waits on another for the log.

Readers:
- `versions()`: each table's version, the sum of its entries' weights. Entries only become
  visible (commit), never disappear without their weight being carried over (`compact`), so a
  version moves exactly when a write to that table commits, whatever order writers commit in.
  Every worker and server reads the same number. The page cache keys pages by the versions of
  the tables they show (core.pagecache).
- `changes_since(snapshot, tables)`: the entries of the transactions a PostgreSQL snapshot did
  not see, for an in-memory index to re-read only what changed (jobs.board).

The worker's maintenance (`compact`, `fold_vocabulary`) keeps the log and the search
vocabulary's pending changes short; nothing is lost if it does not run, only reads get longer.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

import pgtrigger
from django.db import connection, transaction

# A statement listing more rows than this logs NULL ids: "too many to list", so an index
# rebuilds rather than reads them one by one.
MOST_IDS = 10_000
# Entries older than this are folded into one per table by `compact`: well beyond the age of
# the newest board snapshot (jobs.board.SNAPSHOT_EVERY plus a schedule run), so that a worker
# that starts from it reads what changed since rather than building the board again.
COMPACT_AFTER_SECONDS = 3600
# The newest transaction a folded entry stands for (SQL over an entry written `{entry}`).
NEWEST_FOLDED = (
    "CASE WHEN {entry}.folded THEN coalesce({entry}.ids[1], {entry}.xid) ELSE {entry}.xid END"
)
# The search vocabulary (core.SearchWord) logs which words' counts a statement changed under
# its table's name, with the words' ids (`word_id`): a correction of a misspelt word follows it.
VOCABULARY = "core_searchword"
# A word's id in the log, in SQL over a text written `{word}` (`word_id` in Python): the first
# 64 bits of its MD5, signed. Two words sharing one only make a page change when it need not.
WORD_ID = "('x' || left(md5({word}), 16))::bit(64)::bigint"
# Keys of the advisory locks that keep the worker's maintenance to one process at a time.
COMPACT_LOCK = 7_301_001
FOLD_LOCK = 7_301_002


def _log(table: str, changed: str) -> str:
    """SQL inserting one entry for the rows `changed` selects (a query with an `id` column)."""
    return (
        'INSERT INTO core_change ("table", xid, ids, weight, folded, logged_at) '
        f"SELECT '{table}', pg_current_xact_id()::text::bigint, "
        f"CASE WHEN count(*) > {MOST_IDS} THEN NULL ELSE array_agg(DISTINCT id) END, "
        f"1, false, clock_timestamp() FROM ({changed}) AS changed HAVING count(*) > 0;"
    )


def planned_each_run(sql: str) -> str:
    """`sql` (statements, each ending in ";", none holding one inside) as a trigger function
    runs it: each statement through EXECUTE, so planned at each run for the rows that run's
    transition tables hold. PL/pgSQL keeps a statement's plan for the session, and a query
    over transition tables has no parameter to plan it again for: a join of `new_rows` and
    `old_rows` planned for a one-row update ran as a nested loop for a thousand rows, 34 s
    instead of 1 s at 200,000 roles (docs/performance.md). Planning costs a one-row update
    about 1 ms."""
    statements = [statement.strip() for statement in sql.split(";") if statement.strip()]
    assert all("$planned$" not in statement for statement in statements)
    return "".join(f" EXECUTE $planned${statement}$planned$;" for statement in statements)


def word_id(word: str) -> int:
    """The id a word (a lexeme, or a vocabulary word) is logged under (WORD_ID in SQL)."""
    return int.from_bytes(hashlib.md5(word.encode()).digest()[:8], "big", signed=True)


def log_words(table: str, words: str) -> str:
    """SQL inserting one entry for the words `words` selects (a query with a `word` column),
    by their ids: what a page following some words of `table` looks up."""
    return _log(table, f"SELECT {WORD_ID.format(word='w.word')} AS id FROM ({words}) AS w")


@dataclass(frozen=True)
class AllBut:
    """A part of a table (`change_log_triggers`' `parts`) made of every column but `columns`
    (a column added later is in it, so a page that follows the part never misses a change),
    and of `expressions`, SQL over a row written `{row}`: what a left-out column says that a
    page does show (which rating thresholds a company's rating meets, not the rating)."""

    columns: tuple[str, ...]
    expressions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Span:
    """A part of a table (`change_log_triggers`' `parts`) logged by where its rows stand in
    an order rather than by row: `key`, SQL over a row written `{row}` giving an integer
    (NULL: none, logged as -1), and `ties`, the columns that order rows of one key. An
    updated row whose key or ties changed logs every key from its old one to its new one, so
    a page showing the rows of some keys of that order (a range) changes when a row may have
    moved into it, out of it or within it, and not when rows moved elsewhere."""

    key: str
    ties: tuple[str, ...] = ()


def part(table: str, name: str) -> str:
    """The name a part of `table` is logged under (`change_log_triggers`' `parts` and
    `parents`), as core.Change.table and as the page cache knows it: "jobs_job:board"."""
    return f"{table}:{name}"


def change_log_triggers(
    *,
    name: str,
    table: str,
    public: str = "",
    parts: dict[str, tuple[str, ...] | AllBut | Span] | None = None,
    parents: tuple[str, ...] = (),
    lexemes: dict[str, tuple[str, ...]] | None = None,
) -> list[pgtrigger.Trigger]:
    """Statement-level triggers logging what each statement on `table` changed into
    core.Change: inserted and deleted rows, and updated rows that differ from before (an
    UPDATE that rewrites a row as it was, such as a parent touched to derive again with the
    same result, logs nothing). With `public`, a condition on a row written with `{row}` for
    it ("{row}.status = 'published'"), only rows that meet it before or after count: a
    pending review changes no public page. TRUNCATE logs the table with no ids: everything
    may have changed.

    The same statement also logs, for a page that shows less than the whole table (the page
    cache, core.pagecache):
    - each of `parts` (name: columns, or AllBut(columns)) under `part(table, name)`, with the
      ids of the rows inserted, deleted, or updated in one of those columns: a list whose
      members and order depend on those columns alone is not changed by an edit of a role's
      description; a Span, with the keys its updated rows moved across (Span), and no ids
      (any may have changed) for rows inserted or deleted;
    - each of `parents` (a foreign key column) under `part(table, column)`, with the parents'
      ids (before and after) of the rows changed: a company's page shows its own reviews;
    - each of `lexemes` (name: tsvector columns) under `part(table, name)`, with the ids
      (`word_id`) of the lexemes the rows updated in those columns gained or lost (an empty
      list when their words only moved), and no ids (any may have changed) for rows inserted
      or deleted: which rows a text matches changes only with the rows holding its words,
      and a phrase's (whose words' order counts) with any change to them."""

    def where(row: str) -> str:
        return public.format(row=row) if public else "true"

    def after(suffix: str, operation, func: str, **referencing) -> pgtrigger.Trigger:
        return pgtrigger.Trigger(
            name=f"{name}_{suffix}",
            level=pgtrigger.Statement,
            when=pgtrigger.After,
            operation=operation,
            referencing=pgtrigger.Referencing(**referencing) if referencing else None,
            func=planned_each_run(func) + " RETURN NULL;",
        )

    parts = parts or {}
    differs = "n.* IS DISTINCT FROM o.*"
    either = f"(({where('n')}) OR ({where('o')}))"
    updated = f"FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE {differs} AND {either}"

    def columns(row: str, names: tuple[str, ...] | AllBut) -> str:
        if isinstance(names, AllBut):
            left_out = ", ".join(f"'{column}'" for column in names.columns)
            said = "".join(f", ({sql.format(row=row)})" for sql in names.expressions)
            return f"(to_jsonb({row}) - ARRAY[{left_out}]::text[]{said})"
        return "(" + ", ".join(f'{row}."{column}"' for column in names) + ")"

    def any_of(logged: str, rows: str) -> str:
        """SQL logging `logged` with no ids (any may have changed) when `rows` has any that
        are public."""
        return (
            'INSERT INTO core_change ("table", xid, ids, weight, folded, logged_at) '
            f"SELECT '{logged}', pg_current_xact_id()::text::bigint, NULL, 1, false, "
            f"clock_timestamp() FROM {rows} r WHERE {where('r')} HAVING count(*) > 0;"
        )

    inserted, deleted, changed = [], [], []
    for part_name, names in parts.items():
        logged = part(table, part_name)
        if isinstance(names, Span):
            inserted.append(any_of(logged, "new_rows"))
            deleted.append(any_of(logged, "old_rows"))
            new_key = f"coalesce(({names.key.format(row='n')}), -1)"
            old_key = f"coalesce(({names.key.format(row='o')}), -1)"
            moved = " OR ".join(
                [f"{new_key} <> {old_key}"]
                + [f"n.{column} IS DISTINCT FROM o.{column}" for column in names.ties]
            )
            changed.append(
                _log(
                    logged,
                    "SELECT k AS id FROM new_rows n JOIN old_rows o ON o.id = n.id "
                    f"CROSS JOIN LATERAL generate_series(least({new_key}, {old_key}), "
                    f"greatest({new_key}, {old_key})) AS k WHERE ({moved}) AND {either}",
                )
            )
            continue
        inserted.append(_log(logged, f"SELECT n.id FROM new_rows n WHERE {where('n')}"))
        deleted.append(_log(logged, f"SELECT o.id FROM old_rows o WHERE {where('o')}"))
        changed.append(
            _log(
                logged,
                "SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id "
                f"WHERE {columns('n', names)} IS DISTINCT FROM {columns('o', names)} "
                f"AND {either}",
            )
        )
    for parent in parents:
        logged = part(table, parent)
        inserted.append(
            _log(
                logged,
                f"SELECT n.{parent} AS id FROM new_rows n "
                f"WHERE n.{parent} IS NOT NULL AND {where('n')}",
            )
        )
        deleted.append(
            _log(
                logged,
                f"SELECT o.{parent} AS id FROM old_rows o "
                f"WHERE o.{parent} IS NOT NULL AND {where('o')}",
            )
        )
        changed.append(
            _log(
                logged,
                f"SELECT n.{parent} AS id {updated} AND n.{parent} IS NOT NULL "
                f"UNION SELECT o.{parent} AS id {updated} AND o.{parent} IS NOT NULL",
            )
        )
    for part_name, vectors in (lexemes or {}).items():
        logged = part(table, part_name)
        inserted.append(any_of(logged, "new_rows"))
        deleted.append(any_of(logged, "old_rows"))
        gained_or_lost = " UNION ALL ".join(
            "SELECT d.word FROM new_rows n JOIN old_rows o ON o.id = n.id CROSS JOIN LATERAL ("
            f"(SELECT unnest(tsvector_to_array(n.{v})) EXCEPT "
            f"SELECT unnest(tsvector_to_array(o.{v}))) UNION "
            f"(SELECT unnest(tsvector_to_array(o.{v})) EXCEPT "
            f"SELECT unnest(tsvector_to_array(n.{v})))) AS d(word) "
            f"WHERE n.{v} IS DISTINCT FROM o.{v} AND {either}"
            for v in vectors
        )
        # An entry whenever a row's words changed, with no ids when none was gained or lost
        # (their positions moved: a phrase may match where it did not).
        differ = " OR ".join(f"n.{v} IS DISTINCT FROM o.{v}" for v in vectors)
        changed.append(
            'INSERT INTO core_change ("table", xid, ids, weight, folded, logged_at) '
            f"SELECT '{logged}', pg_current_xact_id()::text::bigint, (SELECT "
            f"CASE WHEN count(*) > {MOST_IDS} THEN NULL ELSE coalesce(array_agg(DISTINCT "
            f"{WORD_ID.format(word='w.word')}), '{{}}') END FROM ({gained_or_lost}) AS w), "
            "1, false, clock_timestamp() WHERE EXISTS (SELECT FROM new_rows n JOIN old_rows o "
            f"ON o.id = n.id WHERE ({differ}) AND {either});"
        )
    logged_names = [
        table,
        *(part(table, p) for p in parts),
        *(part(table, p) for p in parents),
        *(part(table, p) for p in lexemes or {}),
    ]
    return [
        after(
            "ins",
            pgtrigger.Insert,
            _log(table, f"SELECT n.id FROM new_rows n WHERE {where('n')}") + "".join(inserted),
            new="new_rows",
        ),
        after(
            "upd",
            pgtrigger.Update,
            _log(table, f"SELECT n.id {updated}") + "".join(changed),
            old="old_rows",
            new="new_rows",
        ),
        after(
            "del",
            pgtrigger.Delete,
            _log(table, f"SELECT o.id FROM old_rows o WHERE {where('o')}") + "".join(deleted),
            old="old_rows",
        ),
        after(
            "trunc",
            pgtrigger.Truncate,
            "".join(
                'INSERT INTO core_change ("table", xid, ids, weight, folded, logged_at) '
                f"VALUES ('{logged}', pg_current_xact_id()::text::bigint, NULL, 1, false, "
                "clock_timestamp());"
                for logged in logged_names
            ),
        ),
    ]


def versions() -> dict[str, int]:
    """Each logged table's version (a table never written has none: 0)."""
    with connection.cursor() as cursor:
        cursor.execute('SELECT "table", sum(weight) FROM core_change GROUP BY "table"')
        return {table: int(total) for table, total in cursor.fetchall()}


@dataclass(frozen=True)
class Changed:
    """What the transactions a snapshot did not see changed in some tables, as of `snapshot`
    (a later one): per table the ids, or None for a table of which that cannot be told (too
    many rows, folded entries, a truncation). `writer` is the reading transaction's own id
    when it has written: its own writes are then read, but what was read is not committed."""

    snapshot: str
    ids: dict[str, set[int] | None]
    writer: int | None = None
    # The newest entry the reading transaction wrote itself (0: none), and what the other
    # transactions alone changed: an index that has read every write of its own transaction
    # up to that entry needs only those (jobs.board).
    own_latest: int = 0
    others: dict[str, set[int] | None] = field(default_factory=dict)
    # The `versions_of` tables asked for with it: each one's version and newest entry's id.
    versions: dict[str, tuple[int, int]] = field(default_factory=dict)


def current_snapshot() -> tuple[str, int | None]:
    """This statement's snapshot, and this transaction's id when it has written."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_current_snapshot()::text, pg_current_xact_id_if_assigned()::text::bigint"
        )
        return cursor.fetchone()


# The newest change-log entry the running transaction wrote itself, to any table (0: none),
# as SQL.
OWN_LATEST = (
    "(SELECT coalesce(max(id), 0) FROM core_change "
    "WHERE xid = pg_current_xact_id_if_assigned()::text::bigint)"
)


# Per table among %(versions_of)s, its version and its newest entry's id, as JSON.
VERSIONS_SQL = (
    "(SELECT coalesce(json_agg(json_build_array(t, total, newest)), '[]') FROM "
    '(SELECT "table" AS t, sum(weight) AS total, max(id) AS newest FROM core_change '
    'WHERE "table" = ANY(%(versions_of)s) GROUP BY "table") AS v)'
)


def changes_since(snapshot: str, tables: list[str], versions_of: Sequence[str] = ()) -> Changed:
    """The rows of `tables` changed by the transactions `snapshot` did not see, and by this
    transaction itself if it has written (a snapshot taken inside a transaction counts that
    transaction's later writes as seen), as visible now, with the snapshot they are read in.
    Reading a change again later is harmless; missing one is impossible: a transaction that
    commits after the returned snapshot is not visible in it, so the next call, given it,
    reads that transaction's entries. With `versions_of`, those tables' versions too, in the
    same query (what core.kept looks at)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH reader AS (SELECT pg_current_snapshot() AS now, "
            f"pg_current_xact_id_if_assigned()::text::bigint AS writer, {OWN_LATEST} AS own, "
            f"{VERSIONS_SQL} AS versions) "
            'SELECT reader.now::text, reader.writer, reader.own, reader.versions, "table", '
            "ids, folded, xid FROM reader LEFT JOIN core_change ON "
            '"table" = ANY(%(tables)s) AND ('
            "(xid >= pg_snapshot_xmin(%(snapshot)s::pg_snapshot)::text::bigint "
            "AND NOT pg_visible_in_snapshot(xid::text::xid8, %(snapshot)s::pg_snapshot)) "
            "OR xid = reader.writer)",
            {"snapshot": snapshot, "tables": tables, "versions_of": list(versions_of)},
        )
        rows = cursor.fetchall()
    now, writer, own_latest, versions = rows[0][:4]
    ids: dict[str, set[int] | None] = {}
    others: dict[str, set[int] | None] = {}
    for _, _, _, _, table, changed, folded, xid in rows:
        if table is None:
            continue
        for found in (ids,) if xid == writer else (ids, others):
            if folded:
                # If the snapshot saw every write folded into it, nothing in it is new.
                if saw_all_folded(snapshot, changed, xid):
                    continue
                found[table] = None
            elif changed is None:
                found[table] = None
            elif (known := found.setdefault(table, set())) is not None:
                known.update(changed)
    kept = {table: (int(total), int(newest)) for table, total, newest in versions}
    return Changed(now, ids, writer, own_latest, others, kept)


def saw_all_folded(snapshot: str, ids: list[int] | None, xid: int) -> bool:
    """Whether `snapshot` saw every write a folded entry (its `ids` and `xid`) stands for:
    every transaction up to the newest one folded had ended when it was taken. (A
    transaction that wrote before a snapshot and committed after it may be folded with newer
    ones the snapshot saw: then it had not ended.)"""
    newest = ids[0] if ids else xid  # entries folded before the newest was kept in `ids`
    return newest < int(snapshot.split(":", 1)[0])


def compact(older_than_seconds: int = COMPACT_AFTER_SECONDS) -> int:
    """Fold each table's entries older than `older_than_seconds` into one entry of the same
    total weight, in one transaction (so no version moves). The folded entry is written by
    this transaction, so a reader finds it once, at its first look after this commits, like
    any write; its `ids` hold the newest transaction folded, so that reader can tell whether
    its previous look saw all of them (`saw_all_folded`). Returns how many entries went. One
    process at a time; others return 0."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [COMPACT_LOCK])
        if not cursor.fetchone()[0]:
            return 0
        cursor.execute(
            "WITH gone AS (DELETE FROM core_change WHERE logged_at < clock_timestamp() - "
            'make_interval(secs => %s) RETURNING "table", xid, ids, weight, folded), '
            'folded AS (INSERT INTO core_change ("table", xid, ids, weight, folded, logged_at) '
            'SELECT "table", pg_current_xact_id()::text::bigint, '
            f"ARRAY[max({NEWEST_FOLDED.format(entry='gone')})], sum(weight), true, "
            'clock_timestamp() FROM gone GROUP BY "table" RETURNING 1) '
            "SELECT (SELECT count(*) FROM gone) - (SELECT count(*) FROM folded)",
            [older_than_seconds],
        )
        return cursor.fetchone()[0]


def fold_vocabulary() -> int:
    """Add the search vocabulary's pending changes (core.SearchWordDelta) to its counts, and
    drop the words no document holds any more. Returns how many changes were folded. One
    process at a time; others return 0."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [FOLD_LOCK])
        if not cursor.fetchone()[0]:
            return 0
        cursor.execute(
            "WITH gone AS (DELETE FROM core_searchworddelta RETURNING word, delta), "
            "summed AS (SELECT word, sum(delta) AS delta FROM gone GROUP BY word), "
            "added AS (INSERT INTO core_searchword (word, documents) "
            "SELECT word, delta FROM summed WHERE delta <> 0 "
            "ON CONFLICT (word) DO UPDATE "
            "SET documents = core_searchword.documents + EXCLUDED.documents RETURNING 1) "
            "SELECT (SELECT count(*) FROM gone), (SELECT count(*) FROM added)"
        )
        folded = cursor.fetchone()[0]
        cursor.execute("DELETE FROM core_searchword WHERE documents <= 0")
        return folded
