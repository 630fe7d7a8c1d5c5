"""Stratify a population end to end: read, score, segment, place in cohorts, write the outputs.

:func:`run_stratify` is what ``locality stratify run`` calls. It reads a dataset in the
Locality, OMOP or FHIR format (validated: a problem names the file, row and column), then, on
the given engine: every score of ``data/scores`` and its explanation, the long-term conditions
(``data/scores/ltc.yaml``), use of services, social risk, the clinical inputs and the segment
(:mod:`person_table`). The engine's per-person results are collected and assembled on DuckDB
(:mod:`pipeline_people`; the engine's own connection when it is DuckDB, an embedded one for
Spark): score columns, area, cohort membership, reasons, and the cohort counts per area
through :mod:`suppression`. The outputs:

=======================  ================================================================
``people.parquet``       one row per person, sorted by ``person_id``
``explanations.parquet`` which codes made each condition of each score (``EXPLANATION_SCHEMA``)
``cohorts.csv``          members per cohort and area, suppressed and rounded
``summary.html``         the run, tables and plots (``plots/*.png``), see :mod:`report`
``prediction/``          with ``predict=True``: :mod:`predict` and :mod:`predict_report`
=======================  ================================================================

Everything is written to a hidden folder beside ``out`` and renamed to ``out`` at the end, so
a run that fails leaves nothing behind.

>>> from locality.analytics.population.engines import connect
>>> # run_stratify("var/synth/york", "var/stratify/york", con=connect("duckdb"))
"""

from __future__ import annotations

import csv
import datetime
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import ibis
import pyarrow as pa
import pyarrow.parquet as pq

from locality.analytics.population import pipeline_people as assemble
from locality.analytics.population.clinical import explain_ltc, ltc_inputs
from locality.analytics.population.cohort_definitions import COHORTS_DIR
from locality.analytics.population.cohorts import Cohort, cohort_counts, load_cohorts
from locality.analytics.population.definitions import ScoreDefinition, load_definitions
from locality.analytics.population.engines import engine_name
from locality.analytics.population.formats.fhir import read_fhir
from locality.analytics.population.formats.locality import Dataset, read_dataset
from locality.analytics.population.formats.omop import read_omop
from locality.analytics.population.ltc_definitions import ConditionSet, load_conditions
from locality.analytics.population.person_table import clinical_table, person_table
from locality.analytics.population.pipeline_areas import (
    Areas,
    local_authorities,
    read_neighbourhoods,
)
from locality.analytics.population.scores import compute_scores, explain_scores
from locality.analytics.population.suppression import display
from locality.analytics.population.windows import resolve_as_of

READERS = {"locality": read_dataset, "omop": read_omop, "fhir": read_fhir}
FORMATS = tuple(READERS)
STEPS = ("read and validate", "scores", "per-person table", "cohorts", "write")
EXPLANATION_ORDER = ["person_id", "score", "condition", "code_system", "code"]
COHORT_COLUMNS = ("cohort", "version", "area_type", "area", "count")

Progress = Callable[[str], None]


class RunError(ValueError):
    """An argument of the run is unusable (the message says which and why)."""


@dataclass(frozen=True)
class Stratified:
    """What a run computed, before it is written."""

    people: pa.Table
    explanations: pa.Table
    counts: list[dict]  # cohort, version, area_type, area, count (None when suppressed)
    cohorts: tuple[Cohort, ...]
    definitions: tuple[ScoreDefinition, ...]
    conditions: ConditionSet
    areas: Areas
    as_of: datetime.date


@dataclass(frozen=True)
class RunSummary:
    out: Path
    people: int
    as_of: datetime.date
    files: tuple[str, ...]


def run_stratify(
    input: str | Path,
    out: str | Path,
    *,
    con=None,
    format: str = "locality",
    as_of: datetime.date | str | None = None,
    cohorts_dir: str | Path = COHORTS_DIR,
    neighbourhoods: str | Path | None = None,
    predict: bool = False,
    progress: Progress | None = None,
) -> RunSummary:
    """Stratify the dataset in ``input`` and write the outputs to the new folder ``out``."""
    out, step = Path(out), progress or (lambda name: None)
    check_out(out)
    if format not in READERS:
        raise RunError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
    as_of = parse_as_of(as_of)
    if not Path(cohorts_dir).is_dir():
        raise RunError(f"--cohorts {cohorts_dir} is not a folder of cohort files")
    cohorts = load_cohorts(cohorts_dir)
    areas = read_neighbourhoods(neighbourhoods) if neighbourhoods else None
    con = con if con is not None else ibis.duckdb.connect()
    dataset = READERS[format](Path(input), con)
    step(STEPS[0])
    result = stratify(dataset, as_of=as_of, cohorts=cohorts, areas=areas, step=step)
    meta = {"input": str(input), "format": format, "engine": engine_name(con)}

    def write(folder: Path) -> None:
        write_outputs(result, folder, meta)
        if predict:
            write_prediction(dataset, folder / "prediction")
        step(STEPS[-1])

    write_atomically(out, write)
    files = tuple(sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()))
    return RunSummary(out, result.people.num_rows, result.as_of, files)


def write_atomically(out: Path, write: Callable[[Path], None]) -> None:
    """``write`` into a hidden folder beside ``out``, renamed to ``out`` when it succeeds and
    removed when it fails."""
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
    try:
        write(temp)
        check_out(out)
        if out.exists():
            out.rmdir()
        temp.rename(out)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


def check_out(out: Path) -> None:
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise RunError(f"--out {out} is not an empty folder: choose a new or empty one")


def parse_as_of(value: datetime.date | str | None) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise RunError(f"--as-of {value!r} is not a date (yyyy-mm-dd)") from None


def stratify(
    dataset: Dataset,
    *,
    as_of: datetime.date | None = None,
    cohorts: tuple[Cohort, ...] = (),
    areas: Areas | None = None,
    step: Progress = lambda name: None,
) -> Stratified:
    """Scores, conditions, per-person table and cohorts of ``dataset`` on its engine."""
    persons, events = dataset.persons, dataset.events
    con = ibis.get_backend(persons)
    as_of = resolve_as_of(events, as_of)
    definitions, conditions = load_definitions().scores, load_conditions()
    scores = con.to_pyarrow(compute_scores(persons, events, definitions, as_of))
    why = ibis.union(
        explain_scores(persons, events, definitions, as_of),
        explain_ltc(persons, events, conditions, as_of),
    )
    explanations = con.to_pyarrow(why)
    step(STEPS[1])
    inputs = ltc_inputs(persons, ibis.memtable(explanations), conditions)
    clinical = clinical_table(ibis.memtable(scores), inputs)
    people = con.to_pyarrow(person_table(persons, events, clinical, as_of))
    step(STEPS[2])
    areas = areas or local_authorities(people["lsoa_code"].drop_null().to_pylist())
    local = assembly_connection(con)
    table = assemble_people(people, scores, explanations, definitions, cohorts, areas)
    people = local.to_pyarrow(table.order_by("person_id"))
    counts = area_counts(local, people, cohorts, areas)
    step(STEPS[3])
    explanations = local.to_pyarrow(ibis.memtable(explanations).order_by(EXPLANATION_ORDER))
    return Stratified(people, explanations, counts, cohorts, definitions, conditions, areas, as_of)


def assembly_connection(con):
    """Where the collected results are assembled: the engine's own connection when it is
    DuckDB, so the run has one buffer pool within the ``memory_limit`` and ``threads`` the
    caller set (a second embedded database would add its own, by default 80% of RAM); an
    embedded DuckDB otherwise."""
    return con if engine_name(con) == "duckdb" else ibis.duckdb.connect()


def assemble_people(people, scores, explanations, definitions, cohorts, areas: Areas):
    t = ibis.memtable(people)
    t = t.left_join(assemble.wide_scores(ibis.memtable(scores), definitions), "person_id")
    t = assemble.with_areas(t.drop("person_id_right"), ibis.memtable(areas.mapping))
    t = assemble.with_cohorts(t, cohorts)
    return assemble.with_reasons(t, ibis.memtable(explanations))


def area_counts(local, people: pa.Table, cohorts, areas: Areas) -> list[dict]:
    table, mapping = ibis.memtable(people), ibis.memtable(areas.mapping)
    rows = []
    for cohort in cohorts:
        for row in cohort_counts(local, table, cohort, mapping):
            area = row.pop("neighbourhood")
            rows.append({**row, "area_type": areas.kind, "area": area})
    return rows


def write_outputs(result: Stratified, folder: Path, meta: dict) -> None:
    from locality.analytics.population.report import write_summary

    pq.write_table(result.people, folder / "people.parquet", compression="zstd")
    pq.write_table(result.explanations, folder / "explanations.parquet", compression="zstd")
    with (folder / "cohorts.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COHORT_COLUMNS)
        writer.writeheader()
        for row in result.counts:
            writer.writerow({**{c: row[c] for c in COHORT_COLUMNS}, "count": display(row["count"])})
    write_summary(result, folder, meta)


def write_prediction(dataset: Dataset, folder: Path) -> None:
    from locality.analytics.population.predict import run_prediction
    from locality.analytics.population.predict_report import write_report

    write_report(run_prediction(dataset.persons, dataset.events), folder)
