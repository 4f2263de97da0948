"""Pieces of an in-memory column index (the board's, jobs/board.py) that know nothing of what
it holds: columns read from PostgreSQL as one comma-separated text, set-valued columns as a
membership matrix, and the rows a set of filters keeps, each filter a boolean mask."""

from collections.abc import Iterable, Sequence
from functools import cached_property

import numpy as np
from django.db import connection, models


def numbers(text: str | None, dtype) -> np.ndarray:
    """A column sent by PostgreSQL as one comma-separated text (`string_agg`), parsed by
    NumPy rather than built from thousands of Python objects."""
    return np.fromstring(text, dtype=dtype, sep=",") if text else np.zeros(0, dtype=dtype)


def ids_of(queryset) -> np.ndarray:
    """The ids of a QuerySet's rows, sent by PostgreSQL as one text that NumPy parses rather
    than as a row each."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT string_agg(pk::text, ',') FROM ({sql}) AS found(pk)", params)
        text = cursor.fetchone()[0]
    return numbers(text, np.int64)


def epoch_micros(field: str) -> models.Func:
    """A moment as whole microseconds since the epoch, exactly: how the indexes keep them."""
    return models.Func(
        models.F(field),
        template="(extract(epoch FROM %(expressions)s) * 1000000)::bigint",
        output_field=models.BigIntegerField(),
    )


def membership(sets: Sequence[Iterable[str]]) -> tuple[list[str], np.ndarray]:
    """The labels any of `sets` holds, sorted, and a set × label matrix of 1 where the set
    holds the label: a count per set times the matrix is a count per label."""
    labels = sorted({label for labels in sets for label in labels})
    position = {label: i for i, label in enumerate(labels)}
    matrix = np.zeros((len(sets), len(labels)), dtype=np.int64)
    for i, held in enumerate(sets):
        matrix[i, [position[label] for label in held]] = 1
    return labels, matrix


def choice_mask(codes: np.ndarray, choices: list[str], values) -> np.ndarray:
    """Rows whose code (a value's position among `choices`, -1 for an unknown one) is among
    `values`. A few values are compared one by one (each comparison of small codes takes a
    twentieth of the time of looking every row's code up in a table); many, looked up in a
    table with one slot per choice and a last one, always False, that the code -1 reaches."""
    wanted = sorted({list(choices).index(value) for value in values})
    if len(wanted) > FEW_VALUES:
        allowed = np.zeros(len(choices) + 1, dtype=bool)
        allowed[wanted] = True
        return allowed[codes]
    mask = np.zeros(len(codes), dtype=bool)
    for code in wanted:
        mask |= codes == code
    return mask


# Up to how many values choice_mask compares rows with one by one.
FEW_VALUES = 8


def holds_all(labels: list[str], matrix: np.ndarray, wanted) -> np.ndarray:
    """Rows of a membership matrix (see `membership`) that hold every label in `wanted`; none
    when one of them is held by no row at all."""
    position = {label: i for i, label in enumerate(labels)}
    if any(label not in position for label in wanted):
        return np.zeros(len(matrix), dtype=bool)
    return matrix[:, [position[label] for label in wanted]].astype(bool).all(axis=1)


class FilteredRows:
    """The rows of an index that a set of filters keep. `masks` maps each applied filter to
    a boolean mask over the rows; `base` keeps the rows that count at all (every row when
    None). A facet counts over the rows every other filter keeps: `without(its name)`."""

    def __init__(self, size: int, masks: dict[str, np.ndarray], base: np.ndarray | None = None):
        self.base = np.ones(size, dtype=bool) if base is None else base
        self.masks = masks

    def without(self, *names: str) -> np.ndarray:
        mask = self.base.copy()
        for name, kept in self.masks.items():
            if name not in names:
                mask &= kept
        return mask

    @cached_property
    def rows(self) -> np.ndarray:
        return self.without()

    def count(self) -> int:
        return int(np.count_nonzero(self.rows))
