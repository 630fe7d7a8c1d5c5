"""Neighbourhood design of a whole region: Locality against PySAL spopt, same instance, one run.

    .venv/bin/python -m benchmarks.design [--quick] [--region E12000001] [--target 50000]
                                          [--repeats 3] [--limit S] [--peers skater,azp,...]
                                          [--json PATH]

What it does (README.md beside this file has the latest figures):
1. Loads every LSOA of the region (North East, E12000001: 1,657 LSOAs, 2.62 M people) with
   Voronoi cells as shapes (the bundled LSOA boundaries cover only York, Haringey and
   Islington) and their contiguity; --quick uses York (120 LSOAs, real boundaries).
2. Locality: ``design_area`` (what ``locality places design`` calls) with count = population /
   target rounded, --repeats runs with different seeds; the median time and the median of each
   quality figure.
3. spopt on the same units, adjacency and standardised need variables, asked for the same count
   (max-p is asked for regions of at least 90% of the mean population instead, as it chooses
   its own count): SKATER (floor: half the mean number of LSOAs per region), AZP,
   Region-K-means, max-p. Each runs once in a child process stopped after --limit seconds.
4. For every result: wall time, regions found, the share within 10% (and 5%) of the mean
   population, the largest deviation, whether every region is contiguous (checked here with
   networkx on the LSOA adjacency), the mean heterogeneity; and the ratio of times.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import statistics
import sys
import time
import warnings
from pathlib import Path

import networkx as nx
import numpy as np

PEERS = ("skater", "azp", "region_kmeans", "maxp")


def load(region: str):
    from locality.analytics.places.geography import (
        contiguity,
        load_area,
        load_region,
        local_authorities,
        region_las,
    )

    if region.startswith("E12"):
        name = str(local_authorities().query("RGNCD == @region").RGNNM.iloc[0])
        area = load_region(region_las(region), region, name)
    else:
        area = load_area(region)
    return area, contiguity(area)


def quality(area, adjacency, labels: np.ndarray, count: int) -> dict:
    from locality.analytics.places.design.measures import heterogeneity
    from locality.analytics.places.design.problem import need_matrix

    codes = area.codes
    labels = np.unique(np.asarray(labels), return_inverse=True)[1]
    found = int(labels.max()) + 1
    pops = np.bincount(labels, area.lsoas.population.to_numpy(dtype=float), found)
    deviation = np.abs(pops / (area.population / count) - 1)
    graph = nx.Graph(adjacency.edges())
    graph.add_nodes_from(codes)
    contiguous = all(
        nx.is_connected(graph.subgraph([c for c, r in zip(codes, labels, strict=True) if r == g]))
        for g in range(found)
    )
    return {
        "regions": found,
        "within_10pct": float((deviation <= 0.10).mean()),
        "within_5pct": float((deviation <= 0.05).mean()),
        "max_deviation_pct": float(100 * deviation.max()),
        "all_contiguous": bool(contiguous),
        "heterogeneity": float(heterogeneity(need_matrix(area.lsoas), labels, found).mean()),
    }


def run_locality(area, adjacency, target: float, seed: int) -> tuple[float, np.ndarray, int]:
    from locality.analytics.places.design import DesignOptions, design_area

    started = time.perf_counter()
    design = design_area(
        area, DesignOptions(target_population=target, seed=seed, tolerance=0.99), adjacency
    )
    seconds = time.perf_counter() - started
    index = {name: i for i, name in enumerate(design.neighbourhoods.name)}
    return seconds, design.assignment.map(index).to_numpy(), design.count


def _spopt_child(region: str, peer: str, count: int, queue) -> None:
    import geopandas as gpd
    import libpysal
    from spopt.region import AZP, MaxPHeuristic, RegionKMeansHeuristic, Skater

    from locality.analytics.places.design.problem import need_matrix

    warnings.simplefilter("ignore")
    area, adjacency = load(region)
    codes = area.codes
    index = {c: i for i, c in enumerate(codes)}
    w = libpysal.weights.W(
        {i: [index[b] for b in adjacency.neighbours[c]] for i, c in enumerate(codes)},
        silence_warnings=True,
    )
    need = need_matrix(area.lsoas)
    columns = [f"need_{i}" for i in range(need.shape[1])]
    frame = gpd.GeoDataFrame(
        {"population": area.lsoas.population.to_numpy()},
        geometry=area.shapes.reindex(codes).values,
    )
    for i, column in enumerate(columns):
        frame[column] = need[:, i]
    target = area.population / count
    started = time.perf_counter()
    if peer == "skater":
        floor = max(1, len(codes) // (2 * count))
        model = Skater(frame, w, columns, n_clusters=count, floor=floor, islands="increase")
    elif peer == "azp":
        model = AZP(frame, w, columns, n_clusters=count, random_state=0)
    elif peer == "region_kmeans":
        model = RegionKMeansHeuristic(need, count, w, seed=0)
    elif peer == "maxp":
        model = MaxPHeuristic(frame, w, columns, "population", 0.9 * target, top_n=2)
    else:
        raise ValueError(peer)
    model.solve()
    queue.put((time.perf_counter() - started, np.asarray(model.labels_).tolist()))


def run_peer(region: str, peer: str, count: int, limit: float):
    """(seconds, labels) or None when stopped after ``limit`` seconds (loading not counted)."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_spopt_child, args=(region, peer, count, queue))
    child.start()
    try:
        return queue.get(timeout=limit + 60)  # + the child's own loading
    except Exception:
        return None
    finally:
        child.kill()
        child.join()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.design")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--region", default=None, help="E12... region or an LA code")
    parser.add_argument("--target", type=float, default=50_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--limit", type=float, help="seconds per spopt run (600; 120 with --quick)")
    parser.add_argument("--peers", default=",".join(PEERS))
    parser.add_argument("--json", type=Path)
    args = parser.parse_args([] if argv is None else argv)
    quick = args.quick or os.environ.get("LOCALITY_BENCH_QUICK") == "1"
    region = args.region or ("E06000014" if quick else "E12000001")
    args.limit = args.limit or (120.0 if quick else 600.0)

    area, adjacency = load(region)
    count = max(1, round(area.population / args.target))
    print(
        f"{area.name} ({region}): {len(area.codes):,} LSOAs, {area.population:,} people, "
        f"{count} neighbourhoods of {area.population / count:,.0f} on average; shapes: "
        f"{area.shapes_source}; {len(adjacency.bridges)} bridges; "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    rows = {}
    runs = []
    for seed in range(args.repeats):
        seconds, labels, _ = run_locality(area, adjacency, args.target, seed)
        runs.append({"seconds": seconds, **quality(area, adjacency, labels, count)})
        print(f"  locality seed {seed}: {runs[-1]}")
    rows["locality"] = {
        key: (statistics.median(r[key] for r in runs) if key != "all_contiguous" else
              all(r[key] for r in runs))
        for key in runs[0]
    }  # fmt: skip
    rows["locality"]["runs"] = len(runs)
    for peer in [p for p in args.peers.split(",") if p]:
        outcome = run_peer(region, peer, count, args.limit)
        if outcome is None:
            rows[peer] = {"seconds": None, "note": f"stopped after {args.limit:.0f} s"}
        else:
            seconds, labels = outcome
            rows[peer] = {"seconds": seconds, **quality(area, adjacency, np.array(labels), count)}
            rows[peer]["runs"] = 1
        print(f"  spopt {peer}: {rows[peer]}")

    base = rows["locality"]["seconds"]
    print()
    print(f"{'method':<14}{'time s':>9}{'x Locality':>11}{'regions':>9}{'<=10%':>7}"
          f"{'<=5%':>7}{'max dev %':>10}{'contiguous':>11}{'heterog.':>9}")  # fmt: skip
    for name, row in rows.items():
        if row.get("seconds") is None:
            print(f"{name:<14}{'-':>9}  {row['note']}")
            continue
        print(
            f"{name:<14}{row['seconds']:>9.1f}{row['seconds'] / base:>11.1f}{row['regions']:>9}"
            f"{100 * row['within_10pct']:>6.0f}%{100 * row['within_5pct']:>6.0f}%"
            f"{row['max_deviation_pct']:>10.1f}{'yes' if row['all_contiguous'] else 'NO':>11}"
            f"{row['heterogeneity']:>9.3f}"
        )
    if args.json:
        args.json.write_text(json.dumps({"region": region, "count": count, "rows": rows}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
