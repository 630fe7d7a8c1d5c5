"""Read a dataset folder in the Locality person-event format into Ibis tables, validated.

A dataset folder holds ``persons`` and ``events`` as ``.parquet`` or ``.csv``. The files are
checked by DuckDB, which numbers the data rows of both formats (on Spark, row order is not
defined), and every problem names the file, the 1-based data row and the column. Only the
failing rows are fetched. A valid dataset is then opened on the requested engine with the
canonical column types.

>>> from locality.analytics.population.engines import connect
>>> # dataset = read_dataset("var/synth/york", connect("duckdb"))
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import ibis
import ibis.expr.types as ir
from ibis.common.exceptions import IbisError

from locality.analytics.population import schema
from locality.analytics.population.engines import engine_name
from locality.analytics.population.formats import locality_checks as checks

MAX_PROBLEMS = 100  # listed problems; the count of the rest is given
ROWS_PER_CHECK = 20  # failing rows fetched for one check
TYPES = {schema.STRING: "string", schema.DATE: "date", schema.BOOLEAN: "boolean"}


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file] + ([f"row {self.row}"] if self.row else [])
        where += [f"column {self.column}"] if self.column else []
        return f"{', '.join(where)}: {self.message}"


class DatasetError(ValueError):
    """The dataset does not follow the format; ``problems`` lists what is wrong."""

    def __init__(self, problems: list[Problem], total: int):
        self.problems, self.total = problems, total
        lines = [str(p) for p in problems]
        if total > len(problems):
            lines.append(f"... and {total - len(problems)} more problems")
        super().__init__(f"{total} problem(s) in the dataset:\n" + "\n".join(lines))


@dataclass(frozen=True)
class Dataset:
    persons: ir.Table
    events: ir.Table


def read_dataset(folder: str | Path, con=None, *, max_problems: int = MAX_PROBLEMS) -> Dataset:
    """Validate the dataset in ``folder`` and open it on ``con`` (DuckDB in memory by default)."""
    folder = Path(folder)
    con = con if con is not None else ibis.duckdb.connect()
    files = {table.name: find_file(folder, table) for table in schema.TABLES}
    problems = [p for p in files.values() if isinstance(p, Problem)]
    if problems:
        raise DatasetError(problems, len(problems))
    checker = con if engine_name(con) == "duckdb" else ibis.duckdb.connect()
    problems, total = validate(checker, files, max_problems)
    if total:
        raise DatasetError(problems, total)
    tables = {name: open_table(con, path) for name, path in files.items()}
    return Dataset(
        persons=typed(tables["persons"], schema.PERSONS),
        events=typed(tables["events"], schema.EVENTS),
    )


def find_file(folder: Path, table: schema.Table) -> Path | Problem:
    found = [folder / f"{table.name}{s}" for s in schema.FILE_SUFFIXES]
    found = [path for path in found if path.is_file()]
    names = " or ".join(f"{table.name}{s}" for s in schema.FILE_SUFFIXES)
    if len(found) == 1:
        return found[0]
    message = "is missing" if not found else "both files exist: keep one"
    return Problem(str(folder / names), None, None, message)


def validate(con, files: dict[str, Path], cap: int) -> tuple[list[Problem], int]:
    """Every problem of both files (the first ``cap`` of them) and how many there are."""
    raw, found, readable = {}, [], True
    for table in schema.TABLES:
        path = files[table.name]
        try:
            raw[table.name] = numbered(con, path)
            header = structure_problems(path, raw[table.name], table)
        except (duckdb.Error, IbisError, OSError) as error:
            header = [Problem(path.name, None, None, f"cannot be read: {first_line(error)}")]
        found += [(p, 1) for p in header]
        readable = readable and not header
        if not header:
            try:
                rows = row_problems(path.name, raw[table.name], table)
            except duckdb.Error as error:
                rows, readable = [(Problem(path.name, None, None, csv_error(error)), 1)], False
            found += sorted(rows, key=lambda f: (f[0].row is None, f[0].row or 0))
    if readable:
        found += unknown_person_problems(files, raw)
    total = sum(n for _, n in found)
    return [p for p, _ in found][:cap], total


def numbered(con, path: Path) -> ir.Table:
    """The file as read, with ``_row``: the 1-based data row (the header is not counted)."""
    if path.suffix == ".parquet":
        t = con.read_parquet(str(path), file_row_number=True)
        return t.rename(_row="file_row_number").mutate(_row=ibis._._row + 1)
    return read_csv_text(con, path).mutate(_row=ibis.row_number() + 1)


def read_csv_text(con, path: Path) -> ir.Table:
    """Every column as text, the columns named by the header (no guessing of the dialect)."""
    with path.open(newline="", encoding="utf-8-sig") as f:
        header = next(csv.reader(f), None)
    if not header:
        raise OSError("the file is empty: the first line names the columns")
    columns = {name: "VARCHAR" for name in header}
    options = dict(header=True, delim=",", quote='"', escape='"', auto_detect=False)
    return con.read_csv(str(path), columns=columns, **options)


def structure_problems(path: Path, t: ir.Table, table: schema.Table) -> list[Problem]:
    present = [c for c in t.columns if c != "_row"]
    missing = [c.name for c in table.columns if c.required and c.name not in present]
    extra = [c for c in present if c not in table.column_names]
    out = [Problem(path.name, None, c, "required column is missing") for c in missing]
    out += [Problem(path.name, None, c, "is not a column of the format") for c in extra]
    for name in set(present) - set(extra):
        dtype, wanted = t[name].type(), table.column(name).type
        if not (dtype.is_string() or dtype.is_null() or str(dtype).startswith(wanted)):
            out.append(Problem(path.name, None, name, f"has type {dtype}, expected {wanted}"))
    return out


def row_problems(file: str, t: ir.Table, table: schema.Table) -> list[tuple[Problem, int]]:
    if table.key:
        t = checks.with_first_row(t)
    row_checks = checks.column_checks(t, table) + checks.person_checks(t)
    row_checks += checks.event_checks(t) if table is schema.EVENTS else []
    found = []
    for check, count, rows in checks.failing(t, row_checks, ROWS_PER_CHECK):
        found += [(Problem(file, r["_row"], check.column, check.message(r)), 1) for r in rows]
        if count > len(rows):
            rest = count - len(rows)
            found.append((Problem(file, None, check.column, f"{rest} more rows like these"), rest))
    return found


def unknown_person_problems(files, raw) -> list[tuple[Problem, int]]:
    unknown = checks.unknown_persons(raw["events"], raw["persons"])
    count = unknown.count().to_pyarrow().as_py()
    rows = unknown.order_by("_row").limit(ROWS_PER_CHECK).to_pyarrow().to_pylist()
    file = files["events"].name
    found = [
        (Problem(file, r["_row"], "person_id", f"{r['_pid']!r} is not in persons"), 1) for r in rows
    ]
    if count > len(rows):
        rest = count - len(rows)
        found.append((Problem(file, None, "person_id", f"{rest} more unknown persons"), rest))
    return found


def open_table(con, path: Path) -> ir.Table:
    if path.suffix == ".parquet":
        return con.read_parquet(str(path))
    if engine_name(con) == "spark":
        return con.read_csv(str(path), header=True, inferSchema=False, escape='"', multiLine=True)
    return read_csv_text(con, path)


def typed(t: ir.Table, table: schema.Table) -> ir.Table:
    """The canonical columns, in order, with their types; absent optional columns are null."""
    columns = {}
    for column in table.columns:
        kind = TYPES[column.type]
        if column.name not in t.columns:
            columns[column.name] = ibis.null().cast(kind)
        elif column.type == schema.BOOLEAN and t[column.name].type().is_string():
            value = checks.text(t, column.name).lower()
            columns[column.name] = ibis.cases((value == "true", True), (value == "false", False))
        elif t[column.name].type().is_string():
            columns[column.name] = checks.text(t, column.name).cast(kind)
        else:
            columns[column.name] = t[column.name].cast(kind)
    return t.select(**columns)


def csv_error(error: Exception) -> str:
    """DuckDB's CSV error as one line: where, and what was expected."""
    text = str(error)
    line = re.search(r"CSV Error on Line: (\d+)", text)
    expected = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", text)
    if line and expected:
        return f"line {line[1]} has {expected[2]} fields, the header has {expected[1]}"
    return f"line {line[1]}: {first_line(error)}" if line else first_line(error)


def first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
