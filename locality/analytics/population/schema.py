"""The Locality person-event format, version 1, as data.

A dataset is a folder holding ``persons`` and ``events`` (``.parquet`` or ``.csv``). Readers,
converters (OMOP, FHIR) and the synthetic generator all code against the tables below.
"""

from __future__ import annotations

from dataclasses import dataclass

FORMAT_NAME = "locality-person-event"
FORMAT_VERSION = 1

SEXES = ("female", "male", "other", "unknown")
# ONS 2021 Census high-level ethnic groups, lower case.
ETHNICITIES = ("asian", "black", "mixed", "white", "other", "unknown")
EVENT_KINDS = (
    "diagnosis",
    "symptom",
    "procedure",
    "medication",
    "observation",
    "gp_appointment",
    "ae_attendance",
    "emergency_admission",
    "elective_admission",
    "outpatient",
    "social_care_contact",
    "housing_event",
    "isolation_answer",
)
CODE_SYSTEMS = ("snomed", "icd10", "readv2", "ctv3", "dmd", "local")

# Logical column types; engines map them (string -> string, date -> date, boolean -> boolean).
STRING, DATE, BOOLEAN = "string", "date", "boolean"


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    required: bool
    allowed: tuple[str, ...] | None = None
    description: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: str | None = None  # a unique column

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


PERSONS = Table(
    name="persons",
    key="person_id",
    columns=(
        Column("person_id", STRING, True, description="Pseudonymous identifier, unique"),
        Column("birth_date", DATE, True, description="ISO yyyy-mm-dd"),
        Column("sex", STRING, True, SEXES),
        Column("ethnicity", STRING, False, ETHNICITIES, "ONS 2021 high-level group"),
        Column("lsoa_code", STRING, False, description="ONS LSOA code, e.g. E01013346"),
        Column("lives_alone", BOOLEAN, False),
        Column("household_id", STRING, False),
    ),
)

EVENTS = Table(
    name="events",
    columns=(
        Column("person_id", STRING, True, description="Must exist in persons"),
        Column("date", DATE, True, description="ISO yyyy-mm-dd"),
        Column("kind", STRING, True, EVENT_KINDS),
        Column("code_system", STRING, False, CODE_SYSTEMS),
        Column(
            "code",
            STRING,
            False,
            description="ICD-10 undotted upper case (I252); SNOMED CT concept id digits",
        ),
        Column("value", STRING, False, description="e.g. the answer to an isolation question"),
    ),
)

TABLES = (PERSONS, EVENTS)
FILE_SUFFIXES = (".parquet", ".csv")

# Scores are computed as of a date: by default the day after the latest event date in the data;
# look-back windows are relative to it (an event counts when as_of - window <= date < as_of).
AS_OF_DEFAULT = "day after the latest event date"
