"""Code-list files behind score definitions.

A score definition names a CSV file (relative to a code-list folder), the column holding the
condition key, the column holding the code and either one code system for the whole file or the
column holding it. A cell may hold several codes joined by a separator (pycomorb's ``I21|I22``).
Folders are searched in order: folders the user passes first, then ``data/codelists``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from locality.analytics.population import schema

DATA_DIR = Path(__file__).resolve().parents[3] / "data"
CODELISTS_DIR = DATA_DIR / "codelists"


class DefinitionError(ValueError):
    """A score definition or its code list is invalid; the message names file and field."""


@dataclass(frozen=True)
class CodelistSpec:
    file: str
    condition_column: str
    code_column: str
    code_system: str | None = None  # one system for every row ...
    code_system_column: str | None = None  # ... or a column naming it
    separator: str | None = None
    supplied_by_user: bool = False


def find(spec: CodelistSpec, folders: tuple[Path, ...]) -> Path | None:
    for folder in folders:
        path = Path(folder) / spec.file
        if path.is_file():
            return path
    return None


def read_codes(spec: CodelistSpec, path: Path, where: str) -> dict[str, set[tuple[str, str]]]:
    """Codes per condition key: {key: {(code_system, code), ...}}."""
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        columns = [spec.condition_column, spec.code_column, spec.code_system_column]
        for column in filter(None, columns):
            if column not in (reader.fieldnames or []):
                raise DefinitionError(f"{where}: {spec.file} has no column {column!r}")
        codes: dict[str, set[tuple[str, str]]] = {}
        for number, row in enumerate(reader, start=1):
            system = row[spec.code_system_column] if spec.code_system_column else spec.code_system
            if system not in schema.CODE_SYSTEMS:
                raise DefinitionError(
                    f"{where}: {spec.file}, row {number}: code system {system!r} is not one of "
                    f"{', '.join(schema.CODE_SYSTEMS)}"
                )
            cells = (
                row[spec.code_column].split(spec.separator)
                if spec.separator
                else [row[spec.code_column]]
            )
            found = codes.setdefault(row[spec.condition_column], set())
            found.update((system, code.strip()) for code in cells if code.strip())
    return codes
