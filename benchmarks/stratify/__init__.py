"""Population stratification at 1,000,000 people: DuckDB end to end, Charlson vs pycomorb, Spark.

    .venv/bin/python -m benchmarks.stratify [--quick] [--people N] [--spark-people 100000,1000000]
                                            [--no-spark] [--json PATH] [--keep]
    make bench                       (all benchmarks, full size; LOCALITY_BENCH_QUICK=1: quick)

What it does (README.md beside this file has the details and the latest figures):
1. Generates 1,000,000 synthetic people (50,000 with --quick) with the population generator
   (`locality stratify synth`, seeded), about 31 events a person, into a temp folder.
2. DuckDB end to end: `run_stratify` (what `locality stratify run` calls: read and validate,
   every score, long-term conditions, use of services, social risk, the per-person table and
   segments, cohorts, and writing people.parquet, explanations.parquet, cohorts.csv and
   summary.html) in a child process, with DuckDB's threads and memory_limit set; its wall
   time and peak memory against the goal of 60 s and 4 GB.
3. Charlson: Locality's `compute_scores` (DuckDB) and pycomorb's `CharlsonComorbidityIndex`
   (polars), each from the same Parquet files to one score per person, a warm-up then 3
   interleaved runs in one child process: the medians, their ratio against the goal of 3
   times, and agreement for every person.
4. Spark: the same end to end on Spark local[2] at each of --spark-people (100,000 and
   300,000 and 1,000,000; 50,000 with --quick), each its own generated data (the largest is
   the DuckDB data) and child process, stopped
   after --spark-timeout (then the larger sizes are skipped); and an extrapolation of those
   runs to 57 million people on a cluster.

The temp folder is removed at the end, also after an error (--keep keeps it).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.stratify import memory
from benchmarks.stratify import report as report_module

REPO = Path(__file__).resolve().parents[2]
SEED = 1
CHILD_TIMEOUT = 1800  # seconds: generating, DuckDB end to end, Charlson
# DuckDB's memory_limit bounds its buffer pool, not the process: the results collected into
# Python as Arrow (about 1 GB at 1,000,000 people) come on top, so a 4 GB process gets 3GB.
MEMORY_LIMIT = "3GB"
SPARK_TIMEOUT = 1200  # seconds a Spark run may take before it is stopped (the issue: ~15 min)
CLEARED_ENV = ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "POLARS_MAX_THREADS")


@dataclasses.dataclass(frozen=True)
class Size:
    people: int
    spark_people: tuple[int, ...]
    charlson_runs: int


FULL = Size(people=1_000_000, spark_people=(100_000, 300_000, 1_000_000), charlson_runs=3)
QUICK = Size(people=50_000, spark_people=(50_000,), charlson_runs=3)


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="benchmarks.stratify",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--quick", action="store_true", help="50,000 people")
    parser.add_argument("--people", type=int, help="override the number of people")
    parser.add_argument(
        "--spark-people",
        type=people_list,
        help="comma-separated sizes for Spark, e.g. 100000,300000",
    )
    parser.add_argument("--no-spark", action="store_true", help="DuckDB and Charlson only")
    parser.add_argument(
        "--spark-timeout",
        type=float,
        default=SPARK_TIMEOUT,
        help="seconds before a Spark run is stopped",
    )
    parser.add_argument("--threads", type=int, default=2, help="DuckDB threads")
    parser.add_argument(
        "--memory-limit",
        default=MEMORY_LIMIT,
        help="DuckDB memory_limit (its buffer pool; Arrow results in Python come on top)",
    )
    parser.add_argument("--driver-memory", default="6g", help="Spark driver memory")
    parser.add_argument("--runs", type=int, help="Charlson runs of each (default 3)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    return parser.parse_args(argv)


def people_list(text: str) -> tuple[int, ...]:
    """``100000,1_000_000`` -> (100000, 1000000), ascending; an error names the bad item."""
    sizes = []
    for item in text.split(","):
        try:
            value = int(item.strip().replace("_", ""))
        except ValueError:
            raise argparse.ArgumentTypeError(f"{item.strip()!r} is not a whole number") from None
        if value < 1:
            raise argparse.ArgumentTypeError(f"{value} people: give at least 1")
        sizes.append(value)
    return tuple(sorted(set(sizes)))


def main(argv=None) -> int:
    if argv is None:  # from benchmarks/run.py: full size unless LOCALITY_BENCH_QUICK=1
        argv = ["--quick"] if os.environ.get("LOCALITY_BENCH_QUICK") == "1" else []
    args = parse_args(argv)
    size = QUICK if args.quick else FULL
    size = dataclasses.replace(
        size,
        people=args.people or size.people,
        spark_people=() if args.no_spark else (args.spark_people or size.spark_people),
        charlson_runs=args.runs or size.charlson_runs,
    )
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="locality-bench-stratify-"))
    try:
        report = run(size, args, folder)
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    report["run_seconds"] = time.perf_counter() - started
    report["load_at_end"] = _load()
    report_module.print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 1 if failed(report) else 0


def failed(report: dict) -> bool:
    parts = [report.get("data", {}), report.get("duckdb", {}), report.get("charlson", {})]
    parts += [r for r in report.get("spark", {}).get("runs", []) if not r.get("timed_out")]
    return any("error" in part for part in parts)


def run(size: Size, args, folder: Path) -> dict:
    spark = ", ".join(f"{n:,}" for n in size.spark_people) or "none"
    print(f"stratify: {size.people:,} people; Spark at {spark}", flush=True)
    report = {"size": dataclasses.asdict(size), "machine": machine()}
    data = folder / f"people-{size.people}"
    report["data"] = generate(size.people, args.seed, data, folder)
    if "error" in report["data"]:
        return report
    print("== DuckDB end to end", flush=True)
    report["duckdb"] = pipeline("duckdb", data, folder, args)
    print(f"== Charlson: Locality and pycomorb, {size.charlson_runs} runs each", flush=True)
    report["charlson"] = charlson(
        data, report["data"]["as_of"], size.charlson_runs, folder, args.threads
    )
    if size.spark_people:
        report["spark"] = spark_runs(size, args, folder, data)
    return report


def spark_runs(size: Size, args, folder: Path, data: Path) -> dict:
    runs = []
    for people in size.spark_people:
        print(f"== Spark end to end, {people:,} people", flush=True)
        if runs and runs[-1].get("timed_out"):
            runs.append(
                {
                    "people": people,
                    "timed_out": True,
                    "skipped": True,
                    "timeout": args.spark_timeout,
                }
            )
            continue
        source = data if people == size.people else folder / f"people-{people}"
        if source != data:
            generated = generate(people, args.seed, source, folder)
            if "error" in generated:
                runs.append({"people": people, "error": generated["error"]})
                continue
        figures = pipeline("spark", source, folder, args, timeout=args.spark_timeout)
        runs.append({"people": people, **figures})
        if source != data:
            shutil.rmtree(source, ignore_errors=True)
    return {"runs": runs, "extrapolation": report_module.extrapolate(runs)}


def generate(people: int, seed: int, out: Path, folder: Path) -> dict:
    json_path = folder / f"synth-{people}.json"
    command = ["synth", "--people", str(people), "--seed", str(seed), "--out", str(out)]
    return measured(command, json_path, folder / f"synth-{people}.log", CHILD_TIMEOUT)


def pipeline(engine: str, data: Path, folder: Path, args, timeout: float = CHILD_TIMEOUT):
    name = f"{engine}-{data.name}"
    command = [
        "pipeline",
        "--engine",
        engine,
        "--input",
        str(data),
        "--out",
        str(folder / f"out-{name}"),
        "--threads",
        str(args.threads),
        "--memory-limit",
        args.memory_limit,
        "--driver-memory",
        args.driver_memory,
    ]
    figures = measured(command, folder / f"{name}.json", folder / f"{name}.log", timeout)
    shutil.rmtree(folder / f"out-{name}", ignore_errors=True)
    return figures


def charlson(data: Path, as_of: str, runs: int, folder: Path, threads: int) -> dict:
    command = [
        "charlson",
        "--input",
        str(data),
        "--as-of",
        as_of,
        "--runs",
        str(runs),
        "--threads",
        str(threads),
    ]
    return measured(command, folder / "charlson.json", folder / "charlson.log", CHILD_TIMEOUT)


def measured(command: list[str], json_path: Path, log: Path, timeout: float) -> dict:
    """Run ``measure.py`` in a child process; its figures, with wall time and tree peak, or
    ``error`` (the end of its log) or ``timed_out``."""
    full = [sys.executable, "-m", "benchmarks.stratify.measure", *command, "--json", str(json_path)]
    done = memory.run(full, env=child_env(), cwd=REPO, log=log, timeout=timeout)
    extra = {
        "wall_seconds": done.seconds,
        "peak_tree_bytes": done.peak_tree_bytes,
        "memory_samples": done.samples,
    }
    if done.timed_out:
        print(f"  stopped after {timeout / 60:.0f} min", flush=True)
        return {"timed_out": True, "timeout": timeout, **extra}
    if done.returncode != 0 or not json_path.exists():
        tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-3:]
        error = f"exit status {done.returncode}: " + " | ".join(tail)
        print(f"  failed: {error}", flush=True)
        return {"error": error, **extra}
    return {**json.loads(json_path.read_text(encoding="utf-8")), **extra}


def child_env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in CLEARED_ENV}
    env.update(PYTHONPATH=str(REPO), PYTHONUNBUFFERED="1")
    return env


def machine() -> dict:
    from importlib.metadata import version

    def git(*command):
        done = subprocess.run(["git", *command], cwd=REPO, capture_output=True, text=True)
        return done.stdout.strip()

    packages = ("duckdb", "pyspark", "polars", "pycomorb", "ibis-framework")
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "commit": git("rev-parse", "--short", "HEAD"),
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "load_at_start": _load(),
        "versions": {p.removesuffix("-framework"): version(p) for p in packages},
    }


def _load() -> str:
    """The 1, 5 and 15 minute load averages: other work on this machine shows here."""
    return " ".join(f"{x:.1f}" for x in os.getloadavg())
