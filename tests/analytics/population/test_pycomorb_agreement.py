"""Locality's Charlson, Elixhauser and HFRS agree with pycomorb for every person.

Three hundred random people get ICD-10 codes drawn from the Quan and HFRS code lists (often
lengthened, to exercise prefix matching) and a few codes that match nothing.
"""

import datetime
import random
from decimal import Decimal

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pycomorb import (
    CharlsonComorbidityIndex,
    ElixhauserComorbidityIndex,
    HospitalFrailtyRiskScore,
)

from locality.analytics.population.definitions import load_definitions
from locality.analytics.population.engines import connect
from locality.analytics.population.formats.locality import read_dataset
from locality.analytics.population.scores import compute_scores

pytestmark = pytest.mark.pycomorb

AS_OF = datetime.date(2024, 1, 1)
PEOPLE = 300
NOISE = ["A09", "J189", "Z000", "R69", "S7200", "U071"]


def random_events(codes: list[str], seed: int) -> list[dict]:
    rng = random.Random(seed)
    events = []
    for n in range(PEOPLE):
        for _ in range(rng.randint(1, 9)):
            code = rng.choice(codes) if rng.random() < 0.85 else rng.choice(NOISE)
            code += "".join(rng.choice("0123456789") for _ in range(rng.randint(0, 2)))
            code += "9" * max(0, 3 - len(code))  # a listed "C0" becomes a valid C09
            day = AS_OF - datetime.timedelta(days=rng.randint(1, 700))
            events.append({"person_id": f"r{n:03d}", "date": day, "code": code})
    return events


def write_dataset(folder, events):
    persons = sorted({e["person_id"] for e in events})
    pq.write_table(
        pa.table(
            {
                "person_id": persons,
                "birth_date": [datetime.date(1940, 1, 1)] * len(persons),
                "sex": ["female"] * len(persons),
            }
        ),
        folder / "persons.parquet",
    )
    pq.write_table(
        pa.table(
            {
                "person_id": [e["person_id"] for e in events],
                "date": [e["date"] for e in events],
                "kind": ["diagnosis"] * len(events),
                "code_system": ["icd10"] * len(events),
                "code": [e["code"] for e in events],
            }
        ),
        folder / "events.parquet",
    )


def ours(folder, names) -> dict[str, dict[str, Decimal]]:
    definitions = [d for d in load_definitions().scores if d.name in names]
    ds = read_dataset(folder, connect("duckdb"))
    rows = compute_scores(ds.persons, ds.events, definitions, AS_OF).to_pyarrow().to_pylist()
    out: dict[str, dict[str, Decimal]] = {name: {} for name in names}
    for r in rows:
        out[r["score"]][r["person_id"]] = Decimal(r["numerator"]) / Decimal(r["denominator"])
    return out


def theirs(frame: pl.DataFrame, column: str) -> dict[str, Decimal]:
    return {i: Decimal(str(v)) for i, v in zip(frame["id"], frame[column], strict=True)}


def listed_codes(definition_names) -> list[str]:
    definitions = [d for d in load_definitions().scores if d.name in definition_names]
    return sorted({code for d in definitions for c in d.conditions for _, code in c.codes})


def test_charlson_elixhauser_and_hfrs_agree_with_pycomorb(tmp_path):
    names = ["charlson", "charlson_quan2011", "elixhauser", "hfrs"]
    events = random_events(listed_codes(names), seed=20240101)
    write_dataset(tmp_path, events)
    frame = pl.DataFrame(
        {
            "id": [e["person_id"] for e in events],
            "code": [e["code"] for e in events],
            "age": [40] * len(events),
        }
    )
    cci = "Charlson Comorbidity Index"
    expected = {
        "charlson": theirs(CharlsonComorbidityIndex(frame, weights="charlson"), cci),
        "charlson_quan2011": theirs(CharlsonComorbidityIndex(frame, weights="quan"), cci),
        "elixhauser": theirs(ElixhauserComorbidityIndex(frame), "Elixhauser Comorbidity Index"),
        "hfrs": theirs(HospitalFrailtyRiskScore(frame), "HFRS Score"),
    }
    # HFRS scores only the two years before as_of: every random event is inside that window.
    assert all(e["date"] >= datetime.date(2022, 1, 1) for e in events)
    got = ours(tmp_path, names)
    for name in names:
        assert len(got[name]) == PEOPLE
        assert got[name] == expected[name], name
    assert len({v for v in got["charlson"].values()}) > 8  # a spread of scores, not all zero
