"""Reading OMOP CDM v5.4 tables written by other ETLs, and the problems of bad ones."""

import datetime

import pytest

from locality.analytics.population.engines import connect
from locality.analytics.population.formats.locality import DatasetError
from locality.analytics.population.formats.omop import read_omop
from tests.factories.population import parse_table, write_csv


def omop_folder(folder, **tables):
    """Write each pipe-separated text table as ``<name>.csv``."""
    for name, text in tables.items():
        rows = parse_table(text)
        write_csv(folder / f"{name}.csv", rows, list(rows[0]))
    return folder


def problems_of(folder):
    with pytest.raises(DatasetError) as raised:
        read_omop(folder, connect("duckdb"))
    return [str(p) for p in raised.value.problems]


PERSON = """
    person_id | gender_concept_id | year_of_birth | month_of_birth | day_of_birth | gender_source_value | race_source_value | location_id
    1         | 8532              | 1940          | 2              | 29           |                     | A                 | 10
    2         | 0                 | 1950          |                |              | other               | Black             |
"""  # noqa: E501
LOCATION = """
    location_id | location_source_value
    10          | E01013346
"""

CONDITIONS = """
    person_id | condition_start_date | condition_source_value | condition_status_source_value
    1         | 2024-01-01           | I25.2                  |
    1         | 2024-01-02           | 22298006               | symptom
    2         | 2024-01-03           | readv2:G30..           |
    2         | 2024-01-04           | XE1DV                  |
"""  # noqa: E501
OBSERVATIONS = """
    person_id | observation_date | observation_source_value | value_as_string | qualifier_source_value
    2         | 2024-04-01       | local:UCLA3              | often           | isolation_answer
    2         | 1950-07-01       | locality:lives_alone     | true            |
"""  # noqa: E501
BAD_PERSON = """
    person_id | gender_concept_id | year_of_birth | month_of_birth | person_source_value | location_id
    1         | 8532              | 1940          | 2              | p1                  | 10
    2         | 8507              | 1950          | 13             | p2                  |
    1         | 0                 | 1960          |                | p3                  | 9
              | 8507              |               |                | p4                  |
    3         | 0                 | 1961          |                | p1                  |
"""  # noqa: E501


def test_read_omop_from_another_etl_infers_code_systems(tmp_path):
    folder = omop_folder(
        tmp_path,
        person=PERSON,
        location=LOCATION,
        condition_occurrence=CONDITIONS,
        drug_exposure="""
            person_id | drug_exposure_start_date | drug_source_value
            1         | 2024-02-01               | 39113611
        """,
        visit_occurrence="""
            person_id | visit_concept_id | visit_start_date | visit_source_value
            1         | 9201             | 2024-03-01       |
            1         | 262              | 2024-03-02       |
            2         | 9202             | 2024-03-03       | ae_attendance
        """,
        observation=OBSERVATIONS,
    )  # fmt: skip
    dataset = read_omop(folder, connect("duckdb"))
    persons = dataset.persons.order_by("person_id").to_pyarrow().to_pylist()
    assert persons[0] | {"birth_date": None} == {
        "person_id": "1", "birth_date": None, "sex": "female", "ethnicity": "white",
        "lsoa_code": "E01013346", "lives_alone": None, "household_id": None,
    }  # fmt: skip
    assert persons[0]["birth_date"] == datetime.date(1940, 2, 29)
    assert persons[1]["birth_date"] == datetime.date(1950, 7, 1)  # no month or day: 1 July
    assert (persons[1]["sex"], persons[1]["ethnicity"], persons[1]["lives_alone"]) == (
        "other", "black", True,
    )  # fmt: skip
    events = dataset.events.order_by(["date", "kind"]).to_pyarrow().to_pylist()
    assert [(e["kind"], e["code_system"], e["code"], e["value"]) for e in events] == [
        ("diagnosis", "icd10", "I252", None),
        ("symptom", "snomed", "22298006", None),
        ("diagnosis", "readv2", "G30..", None),
        ("diagnosis", "local", "XE1DV", None),
        ("medication", "dmd", "39113611", None),
        ("elective_admission", None, None, None),
        ("emergency_admission", None, None, None),
        ("ae_attendance", None, None, None),
        ("isolation_answer", "local", "UCLA3", "often"),
    ]


def test_read_omop_names_file_row_and_column_of_every_problem(tmp_path):
    folder = omop_folder(
        tmp_path,
        person=BAD_PERSON,
        location=LOCATION,
        condition_occurrence="""
            person_id | condition_start_date | condition_source_value
            1         | 2024-01-01           | I25.2
            7         | 2024/01/03           | 22298006
            2         |                      | local:x
        """,
        visit_occurrence="""
            person_id | visit_concept_id | visit_start_date
            1         | 32037            | 2024-01-02
        """,
        observation="""
            person_id | observation_date | observation_source_value | value_as_string
            1         | 1940-02-01       | locality:lives_alone     | maybe
        """,
    )  # fmt: skip
    assert problems_of(folder) == [
        "person.csv, row 2, column year_of_birth: year, month and day of birth do not make a date",
        "person.csv, row 3, column person_id: duplicate person_id '1' (first on row 1)",
        "person.csv, row 3, column location_id: '9' is not in location",
        "person.csv, row 4, column person_id: is required",
        "person.csv, row 4, column year_of_birth: is required",
        "person.csv, row 5, column person_source_value: duplicate person 'p1' (first on row 1)",
        "observation.csv, row 1, column value_as_string: 'maybe' is not true or false",
        "visit_occurrence.csv, row 1, column visit_concept_id: '32037' is not a visit Locality "
        "reads (581477 gp_appointment, 9202 outpatient, 9203 ae_attendance, "
        "262 emergency_admission, 9201 elective_admission); or name the kind in "
        "visit_source_value",
        "condition_occurrence.csv, row 2, column person_id: '7' is not in person",
        "condition_occurrence.csv, row 2, column condition_start_date: "
        "'2024/01/03' is not a date (yyyy-mm-dd)",
        "condition_occurrence.csv, row 3, column condition_start_date: is required",
    ]


def test_read_omop_missing_files_and_columns(tmp_path):
    (tmp_path / "condition_occurrence.csv").write_text("person_id\n1\n")
    assert problems_of(tmp_path) == [f"{tmp_path}/person.parquet or person.csv: is missing"]
    omop_folder(tmp_path, person="person_id | gender_concept_id\n1 | 8532")
    assert problems_of(tmp_path) == [
        "person.csv, column year_of_birth: required column is missing",
        "condition_occurrence.csv, column condition_start_date: required column is missing",
    ]


def test_read_omop_of_a_folder_that_is_not_there(tmp_path):
    assert problems_of(tmp_path / "nowhere") == [f"{tmp_path / 'nowhere'}: is not a folder"]
