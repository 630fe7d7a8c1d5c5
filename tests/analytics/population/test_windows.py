"""Windows, as_of and age."""

import datetime

import pytest

from locality.analytics.population.formats.locality import read_dataset
from locality.analytics.population.windows import (
    age_at,
    last_12_months,
    months_before,
    previous_12_months,
    resolve_as_of,
)
from tests.factories.population import dataset_folder
from tests.factories.population_tables import as_text, expected, memtable

D = datetime.date


@pytest.mark.parametrize(
    ("date", "months", "want"),
    [
        (D(2024, 3, 1), 12, D(2023, 3, 1)),
        (D(2024, 2, 29), 12, D(2023, 2, 28)),
        (D(2024, 3, 31), 1, D(2024, 2, 29)),
        (D(2024, 1, 15), 13, D(2022, 12, 15)),
        (D(2024, 3, 1), 24, D(2022, 3, 1)),
    ],
)
def test_months_before_calendar_months(date, months, want):
    assert months_before(date, months) == want


def test_windows_are_consecutive_and_half_open():
    now, before = last_12_months(D(2024, 3, 1)), previous_12_months(D(2024, 3, 1))
    assert (before.start, before.end, now.start, now.end) == (
        D(2022, 3, 1),
        D(2023, 3, 1),
        D(2023, 3, 1),
        D(2024, 3, 1),
    )


@pytest.mark.spec
def test_age_at_whole_years_and_leap_day(con):
    people = memtable(
        """
        person_id | birth_date
        born_leap | 1940-02-29
        birthday  | 1950-02-28
        tomorrow  | 1950-03-01
        newborn   | 2024-02-27
        """,
        birth_date="date",
    )
    t = people.mutate(age=age_at(people.birth_date, D(2023, 2, 28)))
    t2 = people.mutate(age=age_at(people.birth_date, D(2024, 2, 28)))
    assert as_text(con, t, ["person_id", "age"]) == expected(
        """
        person_id | age
        birthday  | 73
        born_leap | 82
        newborn   | -1
        tomorrow  | 72
        """
    )
    assert [r["age"] for r in as_text(con, t2, ["person_id", "age"])] == ["74", "83", "0", "73"]
    assert con.execute(t2.age.max()) == 83


@pytest.mark.spec
def test_resolve_as_of_default_and_given(con, tmp_path):
    folder = dataset_folder(
        tmp_path,
        persons="person_id | birth_date | sex\np1 | 1940-01-01 | female",
        events="person_id | date | kind\np1 | 2023-12-31 | gp_appointment",
    )
    ds = read_dataset(folder, con)
    assert resolve_as_of(ds.events) == D(2024, 1, 1)
    assert resolve_as_of(ds.events, "2020-05-01") == D(2020, 5, 1)
    assert resolve_as_of(ds.events, D(2020, 5, 1)) == D(2020, 5, 1)


def test_resolve_as_of_without_events_needs_a_date(tmp_path):
    folder = dataset_folder(
        tmp_path, persons="person_id | birth_date | sex\np1 | 1940-01-01 | male"
    )
    ds = read_dataset(folder)
    with pytest.raises(ValueError, match="as_of: the events table is empty"):
        resolve_as_of(ds.events)
    assert resolve_as_of(ds.events, "2024-01-01") == D(2024, 1, 1)
