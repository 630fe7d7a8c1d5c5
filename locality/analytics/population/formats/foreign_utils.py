"""Shared by the OMOP and FHIR readers: finding files, typed columns, collecting problems."""

from __future__ import annotations

from pathlib import Path

import ibis
import ibis.expr.types as ir

from locality.analytics.population import schema
from locality.analytics.population.engines import engine_name
from locality.analytics.population.formats import locality_checks as checks
from locality.analytics.population.formats.locality import (
    ROWS_PER_CHECK,
    Dataset,
    DatasetError,
    Problem,
    typed,
)


def find_files(folder: Path, names, suffixes, required) -> tuple[dict[str, Path], list[Problem]]:
    """The file of each table name present in ``folder`` (one suffix each), and problems."""
    found, problems = {}, []
    if not folder.is_dir():
        return {}, [Problem(str(folder), None, None, "is not a folder")]
    for name in names:
        paths = [folder / f"{name}{s}" for s in suffixes if (folder / f"{name}{s}").is_file()]
        either = " or ".join(f"{name}{s}" for s in suffixes)
        if len(paths) > 1:
            problems.append(Problem(str(folder / either), None, None, "both files exist: keep one"))
        elif paths:
            found[name] = paths[0]
        elif name in required:
            problems.append(Problem(str(folder / either), None, None, "is missing"))
    return found, problems


def as_date(t: ir.Table, name: str) -> ir.DateValue:
    """A column as a date: text must start yyyy-mm-dd (a date-time is cut to its date)."""
    dtype = t[name].type()
    if dtype.is_date():
        return t[name]
    if dtype.is_timestamp():
        return t[name].date()
    value = checks.text(t, name)
    return ibis.ifelse(value.re_search(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}"), value[:10], None).try_cast(
        "date"
    )


def as_int(t: ir.Table, name: str) -> ir.IntegerValue:
    if t[name].type().is_integer():
        return t[name].cast("int64")
    return checks.text(t, name).try_cast("int64")


def date_from_parts(year, month, day) -> ir.DateValue:
    """A date from year and optional month and day: a missing month is read as 1 July and a
    missing day as the 15th (mid-points), since both formats only require a year."""
    month, day = month.fill_null(7), ibis.ifelse(month.isnull(), 1, day.fill_null(15))
    text = year.cast("string") + "-" + month.cast("string").lpad(2, "0")
    return (text + "-" + day.cast("string").lpad(2, "0")).try_cast("date")


def problems_of(file: str, t: ir.Table, row_checks: list[checks.Check]) -> list[tuple]:
    """(problem, count) pairs for the failing checks, the first rows of each named."""
    found = []
    for check, count, rows in checks.failing(t, row_checks, ROWS_PER_CHECK):
        found += [(Problem(file, r["_row"], check.column, check.message(r)), 1) for r in rows]
        if count > len(rows):
            rest = count - len(rows)
            found.append((Problem(file, None, check.column, f"{rest} more rows like these"), rest))
    return sorted(found, key=lambda f: (f[0].row is None, f[0].row or 0))


def missing_columns(file: str, t: ir.Table, required) -> list[Problem]:
    return [
        Problem(file, None, c, "required column is missing") for c in required if c not in t.columns
    ]


def raise_if_any(found: list[tuple], cap: int) -> None:
    total = sum(n for _, n in found)
    if total:
        raise DatasetError([p for p, _ in found][:cap], total)


def dataset(con, persons: ir.Table, events: ir.Table) -> Dataset:
    """The canonical tables, typed; on an engine other than DuckDB, as in-memory tables."""
    persons, events = typed(persons, schema.PERSONS), typed(events, schema.EVENTS)
    if engine_name(con) == "duckdb":
        return Dataset(persons, events)
    return Dataset(ibis.memtable(persons.to_pyarrow()), ibis.memtable(events.to_pyarrow()))


def partial_date(value: ir.StringValue) -> ir.DateValue:
    """A date from ``yyyy-mm-dd`` (a date-time is cut to its date), ``yyyy-mm`` or ``yyyy``,
    the last two completed as in :func:`date_from_parts`."""
    year = value[:4].try_cast("int64")
    month = value[5:7].try_cast("int64")
    return ibis.cases(
        (value.re_search(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}"), value[:10].try_cast("date")),
        (value.re_search(r"^[0-9]{4}-[0-9]{2}$"), date_from_parts(year, month, ibis.null("int64"))),
        (value.re_search(r"^[0-9]{4}$"), date_from_parts(year, *[ibis.null("int64")] * 2)),
        else_=ibis.null("date"),
    )


def empty_events() -> ir.Table:
    """An events table with no rows (a dataset may have persons and no events)."""
    types = {c: "string" for c in schema.EVENTS.column_names} | {"date": "date"}
    return ibis.memtable({c: [] for c in types}).cast(types)


def read_with(canonical, folder: str | Path, con, max_problems: int) -> Dataset:
    """Validate a foreign dataset on DuckDB with ``canonical`` and return it on ``con``."""
    con = con if con is not None else ibis.duckdb.connect()
    checker = con if engine_name(con) == "duckdb" else ibis.duckdb.connect()
    persons, events = canonical(Path(folder), checker, max_problems)
    return dataset(con, persons, events)


def convert_with(read, folder: str | Path, dest: str | Path) -> Path:
    """Write what ``read`` finds in ``folder`` as a Locality dataset (Parquet) in ``dest``."""
    found = read(folder, ibis.duckdb.connect())
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    found.persons.to_parquet(dest / "persons.parquet")
    found.events.to_parquet(dest / "events.parquet")
    return dest
