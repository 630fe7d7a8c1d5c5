"""Read a feed in any of the three formats into HSDS 3.0 nested services: `read_feed(path)`.

(a) "hsds3-json": HSDS 3.0 / ORUK v3 JSON. A file holding a list of documents, one document,
    or a list page (`{"contents": [...], "total_items": ...}`); or a folder of such files
    (`*.json`, read in natural order: page-2 before page-10). Each document may be a fully
    nested service, an organization with `services` (each service gets the organization), a
    service_at_location with its `service` (services are gathered, with their
    service_at_locations, one per service id), a taxonomy (its nested `taxonomy_terms` also
    become standalone terms) or a taxonomy term. Organizations without services are kept in
    `Feed.organizations`. Standalone locations and the API's root document are reported and
    skipped.
(b) "hsds3-tabular": a folder with `datapackage.json` and/or `services.csv` and the other HSDS
    tables (see `tabular.py`); also a `datapackage.json` or CSV path (its folder is read), and a
    JSON file whose keys are CSV file names (HSDS's `examples/tabular.json`).
(c) "oruk-v1": a list (or a v1 page, `{"content": [...]}`) of ORUK v1 services, recognised by
    v1-only fields (`pc_metadata`, `deliverable_type`, `attending_type`, `service_taxonomys`,
    `regular_schedules`, ... or an `organization` with `url` and no `organization_id`) and no
    HSDS 3-only ones. Mapped by `oruk_v1.py`.

Every reader checks for repeated service ids and empty names; nothing is dropped.
"""

import copy
import json
import os
import re
from pathlib import Path

from locality.directory.feeds import oruk_v1, tabular
from locality.directory.feeds.feed import Feed
from locality.directory.feeds.problems import Problem
from locality.directory.feeds.validate import reading_problems

__all__ = ["Feed", "detect_format", "read_feed"]

_SERVICE_KEYS = {
    "status",
    "service_at_locations",
    "schedules",
    "service_areas",
    "cost_options",
    "required_documents",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
    "assured_date",
    "assurer_email",
    "fees",
    "fees_description",
    "organization",
    "organization_id",
    "program_id",
    "application_process",
    "interpretation_services",
    "accreditations",
    "alert",
    "last_modified",
    "wait_time",
    "licenses",
}
_ORGANIZATION_KEYS = {
    "website",
    "logo",
    "legal_status",
    "tax_status",
    "tax_id",
    "year_incorporated",
    "organization_identifiers",
    "parent_organization_id",
    "programs",
    "locations",
}
_TERM_KEYS = {"code", "parent_id", "taxonomy", "taxonomy_detail", "taxonomy_id", "term_uri", "term"}
_TAXONOMY_KEYS = {"id", "name", "description", "uri", "version", "metadata", "taxonomy_terms"}


def read_feed(path: str | os.PathLike, *, feed_key: str | None = None) -> Feed:
    """Read the feed at `path` (a file or a folder), detecting its format.

    `feed_key` (ORUK v1 only) names the feed in the derived ids; by default it comes from the
    file or folder name, so keep the name stable between imports or pass the key.
    """
    source = Path(path)
    if not source.exists():
        feed = Feed(format="hsds3-json", source=str(source))
        feed.problems.append(Problem(str(source), "(file)", "", "no such file or folder"))
        return feed
    if source.is_file() and (source.suffix.lower() == ".csv" or source.name == "datapackage.json"):
        source = source.parent
    if source.is_dir():
        if tabular.is_tabular_folder(source):
            feed = Feed(format="hsds3-tabular", source=str(source))
            tabular.read_tabular_folder(source, feed)
        else:
            files = sorted(source.glob("*.json"), key=_natural)
            feed = _read_json_files(source, files, feed_key)
            if not files:
                feed.problems.append(
                    Problem(str(source), "(file)", "", "no .json, .csv or datapackage.json files")
                )
    else:
        feed = _read_json_files(source, [source], feed_key)
    feed.problems.extend(reading_problems(feed))
    return feed


def detect_format(data) -> str:
    """The format of one parsed JSON file: "oruk-v1", "hsds3-tabular" or "hsds3-json"."""
    if tabular.is_tabular_json(data):
        return "hsds3-tabular"
    items = _items(data)
    services = [i for i in items if isinstance(i, dict)]
    v1 = sum(1 for i in services if oruk_v1.looks_like_v1(i))
    return "oruk-v1" if services and v1 * 2 > len(services) else "hsds3-json"


def _natural(path: Path):
    return [int(p) if p.isdigit() else p.lower() for p in re.split(r"(\d+)", path.name)]


def _items(data) -> list:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in ("contents", "content"):
            if isinstance(data.get(key), list):
                return data[key]
        return [data]
    return []


def _load(path: Path, feed: Feed):
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        message = f"unreadable JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
    except UnicodeDecodeError as exc:
        message = f"not UTF-8 text: {exc.reason} at byte {exc.start}"
    except OSError as exc:
        message = f"cannot be read: {exc.strerror}"
    feed.problems.append(Problem(str(path), "(file)", "", message))
    return None


def _read_json_files(source: Path, files: list[Path], feed_key: str | None) -> Feed:
    feed = Feed(format="", source=str(source))
    parsed = []
    for path in files:
        data = _load(path, feed)
        if data is not None:
            parsed.append((path, data, detect_format(data)))
    feed.format = parsed[0][2] if parsed else "hsds3-json"
    mapper = oruk_v1.V1Mapper(feed_key or oruk_v1.feed_key_for(source), str(source))
    gathered: dict[str, dict] = {}  # service id -> service built from service_at_locations
    for path, data, kind in parsed:
        file = str(path)
        if kind != feed.format:
            feed.problems.append(
                Problem(file, "(file)", "", f"a {kind} file in a {feed.format} feed: skipped")
            )
        elif kind == "hsds3-tabular":
            tabular.read_tabular_json(data, file, feed)
        elif kind == "oruk-v1":
            mapper.file = file
            _read_v1(_items(data), file, feed, mapper)
        else:
            for position, item in enumerate(_items(data), start=1):
                _add_document(item, file, position, feed, gathered)
    if feed.format == "oruk-v1":
        mapper.finish(feed.services)
        feed.original_ids.update(mapper.original_ids)
        feed.taxonomies.extend(mapper.taxonomies.values())
        feed.taxonomy_terms.extend(mapper.terms.values())
        feed.warnings.extend(mapper.warnings)
    return feed


def _read_v1(items: list, file: str, feed: Feed, mapper: oruk_v1.V1Mapper) -> None:
    for position, record in enumerate(items, start=1):
        if not isinstance(record, dict):
            feed.problems.append(
                Problem(file, f"item {position}", "", "not a JSON object: skipped")
            )
            continue
        feed.add_service(mapper.service(record, len(feed.services)), file)


def _kind(doc: dict) -> str:
    keys = set(doc)
    if isinstance(doc.get("services"), list):
        return "organization"
    if isinstance(doc.get("service"), dict):
        return "service_at_location"
    if "location_type" in keys:
        return "location"
    if keys & _SERVICE_KEYS:
        return "service"
    if "location" in keys or {"service_id", "location_id"} <= keys:
        return "service_at_location"
    if {"version", "openapi_url"} & keys and not keys & {"id", "name"}:
        return "api"
    if keys & _TERM_KEYS:
        return "taxonomy_term"
    if keys & _ORGANIZATION_KEYS or "email" in keys:
        return "organization"
    if "id" in keys and keys <= _TAXONOMY_KEYS:
        return "taxonomy"
    return "unknown"


def _add_document(doc, file: str, position: int, feed: Feed, gathered: dict) -> None:
    label = f"item {position}"
    if not isinstance(doc, dict):
        feed.problems.append(Problem(file, label, "", "not a JSON object: skipped"))
        return
    kind = _kind(doc)
    if kind == "service":
        feed.add_service(doc, file)
    elif kind == "organization":
        services = doc.get("services") or []
        org = {k: v for k, v in doc.items() if k != "services"}
        if not services:
            feed.organizations.append(org)
        for service in services:
            if isinstance(service, dict):
                nested = service.get("organization") or copy.deepcopy(org)
                feed.add_service({**service, "organization": nested}, file)
            else:
                feed.problems.append(Problem(file, label, "services", "not a JSON object"))
    elif kind == "service_at_location":
        service = doc.get("service")
        if not isinstance(service, dict):
            feed.problems.append(
                Problem(file, str(doc.get("id") or label), "service",
                        "a service_at_location without its service: skipped")
            )  # fmt: skip
            return
        sal = {k: v for k, v in doc.items() if k != "service"}
        service_id = service.get("id")
        existing = gathered.get(service_id) if isinstance(service_id, str) else None
        if existing is None:
            existing = {
                **service,
                "service_at_locations": list(service.get("service_at_locations") or []),
            }
            if isinstance(service_id, str):
                gathered[service_id] = existing
            feed.add_service(existing, file)
        known = {s.get("id") for s in existing["service_at_locations"] if isinstance(s, dict)}
        if sal.get("id") not in known:
            existing["service_at_locations"].append(sal)
    elif kind == "taxonomy":
        feed.taxonomies.append(doc)
        for term in doc.get("taxonomy_terms") or []:
            if isinstance(term, dict):
                feed.taxonomy_terms.append({"taxonomy_id": doc.get("id"), **term})
    elif kind == "taxonomy_term":
        feed.taxonomy_terms.append(doc)
    elif kind == "location":
        feed.problems.append(
            Problem(file, str(doc.get("id") or label), "",
                    "a location on its own is not read: give services with their locations")
        )  # fmt: skip
    elif kind == "api":
        feed.problems.append(
            Problem(file, label, "", "the API's root document, not a feed: skipped")
        )
    else:
        feed.problems.append(
            Problem(file, str(doc.get("id") or label), "",
                    "not a service, organization, service_at_location, taxonomy or term")
        )  # fmt: skip
