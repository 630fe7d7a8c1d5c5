"""The synthetic events file is written in row groups of one kind and code system, so a reader
filtering on them (ICD-10 diagnoses, say) skips the others by their statistics."""

import pyarrow as pa
import pyarrow.parquet as pq

from locality.analytics.population.synth import generate
from locality.analytics.population.synth.tables import kind_parts


def test_each_row_group_holds_one_kind_and_code_system(tmp_path):
    generate(500, tmp_path / "data", seed=5)
    meta = pq.ParquetFile(tmp_path / "data" / "events.parquet").metadata
    groups = [meta.row_group(i) for i in range(meta.num_row_groups)]
    names = [meta.schema.column(i).name for i in range(meta.num_columns)]
    kind, system = names.index("kind"), names.index("code_system")
    seen = set()
    for group in groups:
        kinds = group.column(kind).statistics
        systems = group.column(system).statistics
        assert kinds.min == kinds.max
        if systems.has_min_max:
            assert systems.min == systems.max and systems.null_count == 0
            seen.add((kinds.min, systems.min))
        else:
            seen.add((kinds.min, None))
    assert ("diagnosis", "icd10") in seen and ("gp_appointment", None) in seen


def test_kind_parts_keep_every_row_and_the_person_order_within_a_part():
    events = pa.table(
        {
            "person_id": ["p1", "p1", "p1", "p2", "p2", "p3"],
            "kind": ["gp", "diagnosis", "diagnosis", "gp", "diagnosis", "diagnosis"],
            "code_system": [None, "snomed", "icd10", None, "icd10", "icd10"],
        }
    )
    parts = kind_parts(events)
    assert [p.to_pylist() for p in parts] == [
        [
            {"person_id": "p1", "kind": "diagnosis", "code_system": "icd10"},
            {"person_id": "p2", "kind": "diagnosis", "code_system": "icd10"},
            {"person_id": "p3", "kind": "diagnosis", "code_system": "icd10"},
        ],
        [{"person_id": "p1", "kind": "diagnosis", "code_system": "snomed"}],
        [
            {"person_id": "p1", "kind": "gp", "code_system": None},
            {"person_id": "p2", "kind": "gp", "code_system": None},
        ],
    ]
    assert kind_parts(events.slice(0, 0))[0].num_rows == 0
