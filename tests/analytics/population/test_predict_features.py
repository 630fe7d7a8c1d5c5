"""Features and outcomes of the admission model: strictly before T, strictly from T on."""

import datetime

import pandas as pd
import pytest

from locality.analytics.population import engines
from locality.analytics.population.formats.locality import read_dataset
from locality.analytics.population.predict import frame
from locality.analytics.population.predict_features import (
    NOT_RECORDED,
    feature_names,
    labelled_as_of,
    next_12_months,
)
from locality.analytics.population.synth import generate
from tests.factories.population import dataset_folder

T0, T1 = datetime.date(2023, 1, 1), datetime.date(2024, 1, 1)
PERSONS = """
    person_id | birth_date | sex    | ethnicity | lsoa_code
    a         | 1940-05-01 | female | white     | E01013443
    b         | 1950-05-01 | male   |           |
    c         | 1960-05-01 | female | asian     | E01013337
    d         | 1970-05-01 | male   | black     | E01013337
    e         | 2023-06-01 | female | white     | E01013337
"""
# a: admitted the day after T0 with heart failure coded; b: the day before T0; c: on T0 and on
# the last day of the training year; d: on T1 (a test outcome only); e: born after T0.
EVENTS = """
    person_id | date       | kind                | code_system | code
    a         | 2023-01-02 | emergency_admission |             |
    a         | 2023-01-02 | diagnosis           | icd10       | I50
    b         | 2022-12-31 | emergency_admission |             |
    c         | 2023-01-01 | emergency_admission |             |
    c         | 2023-12-31 | emergency_admission |             |
    d         | 2024-01-01 | emergency_admission |             |
    d         | 2024-12-31 | gp_appointment      |             |
"""
COLUMNS = ["person_id", "emergency_admissions_12m", "score_charlson", "outcome"]


def frames(tmp_path, con):
    ds = read_dataset(dataset_folder(tmp_path, persons=PERSONS, events=EVENTS), con)
    return [frame(labelled_as_of(ds.persons, ds.events, t)) for t in (T0, T1)]


def rows(df):
    return df[COLUMNS].to_dict("records")


def test_an_admission_after_t0_is_a_training_outcome_and_a_test_feature(tmp_path):
    train, test = frames(tmp_path, engines.connect("duckdb"))
    assert rows(train) == [
        {"person_id": "a", "emergency_admissions_12m": 0, "score_charlson": 0.0, "outcome": True},
        {"person_id": "b", "emergency_admissions_12m": 1, "score_charlson": 0.0, "outcome": False},
        {"person_id": "c", "emergency_admissions_12m": 0, "score_charlson": 0.0, "outcome": True},
        {"person_id": "d", "emergency_admissions_12m": 0, "score_charlson": 0.0, "outcome": False},
    ]
    assert rows(test) == [
        {"person_id": "a", "emergency_admissions_12m": 1, "score_charlson": 1.0, "outcome": False},
        {"person_id": "b", "emergency_admissions_12m": 0, "score_charlson": 0.0, "outcome": False},
        {"person_id": "c", "emergency_admissions_12m": 2, "score_charlson": 0.0, "outcome": False},
        {"person_id": "d", "emergency_admissions_12m": 0, "score_charlson": 0.0, "outcome": True},
        {"person_id": "e", "emergency_admissions_12m": 0, "score_charlson": 0.0, "outcome": False},
    ]
    assert test.set_index("person_id").loc["b", "emergency_admissions_prev_12m"] == 1


def test_the_test_outcome_reaches_no_training_feature(tmp_path):
    train, _ = frames(tmp_path, engines.connect("duckdb"))
    d = train.set_index("person_id").loc["d"]
    counts = [c for c in train.columns if c.endswith("12m") or c.startswith("score_")]
    assert all(d[c] == 0 for c in counts) and not d["rising"] and not d["outcome"]


def test_grouping_columns_and_unknown_deprivation(tmp_path):
    train, _ = frames(tmp_path, engines.connect("duckdb"))
    by_id = train.set_index("person_id")
    assert by_id.loc["b", "ethnicity"] == NOT_RECORDED
    assert by_id.loc["b", "imd_quintile"] == NOT_RECORDED and by_id.loc["b", "imd_unknown"]
    assert by_id.loc["a", "imd_quintile"] == str((int(by_id.loc["a", "imd_decile"]) + 1) // 2)
    assert by_id.loc["a", "female"] and not by_id.loc["b", "female"]
    assert by_id.loc["a", "age"] == 82


def test_next_12_months_is_half_open_and_handles_29_february():
    assert next_12_months(T0).end == T1
    assert next_12_months(datetime.date(2024, 2, 29)).end == datetime.date(2025, 2, 28)


@pytest.mark.spark
def test_features_identical_on_duckdb_and_spark(tmp_path, spark_session):
    generate(250, tmp_path / "synth", seed=3, years=4)
    got = []
    for con in (engines.connect("duckdb"), engines.connect("spark", session=spark_session)):
        ds = read_dataset(tmp_path / "synth", con)
        got.append(frame(labelled_as_of(ds.persons, ds.events, T1)))
    assert len(got[0]) > 200 and got[0]["outcome"].any()
    pd.testing.assert_frame_equal(got[0], got[1], check_exact=True)


def test_long_term_conditions_and_efi_category_are_features_from_before_t_only(tmp_path):
    train, test = frames(tmp_path, engines.connect("duckdb"))
    columns = ["person_id", "n_ltc", "organ_failure", "dementia", "efi_mild", "efi_moderate"]
    # a's heart failure is coded the day after T0: unknown to the model fitted at T0
    assert train[columns].iloc[0].tolist() == ["a", 0, False, False, False, False]
    assert test[columns].iloc[0].tolist()[:4] == ["a", 1, True, False]
    assert test["n_ltc"].tolist() == [1, 0, 0, 0, 0]
    assert feature_names(())[4:11] == (
        "n_ltc", "dementia", "cancer", "organ_failure", "efi_mild", "efi_moderate", "efi_severe"
    )  # fmt: skip
