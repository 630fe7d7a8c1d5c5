"""FHIR resources (fields pulled out by ``fhir_sql``) to canonical tables, with their checks."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from locality.analytics.population import schema
from locality.analytics.population.formats import fhir_mapping as m
from locality.analytics.population.formats import foreign_utils as fu
from locality.analytics.population.formats.fhir_sql import DATE_PATHS
from locality.analytics.population.formats.locality_checks import Check
from locality.analytics.population.formats.source_codes import ethnic_group

DEFAULT_KIND = {
    "Condition": "diagnosis",
    "MedicationRequest": "medication",
    "Procedure": "procedure",
    "Observation": "observation",
}
SYSTEM_OF_URI = {uri: name for name, uri in m.CODE_SYSTEMS.items()} | m.SYSTEM_ALIASES


def line_checks(t: ir.Table, resource: str) -> list[Check]:
    return [
        Check(None, ~t._valid, lambda r: "is not a JSON object"),
        Check(
            "resourceType",
            t._valid & (t.resource_type.fill_null("") != resource),
            lambda r: f"{r['resource_type']!r} is not {resource}",
        ),
    ]


def patient_table(file: str, t: ir.Table) -> tuple[ir.Table, list]:
    ok = t._valid & (t.resource_type == "Patient")
    t = t.mutate(
        _ok=ok,
        person_id=t.id,
        birth_date=fu.partial_date(t.birth_text),
        sex=t.gender.fill_null("unknown"),
        ethnicity=ethnic_group(t.ethnic_code),
        lives_alone=ibis.cases(
            (t.alone_text == "true", True),
            (t.alone_text == "false", False),
            else_=ibis.null("boolean"),
        ),
    )
    t = t.mutate(_first=t._row.min(where=t._ok).over(group_by=t.person_id))
    sexes, on = ", ".join(schema.SEXES), t._ok
    checks = line_checks(t, "Patient") + [
        Check("id", on & t.person_id.isnull(), lambda r: "is required"),
        Check(
            "id",
            on & t.person_id.notnull() & (t._row != t._first),
            lambda r: f"duplicate id {r['person_id']!r} (first on row {r['_first']})",
        ),
        Check(
            "gender",
            on & ~t.sex.isin(schema.SEXES),
            lambda r: f"{r['gender']!r} is not one of {sexes}",
        ),
        Check("birthDate", on & t.birth_text.isnull(), lambda r: "is required"),
        Check(
            "birthDate",
            on & t.birth_text.notnull() & t.birth_date.isnull(),
            lambda r: f"{r['birth_text']!r} is not a date (yyyy-mm-dd)",
        ),
        Check(
            "extension",
            on & t.ethnic_code.notnull() & t.ethnicity.isnull(),
            lambda r: (
                f"ethnic category {r['ethnic_code']!r} is not an NHS ethnic category "
                "or an ONS 2021 group"
            ),
        ),
        Check(
            "extension",
            on & t.alone_text.notnull() & t.lives_alone.isnull(),
            lambda r: f"lives-alone {r['alone_text']!r} is not a boolean",
        ),
    ]
    persons = t.filter(t._ok).select(*schema.PERSONS.column_names)
    return persons, fu.problems_of(file, t, checks)


def event_table(resource: str, file: str, t: ir.Table, persons: ir.Table) -> tuple[ir.Table, list]:
    reference = t.subject
    t = t.mutate(
        _ok=t._valid & (t.resource_type == resource),
        _pid=ibis.ifelse(reference.startswith("Patient/"), reference[8:], None),
        date=fu.partial_date(t.date_text),
        kind=event_kind(resource, t),
        value=t.value.cast("string"),
        **code_columns(t),
    )
    known = persons.select(_known=persons.person_id).distinct()
    t = t.left_join(known, t._pid == known._known)
    on, date_field = t._ok, DATE_PATHS[resource][0].removeprefix("$.")
    checks = line_checks(t, resource) + [
        Check("subject.reference", on & reference.isnull(), lambda r: "is required"),
        Check(
            "subject.reference",
            on & reference.notnull() & t._pid.isnull(),
            lambda r: f"{r['subject']!r} is not a Patient reference (Patient/<id>)",
        ),
        Check(
            "subject.reference",
            on & t._pid.notnull() & t._known.isnull(),
            lambda r: f"{r['subject']!r} is not in Patient.ndjson",
        ),
        Check(date_field, on & t.date_text.isnull(), lambda r: "is required"),
        Check(
            date_field,
            on & t.date_text.notnull() & t.date.isnull(),
            lambda r: f"{r['date_text']!r} is not a date (yyyy-mm-dd)",
        ),
        Check(
            "event-kind coding",
            on & t.kind_code.notnull() & ~t.kind_code.isin(schema.EVENT_KINDS),
            lambda r: f"event kind {r['kind_code']!r} is not one of the format's kinds",
        ),
        Check(
            "class.code",
            on & t.kind.isnull() & t.kind_code.isnull(),
            lambda r: (
                f"{r['class_code']!r} is not an encounter class Locality reads "
                "(AMB, EMER, IMP, HH) and there is no event-kind coding"
            ),
        ),
    ]
    events = t.filter(on).mutate(person_id=t._pid).select(*schema.EVENTS.column_names)
    return events, fu.problems_of(file, t, checks)


def event_kind(resource: str, t: ir.Table) -> ir.StringValue:
    said = ibis.ifelse(t.kind_code.isin(schema.EVENT_KINDS), t.kind_code, None)
    if resource != "Encounter":
        return said.coalesce(ibis.literal(DEFAULT_KIND[resource]))
    by_class = ibis.cases(
        *((t.class_code == code, kind) for code, kind in m.READ_CLASS.items()),
        (
            t.class_code == "IMP",
            ibis.ifelse(t.admission.startswith("1"), "elective_admission", "emergency_admission"),
        ),
        else_=ibis.null("string"),
    )
    return said.coalesce(by_class)


def code_columns(t: ir.Table) -> dict[str, ir.StringValue]:
    uri, code = t.system_uri.cast("string"), t.code_text.cast("string")
    system = ibis.cases(
        *((uri == u, name) for u, name in SYSTEM_OF_URI.items()),
        ((uri.notnull() | code.notnull()), "local"),
        else_=ibis.null("string"),
    )
    code = ibis.ifelse(system == "icd10", code.replace(".", "").upper(), code)
    return {"code_system": system, "code": code}
