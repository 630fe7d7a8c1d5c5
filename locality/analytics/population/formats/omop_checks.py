"""OMOP CDM tables to canonical tables, as Ibis expressions, with the row checks of each."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from locality.analytics.population import schema
from locality.analytics.population.formats import foreign_utils as fu
from locality.analytics.population.formats.locality_checks import Check, text
from locality.analytics.population.formats.omop_mapping import (
    ATTRIBUTE_PREFIX,
    DATE_COLUMN,
    FEMALE,
    MALE,
    SOURCE_COLUMN,
    VISIT_CONCEPTS,
)
from locality.analytics.population.formats.source_codes import ethnic_group, read_source_value

NULL = ibis.null("string")


def optional(t: ir.Table, name: str) -> ir.StringValue:
    return text(t, name) if name in t.columns else NULL


def person_table(files, raw) -> tuple[ir.Table, list]:
    """Canonical persons (plus ``_omop_id``, ``_row``) and the problems of ``person``."""
    t = raw["person"]
    omop_id = text(t, "person_id")
    source_id = optional(t, "person_source_value")
    year, month, day = (
        fu.as_int(t, c) if c in t.columns else ibis.null("int64")
        for c in ("year_of_birth", "month_of_birth", "day_of_birth")
    )
    stamp = fu.as_date(t, "birth_datetime") if "birth_datetime" in t.columns else None
    birth = fu.date_from_parts(year, month, day)
    birth = birth if stamp is None else stamp.coalesce(birth)
    gender = fu.as_int(t, "gender_concept_id") if "gender_concept_id" in t.columns else None
    said = optional(t, "gender_source_value").lower()
    sex = ibis.cases(
        *(((gender == FEMALE, "female"), (gender == MALE, "male")) if gender is not None else ()),
        (said.isin(schema.SEXES), said),
        else_="unknown",
    )
    t = t.mutate(
        _omop_id=omop_id,
        person_id=source_id.coalesce(omop_id),
        birth_date=birth,
        sex=sex,
        ethnicity=ethnic_group(optional(t, "race_source_value")),
        lsoa_code=NULL,
        _year=optional(t, "year_of_birth"),
    )
    t = with_location(t, raw)
    t = t.mutate(
        _first=t._row.min().over(group_by=t._omop_id),
        _first_id=t._row.min().over(group_by=t.person_id),
    )
    problems = fu.problems_of(files["person"].name, t, person_checks(t))
    persons, attribute_problems = with_attributes(t, files, raw)
    return persons, problems + attribute_problems


def person_checks(t: ir.Table) -> list[Check]:
    checks = [
        Check("person_id", t._omop_id.isnull(), lambda r: "is required"),
        Check(
            "person_id",
            t._omop_id.notnull() & (t._row != t._first),
            lambda r: f"duplicate person_id {r['_omop_id']!r} (first on row {r['_first']})",
        ),
        Check(
            "person_source_value",
            t._omop_id.notnull() & (t._row == t._first) & (t._row != t._first_id),
            lambda r: f"duplicate person {r['person_id']!r} (first on row {r['_first_id']})",
        ),
        Check("year_of_birth", t._year.isnull(), lambda r: "is required"),
        Check(
            "year_of_birth",
            t._year.notnull() & t.birth_date.isnull(),
            lambda r: "year, month and day of birth do not make a date",
        ),
    ]
    if "_location_found" in t.columns:
        checks.append(
            Check(
                "location_id",
                t._location_found.notnull() & ~t._location_found,
                lambda r: f"{r['location_id']!r} is not in location",
            )
        )
    return checks


def with_location(t: ir.Table, raw) -> ir.Table:
    if "location" not in raw or "location_id" not in t.columns:
        return t
    loc = raw["location"]
    loc = loc.select(_loc_id=text(loc, "location_id"), _lsoa=optional(loc, "location_source_value"))
    loc = loc.distinct(on="_loc_id")
    t = t.mutate(_loc_key=text(t, "location_id"))
    joined = t.left_join(loc, t._loc_key == loc._loc_id)
    return joined.mutate(
        lsoa_code=joined._lsoa,
        _location_found=ibis.ifelse(joined._loc_key.isnull(), None, joined._loc_id.notnull()),
    )


def with_attributes(t: ir.Table, files, raw) -> tuple[ir.Table, list]:
    """lives_alone and household_id from ``locality:`` observation rows, and their problems."""
    columns = ["_omop_id", "_row", *schema.PERSONS.column_names]
    if "observation" not in raw:
        return t.mutate(lives_alone=ibis.null("boolean"), household_id=NULL).select(columns), []
    obs = raw["observation"]
    source, value = optional(obs, "observation_source_value"), optional(obs, "value_as_string")
    obs = obs.mutate(_src=source, _value=value, _pid=text(obs, "person_id"))
    obs = obs.filter(obs._src.startswith(ATTRIBUTE_PREFIX))
    alone_key, home_key = ATTRIBUTE_PREFIX + "lives_alone", ATTRIBUTE_PREFIX + "household_id"
    bad = (
        (obs._src == alone_key) & obs._value.notnull() & ~obs._value.lower().isin(("true", "false"))
    )
    problems = fu.problems_of(
        files["observation"].name,
        obs,
        [
            Check("value_as_string", bad, lambda r: f"{r['_value']!r} is not true or false"),
            Check(
                "observation_source_value",
                ~obs._src.isin((alone_key, home_key)),
                lambda r: f"{r['_src']!r} is not a Locality person attribute",
            ),
        ],
    )
    per_person = obs.group_by(_attr_pid=obs._pid).aggregate(
        _alone=obs._value.lower().max(where=obs._src == alone_key),
        _home=obs._value.max(where=obs._src == home_key),
    )
    joined = t.left_join(per_person, t._omop_id == per_person._attr_pid)
    joined = joined.mutate(
        lives_alone=ibis.cases(
            (joined._alone == "true", True),
            (joined._alone == "false", False),
            else_=ibis.null("boolean"),
        ),
        household_id=joined._home,
    )
    return joined.select(columns), problems


def event_table(name: str, file: str, t: ir.Table, persons: ir.Table) -> tuple[ir.Table, list]:
    """Canonical events of one OMOP event table, and its problems."""
    source = optional(t, SOURCE_COLUMN[name]) if name in SOURCE_COLUMN else NULL
    system, code = read_source_value(name, source)
    t = t.mutate(
        _pid=text(t, "person_id"),
        _date_text=text(t, DATE_COLUMN[name]),
        date=fu.as_date(t, DATE_COLUMN[name]),
        kind=event_kind(name, t),
        code_system=system,
        code=code,
        value=NULL,
        _src=source,
    )
    if name == "observation":
        t = t.filter(t._src.isnull() | ~t._src.startswith(ATTRIBUTE_PREFIX))
        t = t.mutate(value=optional(t, "value_as_string"))
    known = persons.group_by(_known=persons._omop_id).aggregate(_person=persons.person_id.min())
    t = t.left_join(known, t._pid == known._known)
    checks = [
        Check("person_id", t._pid.isnull(), lambda r: "is required"),
        Check(
            "person_id",
            t._pid.notnull() & t._known.isnull(),
            lambda r: f"{r['_pid']!r} is not in person",
        ),
        Check(DATE_COLUMN[name], t._date_text.isnull(), lambda r: "is required"),
        Check(
            DATE_COLUMN[name],
            t._date_text.notnull() & t.date.isnull(),
            lambda r: f"{r['_date_text']!r} is not a date (yyyy-mm-dd)",
        ),
    ]
    if name == "visit_occurrence":
        visit_kinds = ", ".join(f"{c} {k}" for k, c in VISIT_CONCEPTS.items())
        checks.append(
            Check(
                "visit_concept_id",
                t.kind.isnull(),
                lambda r: (
                    f"{r.get('visit_concept_id')!r} is not a visit Locality reads ({visit_kinds}); "
                    "or name the kind in visit_source_value"
                ),
            )
        )
    events = t.mutate(person_id=t._person).select(*schema.EVENTS.column_names)
    return events, fu.problems_of(file, t, checks)


def event_kind(name: str, t: ir.Table) -> ir.StringValue:
    if name == "condition_occurrence":
        status = optional(t, "condition_status_source_value").lower()
        return ibis.ifelse(status == "symptom", "symptom", "diagnosis")
    if name in ("drug_exposure", "procedure_occurrence"):
        return ibis.literal("medication" if name == "drug_exposure" else "procedure")
    if name == "observation":
        qualifier = optional(t, "qualifier_source_value")
        return ibis.ifelse(qualifier.isin(schema.EVENT_KINDS), qualifier, "observation")
    said = optional(t, "visit_source_value")
    concept = fu.as_int(t, "visit_concept_id") if "visit_concept_id" in t.columns else None
    by_concept = (
        ((concept == c, k) for k, c in VISIT_CONCEPTS.items()) if concept is not None else ()
    )
    return ibis.cases((said.isin(tuple(VISIT_CONCEPTS)), said), *by_concept, else_=NULL)
