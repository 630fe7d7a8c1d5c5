"""The table the benchmark prints, the goals, and the extrapolation of Spark to 57 million.

Goals (issue 5): end to end on DuckDB at 1,000,000 people in at most 60 s and 4 GB on 2 cores;
Locality's Charlson equal to pycomorb's for every person, and at least 3 times as fast.
"""

from __future__ import annotations

import math
import statistics

GOAL_SECONDS = 60.0
GOAL_BYTES = 4 * 10**9  # "4 GB"
GOAL_SPEEDUP = 3.0
ENGLAND = 57_000_000  # people registered with a GP practice in England, about
CLUSTER_CORES = (16, 64, 256)
# Steps of run_stratify that run in the driver's own process whatever the engine: validation
# on embedded DuckDB, then (after the engine's results are collected) the assembly on embedded
# DuckDB and the writing. The others run on the engine and are collected to the driver.
DRIVER_STEPS = ("read and validate", "cohorts", "write")
ENGINE_STEPS = ("scores", "per-person table")
LABEL_WIDTH = 44


def gb(n_bytes: float) -> str:
    return f"{n_bytes / 1e9:.2f} GB"


def median(values: list[float]) -> float:
    return statistics.median(values)


def goal(met: bool, text: str) -> str:
    return f"{'met' if met else 'NOT met'} ({text})"


def linear_fit(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Least squares ``seconds = fixed + per_person * people`` through (people, seconds);
    with two points, the line through them."""
    if len({n for n, _ in points}) < 2:
        raise ValueError("a line needs runs of at least two sizes")
    mean_n = statistics.fmean(n for n, _ in points)
    mean_t = statistics.fmean(t for _, t in points)
    slope = sum((n - mean_n) * (t - mean_t) for n, t in points) / sum(
        (n - mean_n) ** 2 for n, _ in points
    )
    return mean_t - slope * mean_n, slope


def scaling_exponent(small: tuple[float, float], large: tuple[float, float]) -> float:
    """k in time ~ people**k between two runs: 1 is linear, below 1 a fixed cost dominates."""
    (n1, t1), (n2, t2) = small, large
    return math.log(t2 / t1) / math.log(n2 / n1)


def extrapolate(
    runs: list[dict],
    target: int = ENGLAND,
    local_cores: int = 2,
    cluster_cores: tuple[int, ...] = CLUSTER_CORES,
) -> dict:
    """Spark's end-to-end time at ``target`` people from the runs measured here.

    Each step group gets its own line ``fixed + per_person * people`` through the runs. The
    engine's steps are assumed to spread perfectly over a cluster's cores (the work measured
    on ``local_cores`` divided by the cluster's cores; the fixed part, mostly planning and
    scheduling, stays); the driver's steps do not spread at all. Both assumptions are
    stated, not measured: this is an extrapolation."""
    runs = sorted((r for r in runs if "steps" in r), key=lambda r: r["people"])
    if len({r["people"] for r in runs}) < 2:
        return {}  # a line needs two sizes
    groups = {"engine": ENGINE_STEPS, "driver": DRIVER_STEPS}
    fits = {}
    for group, steps in groups.items():
        points = [(r["people"], sum(r["steps"][s]["seconds"] for s in steps)) for r in runs]
        fixed, per_person = linear_fit(points)
        fits[group] = {"fixed": fixed, "per_person": per_person, "points": points}
    engine, driver = fits["engine"], fits["driver"]
    engine_work = engine["per_person"] * target  # seconds on local_cores
    driver_time = driver["fixed"] + driver["per_person"] * target
    out = {
        "target": target,
        "local_cores": local_cores,
        "fits": fits,
        "one_machine_seconds": engine["fixed"] + engine_work + driver_time,
        "engine_core_seconds": engine_work * local_cores,
        "driver_seconds": driver_time,
        "cluster": {
            cores: engine["fixed"] + engine_work * local_cores / cores + driver_time
            for cores in cluster_cores
        },
    }
    small, large = runs[0], runs[-1]
    out["exponent"] = scaling_exponent(
        (small["people"], small["seconds"]), (large["people"], large["seconds"])
    )
    return out


def format_report(report: dict) -> list[str]:
    """The report as lines of text (no trailing newlines)."""
    lines = _heading(report)
    lines += _duckdb(report.get("duckdb"), report)
    lines += _charlson(report.get("charlson"))
    lines += _spark(report.get("spark"), report.get("duckdb"))
    mach = report["machine"]
    lines.append(
        f"  load averages (1, 5, 15 min): at start {mach['load_at_start']}, "
        f"at end {report.get('load_at_end', '?')}"
    )
    if "run_seconds" in report:
        lines.append(f"  run time {report['run_seconds'] / 60:.1f} min")
    return lines


def print_report(report: dict) -> None:
    print()
    print("\n".join(format_report(report)))


def _row(label: str, *cells: str) -> str:
    return f"    {label:{LABEL_WIDTH}}" + "".join(f"{c:>14}" for c in cells)


def _heading(report: dict) -> list[str]:
    mach, data = report["machine"], report.get("data", {})
    versions = ", ".join(f"{k} {v}" for k, v in mach.get("versions", {}).items())
    lines = [
        f"stratify ({mach['date']}, commit {mach['commit']}, {mach['cpus']} CPUs, "
        f"Python {mach['python']}; {versions})"
    ]
    if "error" in data:
        return lines + [f"  data: failed: {data['error']}"]
    sizes = " + ".join(f"{b / 1e6:.0f} MB" for b in data["bytes"].values())
    lines += [
        f"  data: {data['people']:,} synthetic people (seed {data['seed']}), "
        f"{data['events']:,} events ({data['events_per_person']:.1f} a person), Parquet {sizes};",
        f"  {data['icd10_rows']:,} ICD-10 diagnoses of {data['icd10_people']:,} people; "
        f"as of {data['as_of']}; generated in {data['seconds']:.0f} s",
    ]
    return lines


def _duckdb(f: dict | None, report: dict) -> list[str]:
    if f is None:
        return []
    head = "  end to end on DuckDB (run_stratify, as `locality stratify run`)"
    if "error" in f:
        return [head, f"    failed: {f['error']}"]
    s = f["settings"]
    lines = [f"{head}: threads {s['threads']}, memory_limit {s['memory_limit']}"]
    lines.append(_row("", "seconds", "peak RSS"))
    for name, step in f["steps"].items():
        lines.append(_row(name, f"{step['seconds']:.1f}", gb(step["max_rss_bytes"])))
    lines.append(
        _row("total (in the child, after imports)", f"{f['seconds']:.1f}", gb(f["max_rss_bytes"]))
    )
    lines.append(
        _row(
            "child process, wall / tree peak", f"{f['wall_seconds']:.1f}", gb(f["peak_tree_bytes"])
        )
    )
    people = f["people"]
    lines.append(
        _row(
            f"goal at {people:,}: <= {GOAL_SECONDS:.0f} s",
            goal(f["seconds"] <= GOAL_SECONDS, f"{f['seconds']:.1f} s"),
        )
    )
    lines.append(
        _row(
            f"goal at {people:,}: <= {GOAL_BYTES / 1e9:.0f} GB",
            goal(f["max_rss_bytes"] <= GOAL_BYTES, gb(f["max_rss_bytes"])),
        )
    )
    return lines


CHARLSON_LABELS = {
    "locality": "Locality compute_scores (DuckDB)",
    "locality_validated": "  the same after read_dataset (validation)",
    "pycomorb": "pycomorb CharlsonComorbidityIndex (polars)",
}


def _charlson(c: dict | None) -> list[str]:
    if c is None:
        return []
    head = "  Charlson (Quan 2005 ICD-10, Charlson 1987 weights) vs pycomorb, same Parquet files"
    if "error" in c:
        return [head, f"    failed: {c['error']}"]
    runs = c["runs"]
    n = len(runs["pycomorb"])
    lines = [f"{head}: median of {n} interleaved runs, {c['threads']} threads"]
    lines.append(_row("", "median s") + "   runs s")
    for name, label in CHARLSON_LABELS.items():
        times = " ".join(f"{t:.2f}" for t in runs[name])
        lines.append(_row(label, f"{median(runs[name]):.2f}") + f"   {times}")
        steps = c.get("steps", {}).get(name)
        if steps:
            medians = ", ".join(f"{step} {median(ts):.3f}" for step, ts in steps.items())
            lines.append(f"      steps, median s: {medians}")
    ratio = median(runs["pycomorb"]) / median(runs["locality"])
    validated = median(runs["pycomorb"]) / median(runs["locality_validated"])
    a = c["agreement"]
    share = a["equal"] / a["people"] if a["people"] else 0.0
    lines += [
        _row("speed: pycomorb s / Locality s (validated)", f"{ratio:.2f}x ({validated:.2f}x)"),
        _row(f"goal: >= {GOAL_SPEEDUP:.0f}x", goal(ratio >= GOAL_SPEEDUP, f"{ratio:.2f}x")),
        _row("agreement per person", f"{a['equal']:,} / {a['people']:,} ({share:.2%})"),
        _row("goal: 100%", goal(a["equal"] == a["people"] > 0, f"{share:.2%}")),
        f"    pycomorb scored the {a['pycomorb_people']:,} people with a diagnosis (the rest added "
        f"with 0); {a['with_points']:,} have points; validated result identical: "
        f"{'yes' if c['validated_same'] else 'NO'}",
    ]
    for d in a["disagreements"]:
        lines.append(
            f"    differs: {d['person_id']}: Locality {d['locality']}, pycomorb {d['pycomorb']}"
        )
    return lines


def _spark(s: dict | None, duckdb: dict | None) -> list[str]:
    if not s:
        return []
    runs = s["runs"]
    settings = next((r["settings"] for r in runs if "settings" in r), {})
    shown = ", ".join(f"{k.removeprefix('spark.')} {v}" for k, v in settings.items())
    lines = [f"  end to end on Spark ({shown})"]
    lines.append(_row("people", "seconds", "tree peak", "session s"))
    for r in runs:
        label = f"{r['people']:,}"
        if r.get("timed_out"):
            lines.append(_row(label, f"over {r['timeout'] / 60:.0f} min", "-", "-"))
        elif "error" in r:
            lines.append(_row(label, "failed", "-", "-"))
            lines.append(f"      {r['error']}")
        else:
            lines.append(
                _row(
                    label,
                    f"{r['seconds']:.1f}",
                    gb(r["peak_tree_bytes"]),
                    f"{r['connect_seconds']:.1f}",
                )
            )
            steps = ", ".join(f"{k} {v['seconds']:.1f}" for k, v in r["steps"].items())
            lines.append(f"      steps s: {steps}")
    same = [r for r in runs if "steps" in r and duckdb and r["people"] == duckdb.get("people")]
    if same and "seconds" in (duckdb or {}):
        lines.append(
            _row(
                "Spark / DuckDB at the same size", f"{same[0]['seconds'] / duckdb['seconds']:.1f}x"
            )
        )
    if s.get("extrapolation"):
        lines += _extrapolation(s["extrapolation"])
    else:
        lines.append("    no extrapolation: it needs Spark runs of two sizes")
    return lines


def _extrapolation(x: dict) -> list[str]:
    fits = x["fits"]
    lines = [
        f"  extrapolation to {x['target']:,} people (an extrapolation, not a measurement; "
        "README.md)"
    ]
    for group in ("engine", "driver"):
        fit = fits[group]
        lines.append(
            f"    {group} steps: {fit['fixed']:.1f} s + {fit['per_person'] * 1e6:.1f} s "
            f"per million people"
        )
    lines.append(f"    total time grows as people^{x['exponent']:.2f} between the runs")
    lines.append(
        f"    one {x['local_cores']}-core machine: {x['one_machine_seconds'] / 3600:.1f} h;"
        f" engine work {x['engine_core_seconds'] / 3600:.1f} core-hours; driver "
        f"{x['driver_seconds'] / 60:.0f} min"
    )
    cluster = ", ".join(f"{c} cores {t / 60:.0f} min" for c, t in x["cluster"].items())
    lines.append(f"    cluster, engine steps spread perfectly: {cluster}")
    return lines
