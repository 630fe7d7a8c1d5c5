"""Typed Ibis tables from text, and query results as text, for the population spec tests.

    people = memtable('''
        person_id | age | lives_alone
        p1        | 70  | true
    ''', age="int64", lives_alone="boolean")

Columns are strings unless typed; a blank cell is null. ``as_text`` runs a query on a given
backend and turns the result back into rows of strings (``true``/``false``, blank for null) to
compare with a table written as text.
"""

from __future__ import annotations

import datetime

import ibis
import pyarrow as pa

from tests.factories.population import parse_table

ARROW = {
    "string": pa.string(),
    "int64": pa.int64(),
    "float64": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
}
PARSE = {
    "string": str,
    "int64": int,
    "float64": float,
    "boolean": lambda s: {"true": True, "false": False}[s],
    "date": datetime.date.fromisoformat,
}


def memtable(text: str, **types: str):
    header = [cell.strip() for cell in text.strip().splitlines()[0].split("|")]
    return rows_table(parse_table(text), header, **types)


def rows_table(rows: list[dict[str, str]], header: list[str], **types: str):
    """An in-memory Ibis table of ``rows`` (dicts of strings) with typed columns."""
    kinds = {c: types.get(c, "string") for c in header}
    columns = {c: [PARSE[kinds[c]](r[c]) if r[c] != "" else None for r in rows] for c in header}
    schema = pa.schema([(c, ARROW[kinds[c]]) for c in header])
    return ibis.memtable(pa.table(columns, schema=schema))


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def as_text(con, expr, columns=None, order_by="person_id") -> list[dict[str, str]]:
    """Rows of ``expr`` run on the backend ``con``, ordered, as dicts of strings."""
    columns = columns or list(expr.columns)
    rows = con.to_pyarrow(expr.order_by(order_by).select(*columns)).to_pylist()
    return [{c: cell(r[c]) for c in columns} for r in rows]


def expected(text: str) -> list[dict[str, str]]:
    return parse_table(text)
