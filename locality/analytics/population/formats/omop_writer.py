"""Write canonical persons and events as OMOP CDM v5.4 tables (Parquet or CSV), chunk by chunk.

Each event goes to the table of its kind (``omop.TABLE_OF_KIND``); an event that table cannot
hold without loss (a visit with a code, any event with a value) goes to ``observation``, with
its kind in ``qualifier_source_value``. ``omop.py`` documents the whole mapping.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from locality.analytics.population.formats import omop_mapping as omop
from locality.analytics.population.formats.source_codes import bare_systems
from locality.analytics.population.formats.table_files import TableFiles

I64 = pa.int64()


class OmopWriter:
    def __init__(self, folder: Path, table_format: str = "parquet") -> None:
        self.files = TableFiles(folder, table_format)
        self.persons_written = 0
        self.next_id = dict.fromkeys(omop.EVENT_TABLES, 1)
        self.locations = pa.array([], pa.string())

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.files.close()

    def write(self, persons: pa.Table, events: pa.Table) -> None:
        first = self.persons_written + 1
        ids = pa.array(np.arange(first, first + persons.num_rows, dtype=np.int64))
        self.persons_written += persons.num_rows
        self.files.write("location", self.new_locations(persons["lsoa_code"]))
        self.files.write("person", self.person(persons, ids))
        position = pc.index_in(events["person_id"], value_set=persons["person_id"])
        if position.null_count:
            raise ValueError("an event's person_id is not among the persons written with it")
        event_ids = pc.take(ids, position)
        attributes = person_attribute_rows(persons, ids)
        self.write_events(event_ids, events, attributes)

    def new_locations(self, lsoa: pa.ChunkedArray) -> pa.Table:
        fresh = pc.unique(pc.drop_null(lsoa).combine_chunks())
        fresh = pc.filter(fresh, pc.invert(pc.is_in(fresh, value_set=self.locations)))
        first = len(self.locations) + 1
        self.locations = pa.concat_arrays([self.locations, fresh.cast(pa.string())])
        location_id = pa.array(np.arange(first, first + len(fresh), dtype=np.int64))
        return pa.table({"location_id": location_id, "location_source_value": fresh})

    def person(self, persons: pa.Table, ids: pa.Array) -> pa.Table:
        birth = persons["birth_date"]
        gender = pc.if_else(pc.equal(persons["sex"], "female"), omop.FEMALE, omop.UNKNOWN)
        gender = pc.if_else(pc.equal(persons["sex"], "male"), omop.MALE, gender)
        location = pc.add(pc.index_in(persons["lsoa_code"], value_set=self.locations), 1)
        return pa.table(
            {
                "person_id": ids.cast(I64),
                "gender_concept_id": gender.cast(I64),
                "year_of_birth": pc.year(birth),
                "month_of_birth": pc.month(birth),
                "day_of_birth": pc.day(birth),
                "birth_datetime": birth.cast(pa.timestamp("s")),
                "race_concept_id": constant(0, persons.num_rows),
                "ethnicity_concept_id": constant(0, persons.num_rows),
                "location_id": location.cast(I64),
                "person_source_value": persons["person_id"],
                "gender_source_value": persons["sex"],
                "race_source_value": persons["ethnicity"],
            }
        )

    def write_events(self, person_ids, events: pa.Table, attributes: pa.Table) -> None:
        table_of = table_of_events(events)
        for name in omop.EVENT_TABLES:
            mask = pc.equal(table_of, name)
            rows = events.filter(mask)
            people = pc.filter(person_ids, mask)
            out = event_rows(name, people, rows, self.source_values(name, rows))
            if name == "observation":
                out = pa.concat_tables([out, attributes])
            count = out.num_rows
            out = out.set_column(0, out.field(0).name, self.ids(name, count))
            self.files.write(name, out)

    def ids(self, name: str, count: int) -> pa.Array:
        first = self.next_id[name]
        self.next_id[name] += count
        return pa.array(np.arange(first, first + count, dtype=np.int64))

    @staticmethod
    def source_values(table: str, rows: pa.Table) -> pa.Array:
        """The code as it is, or ``system:code`` when its form would not give back its system."""
        system, code = rows["code_system"], rows["code"]
        systems = pa.array([s for s in bare_systems(table) if s], pa.string())
        bare = pc.and_(pc.is_in(system, value_set=systems), pc.is_valid(code))
        prefixed = pc.binary_join_element_wise(system, pc.fill_null(code, ""), ":")
        value = pc.if_else(bare, code, prefixed)
        return pc.if_else(pc.and_(pc.is_null(system), pc.is_null(code)), None, value)


def table_of_events(events: pa.Table) -> pa.Array:
    """The OMOP table of each event: that of its kind, else ``observation`` (see module doc)."""
    kind = events["kind"]
    table = pc.fill_null(
        pc.take(
            pa.array(list(omop.TABLE_OF_KIND.values())),
            pc.index_in(kind, value_set=pa.array(list(omop.TABLE_OF_KIND))),
        ),
        "observation",
    )
    has_value = pc.is_valid(events["value"])
    visit_with_code = pc.and_(pc.equal(table, "visit_occurrence"), pc.is_valid(events["code"]))
    drug_without_code = pc.and_(pc.equal(table, "drug_exposure"), pc.is_null(events["code"]))
    moved = pc.or_(has_value, pc.or_(visit_with_code, drug_without_code))
    return pc.if_else(moved, "observation", table)


def event_rows(name: str, person_id, rows: pa.Table, source) -> pa.Table:
    """One OMOP table's rows (its id column is filled in by the writer)."""
    n, date = rows.num_rows, rows["date"]
    zero = constant(0, n)
    kind = rows["kind"]
    if name == "visit_occurrence":
        concept = pc.take(
            pa.array(list(omop.VISIT_CONCEPTS.values()), I64),
            pc.index_in(kind, value_set=pa.array(list(omop.VISIT_CONCEPTS))),
        )
        columns = {
            "visit_concept_id": concept,
            "visit_start_date": date,
            "visit_end_date": date,
            "visit_type_concept_id": ehr(n),
            "visit_source_value": kind,
        }
    elif name == "condition_occurrence":
        status = pc.if_else(pc.equal(kind, "symptom"), "symptom", pa.scalar(None, pa.string()))
        columns = {
            "condition_concept_id": zero,
            "condition_start_date": date,
            "condition_type_concept_id": ehr(n),
            "condition_status_source_value": status,
            "condition_source_value": source,
            "condition_source_concept_id": zero,
        }
    elif name == "drug_exposure":
        columns = {
            "drug_concept_id": zero,
            "drug_exposure_start_date": date,
            "drug_exposure_end_date": date,
            "drug_type_concept_id": ehr(n),
            "drug_source_value": source,
            "drug_source_concept_id": zero,
        }
    elif name == "procedure_occurrence":
        columns = {
            "procedure_concept_id": zero,
            "procedure_date": date,
            "procedure_type_concept_id": ehr(n),
            "procedure_source_value": source,
            "procedure_source_concept_id": zero,
        }
    else:
        qualifier = pc.if_else(pc.equal(kind, "observation"), pa.scalar(None, pa.string()), kind)
        columns = observation_columns(date, source, rows["value"], qualifier)
    return pa.table({omop.ID_COLUMN[name]: zero, "person_id": pa.array(person_id, I64), **columns})


def observation_columns(date, source, value, qualifier) -> dict:
    zero = constant(0, len(date))
    return {
        "observation_concept_id": zero,
        "observation_date": date,
        "observation_type_concept_id": ehr(len(date)),
        "value_as_string": value,
        "observation_source_value": source,
        "observation_source_concept_id": zero,
        "qualifier_source_value": qualifier,
    }


def person_attribute_rows(persons: pa.Table, ids: pa.Array) -> pa.Table:
    """``locality:lives_alone`` and ``locality:household_id`` observations, dated at birth."""
    parts = []
    for column in ("lives_alone", "household_id"):
        present = pc.is_valid(persons[column])
        value = pc.filter(persons[column], present).cast(pa.string())
        date = pc.filter(persons["birth_date"], present)
        source = pa.array(np.full(len(value), omop.ATTRIBUTE_PREFIX + column))
        qualifier = pa.nulls(len(value), pa.string())
        columns = observation_columns(date, source, value, qualifier)
        person = pc.filter(ids, present).cast(I64)
        parts.append(
            pa.table({"observation_id": constant(0, len(value)), "person_id": person, **columns})
        )
    return pa.concat_tables(parts)


def ehr(n: int) -> pa.Array:
    return constant(omop.TYPE_EHR, n)


def constant(value: int, n: int) -> pa.Array:
    return pa.array(np.full(n, value, dtype=np.int64))
