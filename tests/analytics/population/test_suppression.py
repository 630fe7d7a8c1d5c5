"""Small-number suppression: primary (7 or fewer), rounding to 5, secondary via the total."""

import pytest

from locality.analytics.population import suppression
from locality.analytics.population.suppression import display, safe_cells, safe_count


@pytest.mark.parametrize(
    ("count", "shown"),
    [(0, None), (1, None), (7, None), (8, 10), (10, 10), (12, 10), (13, 15), (102, 100)],
)
def test_safe_count_suppresses_and_rounds(count, shown):
    assert safe_count(count) == shown


def test_safe_count_constants_and_negative():
    assert (suppression.SUPPRESS_AT_OR_BELOW, suppression.ROUND_TO) == (7, 5)
    with pytest.raises(ValueError, match="cannot be negative"):
        safe_count(-1)


def test_safe_cells_without_total_only_primary():
    assert safe_cells({"a": 3, "b": 40}) == ({"a": None, "b": 40}, None)


def test_safe_cells_one_suppressed_hides_the_smallest_other():
    cells = {"a": 30, "b": 2, "c": 12, "d": 12}
    # c and d tie at 12: the label breaks the tie
    assert safe_cells(cells, total=56) == ({"a": 30, "b": None, "c": None, "d": 10}, 55)


def test_safe_cells_two_suppressed_are_enough():
    cells = {"a": 30, "b": 2, "c": 5, "d": 12}
    assert safe_cells(cells, total=49) == ({"a": 30, "b": None, "c": None, "d": 10}, 50)


def test_safe_cells_nothing_suppressed_nothing_added():
    assert safe_cells({"a": 8, "b": 9}, total=17) == ({"a": 10, "b": 10}, 15)


def test_safe_cells_small_total_hides_every_cell():
    assert safe_cells({"a": 0, "b": 7}, total=7) == ({"a": None, "b": None}, None)


def test_safe_cells_total_must_be_the_sum():
    with pytest.raises(ValueError, match="not the sum"):
        safe_cells({"a": 8}, total=9)


def test_display_symbol():
    assert [display(v) for v in (None, 15)] == ["[c]", "15"]
