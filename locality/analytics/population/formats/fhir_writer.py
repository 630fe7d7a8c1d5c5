"""Write canonical persons and events as FHIR R4 bulk NDJSON, chunk by chunk.

One file per resource type (``Patient.ndjson``, ``Condition.ndjson``, ...), one resource per
line. The JSON is assembled column-wise in Arrow (no Python loop per resource): strings are
escaped, optional members are left out rather than written as null, as FHIR requires. An event
a resource cannot hold without loss (a visit with a code, any event with a value) is written as
an Observation; every event carries its kind as a coding in Locality's event-kind system.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from locality.analytics.population.formats import fhir_mapping as m
from locality.analytics.population.formats.fhir_json import take
from locality.analytics.population.formats.fhir_resources import BUILDERS, patients

FHIR_ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
BATCH = 100_000


class FhirWriter:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.files = {name: (self.folder / f"{name}.ndjson").open("wb") for name in m.RESOURCES}
        self.counts = dict.fromkeys(m.RESOURCES, 0)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        for handle in self.files.values():
            handle.close()

    def write(self, persons: pa.Table, events: pa.Table) -> None:
        check_ids(persons["person_id"])
        for batch in batches(persons):
            self.emit("Patient", patients(columns(batch)))
        resource = resource_of_events(events)
        for name in m.RESOURCES[1:]:
            for batch in batches(events.filter(pc.equal(resource, name))):
                ids = self.ids(name, batch.num_rows)
                self.emit(name, BUILDERS[name](columns(batch), ids))

    def ids(self, name: str, count: int) -> pa.Array:
        first = self.counts[name] + 1
        self.counts[name] += count
        numbers = pc.cast(pa.array(np.arange(first, first + count)), pa.string())
        return pc.binary_join_element_wise(name[0].lower(), numbers, "")

    def emit(self, name: str, lines: pa.Array) -> None:
        """Write the lines straight from the Arrow buffer (no Python string per line)."""
        if not len(lines):
            return
        lines = pc.binary_join_element_wise(lines, "\n", "")
        offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32, count=len(lines) + 1)
        data = lines.buffers()[2]
        self.files[name].write(memoryview(data)[offsets[0] : offsets[-1]])


def batches(table: pa.Table):
    """Slices of at most BATCH rows: bounded memory, and text offsets stay 32-bit."""
    for start in range(0, table.num_rows, BATCH):
        yield table.slice(start, BATCH)


def columns(table: pa.Table) -> dict[str, pa.Array]:
    """The table's columns as contiguous arrays (compute kernels then line up row by row)."""
    return {name: table[name].combine_chunks() for name in table.column_names}


def check_ids(person_id) -> None:
    bad = pc.invert(pc.match_substring_regex(person_id, FHIR_ID.pattern))
    if pc.any(bad).as_py():
        first = pc.filter(person_id, bad)[0].as_py()
        raise ValueError(f"person_id {first!r} is not a FHIR id (A-Z a-z 0-9 - . up to 64)")


def resource_of_events(events: pa.Table) -> pa.Array:
    kinds = pa.array(list(m.RESOURCE_OF_KIND))
    resource = take(pa.array(list(m.RESOURCE_OF_KIND.values())), events["kind"], kinds)
    resource = pc.fill_null(resource, "Observation")
    visit_code = pc.and_(pc.equal(resource, "Encounter"), pc.is_valid(events["code"]))
    drug_nocode = pc.and_(pc.equal(resource, "MedicationRequest"), pc.is_null(events["code"]))
    moved = pc.or_(pc.is_valid(events["value"]), pc.or_(visit_code, drug_nocode))
    return pc.if_else(moved, "Observation", resource)
