"""Keeping derived data right whichever door writes.

Two kinds of derived value live in this codebase:

- Values only Python can compute (Markdown rendered to sanitised HTML, a table of contents)
  are computed by the model itself in `save()`, and by its QuerySet's `bulk_create()` and
  `bulk_update()`. `QuerySet.update()` cannot run Python per row, so it refuses to change the
  source fields, and a check constraint makes the database refuse any other write (raw SQL,
  another program) that changes the source without the HTML: each row stores the MD5 of the
  source its HTML was rendered from, and the database checks that it matches.
- Values the database can compute (aggregates over child rows) are kept by triggers: see
  `touch_parent_triggers`.
"""

import hashlib
from contextvars import ContextVar

import pgtrigger
from django.db import models
from django.db.models import Q
from django.db.models.functions import MD5

from core import changes

# Set while bulk_update() writes rows it has just derived, so its internal update() may
# write the source fields that a caller's update() may not.
_writing_derived = ContextVar("writing_derived", default=False)


def source_hash(source: str) -> str:
    """The MD5 of a Markdown source, as PostgreSQL's md5() computes it."""
    return hashlib.md5((source or "").encode()).hexdigest()


def rendered_from_check(source_field: str, *, name: str) -> models.CheckConstraint:
    """The stored HTML was rendered from the stored source: a write that changes one without
    the other, from whatever door, is refused by the database."""
    return models.CheckConstraint(condition=Q(rendered_from=MD5(source_field)), name=name)


def rendered_from_field() -> models.CharField:
    return models.CharField(
        max_length=32,
        editable=False,
        default="",
        help_text="MD5 of the Markdown the stored HTML was rendered from.",
    )


class DerivesOnSave(models.Model):
    """A model whose stored fields `DERIVED_FIELDS` are computed from `DERIVED_FROM` by
    `derive()`, on every save and bulk write, so no caller has to remember to."""

    DERIVED_FROM: tuple[str, ...] = ()
    DERIVED_FIELDS: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.derive()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.DERIVED_FROM):
            kwargs["update_fields"] = {*update_fields, *self.DERIVED_FIELDS}
        super().save(*args, **kwargs)

    def validate_constraints(self, exclude=None):
        # Model forms check the constraints, the rendered-from check among them, before
        # saving: derive first, as save() will.
        self.derive()
        super().validate_constraints(exclude=exclude)

    def derive(self, *, force: bool = False) -> None:
        raise NotImplementedError


class DerivedQuerySet[M: DerivesOnSave](models.QuerySet[M, M]):
    """The QuerySet of a `DerivesOnSave` model: bulk writes derive too, and `update()` refuses
    to change a source field, since it cannot derive."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.derive()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        fields = list(fields)
        if set(fields) & set(self.model.DERIVED_FROM):
            for obj in objs:
                obj.derive()
            fields += [name for name in self.model.DERIVED_FIELDS if name not in fields]
        token = _writing_derived.set(True)
        try:
            return super().bulk_update(objs, fields, *args, **kwargs)
        finally:
            _writing_derived.reset(token)

    def update(self, **kwargs):
        sources = sorted(set(kwargs) & set(self.model.DERIVED_FROM))
        if sources and not _writing_derived.get():
            raise TypeError(
                f"{self.model.__name__}.objects.update() cannot change {', '.join(sources)}: "
                f"{', '.join(self.model.DERIVED_FIELDS)} are derived from them in Python. "
                "Change the objects and save() them, or use bulk_update()."
            )
        return super().update(**kwargs)


# The transition tables of each statement-level trigger: PostgreSQL allows them only on a
# single-event trigger, so a table that reacts to inserts, updates and deletes needs three.
_CHANGES = [
    ("ins", pgtrigger.Insert, pgtrigger.Referencing(new="new_rows"), ("new_rows",)),
    (
        "upd",
        pgtrigger.Update,
        pgtrigger.Referencing(old="old_rows", new="new_rows"),
        ("new_rows", "old_rows"),
    ),
    ("del", pgtrigger.Delete, pgtrigger.Referencing(old="old_rows"), ("old_rows",)),
]


def statement_triggers(*, name: str, body) -> list[pgtrigger.Trigger]:
    """Three statement-level AFTER triggers (insert, update, delete), each running
    `body(tables)`: the function's SQL given the names of its transition tables, "new_rows"
    and/or "old_rows". One run per statement, however many rows it changed."""
    return [
        pgtrigger.Trigger(
            name=f"{name}_{suffix}",
            level=pgtrigger.Statement,
            when=pgtrigger.After,
            operation=operation,
            referencing=referencing,
            func=body(tables),
        )
        for suffix, operation, referencing, tables in _CHANGES
    ]


def _changed_rows(tables, columns: tuple[str, ...], relevant: str) -> dict[str, str]:
    """Per transition table, SQL selecting its rows that matter: every inserted or deleted row
    that is `relevant` (a condition with `{row}`), and of an update's rows those whose
    `columns` changed and that are relevant before or after."""

    def where(row: str) -> str:
        return relevant.format(row=row) if relevant else "true"

    if tables == ("new_rows", "old_rows"):
        differs = " OR ".join(f"n.{c} IS DISTINCT FROM o.{c}" for c in columns)
        pairs = (
            "new_rows n JOIN old_rows o ON o.id = n.id "
            f"WHERE ({differs}) AND (({where('n')}) OR ({where('o')}))"
        )
        return {"new_rows": f"SELECT n.* FROM {pairs}", "old_rows": f"SELECT o.* FROM {pairs}"}
    return {table: f"SELECT r.* FROM {table} r WHERE {where('r')}" for table in tables}


def touch_triggers(
    *, name: str, statement: str, column: str, columns: tuple[str, ...], relevant: str = ""
) -> list[pgtrigger.Trigger]:
    """Statement-level triggers that run `statement` once after an INSERT, UPDATE or DELETE,
    with `{changed}` in it standing for the values of `column` in the rows changed (old and
    new), so rows derived from them elsewhere are touched and derive again. Only rows that
    matter count: an update that changes none of `columns`, or a row that is not `relevant`
    (a condition on `{row}`) before or after, touches nothing."""

    def body(tables) -> str:
        rows = _changed_rows(tables, columns, relevant)
        changed = " UNION ".join(f"SELECT {column} FROM ({sql}) AS r" for sql in rows.values())
        return statement.format(changed=changed) + "; RETURN NULL;"

    return statement_triggers(name=name, body=body)


def touch_parent_triggers(
    *, name: str, parent_table: str, key: str, columns: tuple[str, ...], relevant: str = ""
) -> list[pgtrigger.Trigger]:
    """Triggers on a child table that "touch" (update in place) every parent row whose
    children a statement changed in what the parent derives from them (`columns`, the key
    among them), so that the parent's own BEFORE UPDATE trigger recomputes: one touch per
    parent, however many rows changed."""
    return touch_triggers(
        name=name,
        statement=f"UPDATE {parent_table} SET id = id WHERE id IN ({{changed}})",
        column=key,
        columns=columns,
        relevant=relevant,
    )


def lexicon_triggers(*, name: str, text: str) -> list[pgtrigger.Trigger]:
    """Statement-level triggers that record, for core.SearchWord's document counts, the words
    of `text` (an SQL expression over the table's columns) that a statement added to or
    removed from its rows: lower-cased tokens of the 'simple' text-search configuration,
    counted once per row. Only rows whose text changed count, and only words whose count
    changed are recorded, as new rows of core.SearchWordDelta: no two writers ever wait on
    one word. Those words are logged too (core.changes.VOCABULARY), for the pages whose
    query a correction read them for."""

    def words(rows: str, sign: int) -> str:
        return (
            f"SELECT w.word, {sign} AS n FROM ({rows}) AS r, "
            "unnest(tsvector_to_array(to_tsvector('simple', r.doc))) AS w(word)"
        )

    def docs(table: str) -> str:
        return f"SELECT id, {text} AS doc FROM {table}"

    def body(tables) -> str:
        if tables == ("new_rows", "old_rows"):
            pairs = (
                f"({docs('new_rows')}) n JOIN ({docs('old_rows')}) o ON o.id = n.id "
                "WHERE n.doc IS DISTINCT FROM o.doc"
            )
            parts = [
                words(f"SELECT n.doc FROM {pairs}", 1),
                words(f"SELECT o.doc FROM {pairs}", -1),
            ]
        else:
            sign = 1 if tables == ("new_rows",) else -1
            parts = [words(docs(tables[0]), sign)]
        return (
            "WITH counted AS (INSERT INTO core_searchworddelta (word, delta) SELECT word, sum(n) "
            "FROM (" + " UNION ALL ".join(parts) + ") AS d WHERE char_length(word) <= 100 "
            "GROUP BY word HAVING sum(n) <> 0 RETURNING word) "
            + changes.log_words(changes.VOCABULARY, "SELECT word FROM counted")
            + " RETURN NULL;"
        )

    return statement_triggers(name=name, body=body)
