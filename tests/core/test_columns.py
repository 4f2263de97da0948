"""The in-memory indexes' column masks (core.columns) against the rule written out in Python."""

import random

import numpy as np
import pytest

from core import columns

CHOICES = [f"value-{n}" for n in range(12)]


@pytest.mark.parametrize("how_many", [0, 1, 2, columns.FEW_VALUES, columns.FEW_VALUES + 1, 12])
def test_a_choice_mask_keeps_the_rows_whose_value_is_asked_for(how_many):
    chance = random.Random(how_many)
    # Codes are positions among the choices, -1 for a value that is none of them.
    codes = np.array([chance.randrange(-1, len(CHOICES)) for _ in range(5000)], dtype=np.int8)
    asked = chance.sample(CHOICES, how_many)
    expected = [code >= 0 and CHOICES[code] in asked for code in codes.tolist()]
    assert columns.choice_mask(codes, CHOICES, asked).tolist() == expected
    assert columns.choice_mask(codes, CHOICES, asked + asked).tolist() == expected
