"""For you's order (jobs.ranking.BestFirst), worked out a slice at a time, against a stable
sort of every row by score."""

import random

import numpy as np
import pytest

from jobs.ranking import BestFirst


@pytest.mark.parametrize("seed", range(20))
def test_any_slice_is_that_slice_of_every_row_sorted_best_first(seed):
    chance = random.Random(seed)
    size = chance.choice([0, 1, 7, 500, 3000])
    most = chance.choice([0, 1, 5, 30])
    rows = np.sort(np.array(chance.sample(range(10 * size + 1), size), dtype=np.int64))
    scores = np.array([chance.randint(0, most) for _ in range(size)], dtype=np.int16)
    values = np.arange(10 * size + 1, dtype=np.int64) * 7  # what the rows map to (ids)
    expected = rows[np.argsort(-scores, kind="stable")]
    ordered = BestFirst(rows, scores)
    assert len(ordered) == size
    assert ordered[:].tolist() == expected.tolist()
    for _ in range(30):
        start, stop = sorted(chance.randint(0, size + 5) for _ in range(2))
        assert ordered[start:stop].tolist() == expected[start:stop].tolist(), (start, stop)
        assert ordered.mapped(values)[start:stop].tolist() == values[expected[start:stop]].tolist()
    for at_least in range(-1, most + 2):
        assert ordered.scoring(at_least) == int(np.count_nonzero(scores >= at_least))
    assert ordered.best == (int(scores.max()) if size else 0)
