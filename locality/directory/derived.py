"""Locality's own fields, derived from HSDS data after each import or edit.

- `Service.is_asset`: tagged with the entry-kind term `community-asset`.
- `Service.confidential`: tagged with the flag term `confidential` (refuges); such a
  service, and every location it is delivered at, is kept off the open feed.
- `Service.search_text`: what full-text search matches (names, description,
  organisation, need terms).
- `Location.lsoa_code`: the LSOA whose boundary holds the location, where we know
  the boundaries (the place's LSOAs).
"""

from collections import defaultdict

from shapely import STRtree
from shapely.geometry import Point, shape

from locality.directory import models as m
from locality.directory.bulk_utils import update_rows
from locality.places.models import Lsoa

ASSET_CODE = "community-asset"
CONFIDENTIAL_CODE = "confidential"


SERVICE_FIELDS = ["is_asset", "confidential", "search_text", "source"]
LOCATION_FIELDS = ["confidential", "lsoa_code"]


def refresh(*, service_ids: list[str], source: str = "") -> None:
    """Derive the fields of these services and their locations; write only rows that change."""
    services = list(m.Service.objects.filter(id__in=service_ids).select_related("organization"))
    terms = _terms_by_service(service_ids)
    changed = []
    for service in services:
        codes = {t.code for t in terms[service.id]}
        values = {
            "is_asset": ASSET_CODE in codes,
            "confidential": CONFIDENTIAL_CODE in codes,
            "search_text": _search_text(service, terms[service.id]),
            "source": service.source or source,
        }
        if _assign(service, values):
            changed.append(service)
    update_rows(m.Service, changed, SERVICE_FIELDS)
    _refresh_locations(service_ids)


def _assign(obj, values: dict) -> bool:
    """Set the values on `obj`; True when any differed."""
    differ = any(getattr(obj, name) != value for name, value in values.items())
    for name, value in values.items():
        setattr(obj, name, value)
    return differ


def _terms_by_service(service_ids) -> dict[str, list]:
    out = defaultdict(list)
    attributes = m.Attribute.objects.filter(link_id__in=service_ids).select_related("taxonomy_term")
    for attribute in attributes:
        if attribute.taxonomy_term is not None:
            out[attribute.link_id].append(attribute.taxonomy_term)
    return out


def _search_text(service, terms) -> str:
    parts = [service.name, service.alternate_name, service.description]
    if service.organization is not None:
        parts.append(service.organization.name)
    parts += [t.name for t in terms]
    return " ".join(p for p in parts if p)


def _refresh_locations(service_ids) -> None:
    sals = m.ServiceAtLocation.objects.filter(service_id__in=service_ids)
    locations = list(m.Location.objects.filter(id__in=sals.values("location_id")))
    confidential = set(
        sals.filter(service__confidential=True).values_list("location_id", flat=True)
    )
    finder = LsoaFinder.from_database()
    changed = []
    for location in locations:
        values = {
            "confidential": location.id in confidential,
            "lsoa_code": finder.code_at(location.latitude, location.longitude),
        }
        if _assign(location, values):
            changed.append(location)
    update_rows(m.Location, changed, LOCATION_FIELDS)


class LsoaFinder:
    """Which LSOA holds a point, from the boundaries in the database."""

    def __init__(self, codes: list[str], shapes: list):
        self.codes, self.shapes = codes, shapes
        self.tree = STRtree(shapes) if shapes else None

    @classmethod
    def from_database(cls) -> "LsoaFinder":
        rows = list(Lsoa.objects.values_list("code", "geometry"))
        return cls([code for code, _ in rows], [shape(geometry) for _, geometry in rows])

    def code_at(self, latitude, longitude) -> str:
        if self.tree is None or latitude is None or longitude is None:
            return ""
        point = Point(longitude, latitude)
        for index in self.tree.query(point, predicate="intersects"):
            return self.codes[int(index)]
        return ""
