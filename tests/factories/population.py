"""Population datasets written as text tables, in the Locality person-event format.

A table is written as pipe-separated text, the header first; a blank cell is missing:

    persons = '''
        person_id | birth_date | sex
        p1        | 1940-01-01 | female
    '''
"""

from __future__ import annotations

import csv
from pathlib import Path

from locality.analytics.population import schema


def parse_table(text: str) -> list[dict[str, str]]:
    """Rows of a pipe-separated text table (blank lines ignored, cells stripped)."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    header = [cell.strip() for cell in lines[0].split("|")]
    rows = []
    for line in lines[1:]:
        cells = [cell.strip() for cell in line.split("|")]
        assert len(cells) == len(header), f"row {line!r} has {len(cells)} cells, not {len(header)}"
        rows.append(dict(zip(header, cells, strict=True)))
    return rows


def write_csv(path: Path, rows: list[dict[str, str]], columns: list[str]) -> Path:
    with path.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def dataset_folder(folder: Path, *, persons: str, events: str = "") -> Path:
    """Write ``persons.csv`` and ``events.csv`` in ``folder`` from text tables.

    Columns of the format that a table leaves out are written empty; an empty ``events`` text
    writes a header-only events file.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for table, text in ((schema.PERSONS, persons), (schema.EVENTS, events)):
        rows = parse_table(text) if text.strip() else []
        columns = list(table.column_names)
        full = [{c: row.get(c, "") for c in columns} for row in rows]
        write_csv(folder / f"{table.name}.csv", full, columns)
    return folder


def as_text(value) -> str:
    """A result cell as it is written in an expected text table."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def result_rows(expr, columns: list[str] | None = None) -> list[dict[str, str]]:
    """The rows of an Ibis result (in its order) as text, to compare with a parsed table."""
    rows = expr.to_pyarrow().to_pylist()
    columns = columns or (list(rows[0]) if rows else [])
    return [{c: as_text(row[c]) for c in columns} for row in rows]


def expected_rows(text: str) -> list[dict[str, str]]:
    return parse_table(text)
