"""One measurement of ``benchmarks.hubs``, run in a child process (no Django).

    python -m benchmarks.hubs.measure --solver locality|spopt --demand N|all --json FILE
                                      [--runs R]

Builds the instance (``instance``), solves it with Locality's p-median solver (``runs``
times; every time is kept) or with spopt's ``PMedian`` and CBC (once), and writes the figures
as JSON. Lines starting with two spaces are progress for the parent.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np

SEED = 20261204
CANDIDATES = 300
P = 50


def instance(demand: int | None):
    """(cost in km, weights, candidate codes, demand codes): demand is every English LSOA's
    population-weighted centroid (or ``demand`` of them drawn at random, seeded), weighted by
    population; the candidates are 300 LSOA centroids drawn with probability proportional to
    population (seeded); cost is the straight-line (great-circle) distance in km."""
    from locality.analytics.places.distances import haversine_m
    from locality.analytics.places.geography import england_lsoas

    table = england_lsoas()
    rng = np.random.default_rng(SEED)
    population = table.population.to_numpy(float)
    sites = rng.choice(len(table), CANDIDATES, replace=False, p=population / population.sum())
    rows = np.arange(len(table))
    if demand is not None and demand < len(table):
        rows = np.sort(np.random.default_rng(SEED + 1).choice(len(table), demand, replace=False))
    lat, lon = table.pwc_lat.to_numpy(), table.pwc_lon.to_numpy()
    cost = haversine_m(lat[rows], lon[rows], lat[sites], lon[sites]) / 1000.0
    return cost, population[rows], table.index[sites], table.index[rows]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks.hubs.measure", description=__doc__)
    parser.add_argument("--solver", choices=("locality", "spopt"), required=True)
    parser.add_argument("--demand", required=True, help="demand points: a number or 'all'")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--json", type=Path, required=True)
    args = parser.parse_args(argv)
    demand = None if args.demand == "all" else int(args.demand)
    started = time.perf_counter()
    cost, weights, _, _ = instance(demand)
    figures = {
        "solver": args.solver,
        "demand": len(weights),
        "candidates": cost.shape[1],
        "p": P,
        "instance_seconds": time.perf_counter() - started,
    }
    print(f"  {args.solver}: {len(weights)} x {cost.shape[1]}, p = {P}", flush=True)
    figures.update(
        locality(cost, weights, args.runs) if args.solver == "locality" else spopt(cost, weights)
    )
    figures["max_rss_bytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


def locality(cost, weights, runs: int) -> dict:
    from locality.analytics.places.hubs.pmedian import solve, total_cost

    seconds, results = [], []
    for _ in range(runs):
        started = time.perf_counter()
        result = solve(cost, weights, P)
        seconds.append(time.perf_counter() - started)
        results.append(result)
        print(f"  locality: {seconds[-1]:.2f} s, gap {result.gap:.4%}", flush=True)
    result = results[-1]
    return {
        "seconds": seconds,
        "objective": total_cost(cost, weights, result.chosen),
        "bound": result.bound,
        "gap": result.gap,
        "swaps": result.swaps,
        "bound_iterations": result.bound_iterations,
        "chosen": list(result.chosen),
    }


def spopt(cost, weights) -> dict:
    import pulp
    from spopt.locate import PMedian

    from locality.analytics.places.hubs.pmedian import total_cost

    started = time.perf_counter()
    model = PMedian.from_cost_matrix(cost, weights, p_facilities=P)
    built = time.perf_counter() - started
    print(f"  spopt: model built in {built:.1f} s, solving with CBC", flush=True)
    model = model.solve(pulp.PULP_CBC_CMD(msg=False), results=False)
    seconds = time.perf_counter() - started
    chosen = [j for j, var in enumerate(model.fac_vars) if (var.value() or 0) > 0.5]
    return {
        "seconds": [seconds],
        "build_seconds": built,
        "status": pulp.LpStatus[model.problem.status],
        "objective": total_cost(cost, weights, chosen),
        "cbc_objective": pulp.value(model.problem.objective),
        "chosen": chosen,
    }


if __name__ == "__main__":
    sys.exit(main())
