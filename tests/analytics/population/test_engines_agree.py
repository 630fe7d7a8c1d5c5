"""Property: on random small populations, DuckDB and Spark give identical scores and reasons."""

import datetime
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from locality.analytics.population import engines
from locality.analytics.population.definitions import load_definitions
from locality.analytics.population.formats.locality import read_dataset
from locality.analytics.population.scores import compute_scores, explain_scores

pytestmark = [pytest.mark.spec, pytest.mark.spark]

# Codes that fire (from the shipped code lists), lengthened ICD-10 codes, and codes that do not.
CODES = [
    ("icd10", "I21"), ("icd10", "I252"), ("icd10", "E112"), ("icd10", "E119"),
    ("icd10", "K703"), ("icd10", "K721"), ("icd10", "C61"), ("icd10", "C787"),
    ("icd10", "F00"), ("icd10", "G81"), ("icd10", "R296"), ("icd10", "N390"),
    ("icd10", "I50"), ("icd10", "J449"), ("icd10", "Z000"),
    ("snomed", "3723001"), ("snomed", "1755008"), ("snomed", "1912002"),
    ("ctv3", "XE1DV"), ("readv2", "N040."), ("snomed", "22298006"),
    ("dmd", "1001"), ("dmd", "1002"), ("dmd", "1003"), ("dmd", "1004"), ("dmd", "1005"),
    ("dmd", "1006"),
]  # fmt: skip
KINDS = ["diagnosis", "medication", "emergency_admission", "gp_appointment"]
AS_OFS = [None, datetime.date(2024, 1, 1), datetime.date(2023, 6, 30)]

events_strategy = st.lists(
    st.tuples(
        st.integers(0, 7),
        st.dates(datetime.date(2020, 6, 1), datetime.date(2024, 2, 1)),
        st.sampled_from(KINDS),
        st.sampled_from(CODES),
    ),
    max_size=40,
)


def write(folder: Path, people: int, events) -> None:
    ids = [f"p{n}" for n in range(people)]
    persons = {"person_id": ids, "birth_date": ["1940-01-01"] * people, "sex": ["male"] * people}
    pacsv.write_csv(pa.table(persons), folder / "persons.csv")
    rows = [(f"p{p % people}", d.isoformat(), k, s, c) for p, d, k, (s, c) in events]
    columns = ["person_id", "date", "kind", "code_system", "code"]
    table = pa.table(
        {c: pa.array([r[i] for r in rows], pa.string()) for i, c in enumerate(columns)}
    )
    pacsv.write_csv(table, folder / "events.csv")


def results(con, folder, definitions, as_of):
    ds = read_dataset(folder, con)
    if as_of is None and ds.events.count().to_pyarrow().as_py() == 0:
        as_of = datetime.date(2024, 1, 1)
    scores = compute_scores(ds.persons, ds.events, definitions, as_of).to_pyarrow()
    why = explain_scores(ds.persons, ds.events, definitions, as_of).to_pyarrow()
    return scores, why


@settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(people=st.integers(1, 8), events=events_strategy, as_of=st.sampled_from(AS_OFS))
def test_duckdb_and_spark_agree_on_random_populations(spark_session, people, events, as_of):
    definitions = load_definitions().scores
    with tempfile.TemporaryDirectory() as folder:
        write(Path(folder), people, events)
        duck = results(engines.connect("duckdb"), folder, definitions, as_of)
        spark = results(engines.connect("spark", session=spark_session), folder, definitions, as_of)
    for ours, theirs in zip(duck, spark, strict=True):
        assert ours.schema == theirs.schema
        assert ours.to_pylist() == theirs.to_pylist()
