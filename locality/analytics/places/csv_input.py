"""Read a user's CSV file for a places command: header and rows, or an error naming the file.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "sites.csv"
>>> _ = path.write_text("Name, latitude\\nAcomb,53.95\\n\\nHaxby\\n")
>>> header, rows = read_rows(path, required=("name", "latitude"))
>>> header
['name', 'latitude']
>>> rows
[(2, {'name': 'Acomb', 'latitude': '53.95'}), (4, {'name': 'Haxby', 'latitude': ''})]
"""

import csv
from collections.abc import Sequence
from pathlib import Path

from locality.analytics.places.geography import PlacesError


def read_rows(
    path: Path, required: Sequence[str] = ()
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header (trimmed, lower case) and the non-blank rows as (row number, {column: text}),
    row 1 being the header; a short row's missing cells are empty; the first of two columns of
    the same name wins. PlacesError names the file for a missing file, a file that is not CSV,
    an empty file and a missing required column."""
    path = Path(path)
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise PlacesError(f"{path}: no such file") from exc
    with handle:
        try:
            rows = list(csv.reader(handle))
        except (UnicodeDecodeError, csv.Error) as exc:
            raise PlacesError(f"{path}: not a CSV file ({exc})") from exc
    if not rows:
        expected = f" (expected a header: {', '.join(required)})" if required else ""
        raise PlacesError(f"{path}: empty file{expected}")
    header = [h.strip().lower() for h in rows[0]]
    for column in required:
        if column not in header:
            raise PlacesError(f"{path}: header: no column {column!r}")
    where: dict[str, int] = {}
    for i, column in enumerate(header):
        where.setdefault(column, i)
    records = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        records.append(
            (number, {c: (row[i].strip() if i < len(row) else "") for c, i in where.items()})
        )
    return header, records
