"""The p-center problem: open p sites so that the furthest demand point is as near as it can
be; with a lower bound.

The optimum is one of the costs in the matrix, so the search runs over the sorted distinct
costs r, asking "can p sites (the fixed ones among them) reach every point within r?" - a set
cover question:

- heuristic: a greedy set cover at each r (binary search), the smallest r whose greedy cover
  needs p sites or fewer gives a solution; then
- exact (``EXACT_LIMIT`` cells or fewer): the least number of sites covering all points
  within r by HiGHS (``scipy.optimize.milp``), binary search between the lower bound and the
  heuristic's r; the answer is optimal;
- bound (larger instances): the same binary search on the set cover's linear relaxation
  (``scipy.optimize.linprog``): an r at which even fractional sites need more than p is below
  the optimum.

``demand`` marks the points that count (LSOAs with residents).

>>> import numpy as np
>>> cost = np.array([[0, 5, 9], [3, 2, 8], [9, 4, 1], [8, 9, 0.0]])
>>> result = solve(cost, np.ones(4, bool), 2)
>>> (result.chosen, result.value, result.bound)
((0, 2), 3.0, 3.0)
"""

from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_matrix

EXACT_LIMIT = 1_000_000
TIME_LIMIT_S = 30.0


@dataclass(frozen=True)
class Center:
    chosen: tuple[int, ...]
    value: float  # worst cost from a demand point to its nearest chosen site
    bound: float  # no choice of p sites does better
    method: str

    @property
    def gap(self) -> float:
        return 0.0 if self.value <= 0 else max(0.0, (self.value - self.bound) / self.value)


def worst(cost: np.ndarray, chosen) -> float:
    return float(cost[:, list(chosen)].min(axis=1).max())


def solve(cost, demand, p: int, fixed=(), method: str = "auto") -> Center:
    cost = np.asarray(cost, dtype=float)[np.asarray(demand, dtype=bool)]
    fixed = tuple(sorted({int(f) for f in fixed}))
    m = cost.shape[1]
    if not 1 <= p <= m or len(fixed) > p:
        raise ValueError(f"p = {p}: must be between the {len(fixed)} fixed and all {m} sites")
    if not len(cost):
        chosen = tuple(sorted(set(fixed) | set(range(m))))[:p]
        return Center(chosen, 0.0, 0.0, "no demand")
    # the optimum is at least what the fixed sites and the best single site for each point give
    radii = np.unique(cost)
    floor = float(cost.min(axis=1).max())
    radii = radii[radii >= floor]
    chosen = _search(radii, lambda r: _greedy_cover(cost <= r, p, fixed))
    value = worst(cost, chosen)
    exact = method == "exact" or (method == "auto" and cost.size <= EXACT_LIMIT)
    below = radii[radii < value]
    if exact:
        found = _search(below, lambda r: _exact_cover(cost <= r, p, fixed))
        if found is not None:
            chosen, value = found, worst(cost, found)
        return Center(tuple(sorted(chosen)), value, value, "exact (HiGHS set cover)")
    # the smallest r at which even fractional sites fit in p bounds the optimum below
    fits = _search(below, lambda r: r if _fractional_cover(cost <= r, p, fixed) else None)
    bound = value if fits is None else float(fits)
    return Center(tuple(sorted(chosen)), value, bound, "greedy set cover")


def _search(radii, attempt):
    """The answer of ``attempt`` at the smallest radius where it succeeds (binary search)."""
    low, high, best = 0, len(radii) - 1, None
    while low <= high:
        middle = (low + high) // 2
        found = attempt(radii[middle])
        if found is not None:
            best, high = found, middle - 1
        else:
            low = middle + 1
    return best


def _greedy_cover(covers, p, fixed):
    chosen = list(fixed)
    reached = covers[:, chosen].any(axis=1) if chosen else np.zeros(len(covers), bool)
    while not reached.all():
        if len(chosen) >= p:
            return None
        gains = covers[~reached].sum(axis=0)
        best = int(np.argmax(gains))
        if gains[best] == 0:
            return None
        chosen.append(best)
        reached |= covers[:, best]
    others = [j for j in range(covers.shape[1]) if j not in chosen]
    return chosen + others[: p - len(chosen)]


def _cover_programme(covers, fixed):
    m = covers.shape[1]
    if not covers.any(axis=1).all():
        return None
    lower = np.zeros(m)
    lower[list(fixed)] = 1.0
    constraint = LinearConstraint(csr_matrix(covers.astype(float)), 1.0, np.inf)
    return np.ones(m), constraint, Bounds(lower, np.ones(m))


def _exact_cover(covers, p, fixed):
    programme = _cover_programme(covers, fixed)
    if programme is None:
        return None
    objective, constraint, bounds = programme
    result = milp(
        objective,
        constraints=[constraint],
        integrality=np.ones(len(objective)),
        bounds=bounds,
        options={"time_limit": TIME_LIMIT_S},
    )
    if result.x is None or result.status != 0 or result.fun > p + 1e-6:
        return None
    chosen = [int(j) for j in np.flatnonzero(result.x > 0.5)]
    others = [j for j in range(covers.shape[1]) if j not in chosen]
    return chosen + others[: p - len(chosen)]


def _fractional_cover(covers, p, fixed) -> bool:
    programme = _cover_programme(covers, fixed)
    if programme is None:
        return False
    objective, constraint, bounds = programme
    result = linprog(
        objective,
        A_ub=-constraint.A,
        b_ub=-np.ones(covers.shape[0]),
        bounds=list(zip(bounds.lb, bounds.ub, strict=True)),
        method="highs",
    )
    return result.status == 0 and result.fun <= p + 1e-6
