"""Between HSDS 3.0 JSON documents and the directory models, by introspection.

`flatten_service(doc)` turns one fully nested service (as ORUK feeds and the API carry it)
into rows per model; `service_document(service)` builds the nested document back from the
database. Both follow `CHILDREN` below, which is HSDS's own nesting.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from locality.directory import models as m

# parent HSDS name -> {JSON key: (model, how)}; how is "one" (the parent holds `<key>_id`),
# or the child's foreign key field naming the parent, or "link" (attributes) / "resource".
CHILDREN: dict[str, dict[str, tuple[type, str]]] = {
    "service": {
        "organization": (m.Organization, "one"),
        "program": (m.Program, "one"),
        "phones": (m.Phone, "service_id"),
        "schedules": (m.Schedule, "service_id"),
        "service_areas": (m.ServiceArea, "service_id"),
        "service_at_locations": (m.ServiceAtLocation, "service_id"),
        "languages": (m.Language, "service_id"),
        "funding": (m.Funding, "service_id"),
        "cost_options": (m.CostOption, "service_id"),
        "required_documents": (m.RequiredDocument, "service_id"),
        "contacts": (m.Contact, "service_id"),
        "capacities": (m.ServiceCapacity, "service_id"),
    },
    "service_at_location": {
        "location": (m.Location, "one"),
        "phones": (m.Phone, "service_at_location_id"),
        "contacts": (m.Contact, "service_at_location_id"),
        "schedules": (m.Schedule, "service_at_location_id"),
    },
    "location": {
        "addresses": (m.Address, "location_id"),
        "phones": (m.Phone, "location_id"),
        "accessibility": (m.Accessibility, "location_id"),
        "contacts": (m.Contact, "location_id"),
        "schedules": (m.Schedule, "location_id"),
        "languages": (m.Language, "location_id"),
    },
    "organization": {
        "funding": (m.Funding, "organization_id"),
        "contacts": (m.Contact, "organization_id"),
        "phones": (m.Phone, "organization_id"),
        "locations": (m.Location, "organization_id"),
        "programs": (m.Program, "organization_id"),
        "organization_identifiers": (m.OrganizationIdentifier, "organization_id"),
    },
    "contact": {"phones": (m.Phone, "contact_id")},
    "phone": {"languages": (m.Language, "phone_id")},
    "attribute": {"taxonomy_term": (m.TaxonomyTerm, "one")},
    "taxonomy_term": {"taxonomy_detail": (m.Taxonomy, "one")},
    "service_capacity": {"unit": (m.Unit, "one")},
}
# every HSDS object but these may carry `attributes` and `metadata` arrays
NO_ATTRIBUTES = {"attribute", "metadata", "taxonomy", "taxonomy_term", "unit"}
NO_METADATA = {"metadata", "unit"}
ONE_KEY_FIELD = {"taxonomy_detail": "taxonomy_id"}  # JSON key -> the parent's id field


def hsds_fields(model) -> dict[str, str]:
    """model attribute name (attname) -> HSDS JSON key, for the model's HSDS columns."""
    return dict(_hsds_fields(model))


@cache
def _hsds_fields(model) -> dict[str, str]:  # models do not change while running: read once
    out = {}
    for f in model._meta.concrete_fields:
        if f.name in model.LOCALITY_FIELDS:
            continue
        out[f.attname] = model.HSDS_RENAMES.get(f.name, f.attname)
    return out


@cache
def _scalar_keys(model) -> dict[str, str]:
    """HSDS JSON key -> model attname."""
    return {key: att for att, key in _hsds_fields(model).items()}


@dataclass
class Rows:
    """Rows per model, keyed by id (the last occurrence of an id wins)."""

    by_model: dict[type, dict[str, dict]] = field(default_factory=lambda: defaultdict(dict))

    def add(self, model, row: dict) -> None:
        self.by_model[model][row["id"]] = row

    def count(self) -> dict[str, int]:
        return {model.HSDS_NAME: len(rows) for model, rows in self.by_model.items()}


def flatten_service(doc: dict, rows: Rows | None = None) -> Rows:
    rows = rows if rows is not None else Rows()
    _flatten(m.Service, doc, rows, parent=None)
    return rows


def flatten_object(model, doc: dict, rows: Rows) -> Rows:
    _flatten(model, doc, rows, parent=None)
    return rows


def _flatten(model, doc: dict, rows: Rows, parent: tuple[str, str] | None) -> str:
    keys = _scalar_keys(model)
    row = {att: _python(model, att, doc[key]) for key, att in keys.items() if key in doc}
    if parent is not None:
        row.setdefault(parent[0], parent[1])
    name = model.HSDS_NAME
    for key, (child_model, how) in CHILDREN.get(name, {}).items():
        value = doc.get(key)
        if not value:
            continue
        if how == "one":
            child_id = _flatten(child_model, value, rows, parent=None)
            row[ONE_KEY_FIELD.get(key, f"{key}_id")] = child_id
        else:
            for child in value:
                _flatten(child_model, child, rows, parent=(how, doc["id"]))
    _flatten_links(name, doc, rows)
    rows.add(model, row)
    return doc["id"]


def _flatten_links(name: str, doc: dict, rows: Rows) -> None:
    if name not in NO_ATTRIBUTES:
        for attribute in doc.get("attributes") or []:
            attribute = {"link_id": doc["id"], "link_entity": name, **attribute}
            _flatten(m.Attribute, attribute, rows, parent=None)
    if name not in NO_METADATA:
        for record in doc.get("metadata") or []:
            record = {"resource_id": doc["id"], "resource_type": name, **record}
            _flatten(m.Metadata, record, rows, parent=None)


def _python(model, attname: str, value):
    """The JSON value as the model field holds it (dates parsed, ids as strings)."""
    if value is None:
        return None
    field_ = _fields_by_attname(model)[attname]
    if field_.is_relation:
        return str(value)
    return field_.to_python(value)


@cache
def _fields_by_attname(model) -> dict:
    return {f.attname: f for f in model._meta.concrete_fields}


# --- database to JSON ------------------------------------------------------------------


def to_json_value(value):
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def scalars(obj) -> dict:
    """The object's HSDS fields, empty ones omitted (ORUK: omit, don't send null)."""
    out = {}
    for att, key in _hsds_fields(type(obj)).items():
        value = getattr(obj, att)
        if value is None or value == "":
            continue
        out[key] = to_json_value(value)
    return out


def documents(model, objs) -> list[dict]:
    """Nested HSDS documents for `objs` (all of `model`), in a fixed number of queries."""
    objs = list(objs)
    if not objs:
        return []
    docs = {o.id: scalars(o) for o in objs}
    name = model.HSDS_NAME
    for key, (child_model, how) in CHILDREN.get(name, {}).items():
        if how == "one":
            _nest_one(objs, docs, key, child_model)
        else:
            _nest_many(docs, key, child_model, how)
    if name not in NO_ATTRIBUTES:
        _nest_many(docs, "attributes", m.Attribute, "link_id")
    if name not in NO_METADATA:
        _nest_many(docs, "metadata", m.Metadata, "resource_id")
    return [docs[o.id] for o in objs]


def _nest_one(objs, docs, key, child_model) -> None:
    id_field = ONE_KEY_FIELD.get(key, f"{key}_id")
    wanted = {getattr(o, id_field) for o in objs} - {None}
    children = child_model.objects.filter(id__in=wanted)
    by_id = dict(zip([c.id for c in children], documents(child_model, children), strict=True))
    for o in objs:
        child = by_id.get(getattr(o, id_field))
        if child is not None:
            docs[o.id][key] = child


def _nest_many(docs, key, child_model, parent_field) -> None:
    children = list(child_model.objects.filter(**{f"{parent_field}__in": list(docs)})
                    .order_by("id"))  # fmt: skip
    for child, doc in zip(children, documents(child_model, children), strict=True):
        if child_model in (m.Attribute, m.Metadata):
            doc.pop("link_id" if child_model is m.Attribute else "resource_id", None)
        docs[getattr(child, parent_field)].setdefault(key, []).append(doc)
