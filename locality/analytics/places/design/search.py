"""Group units into a fixed number of contiguous regions of near-equal population, alike in
need inside and compact: seeded region growing to a start, then a local search that moves
boundary units between touching regions, keeping every region in one piece.

The objective, summed over regions (smaller is better), puts population first:

- population: ``((P - T) / (T * SIGMA))**2 / count``, plus ``HINGE`` times the same of the part
  of the deviation beyond ``BAND``, so a region 5% off the mean ``T`` costs ``1 / count`` and one
  10% off costs about a hundred times more;
- heterogeneity: the within-region sum of squares of the standardised need variables over
  their total sum of squares (0 to 1);
- spread: the within-region sum of squared distances of LSOA centroids from their region's
  centre, over the whole area's divided by ``count`` (about 1 for equal round regions).

A move takes unit ``i`` from region ``a`` to a touching region ``b`` when that lowers the
objective and ``a`` stays connected without ``i`` (a breadth-first search inside ``a``). Each
pass scores every boundary move at once (numpy), then applies the improving ones best first,
re-scoring each against the regions as they now are. Passes repeat until none improves. The
whole is restarted from several seeds and the lowest objective kept.
"""

import heapq
from collections import deque
from dataclasses import dataclass

import numpy as np

from locality.analytics.places.design.problem import Problem

SIGMA = 0.05
BAND = 0.05
HINGE = 100.0
EPSILON = 1e-12
MAX_PASSES = 500


@dataclass(frozen=True)
class Weights:
    """How much each part of the objective counts (population is scaled as described above)."""

    population: float = 1.0
    heterogeneity: float = 1.0
    spread: float = 1.0


class Regions:
    """Running sums per region, so a move's effect on the objective costs O(variables)."""

    def __init__(self, problem: Problem, labels: np.ndarray, weights: Weights):
        k = problem.count
        self.problem = problem
        self.weights = weights
        self.labels = labels.astype(int).copy()
        self.units = np.bincount(self.labels, minlength=k)
        self.pop = np.bincount(self.labels, problem.population, k)
        self.cnt = np.bincount(self.labels, problem.lsoas, k)
        self.sx2 = np.bincount(self.labels, problem.sum_x2, k)
        self.sxy2 = np.bincount(self.labels, problem.sum_xy2, k)
        self.sx = np.zeros((k, problem.sum_x.shape[1]))
        np.add.at(self.sx, self.labels, problem.sum_x)
        self.sxy = np.zeros((k, 2))
        np.add.at(self.sxy, self.labels, problem.sum_xy)
        self.target = problem.population.sum() / k
        n_lsoas = problem.lsoas.sum()
        total_x = problem.sum_x2.sum() - (problem.sum_x.sum(axis=0) ** 2).sum() / n_lsoas
        total_xy = problem.sum_xy2.sum() - (problem.sum_xy.sum(axis=0) ** 2).sum() / n_lsoas
        self.x_scale = total_x if total_x > EPSILON else 1.0
        self.xy_scale = total_xy / k if total_xy > EPSILON else 1.0

    def cost(self, pop, cnt, sx, sx2, sxy, sxy2) -> np.ndarray:
        """The objective of regions with these sums (arrays over regions or candidates)."""
        dev = pop / self.target - 1.0
        excess = np.maximum(np.abs(dev) - BAND, 0.0)
        population = ((dev / SIGMA) ** 2 + HINGE * (excess / SIGMA) ** 2) / self.problem.count
        safe = np.maximum(cnt, 1.0)
        within_x = np.where(cnt > 0, sx2 - (sx**2).sum(axis=-1) / safe, 0.0)
        within_xy = np.where(cnt > 0, sxy2 - (sxy**2).sum(axis=-1) / safe, 0.0)
        w = self.weights
        return (
            w.population * population
            + w.heterogeneity * within_x / self.x_scale
            + w.spread * within_xy / self.xy_scale
        )

    def region_costs(self) -> np.ndarray:
        return self.cost(self.pop, self.cnt, self.sx, self.sx2, self.sxy, self.sxy2)

    def objective(self) -> float:
        return float(self.region_costs().sum())

    def deltas(self, units: np.ndarray, sources: np.ndarray, dests: np.ndarray) -> np.ndarray:
        """Objective change if each ``units[j]`` moved from ``sources[j]`` to ``dests[j]``."""
        p = self.problem
        a, b, u = sources, dests, units
        before = self.cost(
            self.pop[a], self.cnt[a], self.sx[a], self.sx2[a], self.sxy[a], self.sxy2[a]
        ) + self.cost(self.pop[b], self.cnt[b], self.sx[b], self.sx2[b], self.sxy[b], self.sxy2[b])
        after_a = self.cost(
            self.pop[a] - p.population[u],
            self.cnt[a] - p.lsoas[u],
            self.sx[a] - p.sum_x[u],
            self.sx2[a] - p.sum_x2[u],
            self.sxy[a] - p.sum_xy[u],
            self.sxy2[a] - p.sum_xy2[u],
        )
        after_b = self.cost(
            self.pop[b] + p.population[u],
            self.cnt[b] + p.lsoas[u],
            self.sx[b] + p.sum_x[u],
            self.sx2[b] + p.sum_x2[u],
            self.sxy[b] + p.sum_xy[u],
            self.sxy2[b] + p.sum_xy2[u],
        )
        return after_a + after_b - before

    def move(self, unit: int, dest: int) -> None:
        p = self.problem
        src = self.labels[unit]
        for region, sign in ((src, -1.0), (dest, 1.0)):
            self.units[region] += int(sign)
            self.pop[region] += sign * p.population[unit]
            self.cnt[region] += sign * p.lsoas[unit]
            self.sx[region] += sign * p.sum_x[unit]
            self.sx2[region] += sign * p.sum_x2[unit]
            self.sxy[region] += sign * p.sum_xy[unit]
            self.sxy2[region] += sign * p.sum_xy2[unit]
        self.labels[unit] = dest

    def stays_connected_without(self, unit: int) -> bool:
        """Whether the unit's region is still one piece with the unit taken out."""
        region = self.labels[unit]
        remaining = self.units[region] - 1
        if remaining <= 0:
            return False
        labels, neighbours = self.labels, self.problem.neighbours
        start = next((int(j) for j in neighbours[unit] if labels[j] == region), None)
        if start is None:
            return False
        seen = {unit, start}
        queue = deque([start])
        while queue:
            here = queue.popleft()
            for j in neighbours[here]:
                j = int(j)
                if labels[j] == region and j not in seen:
                    seen.add(j)
                    queue.append(j)
        return len(seen) - 1 == remaining


def edge_arrays(problem: Problem) -> tuple[np.ndarray, np.ndarray]:
    """Every (unit, neighbour) pair, both ways round."""
    sizes = [len(near) for near in problem.neighbours]
    src = np.repeat(np.arange(problem.size), sizes)
    dst = np.concatenate(problem.neighbours) if problem.size else np.zeros(0, dtype=int)
    return src, dst.astype(int)


def improve(regions: Regions, edges: tuple[np.ndarray, np.ndarray]) -> int:
    """Local search until no boundary move lowers the objective; returns the passes made."""
    src, dst = edges
    for number in range(1, MAX_PASSES + 1):
        labels = regions.labels
        boundary = labels[src] != labels[dst]
        if not boundary.any():
            return number
        pairs = np.unique(np.column_stack([src[boundary], labels[dst[boundary]]]), axis=0)
        units, dests = pairs[:, 0], pairs[:, 1]
        sources = labels[units]
        movable = regions.units[sources] > 1
        units, dests, sources = units[movable], dests[movable], sources[movable]
        delta = regions.deltas(units, sources, dests)
        order = np.argsort(delta, kind="stable")
        order = order[delta[order] < -EPSILON]
        moved, changed = 0, set()
        for j in order:
            unit, source, dest = int(units[j]), int(sources[j]), int(dests[j])
            if regions.labels[unit] != source:
                continue
            if (source in changed or dest in changed) and regions.deltas(
                np.array([unit]), np.array([source]), np.array([dest])
            )[0] >= -EPSILON:
                continue
            if not (regions.labels[regions.problem.neighbours[unit]] == dest).any():
                continue
            if not regions.stays_connected_without(unit):
                continue
            regions.move(unit, dest)
            changed.update((source, dest))
            moved += 1
        if not moved:
            return number
    return MAX_PASSES


def seeds(problem: Problem, rng: np.random.Generator) -> np.ndarray:
    """``count`` well-spread units: k-means++ on the unit centres weighted by population."""
    centres = problem.centres()
    weight = problem.population / problem.population.sum()
    chosen = [int(rng.choice(problem.size, p=weight))]
    nearest = ((centres - centres[chosen[0]]) ** 2).sum(axis=1)
    for _ in range(problem.count - 1):
        score = nearest * weight
        score[chosen] = 0.0
        total = score.sum()
        if total <= 0:
            pick = int(rng.choice(np.setdiff1d(np.arange(problem.size), chosen)))
        else:
            pick = int(rng.choice(problem.size, p=score / total))
        chosen.append(pick)
        nearest = np.minimum(nearest, ((centres - centres[pick]) ** 2).sum(axis=1))
    return np.array(chosen)


def grow(problem: Problem, rng: np.random.Generator) -> np.ndarray:
    """A contiguous start: from spread seeds, the smallest region (by population) takes the
    free neighbouring unit nearest its centre, until every region reaches the mean population
    or is hemmed in; units left over join, a connected group at a time, the smallest touching
    region."""
    k, n = problem.count, problem.size
    centres = problem.centres()
    target = problem.population.sum() / k
    labels = np.full(n, -1)
    start = seeds(problem, rng)
    labels[start] = np.arange(k)
    pop = problem.population[start].astype(float)
    centre_sum = centres[start].copy()
    size = np.ones(k)
    frontier = [set(problem.neighbours[s].tolist()) for s in start]
    heap = [(pop[r], r) for r in range(k)]
    heapq.heapify(heap)
    while heap:
        _, r = heapq.heappop(heap)
        if pop[r] >= target:
            continue
        free = [j for j in frontier[r] if labels[j] < 0]
        frontier[r] = set(free)
        if not free:
            continue
        here = centre_sum[r] / size[r]
        free_arr = np.array(free)
        pick = int(free_arr[np.argmin(((centres[free_arr] - here) ** 2).sum(axis=1))])
        labels[pick] = r
        pop[r] += problem.population[pick]
        centre_sum[r] += centres[pick]
        size[r] += 1
        frontier[r].update(problem.neighbours[pick].tolist())
        heapq.heappush(heap, (pop[r], r))
    for group in _free_groups(problem, labels):
        touching = {int(labels[j]) for i in group for j in problem.neighbours[i] if labels[j] >= 0}
        region = min(touching, key=lambda t: (pop[t], t))
        labels[group] = region
        pop[region] += problem.population[group].sum()
    return labels


def _free_groups(problem: Problem, labels: np.ndarray) -> list[list[int]]:
    groups, seen = [], set()
    for i in np.flatnonzero(labels < 0).tolist():
        if i in seen:
            continue
        group, queue = [], deque([i])
        seen.add(i)
        while queue:
            here = queue.popleft()
            group.append(here)
            for j in problem.neighbours[here].tolist():
                if labels[j] < 0 and j not in seen:
                    seen.add(j)
                    queue.append(j)
        groups.append(group)
    return groups


@dataclass(frozen=True)
class Result:
    labels: np.ndarray
    objective: float
    restarts: int
    objectives: tuple[float, ...]


def partition(
    problem: Problem,
    *,
    restarts: int = 8,
    seed: int = 0,
    weights: Weights = Weights(),
    starts: list[np.ndarray] | None = None,
) -> Result:
    """The best of ``restarts`` grown starts (or of the given ``starts``), each improved by
    the local search."""
    rng = np.random.default_rng(seed)
    edges = edge_arrays(problem)
    best, scores = None, []
    if starts is None:
        starts = [grow(problem, rng) for _ in range(restarts)]
    for labels in starts:
        regions = Regions(problem, labels, weights)
        improve(regions, edges)
        score = regions.objective()
        scores.append(score)
        if best is None or score < best[1]:
            best = (regions.labels.copy(), score)
    return Result(best[0], best[1], len(starts), tuple(scores))
