"""Error messages come from the core, converted in one place: they name the argument, its value,
the rule it broke and, for an array, the element's index (in the array's own shape).

Expected texts are written out from each function's documented rule, not copied from output."""

import numpy as np
import pytest

from reelscore import ReelscoreError
from reelscore import engage as e


def test_scalar_argument_names_value_and_range():
    with pytest.raises(ReelscoreError) as info:
        e.half_life_decay([0.0, 3.0], half_life=0)
    assert str(info.value) == "half_life_decay: half_life = 0 is invalid: must be finite and > 0"
    assert isinstance(info.value, ValueError)


def test_array_argument_names_element_index_value_and_rule():
    with pytest.raises(ReelscoreError) as info:
        e.half_life_decay([0.0, 5.0, -2.0], [1.0, 2.0, 3.0], half_life=10)
    assert str(info.value) == "age (index 2) = -2 is invalid: must be finite and >= 0"
    with pytest.raises(ReelscoreError) as info:
        e.completion_rate([1, 2, 5], [4, 4, 4])
    assert str(info.value) == "completions (index 2) = 5 exceeds views = 4"


def test_element_of_a_2d_array_is_located_by_row_and_column():
    counts = np.array([[3.0, 1.0, 0.0], [2.0, -1.0, 4.0]])
    with pytest.raises(ReelscoreError) as info:
        e.star_rating_sort(counts)
    assert str(info.value) == "counts (index (1, 1)) = -1 is invalid: must be finite and >= 0"
    with pytest.raises(ReelscoreError) as info:
        e.wilson_lower_bound([[1, 2], [3, 9]], [[5, 5], [5, 5]])
    assert str(info.value) == "successes (index (1, 1)) = 9 exceeds totals = 5"
