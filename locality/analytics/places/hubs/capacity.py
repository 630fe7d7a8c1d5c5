"""The capacitated p-median: open p sites, each serving at most its capacity in residents, so
that the weighted distance is least.

An LSOA's residents may be split between sites (the assignment is a fraction ``x_ij`` of
LSOA i's residents going to site j), so the programme is a mixed-integer one with binary sites:

    min  sum_ij w_i d_ij x_ij
    s.t. sum_j x_ij = 1                     every LSOA served
         sum_i pop_i x_ij <= cap_j y_j      a site serves at most its capacity, if open
         x_ij <= y_j                        (only on smaller instances: it tightens the bound)
         sum_j y_j = p,  fixed y_j = 1,  y binary,  x in [0, 1]

solved by HiGHS (``scipy.optimize.milp``) within ``TIME_LIMIT_S``; the result carries HiGHS's
dual bound, so the gap is certified as for the uncapacitated solver.

>>> import numpy as np
>>> cost = np.array([[0, 1, 5], [1, 0, 4], [5, 4, 0.0]])
>>> result = solve(cost, np.ones(3), np.array([10.0, 10, 10]), np.array([10.0, 10, 30]), 2)
>>> (result.chosen, round(result.value, 6))
((0, 2), 4.0)
"""

from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix, csr_matrix, hstack, identity, kron

LINKING_LIMIT = 60_000  # LSOAs x sites up to which x_ij <= y_j rows are added
SIZE_LIMIT = 400_000  # LSOAs x sites the command accepts with --capacity
TIME_LIMIT_S = 120.0


@dataclass(frozen=True)
class Capacitated:
    chosen: tuple[int, ...]
    share: np.ndarray  # (n, m): the share of each LSOA's residents served by each site
    value: float
    bound: float
    method: str

    @property
    def gap(self) -> float:
        return 0.0 if self.value <= 0 else max(0.0, (self.value - self.bound) / self.value)


def solve(cost, weights, population, capacity, p: int, fixed=(), time_limit=TIME_LIMIT_S):
    cost = np.asarray(cost, dtype=float)
    weights = np.asarray(weights, dtype=float)
    population = np.asarray(population, dtype=float)
    capacity = np.asarray(capacity, dtype=float)
    n, m = cost.shape
    if n * m > SIZE_LIMIT:
        raise ValueError(
            f"{n} LSOAs x {m} sites is too large for the capacitated solver ({SIZE_LIMIT:,} "
            "cells at most): use fewer candidates"
        )
    fixed = sorted({int(f) for f in fixed})
    best_capacity = float(
        np.sort(capacity[[j for j in range(m) if j not in fixed]])[::-1][: p - len(fixed)].sum()
        + capacity[fixed].sum()
    )
    if best_capacity < population.sum():
        raise ValueError(
            f"the {p} largest capacities hold {best_capacity:,.0f} residents, fewer than the "
            f"{population.sum():,.0f} to serve"
        )
    # variables: y (m), then x row by row (i * m + j)
    objective = np.concatenate([np.zeros(m), (weights[:, None] * cost).ravel()])
    served = hstack([csr_matrix((n, m)), kron(identity(n), np.ones((1, m)))])
    rows = np.repeat(np.arange(m), n)
    columns = m + np.arange(n)[None, :].repeat(m, axis=0) * m + np.arange(m)[:, None]
    load = coo_matrix(
        (np.tile(population, m), (rows, columns.ravel())), shape=(m, m + n * m)
    ).tocsr() - hstack([csr_matrix(np.diag(capacity)), csr_matrix((m, n * m))])
    constraints = [
        LinearConstraint(served, 1.0, 1.0),
        LinearConstraint(load, -np.inf, 0.0),
        LinearConstraint(np.concatenate([np.ones(m), np.zeros(n * m)])[None, :], p, p),
    ]
    if n * m <= LINKING_LIMIT:
        link = hstack([-kron(np.ones((n, 1)), identity(m)), identity(n * m)])
        constraints.append(LinearConstraint(link, -np.inf, 0.0))
    lower = np.zeros(m + n * m)
    lower[fixed] = 1.0
    result = milp(
        objective,
        constraints=constraints,
        integrality=np.concatenate([np.ones(m), np.zeros(n * m)]),
        bounds=Bounds(lower, np.ones(m + n * m)),
        options={"time_limit": time_limit},
    )
    if result.x is None:
        raise ValueError(f"capacitated p-median: HiGHS found no solution ({result.message})")
    chosen = tuple(int(j) for j in np.flatnonzero(result.x[:m] > 0.5))
    share = result.x[m:].reshape(n, m)
    share[:, [j for j in range(m) if j not in chosen]] = 0.0
    share = np.clip(share, 0.0, 1.0)
    share /= share.sum(axis=1, keepdims=True)
    value = float((weights[:, None] * cost * share).sum())
    optimal = result.status == 0
    bound = value if optimal else float(getattr(result, "mip_dual_bound", 0.0) or 0.0)
    method = "exact (HiGHS)" if optimal else "HiGHS, stopped at the time limit"
    return Capacitated(chosen, share, value, min(bound, value), method)
