"""Write the directory as an ORUK v3 JSON feed.

`PATH.json` gets the list of fully nested services (what ORUK feeds carry). Any other
PATH is a folder that gets `services.json`, `organizations.json`, `taxonomies.json` and
`taxonomy_terms.json`, so organisations, taxonomies and terms that no service uses come
along too: a complete copy that `locality directory import PATH` reads back.
"""

import json
from pathlib import Path

from locality.directory import models as m
from locality.directory.hsds_io import documents, scalars

BATCH = 500


def open_services(*, include_confidential: bool = False):
    """Services that may be published: never confidential ones on the open feed."""
    services = m.Service.objects.order_by("id")
    return services if include_confidential else services.filter(confidential=False)


def service_documents(services) -> list[dict]:
    """Nested documents, with confidential locations removed wherever they nest."""
    return [without_hidden_locations(doc) for doc in documents(m.Service, services)]


def without_hidden_locations(doc: dict) -> dict:
    """The document without confidential locations, nor anything tied to one by `location_id`.

    A confidential location nests under service-at-locations and under
    `organization.locations`: this removes it wherever it is.
    """
    hidden = set(m.Location.objects.filter(confidential=True).values_list("id", flat=True))
    return _scrub(doc, hidden) if hidden else doc


def _scrub(node, hidden: set[str]):
    if isinstance(node, list):
        return [_scrub(item, hidden) for item in node if not _tied(item, hidden)]
    if not isinstance(node, dict):
        return node
    kept = {key: _scrub(value, hidden) for key, value in node.items() if not _tied(value, hidden)}
    return {key: value for key, value in kept.items() if value != []}


def _tied(node, hidden: set[str]) -> bool:
    return isinstance(node, dict) and (
        node.get("id") in hidden or node.get("location_id") in hidden
    )


def directory_export(path: str | Path, *, include_confidential: bool = False) -> int:
    path = Path(path)
    if path.suffix.lower() == ".json":
        return _write_services(path, include_confidential)
    path.mkdir(parents=True, exist_ok=True)
    count = _write_services(path / "services.json", include_confidential)
    taxonomies = m.Taxonomy.objects.order_by("id")
    terms = m.TaxonomyTerm.objects.order_by("id")
    _write(path / "organizations.json", _organization_documents())
    _write(path / "taxonomies.json", [scalars(t) for t in taxonomies])
    _write(path / "taxonomy_terms.json", documents(m.TaxonomyTerm, terms))
    return count


def _organization_documents() -> list[dict]:
    """Organisations with their nested objects, confidential locations removed."""
    organizations = m.Organization.objects.order_by("id")
    return [without_hidden_locations(d) for d in documents(m.Organization, organizations)]


def _write(path: Path, data) -> None:
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False))


def _write_services(path: Path, include_confidential: bool) -> int:
    services = open_services(include_confidential=include_confidential)
    ids = list(services.values_list("id", flat=True))
    docs = []
    for start in range(0, len(ids), BATCH):
        batch = m.Service.objects.filter(id__in=ids[start : start + BATCH]).order_by("id")
        docs.extend(
            documents(m.Service, batch) if include_confidential else service_documents(batch)
        )
    _write(path, docs)
    return len(docs)
