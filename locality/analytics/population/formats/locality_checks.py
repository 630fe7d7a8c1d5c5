"""Row checks of the Locality person-event format, written as Ibis predicates.

Every check is a named boolean expression over a raw table (all columns as read, plus ``_row``,
the 1-based data row in the file). The engine counts every check in one pass; only the failing
rows of failing checks are fetched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import ibis.expr.types as ir

from locality.analytics.population import schema

ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# Undotted upper-case ICD-10 (I252, C61, U071) and SNOMED CT concept ids (6 to 18 digits).
CODE_PATTERNS = {"icd10": r"^[A-Z][0-9]{2}[0-9A-Z]{0,5}$", "snomed": r"^[0-9]{6,18}$"}
CODE_EXAMPLES = {"icd10": "undotted upper case, e.g. I252", "snomed": "digits, e.g. 22298006"}
BOOLEANS = ("true", "false")


@dataclass(frozen=True)
class Check:
    column: str
    bad: ir.BooleanValue  # true on a failing row
    message: Callable[[dict], str]  # the failing row (column values and _row) -> text


def text(t: ir.Table, name: str) -> ir.StringValue:
    """A column as text, with empty strings read as missing."""
    return t[name].cast("string").nullif("")


def column_checks(t: ir.Table, table: schema.Table) -> list[Check]:
    """Required values, allowed values, dates and booleans of every column present."""
    checks = []
    for column in table.columns:
        if column.name not in t.columns:
            continue
        value = text(t, column.name)
        if column.required:
            checks.append(Check(column.name, value.isnull(), lambda r: "is required"))
        if column.allowed:
            checks.append(_allowed(column, value))
        if column.type == schema.DATE and t[column.name].type().is_string():
            checks.append(_date(column, value))
        if column.type == schema.BOOLEAN and t[column.name].type().is_string():
            checks.append(_boolean(column, value))
    return checks


def _allowed(column: schema.Column, value: ir.StringValue) -> Check:
    allowed = ", ".join(column.allowed)
    return Check(
        column.name,
        value.notnull() & value.notin(column.allowed),
        lambda r, n=column.name: f"{r[n]!r} is not one of {allowed}",
    )


def _date(column: schema.Column, value: ir.StringValue) -> Check:
    bad = value.notnull() & (~value.re_search(ISO_DATE) | value.try_cast("date").isnull())
    return Check(column.name, bad, lambda r, n=column.name: f"{r[n]!r} is not a date (yyyy-mm-dd)")


def _boolean(column: schema.Column, value: ir.StringValue) -> Check:
    return Check(
        column.name,
        value.notnull() & value.lower().notin(BOOLEANS),
        lambda r, n=column.name: f"{r[n]!r} is not a boolean (true or false)",
    )


def with_first_row(t: ir.Table) -> ir.Table:
    """Add ``_first``, the first row holding each person_id (for the uniqueness check)."""
    return t.mutate(_first=t._row.min().over(group_by=t.person_id))


def person_checks(t: ir.Table) -> list[Check]:
    """person_id is unique: every repeat names the row that first used the id (``_first``)."""
    if "_first" not in t.columns:
        return []
    return [
        Check(
            "person_id",
            t.person_id.notnull() & (t._row != t._first),
            lambda r: f"duplicate person_id {r['person_id']!r} (first on row {r['_first']})",
        )
    ]


def event_checks(t: ir.Table) -> list[Check]:
    """Codes need a code system, and ICD-10 and SNOMED CT codes have their canonical form."""
    if not {"code", "code_system"} <= set(t.columns):
        return []
    code, system = text(t, "code"), text(t, "code_system")
    checks = [Check("code_system", code.notnull() & system.isnull(), lambda r: "a code needs one")]
    for name, pattern in CODE_PATTERNS.items():
        checks.append(
            Check(
                "code",
                code.notnull() & (system == name) & ~code.re_search(pattern),
                lambda r, n=name: f"{r['code']!r} is not a valid {n} code ({CODE_EXAMPLES[n]})",
            )
        )
    return checks


def unknown_persons(events: ir.Table, persons: ir.Table) -> ir.Table:
    """Events whose person_id is not in persons."""
    known = persons.select(_known=text(persons, "person_id")).distinct()
    ids = events.mutate(_pid=text(events, "person_id"))
    joined = ids.left_join(known, ids._pid == known._known)
    return joined.filter(joined._pid.notnull() & joined._known.isnull())


def failing(t: ir.Table, checks: list[Check], cap: int) -> list[tuple[Check, int, list[dict]]]:
    """For each failing check: the check, how many rows fail, and the first ``cap`` of them."""
    if not checks:
        return []
    counts = t.aggregate(**{f"c{i}": c.bad.cast("int64").sum() for i, c in enumerate(checks)})
    row = counts.to_pyarrow().to_pylist()[0]
    out = []
    for i, check in enumerate(checks):
        if row[f"c{i}"]:
            rows = t.filter(check.bad).order_by("_row").limit(cap).to_pyarrow().to_pylist()
            out.append((check, int(row[f"c{i}"]), rows))
    return out
