"""FHIR R4 resources as JSON text, built column-wise (``fhir_json``) from canonical rows.

The parts that depend only on a kind, a code, a date or a person are built once per distinct
value (``per_values``) and spread to the rows; each resource is then one join of its members.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from locality.analytics.population.formats import fhir_mapping as m
from locality.analytics.population.formats.fhir_json import (
    array,
    coding,
    js,
    member,
    obj,
    per_values,
    take,
)


def patients(p: dict) -> pa.Array:
    group = obj(member("coding", array(coding(js(m.ETHNIC_GROUP_SYSTEM), js(p["ethnicity"])))))
    ethnic = extension(m.ETHNIC_EXTENSION, "valueCodeableConcept", group)
    extensions = [
        ethnic,
        extension(m.LSOA_EXTENSION, "valueString", js(p["lsoa_code"])),
        extension(m.LIVES_ALONE_EXTENSION, "valueBoolean", boolean(p["lives_alone"])),
        extension(m.HOUSEHOLD_EXTENSION, "valueString", js(p["household_id"])),
    ]
    return resource(
        "Patient",
        js(p["person_id"]),
        member("extension", array(*extensions)),
        member("gender", js(p["sex"])),
        member("birthDate", js(p["birth_date"])),
    )


def extension(url: str, value_key: str, value) -> pa.Array:
    return obj(member("url", js(url)), member(value_key, value), when=value)


def boolean(values) -> pa.Array:
    return pc.if_else(values, "true", "false")


def resource(name: str, ids, *members) -> pa.Array:
    meta = obj(member("profile", array(js(m.PROFILES[name]))))
    return obj(member("resourceType", js(name)), member("id", ids), member("meta", meta), *members)


def subject(rows: dict) -> pa.Array:
    def build(person_id):
        reference = pc.binary_join_element_wise("Patient", person_id, "/")
        return member("subject", obj(member("reference", js(reference))))

    return per_values(build, rows["person_id"])


def dated(name: str, rows: dict) -> pa.Array:
    return per_values(lambda date: member(name, js(date)), rows["date"])


def kind_coding(kinds) -> pa.Array:
    return obj(member("coding", array(coding(js(m.KIND_SYSTEM), js(kinds)))))


def code(system, code) -> pa.Array:
    uris = take(pa.array(list(m.CODE_SYSTEMS.values())), system, pa.array(list(m.CODE_SYSTEMS)))
    one = coding(js(uris), js(code), when=pc.is_valid(system))
    return obj(member("coding", array(one)), when=pc.is_valid(system))


def coded(build, rows: dict) -> pa.Array:
    """Members that depend on the kind and the code only, built once per distinct value."""
    return per_values(build, rows["kind"], rows["code_system"], rows["code"])


def conditions(rows: dict, ids) -> pa.Array:
    def build(kind, system, code_):
        category = pc.if_else(pc.equal(system, "icd10"), "encounter-diagnosis", "problem-list-item")
        categories = array(
            obj(member("coding", array(coding(js(m.CONDITION_CATEGORY), js(category))))),
            kind_coding(kind),
        )
        clinical = obj(member("coding", array(coding(js(m.CONDITION_CLINICAL), js("active")))))
        return join(
            member("clinicalStatus", clinical),
            member("category", categories),
            member("code", code(system, code_)),
        )

    return resource(
        "Condition", js(ids), coded(build, rows), subject(rows), dated("recordedDate", rows)
    )


def encounters(rows: dict, ids) -> pa.Array:
    def build(kind):
        klass = take(
            pa.array(list(m.ENCOUNTER_CLASS.values())), kind, pa.array(list(m.ENCOUNTER_CLASS))
        )
        return join(
            member("status", js("finished")),
            member("class", coding(js(m.ACT_CODE), js(klass))),
            member("type", array(kind_coding(kind))),
        )

    def period(date):
        return member("period", obj(member("start", js(date)), member("end", js(date))))

    return resource(
        "Encounter",
        js(ids),
        per_values(build, rows["kind"]),
        subject(rows),
        per_values(period, rows["date"]),
        per_values(admission_member, rows["kind"]),
    )


def admission_member(kind) -> pa.Array:
    method = take(
        pa.array(list(m.ADMISSION_METHOD.values())), kind, pa.array(list(m.ADMISSION_METHOD))
    )
    method_code = obj(member("coding", array(coding(js(m.ADMISSION_SYSTEM), js(method)))))
    method_extension = extension(m.ADMISSION_EXTENSION, "valueCodeableConcept", method_code)
    return member("hospitalization", obj(member("extension", array(method_extension)), when=method))


def observations(rows: dict, ids) -> pa.Array:
    def build(kind, system, code_):
        coded_or_kind = pc.coalesce(code(system, code_), kind_coding(kind))
        return join(
            member("status", js("final")),
            member("category", array(kind_coding(kind))),
            member("code", coded_or_kind),
        )

    return resource(
        "Observation",
        js(ids),
        coded(build, rows),
        subject(rows),
        dated("effectiveDateTime", rows),
        member("valueString", js(rows["value"])),
    )


def medication_requests(rows: dict, ids) -> pa.Array:
    def build(kind, system, code_):
        return join(
            member("status", js("completed")),
            member("intent", js("order")),
            member("category", array(kind_coding(kind))),
            member("medicationCodeableConcept", code(system, code_)),
        )

    return resource(
        "MedicationRequest", js(ids), coded(build, rows), subject(rows), dated("authoredOn", rows)
    )


def procedures(rows: dict, ids) -> pa.Array:
    def build(kind, system, code_):
        return join(
            member("status", js("completed")),
            member("category", kind_coding(kind)),
            member("code", code(system, code_)),
        )

    return resource(
        "Procedure", js(ids), coded(build, rows), subject(rows), dated("performedDateTime", rows)
    )


def join(*members) -> pa.Array:
    """Members side by side (each starts with a comma), absent ones left out."""
    return pc.binary_join_element_wise(*members, "", null_handling="replace")


BUILDERS = {
    "Condition": conditions,
    "Encounter": encounters,
    "Observation": observations,
    "MedicationRequest": medication_requests,
    "Procedure": procedures,
}
