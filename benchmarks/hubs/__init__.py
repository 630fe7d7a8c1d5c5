"""Hub siting benchmark (issue 6): Locality's p-median solver against spopt's ``PMedian``.

    python -m benchmarks.hubs [--sizes 500,1000,2000,4000] [--spopt-timeout 1200]
                              [--runs 3] [--spopt-full]

The instance (``measure.instance``): every English LSOA's population-weighted centroid as
demand (32,844, weight = population), 300 candidate sites (LSOA centroids drawn by population,
seeded), p = 50, straight-line distance in km. Each measurement runs in its own child process
(one at a time: the machine is shared), its memory read as the peak RSS of the child and of
CBC below it. Printed:

1. Locality on the whole instance: median time of ``--runs``, objective, Lagrangian lower
   bound and gap.
2. For each demand size (LSOAs drawn at random, seeded; same candidates and p): spopt
   ``PMedian`` with its CBC solver (once: it is slow) and Locality (median of ``--runs``); the
   time ratio, and Locality's objective against spopt's optimum. Sizes grow until spopt
   passes ``--spopt-timeout`` seconds; the whole instance is tried with spopt only with
   ``--spopt-full`` (see README.md: it would need tens of GB).

``LOCALITY_BENCH_QUICK=1``: sizes 200 and 400 only, one run each.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

from benchmarks.stratify.memory import run

ROOT = Path(__file__).resolve().parents[2]
GB = 1024**3


def main(argv=None) -> int:
    quick = os.environ.get("LOCALITY_BENCH_QUICK") == "1"
    parser = argparse.ArgumentParser(prog="benchmarks.hubs", description=__doc__)
    parser.add_argument("--sizes", default="200,400" if quick else "500,1000,2000,4000")
    parser.add_argument("--spopt-timeout", type=float, default=1200.0)
    parser.add_argument("--runs", type=int, default=1 if quick else 3)
    parser.add_argument("--spopt-full", action="store_true")
    args = parser.parse_args(argv if argv is not None else [])
    sizes = [int(s) for s in args.sizes.split(",") if s]
    work = Path(tempfile.mkdtemp(prefix="bench-hubs-"))
    print(f"hubs benchmark: p-median, 300 candidates, p = 50; work files in {work}")

    if not quick:
        whole = measure("locality", "all", args.runs, work, timeout=3600)
        print(
            f"Locality, all {whole['demand']:,} LSOAs: median {median(whole):.1f} s "
            f"(runs {', '.join(f'{s:.1f}' for s in whole['seconds'])}), objective "
            f"{whole['objective']:,.0f} person-km, bound {whole['bound']:,.0f}, gap "
            f"{whole['gap']:.3%}, peak {whole['peak_gb']:.2f} GB"
        )
    rows = []
    for size in sizes + (["all"] if args.spopt_full else []):
        theirs = measure("spopt", str(size), 1, work, timeout=args.spopt_timeout)
        ours = measure("locality", str(size), args.runs, work, timeout=3600)
        rows.append((size, theirs, ours))
        report(size, theirs, ours)
        if theirs.get("timed_out"):
            break
    print()
    print(
        "| demand | spopt s | spopt peak GB | Locality s (median) | ratio | objective diff | gap |"
    )
    print("|---|---|---|---|---|---|---|")
    for size, theirs, ours in rows:
        spopt_s = (
            f">{args.spopt_timeout:.0f} (stopped)"
            if theirs.get("timed_out")
            else f"{median(theirs):.1f}"
        )
        ratio = "" if theirs.get("timed_out") else f"{median(theirs) / median(ours):.0f}x"
        diff = (
            "" if theirs.get("timed_out") else f"{ours['objective'] / theirs['objective'] - 1:+.4%}"
        )
        print(
            f"| {size} | {spopt_s} | {theirs['peak_gb']:.2f} | {median(ours):.2f} | {ratio} | "
            f"{diff} | {ours['gap']:.3%} |"
        )
    return 0


def measure(solver: str, demand: str, runs: int, work: Path, timeout: float) -> dict:
    out = work / f"{solver}-{demand}.json"
    log = work / f"{solver}-{demand}.log"
    command = [sys.executable, "-m", "benchmarks.hubs.measure", "--solver", solver]
    command += ["--demand", demand, "--runs", str(runs), "--json", str(out)]
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    finished = run(command, env=env, cwd=ROOT, log=log, timeout=timeout)
    figures = json.loads(out.read_text()) if out.exists() else {"demand": demand}
    figures["peak_gb"] = finished.peak_tree_bytes / GB
    figures["timed_out"] = finished.timed_out
    if not finished.timed_out and finished.returncode != 0:
        raise SystemExit(f"{solver} at {demand} failed: see {log}")
    return figures


def median(figures: dict) -> float:
    return statistics.median(figures["seconds"])


def report(size, theirs: dict, ours: dict) -> None:
    if theirs.get("timed_out"):
        print(f"demand {size}: spopt stopped at the time limit (peak {theirs['peak_gb']:.2f} GB)")
        return
    print(
        f"demand {size}: spopt {median(theirs):.1f} s ({theirs['status']}, build "
        f"{theirs['build_seconds']:.1f} s, peak {theirs['peak_gb']:.2f} GB); Locality "
        f"{median(ours):.2f} s (peak {ours['peak_gb']:.2f} GB): "
        f"{median(theirs) / median(ours):.0f}x; "
        f"objective {ours['objective']:,.1f} vs {theirs['objective']:,.1f} "
        f"({ours['objective'] / theirs['objective'] - 1:+.4%}); gap {ours['gap']:.3%}"
    )
