"""The measurements, each run in a child process by ``benchmarks.stratify`` (no Django).

    python -m benchmarks.stratify.measure synth --people N --seed S --out DIR --json FILE
    python -m benchmarks.stratify.measure pipeline --engine duckdb|spark --input DIR --out DIR
                                          --json FILE [--threads 2 --memory-limit 3GB]
                                          [--driver-memory 6g]
    python -m benchmarks.stratify.measure charlson --input DIR --as-of DATE --runs 3 --json FILE

Each writes its figures as JSON; lines starting with two spaces are progress for the parent.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import resource
import sys
import time
from pathlib import Path

CCI = "Charlson Comorbidity Index"  # pycomorb's column: the comorbidity part, no age points
IMPLEMENTATIONS = ("locality", "locality_validated", "pycomorb")


def main(argv=None) -> int:
    args = parse_args(argv)
    figures = {"synth": synth, "pipeline": pipeline, "charlson": charlson}[args.what](args)
    figures["max_rss_bytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    args.json.write_text(json.dumps(figures, indent=2, default=str), encoding="utf-8")
    return 0


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="benchmarks.stratify.measure", description=__doc__)
    sub = parser.add_subparsers(dest="what", required=True)
    s = sub.add_parser("synth")
    s.add_argument("--people", type=int, required=True)
    s.add_argument("--seed", type=int, required=True)
    s.add_argument("--out", type=Path, required=True)
    p = sub.add_parser("pipeline")
    p.add_argument("--engine", choices=("duckdb", "spark"), required=True)
    p.add_argument("--input", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--memory-limit", default="3GB")
    p.add_argument("--driver-memory", default="6g")
    c = sub.add_parser("charlson")
    c.add_argument("--input", type=Path, required=True)
    c.add_argument("--as-of", type=datetime.date.fromisoformat, required=True)
    c.add_argument("--runs", type=int, default=3)
    c.add_argument("--threads", type=int, default=2)
    for command in (s, p, c):
        command.add_argument("--json", type=Path, required=True)
    return parser.parse_args(argv)


def synth(args) -> dict:
    """Generate the population, then count what the benchmark needs to know about it."""
    import duckdb

    from locality.analytics.population.synth import generate

    started = time.perf_counter()
    summary = generate(args.people, args.out, seed=args.seed)
    seconds = time.perf_counter() - started
    events = str(args.out / "events.parquet")
    row = (
        duckdb.connect()
        .execute(
            "select max(date), count(*) filter (where code_system = 'icd10' and code is not null),"
            " count(distinct person_id) filter (where code_system = 'icd10' and code is not null)"
            f" from read_parquet('{events}')"
        )
        .fetchone()
    )
    latest, icd10, icd10_people = row
    figures = {
        "people": summary.people,
        "events": summary.events,
        "seed": args.seed,
        "events_per_person": summary.events / summary.people,
        "seconds": seconds,
        "icd10_rows": icd10,
        "icd10_people": icd10_people,
        "as_of": (latest + datetime.timedelta(days=1)).isoformat(),
        "bytes": {p.name: p.stat().st_size for p in sorted(args.out.iterdir())},
    }
    print(
        f"  generated {summary.people:,} people, {summary.events:,} events "
        f"({figures['events_per_person']:.1f} a person; {icd10:,} ICD-10 diagnoses) "
        f"in {seconds:.0f} s",
        flush=True,
    )
    return figures


def pipeline(args) -> dict:
    """``run_stratify`` end to end: read and validate, every score, long-term conditions, the
    per-person table and segments, cohorts, and writing every output."""
    started = time.perf_counter()
    from locality.analytics.population.engines import connect
    from locality.analytics.population.pipeline import run_stratify

    imported = time.perf_counter()
    if args.engine == "duckdb":
        con = connect("duckdb", threads=args.threads, memory_limit=args.memory_limit)
        settings = _duckdb_settings(con)
    else:
        con = connect("spark", **{"spark.driver.memory": args.driver_memory})
        settings = _spark_settings(con)
    connected = time.perf_counter()
    steps, last = {}, [time.perf_counter()]

    def step(name: str) -> None:
        now = time.perf_counter()
        steps[name] = {
            "seconds": now - last[0],
            "max_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        }
        last[0] = now
        print(f"  {args.engine} {name}: {steps[name]['seconds']:.1f} s", flush=True)

    summary = run_stratify(args.input, args.out, con=con, progress=step)
    finished = time.perf_counter()
    if args.engine == "spark":
        con._session.stop()
    return {
        "engine": args.engine,
        "people": summary.people,
        "settings": settings,
        "seconds": finished - connected,
        "import_seconds": imported - started,
        "connect_seconds": connected - imported,
        "steps": steps,
        "outputs": {f: (args.out / f).stat().st_size for f in summary.files},
    }


def _duckdb_settings(con) -> dict:
    names = ("threads", "memory_limit")
    return {n: con.raw_sql(f"select current_setting('{n}')").fetchone()[0] for n in names}


def _spark_settings(con) -> dict:
    conf = con._session.sparkContext.getConf()
    names = (
        "spark.master",
        "spark.driver.memory",
        "spark.sql.shuffle.partitions",
        "spark.default.parallelism",
    )
    return {n: conf.get(n) for n in names} | {"spark": con._session.version}


def charlson(args) -> dict:
    """Locality's Charlson and pycomorb's on the same files, interleaved: a warm-up of each,
    then ``runs`` rounds, each in a rotated order. Agreement is checked on every person."""
    from importlib.metadata import version

    import duckdb
    import polars as pl

    runs = {name: [] for name in IMPLEMENTATIONS}
    steps = {name: {} for name in IMPLEMENTATIONS}
    results = {}
    order = list(IMPLEMENTATIONS)
    for round_ in range(args.runs + 1):  # round 0 is the warm-up
        for name in order:
            gc.collect()
            timer = Steps()
            started = time.perf_counter()
            results[name] = CHARLSON[name](args.input, args.as_of, args.threads, timer)
            seconds = time.perf_counter() - started
            if round_ > 0:
                runs[name].append(seconds)
                for step, step_seconds in timer.seconds.items():
                    steps[name].setdefault(step, []).append(step_seconds)
        order = order[1:] + order[:1]
        if round_ > 0:
            line = ", ".join(f"{n} {runs[n][-1]:.2f} s" for n in IMPLEMENTATIONS)
            print(f"  charlson round {round_}: {line}", flush=True)
    return {
        "runs": runs,
        "steps": steps,
        "as_of": args.as_of.isoformat(),
        "threads": args.threads,
        "agreement": agreement(results["locality"], results["pycomorb"]),
        "validated_same": results["locality"].equals(results["locality_validated"]),
        "versions": {
            "pycomorb": version("pycomorb"),
            "polars": pl.__version__,
            "duckdb": duckdb.__version__,
        },
    }


class Steps:
    """Seconds per named step of one run: ``timer.mark("name")`` ends the step begun at the
    previous mark (or at the start)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.last = time.perf_counter()

    def mark(self, name: str) -> None:
        now = time.perf_counter()
        self.seconds[name] = now - self.last
        self.last = now


def locality_charlson(folder: Path, as_of: datetime.date, threads: int, timer=None, validate=False):
    """Locality's Charlson for every person (``compute_scores``), from the dataset's Parquet
    files to a polars frame of person_id, numerator, denominator. The definition (YAML and
    its code list CSV) is read each time, as pycomorb reads its CSVs on every call."""
    import polars as pl

    from locality.analytics.population import schema
    from locality.analytics.population.definitions import SCORES_DIR, load_definition
    from locality.analytics.population.engines import connect
    from locality.analytics.population.formats.locality import read_dataset, typed
    from locality.analytics.population.scores import compute_scores

    timer = timer or Steps()
    definition = load_definition(SCORES_DIR / "charlson.yaml")
    timer.mark("read the definition")
    con = connect("duckdb", threads=threads)
    if validate:
        dataset = read_dataset(folder, con)
        persons, events = dataset.persons, dataset.events
        timer.mark("validate and open the files")
    else:
        persons = typed(con.read_parquet(folder / "persons.parquet"), schema.PERSONS)
        events = typed(con.read_parquet(folder / "events.parquet"), schema.EVENTS)
    scores = compute_scores(persons, events, [definition], as_of)
    timer.mark("open and build the query (Ibis)")
    table = con.to_pyarrow(scores.select("person_id", "numerator", "denominator"))
    timer.mark("compile, run, collect (DuckDB)")
    con.disconnect()
    frame = pl.from_arrow(table)
    timer.mark("to polars")
    return frame


def pycomorb_charlson(folder: Path, as_of: datetime.date, threads: int, timer=None):
    """pycomorb's Charlson (Quan 2005 ICD-10 codes, Charlson 1987 weights) for every person.

    What pycomorb needs, from the same files: the ICD-10 diagnoses before ``as_of`` (read
    lazily, so polars pushes the filter into the Parquet scan), an age per row (from
    ``birth_date``; it only feeds pycomorb's age points, which are not compared), the call,
    and every person without a diagnosis added with 0, so both give one row per person."""
    import polars as pl
    from pycomorb import CharlsonComorbidityIndex

    timer = timer or Steps()
    persons = pl.scan_parquet(folder / "persons.parquet").select("person_id", "birth_date")
    day = pl.lit(as_of)
    icd10 = (pl.col("code_system") == "icd10") & pl.col("code").is_not_null()
    diagnoses = (
        pl.scan_parquet(folder / "events.parquet")
        .filter(icd10 & (pl.col("date") < day))
        .select("person_id", "code")
        .join(persons, on="person_id")
        .select(
            id="person_id", code="code", age=(day - pl.col("birth_date")).dt.total_days() // 365
        )
        .collect()
    )
    timer.mark("scan, filter, join ages (polars)")
    scored = CharlsonComorbidityIndex(diagnoses, weights="charlson")
    timer.mark("CharlsonComorbidityIndex")
    scored = scored.select("id", CCI, scored=pl.lit(True))
    everyone = persons.select(id="person_id").collect().join(scored, on="id", how="left")
    frame = everyone.with_columns(pl.col(CCI).fill_null(0), pl.col("scored").fill_null(False))
    timer.mark("add everyone else")
    return frame


CHARLSON = {
    "locality": locality_charlson,
    "locality_validated": lambda folder, as_of, threads, timer=None: locality_charlson(
        folder, as_of, threads, timer, validate=True
    ),
    "pycomorb": pycomorb_charlson,
}


def agreement(ours, theirs, shown: int = 5) -> dict:
    """Per person: Locality's exact score (numerator / denominator) equals pycomorb's."""
    import polars as pl

    scores = theirs.select("id", CCI).rename({"id": "person_id"})
    joined = ours.join(scores, on="person_id", how="full", coalesce=True)
    same = pl.col("numerator") == pl.col(CCI) * pl.col("denominator")
    joined = joined.with_columns(same=same.fill_null(False))
    differ = joined.filter(~pl.col("same")).sort("person_id")
    return {
        "people": joined.height,
        "equal": int(joined["same"].sum()),
        "locality_people": ours.height,
        "pycomorb_people": scored_by_pycomorb(theirs),
        "with_points": int((joined["numerator"] > 0).sum()),
        "disagreements": [
            {"person_id": r["person_id"], "locality": _fraction(r), "pycomorb": r[CCI]}
            for r in differ.head(shown).iter_rows(named=True)
        ],
    }


def scored_by_pycomorb(theirs) -> int:
    """The people pycomorb itself scored (it returns only those with a diagnosis)."""
    return int(theirs["scored"].sum()) if "scored" in theirs.columns else theirs.height


def _fraction(row: dict):
    if row["numerator"] is None:
        return None
    return row["numerator"] / row["denominator"]


if __name__ == "__main__":
    sys.exit(main())
