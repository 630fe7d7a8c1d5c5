"""Codes and their code systems in foreign formats (OMOP source values, FHIR codings).

An OMOP ``*_source_value`` holds a bare code; its code system is read from its form: SNOMED CT
concept ids are digits (in ``drug_exposure``: dm+d, also SNOMED-style digits), ICD-10 codes are
a letter and digits (``I25.2`` or ``I252``; written back undotted, upper case). Any other code
is ``local``. To stay lossless, Locality's OMOP writer prefixes a code whose system would not be
read back from its form: ``readv2:G30..``, ``local:amlodipine``.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from locality.analytics.population import schema

PREFIX = r"^(" + "|".join(schema.CODE_SYSTEMS) + r"):(.*)$"
DIGITS = r"^[0-9]{6,18}$"
ICD10 = r"^[A-Za-z][0-9]{2}(\.?[0-9A-Za-z]{1,5})?$"

# The system a bare code of each form is read as, per OMOP table (digits, ICD-10 form).
BARE_SYSTEMS = {"drug_exposure": ("dmd", None)}
DEFAULT_BARE = ("snomed", "icd10")

# ONS 2021 high-level groups for the NHS ethnic category codes (NHS Data Dictionary, 2001
# census categories, as in UK Core's EthnicCategoryEngland): Chinese (R) counts as Asian in 2021.
NHS_ETHNIC_CATEGORY = {
    **dict.fromkeys("ABC", "white"),
    **dict.fromkeys("DEFG", "mixed"),
    **dict.fromkeys("HJKLR", "asian"),
    **dict.fromkeys("MNP", "black"),
    "S": "other",
    "Z": "unknown",
    "99": "unknown",
}


def bare_systems(table: str) -> tuple[str | None, str | None]:
    return BARE_SYSTEMS.get(table, DEFAULT_BARE)


def source_value(table: str, system: str | None, code: str | None) -> str | None:
    """The OMOP source value Locality writes for a code (one row; see ``source_value_array``)."""
    if system is None and code is None:
        return None
    if system in bare_systems(table) and code:
        return code
    return f"{system}:{code or ''}"


def read_source_value(table: str, value: ir.StringValue) -> tuple[ir.StringValue, ir.StringValue]:
    """(code_system, code) for an OMOP source value column, as Ibis expressions."""
    digits_system, icd_system = bare_systems(table)
    prefixed = value.re_extract(PREFIX, 1).nullif("")
    rest = value.re_extract(PREFIX, 2).nullif("")
    is_digits = value.re_search(DIGITS)
    is_icd = value.re_search(ICD10) if icd_system else ibis.literal(False)
    system = ibis.cases(
        (prefixed.notnull(), prefixed),
        (is_digits, ibis.literal(digits_system)),
        (is_icd, ibis.literal(icd_system)),
        (value.notnull(), ibis.literal("local")),
        else_=ibis.null("string"),
    )
    code = ibis.cases(
        (prefixed.notnull(), rest),
        (~is_digits & is_icd, value.replace(".", "").upper()),
        else_=value,
    )
    return system, code


def ethnic_group(value: ir.StringValue) -> ir.StringValue:
    """A canonical ethnicity from a group name or an NHS ethnic category code; else null."""
    lowered = value.strip().lower()
    upper = value.strip().upper()
    known = ibis.cases(
        *((upper == code, ibis.literal(group)) for code, group in NHS_ETHNIC_CATEGORY.items()),
        else_=ibis.null("string"),
    )
    return ibis.cases((lowered.isin(schema.ETHNICITIES), lowered), else_=known)
