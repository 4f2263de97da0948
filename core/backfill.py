"""Filling in a column on a table that is being served: a data migration's statement run for
a batch of rows at a time, each batch in a transaction of its own, so that no writer waits on
the whole table (docs/deploy.md, 'Migrations at scale')."""

from django.db import transaction

BATCH = 500


def in_batches(schema_editor, sql: str, ids: list, size: int = BATCH) -> None:
    """Run `sql`, whose one parameter is a list of ids (`= ANY(%s)`), for `size` of `ids` at a
    time, each in its own transaction. The migration that calls it says `atomic = False`."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for start in range(0, len(ids), size):
            with transaction.atomic(using=connection.alias):
                cursor.execute(sql, [ids[start : start + size]])
