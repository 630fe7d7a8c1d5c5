"""Small-number suppression: every aggregate count passes here before it leaves the library.

Primary: a count of :data:`SUPPRESS_AT_OR_BELOW` (7) or fewer, zero included, is suppressed
(``None``, shown as :data:`SYMBOL`); any other count is rounded to the nearest
:data:`ROUND_TO` (5). Counts are whole numbers, so there are no halves to break.

Secondary: when a table shows its total, a single suppressed cell could be worked out as the
total minus the other cells. So when the total is shown and exactly one cell is suppressed, the
smallest other cell (by its true count, then by label) is suppressed too. The total itself is
suppressed and rounded like any cell, from the true total; if it is suppressed, so is every
cell (none can exceed it). Suppressed cells together can still be estimated from the total,
but never a single one of them.

>>> [safe_count(n) for n in (0, 7, 8, 12, 13)]
[None, None, 10, 10, 15]
>>> safe_cells({"a": 3, "b": 40, "c": 9}, total=52)
({'a': None, 'b': 40, 'c': None}, 50)
"""

from __future__ import annotations

from collections.abc import Mapping

SUPPRESS_AT_OR_BELOW = 7
ROUND_TO = 5
SYMBOL = "[c]"  # GSS guidance symbol for a value withheld for confidentiality


def safe_count(count: int) -> int | None:
    """``None`` for a small count, otherwise the count rounded to the nearest ``ROUND_TO``."""
    if count < 0:
        raise ValueError(f"a count cannot be negative: {count}")
    if count <= SUPPRESS_AT_OR_BELOW:
        return None
    return (count + ROUND_TO // 2) // ROUND_TO * ROUND_TO


def safe_cells(
    cells: Mapping[str, int], total: int | None = None
) -> tuple[dict[str, int | None], int | None]:
    """The cells and their total (when given), suppressed and rounded; see the module notes."""
    shown = {label: safe_count(n) for label, n in cells.items()}
    if total is None:
        return shown, None
    if total != sum(cells.values()):
        raise ValueError(f"the total {total} is not the sum of the cells")
    safe_total = safe_count(total)
    if safe_total is None:
        return dict.fromkeys(cells), None
    hidden = [label for label, value in shown.items() if value is None]
    if len(hidden) == 1 and len(cells) > 1:
        rest = sorted((n, label) for label, n in cells.items() if shown[label] is not None)
        shown[rest[0][1]] = None
    return shown, safe_total


def display(value: int | None) -> str:
    return SYMBOL if value is None else str(value)
