"""HSDS tabular data: a folder of CSV tables (with or without `datapackage.json`), or the same
tables as one JSON object (`{"services.csv": [rows], ...}`, as HSDS's `examples/tabular.json`).

Rows are joined on their ids into fully nested services following HSDS's own nesting (that of
`examples/service_full.json`): a child row is put under every parent it names (a phone with a
`service_id` and a `location_id` appears under both). Cells are typed by the HSDS/ORUK object
schemas: "number" and "integer" cells become numbers, "boolean" cells booleans; a cell that does
not parse is kept as text, so that validation reports it at its place. Empty cells are left out.
Foreign-key columns stay in the nested objects (they are valid HSDS fields). Rows that link to
nothing in the feed are not reported here.
"""

import csv
import json
import re
from collections import defaultdict
from pathlib import Path

from locality.directory.feeds.feed import Feed
from locality.directory.feeds.problems import Problem
from locality.directory.feeds.schemas import property_types

# HSDS object name -> file names to look for, the HSDS 3.0 datapackage's own first
TABLES: dict[str, tuple[str, ...]] = {
    "organization": ("organizations.csv", "organization.csv"),
    "program": ("programs.csv", "program.csv"),
    "service": ("services.csv", "service.csv"),
    "attribute": ("attributes.csv", "attribute.csv"),
    "service_at_location": ("service_at_location.csv", "service_at_locations.csv"),
    "location": ("locations.csv", "location.csv"),
    "phone": ("phones.csv", "phone.csv"),
    "contact": ("contacts.csv", "contact.csv"),
    "address": ("addresses.csv", "address.csv"),
    "schedule": ("schedules.csv", "schedule.csv"),
    "funding": ("funding.csv", "fundings.csv"),
    "service_area": ("service_areas.csv", "service_area.csv"),
    "required_document": ("required_documents.csv", "required_document.csv"),
    "language": ("languages.csv", "language.csv"),
    "accessibility": ("accessibility.csv", "accessibilities.csv"),
    "taxonomy_term": ("taxonomy_terms.csv", "taxonomy_term.csv"),
    "taxonomy": ("taxonomies.csv", "taxonomy.csv"),
    "metadata": ("metadata.csv",),
    "meta_table_description": ("meta_table_descriptions.csv", "meta_table_description.csv"),
    "cost_option": ("cost_options.csv", "cost_option.csv"),
    "organization_identifier": ("organization_identifiers.csv", "organization_identifier.csv"),
}

# parent -> [(JSON key, child object, the child's column naming the parent)]
MANY: dict[str, list[tuple[str, str, str]]] = {
    "service": [
        ("phones", "phone", "service_id"),
        ("schedules", "schedule", "service_id"),
        ("service_areas", "service_area", "service_id"),
        ("service_at_locations", "service_at_location", "service_id"),
        ("languages", "language", "service_id"),
        ("funding", "funding", "service_id"),
        ("cost_options", "cost_option", "service_id"),
        ("required_documents", "required_document", "service_id"),
        ("contacts", "contact", "service_id"),
    ],
    "service_at_location": [
        ("contacts", "contact", "service_at_location_id"),
        ("phones", "phone", "service_at_location_id"),
        ("schedules", "schedule", "service_at_location_id"),
    ],
    "location": [
        ("languages", "language", "location_id"),
        ("addresses", "address", "location_id"),
        ("contacts", "contact", "location_id"),
        ("accessibility", "accessibility", "location_id"),
        ("phones", "phone", "location_id"),
        ("schedules", "schedule", "location_id"),
    ],
    "organization": [
        ("funding", "funding", "organization_id"),
        ("contacts", "contact", "organization_id"),
        ("phones", "phone", "organization_id"),
        ("locations", "location", "organization_id"),
        ("programs", "program", "organization_id"),
        ("organization_identifiers", "organization_identifier", "organization_id"),
    ],
    "contact": [("phones", "phone", "contact_id")],
    "phone": [("languages", "language", "phone_id")],
}
# parent -> [(JSON key, child object, the parent's column naming the child)]
ONE: dict[str, list[tuple[str, str, str]]] = {
    "service": [
        ("organization", "organization", "organization_id"),
        ("program", "program", "program_id"),
    ],
    "service_at_location": [("location", "location", "location_id")],
    "attribute": [("taxonomy_term", "taxonomy_term", "taxonomy_term_id")],
    "taxonomy_term": [("taxonomy_detail", "taxonomy", "taxonomy_id")],
}
NO_ATTRIBUTES = {"attribute", "metadata", "meta_table_description", "taxonomy", "taxonomy_term"}
NO_METADATA = {"metadata", "meta_table_description"}

_INTEGER = re.compile(r"^[+-]?\d+$")
_TRUE = {"true", "t", "yes", "y", "1"}
_FALSE = {"false", "f", "no", "n", "0"}


def is_tabular_folder(folder: Path) -> bool:
    return (folder / "datapackage.json").is_file() or any(
        (folder / name).is_file() for name in TABLES["service"]
    )


def is_tabular_json(data) -> bool:
    return (
        isinstance(data, dict)
        and bool(data)
        and all(isinstance(k, str) and k.endswith(".csv") for k in data)
    )


def _datapackage_paths(folder: Path, feed: Feed) -> dict[str, str]:
    """Resource name -> path, from `datapackage.json` (which may hold just a relative path to
    the real descriptor: a Git symbolic link checked out as a file)."""
    path = folder / "datapackage.json"
    if not path.is_file():
        return {}
    text = path.read_text(encoding="utf-8-sig").strip()
    if text.endswith(".json") and "\n" not in text and not text.startswith("{"):
        path = (folder / text).resolve()
        if not path.is_file():
            feed.warnings.append(
                Problem(str(folder / "datapackage.json"), "(file)", "",
                        f"points to {text}, which is not there: standard file names used")
            )  # fmt: skip
            return {}
        text = path.read_text(encoding="utf-8-sig")
    try:
        package = json.loads(text)
    except json.JSONDecodeError as exc:
        feed.warnings.append(
            Problem(str(path), "(file)", "",
                    f"unreadable JSON ({exc.msg}, line {exc.lineno}): standard file names used")
        )  # fmt: skip
        return {}
    out = {}
    for resource in package.get("resources", []) if isinstance(package, dict) else []:
        if isinstance(resource, dict) and resource.get("name") and resource.get("path"):
            out[str(resource["name"])] = str(resource["path"])
    return out


def read_tabular_folder(folder: Path, feed: Feed, *, data_dir=None) -> None:
    declared = _datapackage_paths(folder, feed)
    tables: dict[str, list[dict]] = {}
    files: dict[str, str] = {}
    for table, names in TABLES.items():
        candidates = [declared[table]] if table in declared else []
        candidates += [n for n in names if n not in candidates]
        for name in candidates:
            path = folder / name
            if path.is_file():
                tables[table] = _read_csv(path, table, feed, data_dir)
                files[table] = str(path)
                break
    if "service" not in tables:
        feed.problems.append(Problem(str(folder), "(file)", "", "no services.csv in the folder"))
    build(tables, files, feed)


def read_tabular_json(data: dict, file: str, feed: Feed, *, data_dir=None) -> None:
    by_file = {name.lower(): rows for name, rows in data.items()}
    tables: dict[str, list[dict]] = {}
    for table, names in TABLES.items():
        for name in names:
            rows = by_file.get(name)
            if isinstance(rows, list):
                types = property_types(table, data_dir)
                tables[table] = [_typed_row(row, types) for row in rows if isinstance(row, dict)]
                break
    if "service" not in tables:
        feed.problems.append(Problem(file, "(file)", "", 'no "services.csv" table'))
    build(tables, dict.fromkeys(tables, file), feed)


def _read_csv(path: Path, table: str, feed: Feed, data_dir) -> list[dict]:
    types = property_types(table, data_dir)
    rows = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            reader.fieldnames = [(n or "").strip() for n in reader.fieldnames or []]
            for line, row in enumerate(reader, start=2):
                if None in row:
                    feed.problems.append(
                        Problem(str(path), f"row {line}", "",
                                "more cells than the header has columns")
                    )  # fmt: skip
                    row.pop(None)
                rows.append(_typed_row(row, types))
    except UnicodeDecodeError as exc:
        feed.problems.append(Problem(str(path), "(file)", "", f"not UTF-8 text: {exc.reason}"))
    except csv.Error as exc:
        feed.problems.append(Problem(str(path), "(file)", "", f"unreadable CSV: {exc}"))
    return rows


def _typed_row(row: dict, types: dict[str, str]) -> dict:
    out = {}
    for key, value in row.items():
        if value is None or value == "":
            continue
        out[key] = _typed(value, types.get(key))
    return out


def _typed(value, kind: str | None):
    if kind in ("number", "integer") and isinstance(value, str):
        text = value.strip()
        if _INTEGER.match(text):
            return int(text)
        if kind == "number":
            try:
                number = float(text)
            except ValueError:
                return value
            if number == number and number not in (float("inf"), float("-inf")):
                return number
        return value
    if kind == "boolean" and isinstance(value, str):
        text = value.strip().lower()
        return True if text in _TRUE else False if text in _FALSE else value
    if kind == "string" and isinstance(value, int | float) and not isinstance(value, bool):
        return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    return value


class _Builder:
    def __init__(self, tables: dict[str, list[dict]]) -> None:
        self.tables = tables
        self.by_id = {t: {r["id"]: r for r in rows if "id" in r} for t, rows in tables.items()}
        self.children: dict[tuple[str, str], dict[str, list[dict]]] = {}
        for parent in MANY:
            for _key, child, column in MANY[parent]:
                index = defaultdict(list)
                for row in tables.get(child, []):
                    if row.get(column) is not None:
                        index[str(row[column])].append(row)
                self.children[(child, column)] = index
        self.attributes = defaultdict(list)
        for row in tables.get("attribute", []):
            if row.get("link_id") is not None:
                self.attributes[str(row["link_id"])].append(row)
        self.metadata = defaultdict(list)
        for row in tables.get("metadata", []):
            if row.get("resource_id") is not None:
                self.metadata[str(row["resource_id"])].append(row)

    def doc(self, table: str, row: dict) -> dict:
        out = dict(row)
        row_id = str(row.get("id", ""))
        for key, child, column in ONE.get(table, []):
            target = self.by_id.get(child, {}).get(row.get(column))
            if target is not None:
                out[key] = self.doc(child, target)
        for key, child, column in MANY.get(table, []):
            rows = self.children[(child, column)].get(row_id, []) if row_id else []
            if rows:
                out[key] = [self.doc(child, r) for r in rows]
        if table not in NO_ATTRIBUTES and self.attributes.get(row_id):
            out["attributes"] = [self.doc("attribute", r) for r in self.attributes[row_id]]
        if table not in NO_METADATA and self.metadata.get(row_id):
            out["metadata"] = [dict(r) for r in self.metadata[row_id]]
        return out


def build(tables: dict[str, list[dict]], files: dict[str, str], feed: Feed) -> None:
    """Nest the tables' rows into services (and standalone taxonomies, terms, organisations)."""
    builder = _Builder(tables)
    used_orgs = set()
    for row in tables.get("service", []):
        feed.add_service(builder.doc("service", row), files.get("service", feed.source))
        used_orgs.add(row.get("organization_id"))
    feed.taxonomies.extend(dict(r) for r in tables.get("taxonomy", []))
    feed.taxonomy_terms.extend(dict(r) for r in tables.get("taxonomy_term", []))
    for row in tables.get("organization", []):
        if row.get("id") not in used_orgs:
            feed.organizations.append(builder.doc("organization", row))
