"""Acceptance (issue 5): DuckDB and Spark give identical outputs for 100,000 synthetic people.

One seeded synthetic population of 100,000 people (about 3 million events, anywhere in
England) goes through the whole ``run_stratify`` once on an embedded DuckDB and once on the
test run's Spark session (local mode). The person-level files are compared row by row after
sorting by their keys, every value exactly: scores are summed as integers and divided once
(:mod:`scores`), so there is no float summation whose order could differ between the engines,
and no tolerance is needed. ``cohorts.csv`` must be the same text. ``summary.html`` names the
engine it ran on; apart from that line it, and the plots, must be the same bytes (the page
holds no timings).

This is the slowest test module of the suite (most of it is the Spark run); it stays in the
normal suite because it is the acceptance point itself.
"""

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from locality.analytics.population.engines import connect
from locality.analytics.population.pipeline import EXPLANATION_ORDER, run_stratify
from locality.analytics.population.synth import generate

pytestmark = pytest.mark.spark

PEOPLE = 100_000
SEED = 20_241_204
KEYS = {"people.parquet": ["person_id"], "explanations.parquet": EXPLANATION_ORDER}


@pytest.fixture(scope="module")
def runs(tmp_path_factory, spark_session):
    """The same 100,000 people stratified on DuckDB and on Spark: {engine: output folder}."""
    root = tmp_path_factory.mktemp("identity_100k")
    generate(PEOPLE, root / "input", seed=SEED)
    engines = {"duckdb": connect("duckdb"), "spark": connect("spark", session=spark_session)}
    for name, con in engines.items():
        run_stratify(root / "input", root / name, con=con)
    return {name: root / name for name in engines}


def differences(left: pa.Table, right: pa.Table, keys: list[str], shown: int = 3) -> list[str]:
    """Where two tables with the same rows in the same order differ, column by column."""
    found = []
    for name in left.column_names:
        a, b = left[name].to_pylist(), right[name].to_pylist()
        rows = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if rows:
            examples = [(tuple(left[k][i].as_py() for k in keys), a[i], b[i]) for i in rows[:shown]]
            found.append(f"{name}: {len(rows)} rows differ, e.g. (key, duckdb, spark) {examples}")
    return found


@pytest.mark.parametrize("name", sorted(KEYS))
def test_person_level_files_are_identical(runs, name):
    keys = KEYS[name]
    duckdb, spark = (pq.read_table(runs[engine] / name) for engine in ("duckdb", "spark"))
    assert spark.schema.equals(duckdb.schema, check_metadata=False), (spark.schema, duckdb.schema)
    assert spark.num_rows == duckdb.num_rows
    ordered = [(k, "ascending") for k in keys]
    duckdb_sorted, spark_sorted = duckdb.sort_by(ordered), spark.sort_by(ordered)
    key_columns = duckdb_sorted.select(keys)
    assert spark_sorted.select(keys).equals(key_columns), "the engines found different rows"
    assert differences(duckdb_sorted, spark_sorted, keys) == []
    # and both files were written in that order
    assert duckdb.equals(duckdb_sorted) and spark.equals(spark_sorted)


def test_the_population_is_large_and_varied_enough_to_tell_the_engines_apart(runs):
    people = pq.read_table(runs["duckdb"] / "people.parquet")
    assert people.num_rows == PEOPLE
    assert len(set(people["person_id"].to_pylist())) == PEOPLE
    assert len(set(people["segment"].to_pylist())) >= 6
    assert max(people["n_ltc"].to_pylist()) >= 4
    assert len(set(people["score_efi"].to_pylist())) >= 10
    assert len(set(people["area"].to_pylist())) >= 100
    explanations = pq.read_table(runs["duckdb"] / "explanations.parquet")
    assert explanations.num_rows > PEOPLE
    assert set(explanations["score"].to_pylist()) >= {"charlson", "efi", "elixhauser", "hfrs"}


def test_cohort_counts_are_identical(runs):
    duckdb = (runs["duckdb"] / "cohorts.csv").read_text()
    assert (runs["spark"] / "cohorts.csv").read_text() == duckdb
    rounded = [line for line in duckdb.splitlines()[1:] if line.split(",")[-1].isdigit()]
    assert len(rounded) >= 50, "too few counts above the suppression threshold to compare"


def test_summary_and_plots_differ_only_in_the_engine_named(runs):
    duckdb, spark = (runs[e] / "summary.html" for e in ("duckdb", "spark"))
    duckdb_html, spark_html = duckdb.read_text(), spark.read_text()
    assert "<td>engine</td><td>duckdb</td>" in duckdb_html
    assert spark_html.replace(
        "<td>engine</td><td>spark</td>", "<td>engine</td><td>duckdb</td>"
    ) == (duckdb_html)
    plots = sorted(p.name for p in (runs["duckdb"] / "plots").iterdir())
    assert plots == sorted(p.name for p in (runs["spark"] / "plots").iterdir())
    for plot in plots:
        same = (runs["spark"] / "plots" / plot).read_bytes() == (
            runs["duckdb"] / "plots" / plot
        ).read_bytes()
        assert same, plot
