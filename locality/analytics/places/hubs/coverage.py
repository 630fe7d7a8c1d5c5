"""Maximal coverage (Church & ReVelle 1974): open p sites to reach the most weighted demand
within a radius, with a bound on the best possible.

``covers`` is a boolean matrix (n demand points x m sites: site j reaches point i), ``weights``
one per point, ``fixed`` sites open in every solution.

- ``exact`` (``EXACT_LIMIT`` cells or fewer): the integer programme
  max sum w_i z_i  s.t.  z_i <= sum_{j reaches i} y_j,  sum y_j = p,  y binary, z in [0, 1],
  fixed y_j = 1, solved by HiGHS (``scipy.optimize.milp``) to proven optimality (its bound is
  its value) or, at the time limit, with HiGHS's own dual bound.
- otherwise ``greedy``: add the site reaching the most weight not yet reached, then 1-swaps
  while one gains. The value is monotone submodular, so for any set S the optimum is at most
  value(S) + the sum of the p largest single-site gains over S (the "online" bound of Minoux
  and of Leskovec et al. 2007); it is evaluated at every greedy step and after the swaps, and
  the smallest is kept.

>>> import numpy as np
>>> covers = np.array([[1, 0, 0], [1, 1, 0], [0, 1, 1], [0, 0, 1]], dtype=bool)
>>> result = solve(covers, np.array([5.0, 1, 1, 5]), 2)
>>> (result.chosen, result.value, result.gap)
((0, 2), 12.0, 0.0)
"""

from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix, hstack, identity

EXACT_LIMIT = 2_000_000
TIME_LIMIT_S = 60.0


@dataclass(frozen=True)
class Cover:
    chosen: tuple[int, ...]
    value: float  # weight reached
    bound: float  # no choice of p sites reaches more
    method: str

    @property
    def gap(self) -> float:
        return 0.0 if self.bound <= 0 else max(0.0, (self.bound - self.value) / self.bound)


def value_of(covers: np.ndarray, weights: np.ndarray, chosen) -> float:
    chosen = list(chosen)
    return float(weights[covers[:, chosen].any(axis=1)].sum()) if chosen else 0.0


def solve(covers, weights, p: int, fixed=(), method: str = "auto") -> Cover:
    covers = np.asarray(covers, dtype=bool)
    weights = np.asarray(weights, dtype=float)
    fixed = tuple(sorted({int(f) for f in fixed}))
    if not 1 <= p <= covers.shape[1] or len(fixed) > p:
        raise ValueError(f"p = {p}: must be between the {len(fixed)} fixed and all sites")
    heuristic = greedy(covers, weights, p, fixed)
    if method == "greedy" or (method == "auto" and covers.size > EXACT_LIMIT):
        return heuristic
    exact = solve_exact(covers, weights, p, fixed)
    if exact.value < heuristic.value:  # stopped at the time limit with a worse answer
        return Cover(heuristic.chosen, heuristic.value, exact.bound, heuristic.method)
    return exact


def greedy(covers, weights, p: int, fixed=()) -> Cover:
    m = covers.shape[1]
    chosen = list(fixed)
    reached = covers[:, chosen].any(axis=1) if chosen else np.zeros(len(weights), dtype=bool)
    bound = np.inf
    while True:
        gains = weights[~reached] @ covers[~reached]
        gains[chosen] = 0.0
        current = float(weights[reached].sum())
        bound = min(bound, current + float(np.sort(gains)[::-1][: p - len(fixed)].sum()))
        if len(chosen) == p:
            break
        best = int(np.argmax(gains))
        if gains[best] <= 0:  # nobody new to reach: fill with sites that change nothing
            chosen += [j for j in range(m) if j not in chosen][: p - len(chosen)]
            break
        chosen.append(best)
        reached |= covers[:, best]
    chosen = _swaps(covers, weights, chosen, set(fixed))
    value = value_of(covers, weights, chosen)
    return Cover(tuple(sorted(chosen)), value, max(bound, value), "greedy + swaps")


def _swaps(covers, weights, chosen, fixed) -> list[int]:
    chosen = list(chosen)
    value = value_of(covers, weights, chosen)
    improved = True
    while improved:
        improved = False
        for out in [s for s in chosen if s not in fixed]:
            rest = [s for s in chosen if s != out]
            reached = covers[:, rest].any(axis=1) if rest else np.zeros(len(weights), bool)
            gains = weights[~reached] @ covers[~reached]
            gains[chosen] = -1.0
            into = int(np.argmax(gains))
            if float(weights[reached].sum()) + gains[into] > value + 1e-9:
                chosen = rest + [into]
                value = value_of(covers, weights, chosen)
                improved = True
                break
    return chosen


def solve_exact(covers, weights, p: int, fixed=(), time_limit: float = TIME_LIMIT_S) -> Cover:
    n, m = covers.shape
    # variables: y (m sites) then z (n points); maximise w.z == minimise -w.z
    objective = np.concatenate([np.zeros(m), -weights])
    reach = LinearConstraint(
        hstack([-csr_matrix(covers.astype(float)), identity(n, format="csr")]), -np.inf, 0.0
    )
    count = LinearConstraint(np.concatenate([np.ones(m), np.zeros(n)])[None, :], p, p)
    lower = np.zeros(m + n)
    lower[list(fixed)] = 1.0
    result = milp(
        objective,
        constraints=[reach, count],
        integrality=np.concatenate([np.ones(m), np.zeros(n)]),
        bounds=Bounds(lower, np.ones(m + n)),
        options={"time_limit": time_limit},
    )
    if result.x is None:
        raise ValueError(f"maximal coverage: HiGHS found no solution ({result.message})")
    chosen = tuple(int(j) for j in np.flatnonzero(result.x[:m] > 0.5))
    value = value_of(covers, weights, chosen)
    optimal = result.status == 0
    bound = value if optimal else -float(getattr(result, "mip_dual_bound", -np.inf))
    return Cover(chosen, value, max(bound, value), "exact (HiGHS)" if optimal else "HiGHS, stopped")
