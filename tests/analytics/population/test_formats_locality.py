"""Reading and validating a dataset folder in the Locality person-event format."""

import datetime

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from locality.analytics.population.engines import connect
from locality.analytics.population.formats.locality import DatasetError, read_dataset
from tests.factories.population import dataset_folder

pytestmark = pytest.mark.spec

PERSONS = """
    person_id | birth_date | sex    | ethnicity | lsoa_code | lives_alone | household_id
    p1        | 1940-02-29 | female | white     | E01013346 | true        | h1
    p2        | 1950-06-01 | male   |           |           | FALSE       |
    p3        | 1960-01-01 | other  | asian     |           |             |
"""
EVENTS = """
    person_id | date       | kind          | code_system | code     | value
    p1        | 2024-01-01 | diagnosis     | icd10       | I252     |
    p2        | 2024-02-01 | medication    | dmd         | 39113611 |
    p3        | 2024-03-01 | isolation_answer | local    | Q1       | yes, often
    p3        | 2024-03-02 | gp_appointment |            |          |
"""


def problems_of(folder):
    with pytest.raises(DatasetError) as raised:
        read_dataset(folder, connect("duckdb"))
    return [str(p) for p in raised.value.problems]


def test_read_dataset_csv_types_and_values(con, tmp_path):
    ds = read_dataset(dataset_folder(tmp_path, persons=PERSONS, events=EVENTS), con)
    assert {k: str(v) for k, v in ds.persons.schema().items()} == {
        "person_id": "string",
        "birth_date": "date",
        "sex": "string",
        "ethnicity": "string",
        "lsoa_code": "string",
        "lives_alone": "boolean",
        "household_id": "string",
    }
    persons = ds.persons.order_by("person_id").to_pyarrow().to_pylist()
    assert [p["lives_alone"] for p in persons] == [True, False, None]
    assert persons[0]["birth_date"] == datetime.date(1940, 2, 29)
    assert persons[1]["ethnicity"] is None
    events = ds.events.order_by(["person_id", "date"]).to_pyarrow().to_pylist()
    assert [e["code"] for e in events] == ["I252", "39113611", "Q1", None]
    assert events[2]["value"] == "yes, often"


def test_read_dataset_parquet_with_typed_and_absent_columns(con, tmp_path):
    pq.write_table(
        pa.table(
            {
                "person_id": ["a", "b"],
                "birth_date": [datetime.date(1940, 1, 1), datetime.date(1950, 1, 1)],
                "sex": ["female", "unknown"],
                "lives_alone": [True, None],
            }
        ),
        tmp_path / "persons.parquet",
    )
    pq.write_table(
        pa.table(
            {
                "person_id": ["a"],
                "date": ["2024-01-31"],
                "kind": ["diagnosis"],
                "code_system": ["icd10"],
                "code": ["E119"],
            }
        ),
        tmp_path / "events.parquet",
    )
    ds = read_dataset(tmp_path, con)
    assert ds.persons.count().to_pyarrow().as_py() == 2
    assert ds.persons.order_by("person_id").household_id.to_pyarrow().to_pylist() == [None, None]
    [event] = ds.events.to_pyarrow().to_pylist()
    assert event["date"] == datetime.date(2024, 1, 31)
    assert event["value"] is None


def test_read_dataset_names_file_row_and_column_of_every_problem(tmp_path):
    persons = """
        person_id | birth_date | sex    | ethnicity | lives_alone
        p1        | 1940-01-01 | female | white     | true
        p2        | 1950-13-01 | man    |           |
        p1        | 1960-01-01 | male   | purple    | yes
                  | 1960-01-01 | male   |           |
    """
    events = """
        person_id | date       | kind      | code_system | code
        p1        | 2024-01-01 | diagnosis | icd10       | I25.2
        p9        | 2024/01/03 | visit     |             | X
    """
    assert problems_of(dataset_folder(tmp_path, persons=persons, events=events)) == [
        "persons.csv, row 2, column birth_date: '1950-13-01' is not a date (yyyy-mm-dd)",
        "persons.csv, row 2, column sex: 'man' is not one of female, male, other, unknown",
        "persons.csv, row 3, column ethnicity: "
        "'purple' is not one of asian, black, mixed, white, other, unknown",
        "persons.csv, row 3, column lives_alone: 'yes' is not a boolean (true or false)",
        "persons.csv, row 3, column person_id: duplicate person_id 'p1' (first on row 1)",
        "persons.csv, row 4, column person_id: is required",
        "events.csv, row 1, column code: "
        "'I25.2' is not a valid icd10 code (undotted upper case, e.g. I252)",
        "events.csv, row 2, column date: '2024/01/03' is not a date (yyyy-mm-dd)",
        "events.csv, row 2, column kind: 'visit' is not one of diagnosis, symptom, procedure, "
        "medication, observation, gp_appointment, ae_attendance, emergency_admission, "
        "elective_admission, outpatient, social_care_contact, housing_event, isolation_answer",
        "events.csv, row 2, column code_system: a code needs one",
        "events.csv, row 2, column person_id: 'p9' is not in persons",
    ]


def test_read_dataset_missing_and_extra_columns(tmp_path):
    (tmp_path / "persons.csv").write_text("person_id,sex,shoe_size\np1,female,6\n")
    (tmp_path / "events.csv").write_text("person_id,date,kind\n")
    assert problems_of(tmp_path) == [
        "persons.csv, column birth_date: required column is missing",
        "persons.csv, column shoe_size: is not a column of the format",
    ]


def test_read_dataset_missing_or_doubled_files(tmp_path):
    dataset_folder(tmp_path, persons=PERSONS, events=EVENTS)
    (tmp_path / "events.csv").unlink()
    (tmp_path / "persons.parquet").write_bytes(b"")
    assert problems_of(tmp_path) == [
        f"{tmp_path}/persons.parquet or persons.csv: both files exist: keep one",
        f"{tmp_path}/events.parquet or events.csv: is missing",
    ]


def test_read_dataset_wrong_parquet_type(tmp_path):
    dataset_folder(tmp_path, persons=PERSONS, events=EVENTS)
    (tmp_path / "persons.csv").unlink()
    pq.write_table(
        pa.table({"person_id": [1], "birth_date": ["1940-01-01"], "sex": ["male"]}),
        tmp_path / "persons.parquet",
    )
    assert problems_of(tmp_path) == [
        "persons.parquet, column person_id: has type int64, expected string"
    ]


def test_read_dataset_caps_the_list_and_counts_the_rest(tmp_path):
    rows = "\n".join(f"q{i} | 2024-01-01 | diagnosis" for i in range(250))
    persons = "person_id | birth_date | sex\np1 | 1940-01-01 | female"
    folder = dataset_folder(tmp_path, persons=persons, events=f"person_id | date | kind\n{rows}")
    with pytest.raises(DatasetError) as raised:
        read_dataset(folder, connect("duckdb"), max_problems=10)
    error = raised.value
    assert error.total == 250
    assert len(error.problems) == 10
    assert str(error.problems[0]) == "events.csv, row 1, column person_id: 'q0' is not in persons"
    assert str(error).endswith("... and 240 more problems")


def test_read_dataset_unreadable_file(tmp_path):
    dataset_folder(tmp_path, persons=PERSONS, events=EVENTS)
    (tmp_path / "events.csv").unlink()
    (tmp_path / "events.parquet").write_bytes(b"not parquet")
    [problem] = problems_of(tmp_path)
    assert problem.startswith("events.parquet: cannot be read: ")


def test_read_dataset_csv_row_with_too_many_fields(tmp_path):
    dataset_folder(tmp_path, persons=PERSONS, events=EVENTS)
    (tmp_path / "persons.csv").write_text(
        "person_id,birth_date,sex\np1,1940-01-01,female\np2,1940-01-01,male,extra\n"
    )
    assert problems_of(tmp_path) == ["persons.csv: line 3 has 4 fields, the header has 3"]


def test_read_dataset_empty_csv_file(tmp_path):
    dataset_folder(tmp_path, persons=PERSONS, events=EVENTS)
    (tmp_path / "events.csv").write_text("")
    assert problems_of(tmp_path) == [
        "events.csv: cannot be read: the file is empty: the first line names the columns"
    ]


def test_read_dataset_csv_with_byte_order_mark(con, tmp_path):
    dataset_folder(tmp_path, persons=PERSONS, events=EVENTS)
    text = (tmp_path / "persons.csv").read_text()
    (tmp_path / "persons.csv").write_text("\ufeff" + text, encoding="utf-8")
    ds = read_dataset(tmp_path, con)
    assert ds.persons.order_by("person_id").person_id.to_pyarrow().to_pylist() == ["p1", "p2", "p3"]
