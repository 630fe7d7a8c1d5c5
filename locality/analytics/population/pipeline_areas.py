"""The areas a stratification reports by: the user's neighbourhoods, or local authorities.

A neighbourhoods file is a CSV with the columns ``lsoa_code`` and ``neighbourhood`` (others are
ignored), one row per LSOA. Without one, people are grouped by the local authority district
(2019) of their LSOA, from the bundled England table (``data/england``, LSOA 2011 codes). People
whose LSOA is not mapped count under ``cohorts.OUTSIDE``.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pa_csv

from locality.analytics.population.cohorts import OUTSIDE, TOTAL
from locality.analytics.population.england import ENGLAND_LSOA_FILE

NEIGHBOURHOOD, LOCAL_AUTHORITY = "neighbourhood", "local authority"
COLUMNS = ("lsoa_code", "neighbourhood")


class AreasError(ValueError):
    """The neighbourhoods file is not one neighbourhood per LSOA; the message names the file,
    the row and the column."""


@dataclass(frozen=True)
class Areas:
    kind: str  # NEIGHBOURHOOD or LOCAL_AUTHORITY
    mapping: pa.Table  # lsoa_code, neighbourhood (strings), one row per LSOA


def read_neighbourhoods(path: str | Path) -> Areas:
    """The neighbourhoods of a CSV file, checked row by row (rows counted after the header)."""
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as f:
            rows = list(csv.DictReader(f))
            header = rows and list(rows[0]) or []
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise AreasError(f"{path}: cannot be read: {error}") from error
    if not rows:
        raise AreasError(f"{path}: has no rows (columns: lsoa_code, neighbourhood)")
    for column in COLUMNS:
        if column not in header:
            raise AreasError(f"{path}, column {column}: required column is missing")
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=1):
        lsoa, name = ((row[c] or "").strip() for c in COLUMNS)
        where = f"{path}, row {number}"
        for column, value in zip(COLUMNS, (lsoa, name), strict=True):
            if not value:
                raise AreasError(f"{where}, column {column}: is required")
        if name in (OUTSIDE, TOTAL):
            raise AreasError(f"{where}, column neighbourhood: {name!r} is a reserved name")
        if lsoa in seen:
            raise AreasError(f"{where}, column lsoa_code: {lsoa} is already on row {seen[lsoa]}")
        seen[lsoa] = number
    lsoas = [(row["lsoa_code"].strip(), row["neighbourhood"].strip()) for row in rows]
    return Areas(NEIGHBOURHOOD, table(lsoas))


def local_authorities(lsoa_codes) -> Areas:
    """The local authority (LAD 2019 name) of each of ``lsoa_codes`` found in England's table."""
    wanted = set(lsoa_codes)
    known = england_lads()
    return Areas(LOCAL_AUTHORITY, table([(c, known[c]) for c in sorted(wanted) if c in known]))


@functools.cache
def england_lads() -> dict[str, str]:
    columns = {"lsoa11cd": pa.string(), "lad19nm": pa.string()}
    options = pa_csv.ConvertOptions(include_columns=list(columns), column_types=columns)
    t = pa_csv.read_csv(ENGLAND_LSOA_FILE, convert_options=options)
    return dict(zip(t["lsoa11cd"].to_pylist(), t["lad19nm"].to_pylist(), strict=True))


def table(pairs: list[tuple[str, str]]) -> pa.Table:
    codes, names = (list(column) for column in zip(*pairs, strict=True)) if pairs else ([], [])
    return pa.table({"lsoa_code": pa.array(codes, pa.string()),
                     "neighbourhood": pa.array(names, pa.string())})  # fmt: skip
