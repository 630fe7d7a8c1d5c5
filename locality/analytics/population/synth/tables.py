"""Turn a chunk's arrays into the canonical ``persons`` and ``events`` Arrow tables."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from locality.analytics.population import schema
from locality.analytics.population.synth.eventlog import CODES, NONE, VALUES
from locality.analytics.population.synth.people import ETHNICITY_CODES

PERSONS_SCHEMA = pa.schema(
    [
        ("person_id", pa.string()),
        ("birth_date", pa.date32()),
        ("sex", pa.string()),
        ("ethnicity", pa.string()),
        ("lsoa_code", pa.string()),
        ("lives_alone", pa.bool_()),
        ("household_id", pa.string()),
    ]
)
EVENTS_SCHEMA = pa.schema(
    [
        ("person_id", pa.string()),
        ("date", pa.date32()),
        ("kind", pa.string()),
        ("code_system", pa.string()),
        ("code", pa.string()),
        ("value", pa.string()),
    ]
)
ID_DIGITS = 9


def identifiers(prefix: str, numbers: np.ndarray) -> pa.Array:
    """``S000000042``-style identifiers, built in Arrow (no Python loop)."""
    digits = pc.utf8_lpad(pc.cast(pa.array(numbers), pa.string()), ID_DIGITS, padding="0")
    return pc.binary_join_element_wise(prefix, digits, "")


def labels(indices: np.ndarray, names) -> pa.Array:
    """Strings from indices into ``names``; a negative index is null."""
    mask = indices < 0
    codes = pa.array(np.where(mask, 0, indices).astype(np.int32), mask=mask)
    return pa.DictionaryArray.from_arrays(codes, pa.array(list(names), pa.string())).cast(
        pa.string()
    )


def persons_table(people, lsoa_codes: np.ndarray) -> pa.Table:
    return pa.Table.from_arrays(
        [
            identifiers("S", people.index),
            pa.array(people.birth_day, pa.int32()).cast(pa.date32()),
            labels(people.sex, schema.SEXES),
            labels(people.ethnicity, ETHNICITY_CODES),
            labels(people.lsoa, lsoa_codes),
            pa.array(people.lives_alone),
            identifiers("H", people.household),
        ],
        schema=PERSONS_SCHEMA,
    )


def events_table(person_ids: pa.Array, columns: tuple[np.ndarray, ...]) -> pa.Table:
    person, day, kind, system, code, value = columns
    return pa.Table.from_arrays(
        [
            person_ids.take(pa.array(person)),
            pa.array(day, pa.int32()).cast(pa.date32()),
            labels(kind, schema.EVENT_KINDS),
            labels(system, schema.CODE_SYSTEMS),
            labels(code.astype(np.int32), CODES),
            labels(np.where(value == NONE, NONE, value).astype(np.int32), VALUES),
        ],
        schema=EVENTS_SCHEMA,
    )


def kind_parts(events: pa.Table) -> list[pa.Table]:
    """The events split by kind and code system, in that order, each part in its rows' order
    (person, then day).

    Written one after another, each part becomes Parquet row groups of one kind and code
    system, so a reader that filters on them (diagnoses in ICD-10, say) skips the other row
    groups by their statistics, as it would read a source's diagnoses table apart from its
    appointments."""
    keys = [("kind", "ascending", "at_start"), ("code_system", "ascending", "at_start")]
    ordered = events.take(pc.sort_indices(events, sort_keys=keys))
    groups = ordered.group_by(["kind", "code_system"], use_threads=False).aggregate(
        [([], "count_all")]
    )
    parts, start = [], 0
    for row in sorted(groups.to_pylist(), key=lambda r: (r["kind"], r["code_system"] or "")):
        parts.append(ordered.slice(start, row["count_all"]))
        start += row["count_all"]
    return parts or [events]  # an empty chunk still writes the columns
