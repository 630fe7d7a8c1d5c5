"""DuckDB SQL that reads FHIR NDJSON line by line and pulls out the fields Locality uses.

Every line is read as text (so a broken line is reported, not fatal) and numbered from 1; the
fields are JSON paths into it (``->>`` gives text). Lists are searched with ``list_filter``:
an extension by its ``url``, a coding by its ``system``.
"""

from __future__ import annotations

from locality.analytics.population.formats import fhir_mapping as m

KNOWN_SYSTEMS = (*m.CODE_SYSTEMS.values(), *m.SYSTEM_ALIASES)
MAX_LINE_BYTES = 64 * 1024 * 1024

# resource -> JSON paths, first present wins
DATE_PATHS = {
    "Condition": ("$.recordedDate", "$.onsetDateTime", "$.onsetPeriod.start"),
    "Encounter": ("$.period.start",),
    "Observation": ("$.effectiveDateTime", "$.effectivePeriod.start", "$.issued"),
    "MedicationRequest": ("$.authoredOn",),
    "Procedure": ("$.performedDateTime", "$.performedPeriod.start"),
}
CODING_PATHS = {
    "Condition": "$.code.coding[*]",
    "Observation": "$.code.coding[*]",
    "Procedure": "$.code.coding[*]",
    "MedicationRequest": "$.medicationCodeableConcept.coding[*]",
}
KIND_PATHS = (
    "$.category[*].coding[*]",
    "$.category.coding[*]",
    "$.type[*].coding[*]",
    "$.code.coding[*]",
)
VALUE_PATHS = (
    "$.valueString",
    "$.valueCodeableConcept.coding[0].code",
    "$.valueBoolean",
    "$.valueInteger",
    "$.valueQuantity.value",
)


def quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def lines(path: str) -> str:
    return (
        "SELECT row_number() OVER () AS _row, line, CASE WHEN json_valid(line) "
        "THEN json_type(line) = 'OBJECT' ELSE false END AS _valid "
        f"FROM read_csv({quote(path)}, columns={{'line': 'VARCHAR'}}, header=false, "
        "delim=chr(30), quote='', escape='', auto_detect=false, "
        f"max_line_size={MAX_LINE_BYTES})"
    )


def first_text(*paths: str) -> str:
    return "coalesce(" + ", ".join(f"line->>{quote(p)}" for p in paths) + ")"


def extension(url: str, base: str = "$.extension[*]") -> str:
    return f"list_filter(json_extract(line, {quote(base)}), lambda e: e->>'url' = {quote(url)})[1]"


def coding(path: str) -> str:
    """The first coding in a known code system, else the first that is not an event kind."""
    known = ", ".join(quote(s) for s in KNOWN_SYSTEMS)
    listed = f"json_extract(line, {quote(path)})"
    return (
        f"coalesce(list_filter({listed}, lambda c: c->>'system' IN ({known}))[1], "
        f"list_filter({listed}, lambda c: c->>'system' IS DISTINCT FROM {quote(m.KIND_SYSTEM)})[1])"
    )


def kind_code() -> str:
    lists = ", ".join(f"coalesce(json_extract(line, {quote(p)}), [])" for p in KIND_PATHS)
    return (
        f"list_filter(list_concat({lists}), "
        f"lambda c: c->>'system' = {quote(m.KIND_SYSTEM)})[1]->>'code'"
    )


def patient_fields() -> dict[str, str]:
    ethnic = extension(m.ETHNIC_EXTENSION)
    return {
        "id": "line->>'$.id'",
        "gender": "line->>'$.gender'",
        "birth_text": "line->>'$.birthDate'",
        "ethnic_system": f"{ethnic}->>'$.valueCodeableConcept.coding[0].system'",
        "ethnic_code": f"{ethnic}->>'$.valueCodeableConcept.coding[0].code'",
        "lsoa_code": f"{extension(m.LSOA_EXTENSION)}->>'valueString'",
        "alone_text": f"{extension(m.LIVES_ALONE_EXTENSION)}->>'valueBoolean'",
        "household_id": f"{extension(m.HOUSEHOLD_EXTENSION)}->>'valueString'",
    }


def event_fields(resource: str) -> dict[str, str]:
    fields = {
        "subject": "line->>'$.subject.reference'",
        "date_text": first_text(*DATE_PATHS[resource]),
        "kind_code": kind_code(),
        "class_code": "line->>'$.class.code'",
        "admission": f"{extension(m.ADMISSION_EXTENSION, '$.hospitalization.extension[*]')}"
        "->>'$.valueCodeableConcept.coding[0].code'",
        "value": first_text(*VALUE_PATHS) if resource == "Observation" else "NULL",
    }
    if resource in CODING_PATHS:
        chosen = coding(CODING_PATHS[resource])
        fields |= {"system_uri": f"{chosen}->>'system'", "code_text": f"{chosen}->>'code'"}
    else:
        fields |= {"system_uri": "NULL", "code_text": "NULL"}
    return fields


def select(path: str, fields: dict[str, str]) -> str:
    parts = ", ".join(f"CASE WHEN _valid THEN {sql} END AS {name}" for name, sql in fields.items())
    return (
        f"SELECT _row, _valid, CASE WHEN _valid THEN line->>'$.resourceType' END "
        f"AS resource_type, {parts} FROM ({lines(path)}) WHERE line IS NOT NULL"
    )
