"""`stratify run` end to end: the outputs, the same people from every format and engine, errors."""

import datetime

import pyarrow.parquet as pq
import pytest

from locality.analytics.population.engines import connect
from locality.analytics.population.formats.locality import DatasetError
from locality.analytics.population.pipeline import RunError, run_stratify, write_atomically
from locality.analytics.population.pipeline_areas import AreasError
from locality.analytics.population.synth import generate
from tests.factories.population import dataset_folder

AS_OF = datetime.date(2024, 1, 1)
NORTH, SOUTH = "E01013346", "E01013347"
OLDER = "name: older\nversion: 1\ndescription: Aged 65 or over\ncriteria:\n  age: {min: 65}\n"
FRAIL = (
    "name: dementia-segment\nversion: 2\ndescription: Frailty and dementia segment\n"
    "criteria:\n  segment: [frailty_dementia]\n"
)
PERSONS = "\n".join(
    ["person_id | birth_date | sex    | lsoa_code | lives_alone"]
    + [f"n{i:02} | 1950-01-01 | female | {NORTH} | true" for i in range(1, 11)]
    + [f"s{i} | 1994-01-01 | male | {SOUTH} | false" for i in (1, 2)]
    + ["x1 | 1980-01-01 | other | |"]
)
EVENTS = """
    person_id | date       | kind                | code_system | code
    n01       | 2023-06-01 | emergency_admission | icd10       | F03
    n02       | 2023-01-01 | diagnosis           | snomed      | 44054006
    s1        | 2023-12-01 | gp_appointment      |             |
"""


@pytest.fixture
def small(tmp_path):
    """13 people, two neighbourhoods and someone without an LSOA; two cohorts."""
    folder = dataset_folder(tmp_path / "in", persons=PERSONS, events=EVENTS)
    cohorts = tmp_path / "cohorts"
    cohorts.mkdir()
    (cohorts / "older.yaml").write_text(OLDER)
    (cohorts / "dementia-segment.yaml").write_text(FRAIL)
    areas = tmp_path / "neighbourhoods.csv"
    areas.write_text(f"lsoa_code,neighbourhood\n{NORTH},North\n{SOUTH},South\n")
    return {"input": folder, "cohorts_dir": cohorts, "neighbourhoods": areas}


def test_run_writes_people_explanations_cohorts_and_summary(small, tmp_path):
    summary = run_stratify(small["input"], tmp_path / "out", as_of=AS_OF, **without(small))
    out = tmp_path / "out"
    assert summary.people == 13 and summary.as_of == AS_OF
    assert set(summary.files) >= {"people.parquet", "explanations.parquet", "cohorts.csv",
                                  "summary.html", "plots/segment_pyramid.png"}  # fmt: skip
    people = {r["person_id"]: r for r in pq.read_table(out / "people.parquet").to_pylist()}
    assert list(people) == sorted(people)
    n01 = people["n01"]
    assert (n01["segment"], n01["area"], n01["n_ltc"], n01["dementia"]) == (
        "frailty_dementia", "North", 1, True
    )  # fmt: skip
    assert (n01["cohort_older"], n01["cohort_dementia_segment"], n01["score_charlson"]) == (
        True, True, 1.0
    )  # fmt: skip
    assert n01["reasons"][0] == (
        "segment Frailty and dementia (long course of decline): rule frailty_dementia.dementia "
        "(dementia; Lynn 2007)"
    )
    assert "charlson: Dementia: icd10 F03 (2023-06-01, 1 event)" in n01["reasons"]
    assert people["x1"]["area"] == "outside" and people["x1"]["end_of_life"] is None
    assert people["s2"]["reasons"] == ["segment Healthy: no rule applied"]
    why = pq.read_table(out / "explanations.parquet")
    assert set(why["score"].to_pylist()) == {"charlson", "charlson_quan2011", "efi", "hfrs", "ltc"}
    assert (out / "cohorts.csv").read_text() == (
        "cohort,version,area_type,area,count\n"
        "dementia-segment,2,neighbourhood,North,[c]\n"
        "dementia-segment,2,neighbourhood,South,[c]\n"
        "dementia-segment,2,neighbourhood,outside,[c]\n"
        "dementia-segment,2,neighbourhood,total,[c]\n"
        "older,1,neighbourhood,North,10\n"
        "older,1,neighbourhood,South,[c]\n"
        "older,1,neighbourhood,outside,[c]\n"
        "older,1,neighbourhood,total,10\n"
    )
    html = (out / "summary.html").read_text()
    assert "<td>as of</td><td>2024-01-01</td>" in html and "locality-ltc-1" in html
    assert [p.name for p in tmp_path.iterdir() if ".partial-" in p.name] == []


def without(small):
    return {k: v for k, v in small.items() if k != "input"}


def test_run_groups_by_local_authority_without_neighbourhoods(small, tmp_path):
    run_stratify(small["input"], tmp_path / "out", cohorts_dir=small["cohorts_dir"])
    people = pq.read_table(tmp_path / "out" / "people.parquet")
    assert set(people["area"].to_pylist()) == {"York", "outside"}
    counts = (tmp_path / "out" / "cohorts.csv").read_text()
    # York's 10 are withheld too: with 'outside' (0) the only other cell, the total would tell
    assert "older,1,local authority,York,[c]\nolder,1,local authority,outside,[c]\n" in counts
    assert "older,1,local authority,total,10\n" in counts


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """The same 150 synthetic people written as Locality tables, OMOP and FHIR."""
    root = tmp_path_factory.mktemp("synthetic")
    for fmt in ("locality", "omop", "fhir"):
        generate(150, root / fmt, seed=5, format=fmt, la_codes=("E06000014",))
    return root


def tables(out):
    return [pq.read_table(out / name) for name in ("people.parquet", "explanations.parquet")]


def test_run_gives_the_same_people_in_every_format(synthetic, tmp_path):
    outs = {}
    for fmt in ("locality", "omop", "fhir"):
        run_stratify(synthetic / fmt, tmp_path / fmt, format=fmt)
        outs[fmt] = tables(tmp_path / fmt)
    people = outs["locality"][0]
    assert people.num_rows == 150 and people["score_efi"].to_pylist() != [0.0] * 150
    assert sum(people["n_ltc"].to_pylist()) > 50
    for fmt in ("omop", "fhir"):
        assert outs[fmt][0].equals(people), fmt
        assert outs[fmt][1].equals(outs["locality"][1]), fmt


@pytest.mark.spark
def test_duckdb_and_spark_write_identical_people(synthetic, tmp_path, spark_session):
    spark = connect("spark", session=spark_session)
    run_stratify(synthetic / "locality", tmp_path / "spark", con=spark)
    run_stratify(synthetic / "locality", tmp_path / "duckdb", con=connect("duckdb"))
    spark_people, spark_why = tables(tmp_path / "spark")
    duckdb_people, duckdb_why = tables(tmp_path / "duckdb")
    assert spark_people.equals(duckdb_people)
    assert spark_why.equals(duckdb_why)
    assert (tmp_path / "spark" / "cohorts.csv").read_text() == (
        tmp_path / "duckdb" / "cohorts.csv"
    ).read_text()


def test_bad_input_names_file_row_and_column_and_writes_nothing(tmp_path):
    events = "person_id | date | kind\np1 | 2023-01-01 | gp_appointment\np1 | 2023-13-01 | gp"
    folder = dataset_folder(tmp_path / "in", persons="person_id | birth_date | sex\np1 | "
                            "1950-01-01 | female", events=events)  # fmt: skip
    with pytest.raises(DatasetError) as raised:
        run_stratify(folder, tmp_path / "out")
    assert "events.csv, row 2, column date: '2023-13-01' is not a date" in str(raised.value)
    assert "events.csv, row 2, column kind: 'gp' is not one of diagnosis" in str(raised.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        ({"as_of": "2024-02-30"}, RunError, "--as-of '2024-02-30' is not a date"),
        ({"format": "csv"}, RunError, "format must be one of locality, omop, fhir"),
        ({"cohorts_dir": "nowhere"}, RunError, "--cohorts nowhere is not a folder"),
    ],
)
def test_bad_arguments_are_named(small, tmp_path, change, error, message):
    with pytest.raises(error, match=message):
        run_stratify(small["input"], tmp_path / "out", **{**without(small), **change})
    assert not (tmp_path / "out").exists()


def test_a_neighbourhood_file_with_an_lsoa_twice_names_the_row(small, tmp_path):
    small["neighbourhoods"].write_text(
        f"lsoa_code,neighbourhood\n{NORTH},North\n{SOUTH},South\n{NORTH},East\n"
    )
    with pytest.raises(AreasError, match=f"row 3, column lsoa_code: {NORTH} is already on row 1"):
        run_stratify(small["input"], tmp_path / "out", **without(small))


def test_a_used_out_folder_is_refused(small, tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "notes.txt").write_text("mine")
    with pytest.raises(RunError, match="is not an empty folder"):
        run_stratify(small["input"], tmp_path / "out", **without(small))
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["notes.txt"]


def test_write_atomically_leaves_nothing_when_writing_fails(tmp_path):
    def write(folder):
        (folder / "people.parquet").write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomically(tmp_path / "out", write)
    assert list(tmp_path.iterdir()) == []
    write_atomically(tmp_path / "out", lambda folder: (folder / "a.txt").write_text("done"))
    assert (tmp_path / "out" / "a.txt").read_text() == "done"
