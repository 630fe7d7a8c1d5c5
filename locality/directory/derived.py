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
from locality.places.models import Lsoa

ASSET_CODE = "community-asset"
CONFIDENTIAL_CODE = "confidential"


def refresh(*, service_ids: list[str], source: str = "") -> None:
    services = list(m.Service.objects.filter(id__in=service_ids).select_related("organization"))
    terms = _terms_by_service(service_ids)
    for service in services:
        codes = {t.code for t in terms[service.id]}
        service.is_asset = ASSET_CODE in codes
        service.confidential = CONFIDENTIAL_CODE in codes
        service.search_text = _search_text(service, terms[service.id])
        service.source = service.source or source
    m.Service.objects.bulk_update(
        services, ["is_asset", "confidential", "search_text", "source"], batch_size=500
    )
    _refresh_locations(service_ids)


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
    for location in locations:
        location.confidential = location.id in confidential
        location.lsoa_code = finder.code_at(location.latitude, location.longitude)
    m.Location.objects.bulk_update(locations, ["confidential", "lsoa_code"], batch_size=500)


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
