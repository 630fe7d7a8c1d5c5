"""The per-person table: a dataset and a clinical table joined, then segmented."""

import pytest

from locality.analytics.population import conditions, suppression, windows
from locality.analytics.population.formats.locality import read_dataset
from locality.analytics.population.person_table import (
    ClinicalTableError,
    clinical_from_scores,
    person_table,
)
from tests.factories.population import dataset_folder
from tests.factories.population_tables import as_text, expected, memtable

PERSONS = """
    person_id | birth_date | sex    | lsoa_code | lives_alone
    q1        | 1944-03-01 | female | E01013443 | true
    q2        | 1990-06-01 | male   | E01013337 | false
    q3        | 2023-12-01 | female |           |
"""
EVENTS = """
    person_id | date       | kind                | value
    q1        | 2023-11-01 | emergency_admission |
    q1        | 2024-02-01 | isolation_answer    | often/always
    q2        | 2024-02-29 | gp_appointment      |
"""
CLINICAL = """
    person_id | n_ltc | efi_category | organ_failure
    q1        | 3     | moderate     | true
    q2        | 0     | fit          | false
"""
# admissions: emergency_admissions_12m, social: social_risk_level, efi: efi_category
EXPECTED = """
    person_id | age | admissions | rising | social   | n_ltc | efi      | segment
    q1        | 80  | 1          | true   | high     | 3     | moderate | organ_failure
    q2        | 33  | 0          | false  | low      | 0     | fit      | healthy
    q3        | 0   | 0          | false  | low      |       |          | maternal_infant
"""
SHORT = {"admissions": "emergency_admissions_12m", "social": "social_risk_level"}
SHORT |= {"efi": "efi_category"}


def clinical(text=CLINICAL):
    return memtable(text, n_ltc="int64", organ_failure="boolean")


@pytest.mark.spec
def test_person_table_joins_and_segments(con, tmp_path):
    ds = read_dataset(dataset_folder(tmp_path, persons=PERSONS, events=EVENTS), con)
    t = person_table(ds.persons, ds.events, clinical())  # as_of 2024-03-01
    assert {"imd_decile", "segment_rule", "gp_appointments_prev_12m", "hfrs"} <= set(t.columns)
    columns = [c.strip() for c in EXPECTED.strip().splitlines()[0].split("|")]
    assert as_text(con, t.rename(SHORT), columns) == expected(EXPECTED)


@pytest.mark.spec
def test_person_table_clinical_errors_named(con, tmp_path):
    ds = read_dataset(dataset_folder(tmp_path, persons=PERSONS, events=EVENTS), con)
    twice = clinical("person_id | n_ltc\nq1 | 1\nq1 | 2")
    with pytest.raises(ClinicalTableError, match="person_id 'q1' has 2 rows"):
        person_table(ds.persons, ds.events, twice)
    with pytest.raises(ClinicalTableError, match="column frailty is not one of person_id, n_ltc"):
        person_table(ds.persons, ds.events, memtable("person_id | frailty\nq1 | x"))


@pytest.mark.spec
def test_clinical_from_scores_pivots_efi_and_hfrs(con):
    scores = memtable(
        """
        person_id | score     | version | numerator | denominator | value  | category
        q1        | efi       | v       | 9         | 36          | 0.25   | moderate
        q1        | hfrs      | v       | 162       | 10          | 16.2   | high
        q1        | charlson  | v       | 3         | 1           | 3.0    |
        q2        | hfrs      | v       | 0         | 10          | 0.0    | low
        q3        | charlson  | v       | 1         | 1           | 1.0    |
        """,
        numerator="int64",
        denominator="int64",
        value="float64",
    )
    got = as_text(con, clinical_from_scores(scores))
    assert got == expected(
        """
        person_id | efi_category | hfrs
        q1        | moderate     | 16.2
        q2        |              | 0.0
        """
    )


def test_doctests_of_the_modules_pass():
    import doctest

    for module in (conditions, suppression, windows):
        assert doctest.testmod(module).failed == 0, module.__name__
