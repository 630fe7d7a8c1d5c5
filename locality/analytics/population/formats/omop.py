"""Read OMOP CDM v5.4 tables into the Locality person-event format (and the mapping used both
ways; ``omop_writer.py`` writes it).

A folder holds ``person`` and, optionally, ``location``, ``visit_occurrence``,
``condition_occurrence``, ``drug_exposure``, ``procedure_occurrence`` and ``observation``,
each as ``<table>.parquet`` or ``<table>.csv``.

Mapping (Locality ships no OMOP vocabulary, so concept ids are 0 except the few standard ones
below; codes travel in the ``*_source_value`` columns, see ``source_codes.py``):

=========================  ==========================================================
persons.person_id          person.person_source_value (else person.person_id)
persons.birth_date         person.birth_datetime, else year/month/day_of_birth
persons.sex                gender_concept_id 8532 female, 8507 male; else
                           gender_source_value if a canonical sex; else unknown
persons.ethnicity          race_source_value: a canonical group or an NHS ethnic
                           category code (A-Z)
persons.lsoa_code          location.location_source_value of person.location_id
lives_alone, household_id  observation rows with observation_source_value
                           ``locality:lives_alone`` / ``locality:household_id`` and the
                           value in value_as_string
diagnosis, symptom         condition_occurrence (symptom: condition_status_source_value
                           ``symptom``), condition_start_date, condition_source_value
medication                 drug_exposure, drug_exposure_start_date, drug_source_value
procedure                  procedure_occurrence, procedure_date, procedure_source_value
gp_appointment ...         visit_occurrence, visit_start_date; the kind is
                           visit_source_value when it names one, else from
                           visit_concept_id: 581477 Office Visit gp_appointment,
                           9202 Outpatient Visit outpatient, 9203 Emergency Room Visit
                           ae_attendance, 262 Emergency Room and Inpatient Visit
                           emergency_admission, 9201 Inpatient Visit elective_admission
other kinds, and events    observation, observation_date, observation_source_value,
with a value               value_as_string; the kind in qualifier_source_value
                           (blank: observation)
=========================  ==========================================================

Type concepts are 32817 (EHR). Every problem names the file, the 1-based data row and column.
"""

from __future__ import annotations

from pathlib import Path

import ibis
import ibis.expr.types as ir

from locality.analytics.population import schema
from locality.analytics.population.formats import foreign_utils as fu
from locality.analytics.population.formats.locality import MAX_PROBLEMS, Dataset, numbered
from locality.analytics.population.formats.omop_checks import event_table, person_table
from locality.analytics.population.formats.omop_mapping import EVENT_TABLES, REQUIRED

SUFFIXES = (".parquet", ".csv")


def read_omop(folder: str | Path, con=None, *, max_problems: int = MAX_PROBLEMS) -> Dataset:
    """Validate the OMOP tables in ``folder`` and return them as canonical tables on ``con``."""
    return fu.read_with(canonical, folder, con, max_problems)


def convert_omop(folder: str | Path, dest: str | Path) -> Path:
    """Write the OMOP tables in ``folder`` as a Locality dataset (Parquet) in ``dest``."""
    return fu.convert_with(read_omop, folder, dest)


def canonical(folder: Path, con, cap: int) -> tuple[ir.Table, ir.Table]:
    files, problems = fu.find_files(folder, REQUIRED, SUFFIXES, required={"person"})
    fu.raise_if_any([(p, 1) for p in problems], cap)
    raw = {name: numbered(con, path) for name, path in files.items()}
    missing = [p for name, t in raw.items() for p in fu.missing_columns(files[name].name, t,
                                                                       REQUIRED[name])]  # fmt: skip
    fu.raise_if_any([(p, 1) for p in missing], cap)
    persons, found = person_table(files, raw)
    events = []
    for name in EVENT_TABLES:
        if name in raw:
            table, problems = event_table(name, files[name].name, raw[name], persons)
            events.append(table)
            found += problems
    fu.raise_if_any(found, cap)
    columns = list(schema.EVENTS.column_names)
    union = ibis.union(*[e.select(columns) for e in events]) if events else fu.empty_events()
    return persons.drop("_omop_id", "_row"), union
