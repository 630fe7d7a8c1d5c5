"""Read FHIR R4 bulk NDJSON into the Locality person-event format.

A folder holds ``Patient.ndjson`` and, optionally, ``Condition``, ``Encounter``,
``Observation``, ``MedicationRequest`` and ``Procedure`` ``.ndjson`` files, one resource per
line (the FHIR Bulk Data export layout). DuckDB reads each line as text, so a line that is not
JSON is reported rather than stopping the read; ``fhir_sql.py`` holds the JSON paths.

=========================  ==========================================================
persons.person_id          Patient ``$.id``
persons.birth_date         ``$.birthDate`` (``yyyy`` and ``yyyy-mm`` are completed as
                           1 July and the 15th)
persons.sex                ``$.gender`` (absent: unknown)
persons.ethnicity          UK Core EthnicCategory extension: a coding in Locality's
                           ethnic-group-2021 system, or an NHS ethnic category code (A-Z)
lsoa_code, lives_alone,    Locality extensions ``lsoa-code`` (valueString),
household_id               ``lives-alone`` (valueBoolean), ``household-id`` (valueString)
events.person_id           ``$.subject.reference``, ``Patient/<id>``
events.date                Condition ``recordedDate``, ``onsetDateTime``; Encounter
                           ``period.start``; Observation ``effectiveDateTime``,
                           ``effectivePeriod.start``, ``issued``; MedicationRequest
                           ``authoredOn``; Procedure ``performedDateTime``
events.kind                a coding in Locality's event-kind system (category, type or
                           code); else Condition diagnosis, MedicationRequest medication,
                           Procedure procedure, Observation observation, and Encounter by
                           ``class``: AMB gp_appointment, EMER ae_attendance, IMP
                           emergency_admission (elective when the UK Core admission
                           method starts with 1)
code_system, code          the first coding (``code.coding``, or
                           ``medicationCodeableConcept.coding``) in a known system:
                           SNOMED CT, ICD-10 (dots removed), Read v2, CTV3, dm+d, else the
                           first coding, read as ``local``
events.value               Observation ``valueString``, else the first code of
                           ``valueCodeableConcept``, ``valueBoolean``, ``valueInteger``,
                           ``valueQuantity.value``
=========================  ==========================================================

Every problem names the file, the line (as "row") and the field.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import ibis
import ibis.expr.types as ir

from locality.analytics.population import schema
from locality.analytics.population.formats import fhir_mapping as m
from locality.analytics.population.formats import fhir_sql
from locality.analytics.population.formats import foreign_utils as fu
from locality.analytics.population.formats.fhir_checks import event_table, patient_table
from locality.analytics.population.formats.locality import MAX_PROBLEMS, Dataset


def read_fhir(folder: str | Path, con=None, *, max_problems: int = MAX_PROBLEMS) -> Dataset:
    """Validate the NDJSON files in ``folder`` and return canonical tables on ``con``."""
    return fu.read_with(canonical, folder, con, max_problems)


def convert_fhir(folder: str | Path, dest: str | Path) -> Path:
    """Write the NDJSON files in ``folder`` as a Locality dataset (Parquet) in ``dest``."""
    return fu.convert_with(read_fhir, folder, dest)


def canonical(folder: Path, con, cap: int) -> tuple[ir.Table, ir.Table]:
    files, problems = fu.find_files(folder, m.RESOURCES, (".ndjson",), required={"Patient"})
    fu.raise_if_any([(p, 1) for p in problems], cap)
    raw = parsed(con, fhir_sql.select(str(files["Patient"]), fhir_sql.patient_fields()))
    persons, found = patient_table(files["Patient"].name, raw)
    events = []
    for resource in m.RESOURCES[1:]:
        if resource in files:
            path = str(files[resource])
            raw = parsed(con, fhir_sql.select(path, fhir_sql.event_fields(resource)))
            table, problems = event_table(resource, files[resource].name, raw, persons)
            events.append(table)
            found += problems
    fu.raise_if_any(found, cap)
    columns = list(schema.EVENTS.column_names)
    union = ibis.union(*[e.select(columns) for e in events]) if events else fu.empty_events()
    return persons, union


def parsed(con, query: str) -> ir.Table:
    """The fields, parsed once into a temporary DuckDB table, opened as an Ibis table."""
    name = f"_fhir_{uuid.uuid4().hex}"
    con.raw_sql(f"CREATE TEMP TABLE {name} AS {query}")
    return con.table(name)
