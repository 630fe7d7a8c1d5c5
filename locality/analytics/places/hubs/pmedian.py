"""The p-median problem: open p sites so that the weighted distance from demand to its nearest
open site is least; with a lower bound, so the answer comes with a certified gap.

The instance is a dense cost matrix ``cost`` (n demand points x m candidate sites, numpy) and a
weight per demand point. ``fixed`` sites are open in every solution (existing sites kept).

Heuristic (``solve``)
    1. *Greedy*: open the fixed sites (or the best single site), then add the site that lowers
       the total cost most, until p are open.
    2. *Fast vertex substitution* (Teitz-Bart interchange with every swap evaluated at once,
       Whitaker 1983; Resende & Werneck 2003): for every site ``a`` not open and every open,
       non-fixed site ``r`` the saving of swapping ``r`` for ``a`` is
       ``gain[a] - loss[r] + extra[a, r]``, where, with ``d1``/``d2`` each point's cost to
       its nearest and second-nearest open site and ``c1`` that nearest site,

       - ``gain[a] = sum_i w_i max(0, d1_i - d_ia)`` (what opening ``a`` saves),
       - ``loss[r] = sum_{i: c1_i = r} w_i (d2_i - d1_i)`` (what closing ``r`` costs),
       - ``extra[a, r] = sum_{i: c1_i = r} w_i max(0, d2_i - max(d_ia, d1_i))``
         (what ``a`` wins back of that loss).

       Only sites nearer a point than its second-nearest open site contribute, so each point
       keeps its ``NEAREST`` nearest sites in cost order and the sums run over those lists
       (a point whose two nearest open sites are not on its list is summed over its whole
       row). The best swap is made while it saves more than a relative ``1e-9``; the result
       is a local optimum for single swaps.
    3. *Lagrangian bound* (``lagrangian_bound``): relaxing "each point is served once" with
       a multiplier ``lam_i`` gives ``L(lam) = sum_i lam_i + sum_{j open} rho_j``, with
       ``rho_j = sum_i min(0, w_i d_ij - lam_i)`` and the open sites the fixed ones plus the
       ``p - len(fixed)`` others of smallest ``rho``. Every ``L(lam)`` is a lower bound on
       the optimum (weak duality). Subgradient ascent (Held, Wolfe & Crowder steps towards
       the heuristic's value; step halved when the bound has not risen for 20 iterations)
       raises it until the gap is below ``BOUND_TARGET_GAP`` or the iterations run out.

``gap = (value - bound) / value``: the heuristic is certified within that share of the optimum.

>>> import numpy as np
>>> cost = np.array([[0, 4, 9], [4, 0, 5], [9, 5, 0], [10, 6, 1.0]])
>>> result = solve(cost, np.array([2.0, 1, 1, 1]), 2)
>>> (result.chosen, result.value, result.gap)
((0, 2), 5.0, 0.0)
"""

from dataclasses import dataclass

import numpy as np

TOLERANCE = 1e-9
NEAREST = 48  # sites kept per demand point, nearest first
BOUND_NEAREST = 16  # of those, kept for the bound
BOUND_ITERATIONS = 1000
BOUND_TARGET_GAP = 5e-4
STALL = 20  # iterations without a better bound before the step is halved
HEURISTIC_EVERY = 25


@dataclass(frozen=True)
class Solution:
    chosen: tuple[int, ...]  # candidate indices, sorted
    value: float  # sum of weight x cost to the nearest chosen site
    bound: float  # no choice of p sites does better than this
    method: str
    swaps: int = 0
    bound_iterations: int = 0

    @property
    def gap(self) -> float:
        if self.value <= 0:
            return 0.0
        return max(0.0, (self.value - self.bound) / self.value)


@dataclass(frozen=True)
class Nearest:
    """Each demand point's ``k`` nearest sites (indices and costs), nearest first."""

    site: np.ndarray  # (n, k) intp
    cost: np.ndarray  # (n, k) float
    complete: bool  # k == m: the lists hold every site

    @classmethod
    def of(cls, cost: np.ndarray, k: int = NEAREST) -> "Nearest":
        n, m = cost.shape
        k = min(k, m)
        if k < m:
            site = np.argpartition(cost, k - 1, axis=1)[:, :k]
        else:
            site = np.broadcast_to(np.arange(m), (n, m))
        values = np.take_along_axis(cost, site, axis=1)
        order = np.argsort(values, axis=1, kind="stable")
        return cls(
            np.take_along_axis(site, order, axis=1),
            np.take_along_axis(values, order, axis=1),
            k == m,
        )


def check_instance(cost: np.ndarray, weights: np.ndarray, p: int, fixed=()) -> tuple:
    cost = np.asarray(cost, dtype=float)
    weights = np.asarray(weights, dtype=float)
    if cost.ndim != 2 or cost.shape[0] != len(weights):
        raise ValueError("cost must be (demand points x sites) with one weight per point")
    if not np.isfinite(cost).all() or (cost < 0).any():
        raise ValueError("costs must be finite and >= 0")
    if (weights < 0).any() or not np.isfinite(weights).all():
        raise ValueError("weights must be finite and >= 0")
    fixed = tuple(sorted({int(f) for f in fixed}))
    if not 1 <= p <= cost.shape[1]:
        raise ValueError(f"p = {p}: must be between 1 and the {cost.shape[1]} sites")
    if len(fixed) > p:
        raise ValueError(f"{len(fixed)} fixed sites but p = {p}")
    if fixed and not 0 <= fixed[0] <= fixed[-1] < cost.shape[1]:
        raise ValueError("a fixed site is not a column of the cost matrix")
    return cost, weights, fixed


def total_cost(cost: np.ndarray, weights: np.ndarray, chosen) -> float:
    return float(weights @ cost[:, list(chosen)].min(axis=1))


def solve(
    cost: np.ndarray,
    weights: np.ndarray,
    p: int,
    fixed=(),
    *,
    bound: bool = True,
    iterations: int = BOUND_ITERATIONS,
    target_gap: float = BOUND_TARGET_GAP,
    nearest: Nearest | None = None,
) -> Solution:
    """Greedy, fast interchange, then (unless ``bound=False``) the Lagrangian bound with its
    heuristic (see the module docstring)."""
    cost, weights, fixed = check_instance(cost, weights, p, fixed)
    near = nearest or Nearest.of(cost)
    chosen = greedy(cost, weights, p, fixed)
    chosen, swaps = interchange(cost, weights, chosen, fixed, near)
    value = total_cost(cost, weights, chosen)
    if not bound:
        return Solution(tuple(sorted(chosen)), value, 0.0, "greedy + fast interchange", swaps)
    result = lagrangian(cost, weights, p, fixed, chosen, value, iterations, target_gap, near)
    return Solution(
        result.chosen,
        result.value,
        min(result.bound, result.value),
        "greedy + fast interchange + Lagrangian",
        swaps + result.swaps,
        result.bound_iterations,
    )


def greedy(cost: np.ndarray, weights: np.ndarray, p: int, fixed=()) -> list[int]:
    """Add the site that saves most until p are open; savings only fall as sites open
    (the saving is submodular), so a stale saving is an upper bound and only the site on top
    is re-evaluated ("lazy" greedy, Minoux 1978)."""
    chosen = list(fixed)
    if chosen:
        nearest = cost[:, chosen].min(axis=1)
    else:
        first = int(np.argmin(weights @ cost))
        chosen, nearest = [first], cost[:, first].copy()
    saving = weights @ np.maximum(nearest[:, None] - cost, 0.0)
    saving[chosen] = -np.inf
    while len(chosen) < p:
        while True:
            best = int(np.argmax(saving))
            fresh = float(weights @ np.maximum(nearest - cost[:, best], 0.0))
            saving[best] = fresh
            if fresh >= saving.max():
                break
        chosen.append(best)
        saving[best] = -np.inf
        np.minimum(nearest, cost[:, best], out=nearest)
    return chosen


def _open_pair(near: Nearest, is_open: np.ndarray):
    """Per point: position in its list of the nearest and second-nearest open site (the
    list's length when not on it)."""
    hits = is_open[near.site]
    count = hits.cumsum(axis=1)
    k = near.site.shape[1]
    first = np.where(count[:, -1] >= 1, np.argmax(hits, axis=1), k)
    second = np.where(count[:, -1] >= 2, np.argmax(count >= 2, axis=1), k)
    return first, second


def _swap_terms(cost, weights, chosen, near):
    """gain (m), loss (m) and extra (m x m, [added, removed]) for the open sites ``chosen``."""
    n, m = cost.shape
    is_open = np.zeros(m, dtype=bool)
    is_open[chosen] = True
    first, second = _open_pair(near, is_open)
    listed = second < near.site.shape[1]
    rows = np.flatnonzero(listed)
    d1 = near.cost[rows, first[rows]]
    c1 = near.site[rows, first[rows]]
    d2 = near.cost[rows, second[rows]]
    w = weights[rows]
    span = np.arange(near.site.shape[1])[None, :] < second[rows][:, None]
    sites = near.site[rows][span]
    costs = near.cost[rows][span]
    w_e = np.repeat(w, span.sum(axis=1))
    d1_e = np.repeat(d1, span.sum(axis=1))
    d2_e = np.repeat(d2, span.sum(axis=1))
    c1_e = np.repeat(c1, span.sum(axis=1))
    gain = np.bincount(sites, weights=w_e * np.maximum(d1_e - costs, 0.0), minlength=m)
    extra = np.bincount(
        sites * m + c1_e,
        weights=w_e * np.maximum(d2_e - np.maximum(costs, d1_e), 0.0),
        minlength=m * m,
    ).reshape(m, m)
    loss = np.bincount(c1, weights=w * (d2 - d1), minlength=m)
    other = np.flatnonzero(~listed)
    if len(other):  # points whose two nearest open sites are beyond their lists: whole rows
        sub = cost[other]
        opened = sub[:, chosen]
        two = np.argsort(opened, axis=1, kind="stable")[:, :2]
        r = np.arange(len(other))
        o1 = opened[r, two[:, 0]]
        o2 = opened[r, two[:, 1]]
        oc1 = np.asarray(chosen)[two[:, 0]]
        ow = weights[other]
        gain += ow @ np.maximum(o1[:, None] - sub, 0.0)
        loss += np.bincount(oc1, weights=ow * (o2 - o1), minlength=m)
        recover = ow[:, None] * np.maximum(o2[:, None] - np.maximum(sub, o1[:, None]), 0.0)
        onehot = np.zeros((len(other), m))
        onehot[r, oc1] = 1.0
        extra += recover.T @ onehot
    return gain, loss, extra


def interchange(
    cost: np.ndarray,
    weights: np.ndarray,
    chosen,
    fixed=(),
    nearest: Nearest | None = None,
    max_swaps: int = 10_000,
) -> tuple[list[int], int]:
    """Best-improvement single swaps until none saves (see the module docstring)."""
    chosen = list(chosen)
    m = cost.shape[1]
    movable = np.zeros(m, dtype=bool)
    movable[[s for s in chosen if s not in set(fixed)]] = True
    if len(chosen) < 2 or len(chosen) == m or not movable.any():
        if len(chosen) == 1 and movable.any():  # one site, not fixed: the best single site
            return [int(np.argmin(weights @ cost))], 0
        return chosen, 0
    near = nearest or Nearest.of(cost)
    swaps = 0
    current = total_cost(cost, weights, chosen)
    while swaps < max_swaps:
        gain, loss, extra = _swap_terms(cost, weights, chosen, near)
        saving = gain[:, None] - loss[None, :] + extra
        saving[chosen, :] = -np.inf
        saving[:, ~movable] = -np.inf
        added, removed = np.unravel_index(int(np.argmax(saving)), saving.shape)
        best = float(saving[added, removed])
        if best <= TOLERANCE * max(current, 1.0):
            break
        current -= best
        chosen[chosen.index(int(removed))] = int(added)
        movable[removed], movable[added] = False, True
        swaps += 1
    return chosen, swaps


def lagrangian_bound(
    cost: np.ndarray,
    weights: np.ndarray,
    p: int,
    fixed=(),
    iterations: int = BOUND_ITERATIONS,
    target_gap: float = BOUND_TARGET_GAP,
) -> float:
    """A lower bound on the p-median optimum (see the module docstring)."""
    return solve(cost, weights, p, fixed, iterations=iterations, target_gap=target_gap).bound


def lagrangian(
    cost: np.ndarray,
    weights: np.ndarray,
    p: int,
    fixed,
    chosen,
    value: float,
    iterations: int = BOUND_ITERATIONS,
    target_gap: float = BOUND_TARGET_GAP,
    nearest: Nearest | None = None,
) -> Solution:
    """Subgradient ascent on the Lagrangian dual from the solution ``chosen`` (of cost
    ``value``). Every ``HEURISTIC_EVERY`` iterations the sites open in the relaxation start
    a fast interchange (a Lagrangian heuristic); a better solution replaces ``chosen`` and
    lowers the target of the steps."""
    n, m = cost.shape
    near = nearest or Nearest.of(cost)
    short = min(BOUND_NEAREST, near.site.shape[1])
    site, listed = near.site[:, :short], near.cost[:, :short] * weights[:, None]
    complete = short == m
    chosen = list(chosen)
    # start from each point's second-smallest weighted cost (its smallest when m = 1)
    lam = listed[:, min(1, short - 1)].copy()
    is_fixed = np.zeros(m, dtype=bool)
    is_fixed[list(fixed)] = True
    free = p - len(fixed)
    free_sites = np.flatnonzero(~is_fixed)
    best, step, stall, done, swaps = -np.inf, 2.0, 0, 0, 0
    tried: set[tuple[int, ...]] = set()
    for done in range(1, iterations + 1):
        below = listed < lam[:, None]
        rho = np.bincount(site[below], weights=(listed - lam[:, None])[below], minlength=m)
        beyond = np.flatnonzero(below[:, -1]) if not complete else np.empty(0, int)
        if len(beyond):  # the list is too short for these points: their whole rows
            whole = np.minimum(cost[beyond] * weights[beyond, None] - lam[beyond, None], 0.0)
            rho += whole.sum(axis=0)
            rho -= np.bincount(
                site[beyond].ravel(),
                weights=np.minimum(listed[beyond] - lam[beyond, None], 0.0).ravel(),
                minlength=m,
            )
        is_open = is_fixed.copy()
        if free:
            is_open[free_sites[np.argpartition(rho[free_sites], free - 1)[:free]]] = True
        low = float(lam.sum() + rho[is_open].sum())
        if best == -np.inf or low > best + 1e-12 * abs(best):
            best, stall = max(best, low), 0
        else:
            stall += 1
            if stall >= STALL:
                step, stall = step / 2, 0
        if done % HEURISTIC_EVERY == 0:
            start = tuple(int(j) for j in np.flatnonzero(is_open))
            if start not in tried:
                tried.add(start)
                found, moved = interchange(cost, weights, list(start), fixed, near)
                swaps += moved
                if (found_value := total_cost(cost, weights, found)) < value:
                    chosen, value = found, found_value
        if value - best <= target_gap * max(value, 1e-12) or step < 1e-5:
            break
        served = (below & is_open[site]).sum(axis=1)
        if len(beyond):
            whole_open = cost[beyond][:, is_open] * weights[beyond, None] < lam[beyond, None]
            served[beyond] = whole_open.sum(axis=1)
        subgradient = 1.0 - served
        norm = float(subgradient @ subgradient)
        if norm == 0:
            break  # the relaxed solution serves every point once: it is optimal
        lam = lam + step * (value - low) / norm * subgradient
    chosen = tuple(sorted(int(c) for c in chosen))
    return Solution(chosen, value, float(best), "Lagrangian", swaps, done)
