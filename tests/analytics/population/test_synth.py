"""The synthetic population generator: valid, seeded, placed, and with plausible rates."""

import csv
import datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from locality.analytics.population.engines import connect
from locality.analytics.population.formats.locality import read_dataset
from locality.analytics.population.synth import generate
from locality.analytics.population.synth.conditions import CONDITIONS
from locality.analytics.population.synth.eventlog import CODES
from locality.analytics.population.synth.morbidity import DRUGS, KEYS, draw_morbidity
from locality.analytics.population.synth.people import draw_people, place_people
from locality.analytics.population.synth.places import england

CODELISTS = Path(__file__).resolve().parents[3] / "data" / "codelists"
YORK = "E06000014"


def tables(folder):
    return pq.read_table(folder / "persons.parquet"), pq.read_table(folder / "events.parquet")


def test_generate_writes_a_valid_dataset(tmp_path):
    summary = generate(400, tmp_path / "out", seed=1, chunk_size=150)
    dataset = read_dataset(tmp_path / "out", connect("duckdb"))
    assert dataset.persons.count().to_pyarrow().as_py() == 400
    assert dataset.events.count().to_pyarrow().as_py() == summary.events
    persons, events = tables(tmp_path / "out")
    assert pc.count_distinct(persons["person_id"]).as_py() == 400
    assert set(pc.unique(events["kind"]).to_pylist()) >= {
        "diagnosis",
        "medication",
        "gp_appointment",
        "ae_attendance",
        "outpatient",
    }
    assert set(pc.unique(persons["lsoa_code"]).to_pylist()) <= set(england().lsoa.tolist())


def test_generate_same_seed_same_files_other_seed_other_people(tmp_path):
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        generate(300, tmp_path / name, seed=seed, chunk_size=100)
    a, b, c = (tables(tmp_path / name) for name in "abc")
    assert a[0].equals(b[0]) and a[1].equals(b[1])
    assert not a[0].equals(c[0])


def test_generate_only_in_the_local_authorities_asked_for(tmp_path):
    generate(500, tmp_path / "york", seed=2, la_codes=[YORK])
    persons, _ = tables(tmp_path / "york")
    york = set(england().lsoa[england().lad == YORK].tolist())
    assert set(persons["lsoa_code"].to_pylist()) <= york
    assert len(set(persons["lsoa_code"].to_pylist())) > 100  # spread over York's 120 LSOAs


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"people": 0}, "people must be between 1 and 10,000,000, not 0"),
        ({"people": 10_000_001}, "people must be between 1 and 10,000,000"),
        ({"format": "csv"}, "format must be one of locality, omop, fhir, not 'csv'"),
        ({"la_codes": ["E06000014", "X1"]}, "unknown local authority code(s): X1"),
        ({"years": 0}, "years must be between 1 and 20"),
    ],
)
def test_generate_refuses_bad_arguments(tmp_path, kwargs, message):
    arguments = {"people": 10, "out": tmp_path / "out"} | kwargs
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        generate(**arguments)


def test_generate_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "persons.csv").write_text("person_id\n")
    with pytest.raises(ValueError, match="is not an empty folder"):
        generate(10, tmp_path)


def test_every_clinical_code_is_in_the_project_code_lists():
    with (CODELISTS / "efi" / "efi_deficit_codes_gm_sde.csv").open() as f:
        snomed = {r["code"] for r in csv.DictReader(f) if r["terminology"] == "snomed"}
    icd10 = set()
    for name, column in (("CHARLSON_QUAN", "icd10_codes"), ("ELIXHAUSER_QUAN", "icd10_codes"),
                         ("HFRS", "icd10_codes")):  # fmt: skip
        with (CODELISTS / "pycomorb" / f"{name}.csv").open() as f:
            icd10 |= {c for r in csv.DictReader(f) for c in r[column].split("|")}
    clinical = [c for c in CODES if c not in DRUGS]
    assert [c for c in clinical if c.isdigit() and c not in snomed] == []
    assert [c for c in clinical if not c.isdigit() and c not in icd10] == []


def test_households_hold_people_of_one_lsoa_and_living_alone_means_alone(tmp_path):
    generate(3000, tmp_path / "out", seed=4, la_codes=[YORK])
    persons, _ = tables(tmp_path / "out")
    rows = persons.to_pylist()
    members = {}
    for row in rows:
        members.setdefault(row["household_id"], []).append(row)
    assert all(len({r["lsoa_code"] for r in group}) == 1 for group in members.values())
    assert all(len(members[r["household_id"]]) == 1 for r in rows if r["lives_alone"])
    assert sum(len(g) > 1 for g in members.values()) > len(members) / 3


def test_prevalence_matches_targets_and_rises_with_age():
    rng = np.random.default_rng(11)
    people = draw_people(rng, england(), place_people(rng, england(), 60_000), 20088, 0)
    morbidity = draw_morbidity(rng, people, 20088)
    for j, condition in enumerate(CONDITIONS):
        eligible = people.age >= condition.denominator_age
        prevalence = morbidity.has[eligible, j].mean()
        assert abs(prevalence - condition.prevalence) < 0.15 * condition.prevalence + 0.002
    hypertension = morbidity.has[:, KEYS.index("hypertension")]
    assert hypertension[people.age >= 75].mean() > 3 * hypertension[people.age < 60].mean()


def test_copd_commoner_in_deprived_areas_at_the_same_ages():
    rng = np.random.default_rng(12)
    people = draw_people(rng, england(), place_people(rng, england(), 80_000), 20088, 0)
    copd = draw_morbidity(rng, people, 20088).has[:, KEYS.index("copd")]
    older = people.age >= 60
    deprived = copd[older & (people.decile <= 2)].mean()
    affluent = copd[older & (people.decile >= 9)].mean()
    assert deprived > 2 * affluent


def test_events_per_person_and_the_rates_of_each_kind(tmp_path):
    summary = generate(6000, tmp_path / "out", seed=5)
    _, events = tables(tmp_path / "out")
    assert 25 < summary.events / summary.people < 37
    recent = events.filter(pc.greater_equal(events["date"], pa.scalar(datetime.date(2022, 1, 1))))
    counts = recent.group_by("kind").aggregate([("kind", "count")]).to_pylist()
    per_year = {row["kind"]: row["kind_count"] / 6000 / 3 for row in counts}
    assert 4.5 < per_year["gp_appointment"] < 6.5
    assert 0.35 < per_year["ae_attendance"] < 0.55
    assert 0.08 < per_year["emergency_admission"] < 0.14
