"""The official HSDS 3.0 and Open Referral UK (ORUK) JSON schemas, read from `data/openreferral`.

Cross-file `$ref`s ("phone.json", and the OpenAPI file's absolute raw.githubusercontent.com
addresses) resolve from a local `referencing.Registry` that holds every schema file under the
upstream address it was published at. Nothing is ever fetched: an unknown reference fails.

The schema files declare no `$schema`; their OpenAPI files declare the JSON Schema 2020-12
dialect (`jsonSchemaDialect`), so Draft 2020-12 is used throughout.

`format` is asserted (unlike the Draft 2020-12 default) with Locality's own checker, so that the
result does not depend on which optional packages happen to be installed: `uuid`, `email`,
`uri`, `date-time` and `date`. Pass `check_formats=False` to treat formats as annotations.
"""

import datetime as dt
import json
import re
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from jsonschema.protocols import Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from locality.directory.feeds.problems import field_path
from locality.directory.feeds.schema_fast import Check, compile_check

DATA_DIR = Path(__file__).resolve().parents[3] / "data" / "openreferral"

# profile -> (folder under DATA_DIR, the upstream address of its `schema/` folder)
PROFILES: dict[str, tuple[str, str]] = {
    "oruk": (
        "oruk_uk_profile",
        "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/",
    ),
    "hsds": (
        "hsds_3.0_spec",
        "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/",
    ),
}

# The list endpoints' page header. The OpenAPI `Page` schema lists these without requiring
# them; the HSDS API reference says a list response "must include" them, so Locality's page
# validators require them (and `contents`).
PAGE_FIELDS = (
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
)

# Fully nested objects, as the `/services/{id}`-style endpoints return them.
_NESTED = {
    "service": "compiled/service.json",
    "service_at_location": "compiled/service_at_location.json",
    "organization": "compiled/organization.json",
}
# One item of a list endpoint's `contents` ("one-to-one fields" only).
_LIST_ITEMS = {
    "service_list_item": "compiled/service_list.json",
    "service_at_location_list_item": "compiled/service_at_location_list.json",
    "organization_list_item": "compiled/organization_list.json",
}
# Whole list pages: the page header plus `contents` of these items.
_PAGES = {
    "service_list": "compiled/service_list.json",
    "service_at_location_list": "compiled/service_at_location_list.json",
    "organization_list": "compiled/organization_list.json",
    "taxonomy_list": "taxonomy.json",
    "taxonomy_term_list": "taxonomy_term.json",
}

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
_MESSAGE_LIMIT = 240


def is_uuid(value) -> bool:
    return not isinstance(value, str) or bool(_UUID.match(value))


def is_email(value) -> bool:
    return not isinstance(value, str) or bool(_EMAIL.match(value))


def is_uri(value) -> bool:
    if not isinstance(value, str):
        return True
    if not _URI.match(value):
        return False
    parts = urlsplit(value)
    return parts.scheme.lower() not in ("http", "https") or bool(parts.netloc)


def is_date(value) -> bool:
    if not isinstance(value, str):
        return True
    try:
        return bool(_DATE.match(value)) and bool(dt.date.fromisoformat(value))
    except ValueError:
        return False


def is_date_time(value) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE_TIME.match(value):
        return False
    try:
        dt.datetime.fromisoformat(value.replace("z", "Z").replace("t", "T"))
    except ValueError:
        return False
    return True


FORMAT_CHECKER = FormatChecker(formats=())
FORMAT_CHECKER.checks("uuid")(is_uuid)
FORMAT_CHECKER.checks("email")(is_email)
FORMAT_CHECKER.checks("uri")(is_uri)
FORMAT_CHECKER.checks("date")(is_date)
FORMAT_CHECKER.checks("date-time")(is_date_time)


class SchemaSet:
    """One profile's schema files, in a registry, with validators by name."""

    def __init__(self, profile: str, data_dir: Path) -> None:
        if profile not in PROFILES:
            raise ValueError(f"unknown profile {profile!r}: use one of {sorted(PROFILES)}")
        folder, base = PROFILES[profile]
        self.profile = profile
        self.schema_dir = data_dir / folder / "schema"
        self.base_uri = base
        if not self.schema_dir.is_dir():
            raise FileNotFoundError(f"no schema folder at {self.schema_dir}")
        resources: dict[str, Resource] = {}
        for path in sorted(self.schema_dir.glob("*.json")) + sorted(
            self.schema_dir.glob("compiled/*.json")
        ):
            relative = path.relative_to(self.schema_dir).as_posix()
            contents = json.loads(path.read_text(encoding="utf-8"))
            resources[base + relative] = DRAFT202012.create_resource(contents)
        # HSDS leaves out the (large) compiled nested schemas: they are the source schema with
        # its references resolved, so stand in a reference to the source schema.
        for relative in _NESTED.values():
            if base + relative not in resources:
                source = "../" + relative.removeprefix("compiled/")
                resources[base + relative] = DRAFT202012.create_resource({"$ref": source})
        self.files = sorted(resources)
        self.registry: Registry = Registry().with_resources(resources.items()).crawl()

    def uri(self, relative: str) -> str:
        return self.base_uri + relative

    def names(self) -> list[str]:
        entity_names = {
            Path(u).stem for u in self.files if "/compiled/" not in u and Path(u).stem != "openapi"
        }
        return sorted(entity_names | set(_NESTED) | set(_LIST_ITEMS) | set(_PAGES) | {"page"})

    def schema(self, name: str) -> dict:
        """A root schema for `name` (a `$ref` into the registry, or a page wrapper)."""
        if name in _NESTED:
            return {"$ref": self.uri(_NESTED[name])}
        if name in _LIST_ITEMS:
            return {"$ref": self.uri(_LIST_ITEMS[name])}
        if name == "page":
            return {"$ref": self.uri("openapi.json#/components/schemas/Page")}
        if name in _PAGES:
            return {
                "type": "object",
                "allOf": [{"$ref": self.uri("openapi.json#/components/schemas/Page")}],
                "required": [*PAGE_FIELDS, "contents"],
                "properties": {
                    "contents": {"type": "array", "items": {"$ref": self.uri(_PAGES[name])}}
                },
            }
        if self.uri(f"{name}.json") in self.files and name != "openapi":
            return {"$ref": self.uri(f"{name}.json")}
        raise KeyError(f"no {self.profile} schema called {name!r}: try one of {self.names()}")

    def validator(self, name: str, *, check_formats: bool = True) -> Validator:
        return _validator(self, name, check_formats)

    def fast_check(self, name: str, *, check_formats: bool = True) -> Check | None:
        """True for a document certainly valid against `name` (see `schema_fast`)."""
        return _fast_check(self, name, check_formats)


@cache
def _validator(schemas: SchemaSet, name: str, check_formats: bool) -> Validator:
    return Draft202012Validator(
        schemas.schema(name),
        registry=schemas.registry,
        format_checker=FORMAT_CHECKER if check_formats else None,
    )


@cache
def _fast_check(schemas: SchemaSet, name: str, check_formats: bool) -> Check | None:
    return compile_check(
        schemas.schema(name), schemas.registry, FORMAT_CHECKER if check_formats else None
    )


@cache
def _load(profile: str, data_dir: str) -> SchemaSet:
    return SchemaSet(profile, Path(data_dir))


def load_schemas(profile: str = "oruk", data_dir: str | Path | None = None) -> SchemaSet:
    """The profile's schemas ("oruk" or "hsds"), cached per profile and folder."""
    return _load(profile, _resolved(str(data_dir or DATA_DIR)))


@cache
def _resolved(folder: str) -> str:  # resolved once: validation asks for every record
    return str(Path(folder).resolve())


def validator_for(
    name: str,
    profile: str = "oruk",
    *,
    data_dir: str | Path | None = None,
    check_formats: bool = True,
) -> Validator:
    """A Draft 2020-12 `jsonschema` validator for one shape of the profile.

    Names: "service", "service_at_location", "organization" (fully nested, as `/services/{id}`
    returns them); "service_list", "service_at_location_list", "organization_list",
    "taxonomy_list", "taxonomy_term_list" (whole list pages: header and `contents`);
    "service_list_item", "service_at_location_list_item", "organization_list_item"; "page" (the
    header alone); and every object schema by its name ("taxonomy", "taxonomy_term", "location",
    "address", "phone", "schedule", ...).
    """
    return load_schemas(profile, data_dir).validator(name, check_formats=check_formats)


def error_path(error: ValidationError) -> str:
    """Where the error is, as a field path; a missing property is named as the field."""
    parts = list(error.absolute_path)
    if error.validator == "required" and isinstance(error.instance, dict):
        missing = [
            p
            for p in error.validator_value
            if p not in error.instance and error.message == f"{p!r} is a required property"
        ]
        if missing:
            parts.append(missing[0])
    return field_path(parts)


def error_message(error: ValidationError) -> str:
    if error.validator == "required":
        return "is required"
    message = error.message
    if len(message) > _MESSAGE_LIMIT:
        message = message[: _MESSAGE_LIMIT - 1] + "…"
    return message


def validate_object(
    name: str,
    doc,
    profile: str = "oruk",
    *,
    data_dir: str | Path | None = None,
    check_formats: bool = True,
) -> list[tuple[str, str]]:
    """Every schema error for `doc` as (field path, message), in the validator's order.

    A document the fast check finds valid has none; any other goes through `jsonschema`.
    """
    schemas = load_schemas(profile, data_dir)
    fast = schemas.fast_check(name, check_formats=check_formats)
    if fast is not None and fast(doc):
        return []
    validator = schemas.validator(name, check_formats=check_formats)
    return [(error_path(e), error_message(e)) for e in validator.iter_errors(doc)]


def validate_service(
    doc,
    profile: str = "oruk",
    *,
    data_dir: str | Path | None = None,
    check_formats: bool = True,
) -> list[tuple[str, str]]:
    """Schema errors for one fully nested service, as (field path, message) pairs.

    >>> validate_service({"id": "x", "status": "open"})  # doctest: +SKIP
    [('id', "'x' is not a 'uuid'"), ('status', "'open' is not one of [...]"),
     ('name', 'is required')]
    """
    return validate_object("service", doc, profile, data_dir=data_dir, check_formats=check_formats)


@cache
def _property_types(table: str, data_dir: str) -> dict[str, str]:
    types: dict[str, str] = {}
    for folder, _base in PROFILES.values():
        path = Path(data_dir) / folder / "schema" / f"{table}.json"
        if not path.is_file():
            continue
        properties = json.loads(path.read_text(encoding="utf-8")).get("properties", {})
        for name, spec in properties.items():
            if isinstance(spec, dict) and isinstance(spec.get("type"), str):
                types.setdefault(name, spec["type"])
    return types


def property_types(table: str, data_dir: str | Path | None = None) -> dict[str, str]:
    """JSON type per field of one HSDS object ("service", "phone", ...), HSDS then ORUK.

    The tabular reader uses it to type CSV cells ("number", "integer", "boolean", "string").
    """
    return _property_types(table, str(Path(data_dir or DATA_DIR).resolve()))
