"""The admission model end to end: the temporal split, a seeded run on a synthetic population,
and the files of its report."""

import datetime
import json

import pytest

from locality.analytics.population import engines
from locality.analytics.population.formats.locality import read_dataset
from locality.analytics.population.predict import CoverageError, run_prediction, temporal_split
from locality.analytics.population.predict_report import FILES, report_dict, write_report
from locality.analytics.population.synth import generate
from tests.factories.population import dataset_folder

PERSONS = """
    person_id | birth_date | sex
    a         | 1940-05-01 | female
"""


def events_between(tmp_path, first: str, last: str):
    events = f"""
        person_id | date    | kind
        a         | {first} | gp_appointment
        a         | {last}  | gp_appointment
    """
    folder = dataset_folder(tmp_path, persons=PERSONS, events=events)
    return read_dataset(folder, engines.connect("duckdb")).events


def test_temporal_split_defaults_to_the_last_two_years(tmp_path):
    split = temporal_split(events_between(tmp_path, "2021-01-01", "2024-12-31"))
    assert (split.t0, split.t1, split.end) == (
        datetime.date(2023, 1, 1),
        datetime.date(2024, 1, 1),
        datetime.date(2025, 1, 1),
    )
    assert split.notes == ()


def test_temporal_split_refuses_data_that_stop_before_the_test_year_ends(tmp_path):
    events = events_between(tmp_path, "2021-01-01", "2024-06-30")
    message = (
        "the test outcomes run from 2024-01-01 to 2024-12-31, but the latest event is on "
        "2024-06-30: choose T0 on or before 2022-07-01"
    )
    with pytest.raises(CoverageError, match=message):
        temporal_split(events, "2023-01-01")


def test_temporal_split_notes_a_short_feature_history(tmp_path):
    split = temporal_split(events_between(tmp_path, "2022-01-01", "2024-12-31"))
    assert split.notes == (
        "the features at T0 look back to 2021-01-01 but the first contact in the data is on "
        "2022-01-01: use before T0 is undercounted in training, so the model may mislead",
    )


def test_prediction_on_a_synthetic_population_is_reproducible_and_written(tmp_path):
    generate(3000, tmp_path / "synth", seed=11, years=4)
    ds = read_dataset(tmp_path / "synth", engines.connect("duckdb"))
    first = run_prediction(ds.persons, ds.events, seed=2, resamples=200)
    again = run_prediction(ds.persons, ds.events, seed=2, resamples=200)
    assert report_dict(first) == report_dict(again)
    assert first.impact.equals(again.impact)
    assert first.split.notes == ()
    assert 0.6 < first.auroc < 0.95  # the synthetic history carries real signal
    assert first.auroc_interval[0] < first.auroc < first.auroc_interval[1]
    assert first.brier < first.brier_reference
    assert set(first.subgroups) == {"sex", "ethnicity", "imd_quintile"}
    assert first.n_test % 5 == 0 and len(first.impact) > 2900

    paths = write_report(first, tmp_path / "out")
    assert [p.name for p in paths] == list(FILES)
    written = json.loads(paths[0].read_text())
    assert written["auroc"] == first.auroc and written["t1"] == "2024-01-01"
    assert len(written["calibration_deciles"]) == 10
    for png in paths[1:3]:
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert paths[3].read_text().splitlines()[0] == (
        "person_id,risk,risk_percentile,impact_group,impact_rank,reason"
    )
