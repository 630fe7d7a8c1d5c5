"""Code matching of scores: prefixes on the distinct recorded codes, each event once per
condition; on DuckDB and Spark."""

import datetime

import pytest

from locality.analytics.population.definitions import load_definition
from locality.analytics.population.formats.locality import read_dataset
from locality.analytics.population.scores import compute_scores, explain_scores
from tests.factories.population import dataset_folder, expected_rows, result_rows

pytestmark = pytest.mark.spec

AS_OF = datetime.date(2024, 1, 1)
# "heart" lists I2 and I21 (both prefixes of I219) and I50; "any" lists I (a prefix of all).
NESTED = """
name: nested
title: Nested prefixes
version: "1"
source: A test
code_systems: [icd10]
match: prefix
conditions:
  - {id: heart, label: Heart, codes: [I2, I21, I50], weight: 2}
  - {id: any, label: Any I code, codes: [I], weight: 1}
"""
EVENTS = """
    person_id | date       | kind      | code_system | code
    p1        | 2020-01-01 | diagnosis | icd10       | I219
    p1        | 2021-01-01 | diagnosis | icd10       | I219
    p1        | 2022-01-01 | diagnosis | icd10       | I500
    p2        | 2020-01-01 | diagnosis | icd10       | I10
    p2        | 2020-01-01 | diagnosis | snomed      | 22298006
    p3        | 2020-01-01 | diagnosis | icd10       | J44
"""


def test_an_event_counts_once_per_condition_when_two_listed_prefixes_match(con, tmp_path):
    path = tmp_path / "nested.yaml"
    path.write_text(NESTED)
    definition = load_definition(path)
    persons = "person_id | birth_date | sex\n" + "\n".join(
        f"{p} | 1940-01-01 | female" for p in ("p1", "p2", "p3")
    )
    ds = read_dataset(dataset_folder(tmp_path / "data", persons=persons, events=EVENTS), con)
    scores = compute_scores(ds.persons, ds.events, [definition], AS_OF)
    assert result_rows(scores, ["person_id", "numerator"]) == expected_rows("""
        person_id | numerator
        p1        | 3
        p2        | 1
        p3        | 0
    """)
    why = explain_scores(ds.persons, ds.events, [definition], AS_OF)
    columns = ["person_id", "condition", "code", "first_date", "last_date", "events"]
    assert result_rows(why, columns) == expected_rows("""
        person_id | condition | code | first_date | last_date  | events
        p1        | any       | I219 | 2020-01-01 | 2021-01-01 | 2
        p1        | any       | I500 | 2022-01-01 | 2022-01-01 | 1
        p1        | heart     | I219 | 2020-01-01 | 2021-01-01 | 2
        p1        | heart     | I500 | 2022-01-01 | 2022-01-01 | 1
        p2        | any       | I10  | 2020-01-01 | 2020-01-01 | 1
    """)
