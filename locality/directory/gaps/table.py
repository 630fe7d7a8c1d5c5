"""The gaps table: services reachable per neighbourhood and need, and per LSOA for the map.

Reads the database, then hands plain columns to `locality.analytics.places.access`.
"""

import math
from dataclasses import asdict

from locality.analytics.places.access import (
    CIRCUITY,
    DEFAULT_WITHIN_M,
    EARTH_RADIUS_M,
    AccessResult,
    LsoaTable,
    ServicePoints,
    access,
)
from locality.directory import models as m
from locality.directory.gaps.needs import needs_chosen, top_level_codes
from locality.directory.gaps.records import NO_NEIGHBOURHOOD, GapRow, LsoaReach, Need, NeedGaps
from locality.places.models import Lsoa, Neighbourhood


def gap_areas() -> list[tuple[str, str]]:
    """(code, name) of the local authorities that have neighbourhoods."""
    return list(
        Neighbourhood.objects.values_list("la_code", "la_name").distinct().order_by("la_name")
    )


def gaps_table(la_code: str, within_m: float = DEFAULT_WITHIN_M, *, need: str | None = None):
    """Tidy rows, one per neighbourhood x need category (one category if `need` is given)."""
    needs = needs_chosen(need)
    result, _ = _access(la_code, within_m, needs)
    names = {n.code: n.name for n in needs}
    return [_gap_row(row, names) for row in result.rows]


def gaps_for_need(la_code: str, need: str, within_m: float = DEFAULT_WITHIN_M) -> NeedGaps:
    """One need: its neighbourhood rows and each LSOA's services reachable (for the map)."""
    (category,) = needs_chosen(need)
    result, lsoas = _access(la_code, within_m, [category])
    counts = result.counts_for(category.code)
    reach = [
        LsoaReach(code, name, hood, population, counts[code])
        for code, name, hood, population in lsoas
    ]
    rows = [_gap_row(row, {category.code: category.name}) for row in result.rows]
    return NeedGaps(la_code, category, result.within_m, result.circuity, rows, reach)


def _access(la_code: str, within_m: float, needs: list[Need]):
    lsoas = list(
        Lsoa.objects.filter(la_code=la_code)
        .order_by("code")
        .values_list("code", "name", "neighbourhood__name", "population", "latitude", "longitude")
    )
    table = LsoaTable.from_records(
        (code, population, lat, lon, hood or NO_NEIGHBOURHOOD)
        for code, _, hood, population, lat, lon in lsoas
    )
    points = ServicePoints.from_records(_service_points(_box(lsoas, within_m), needs))
    result: AccessResult = access(
        table, points, within_m=within_m, circuity=CIRCUITY, needs=[n.code for n in needs]
    )
    return result, [
        (code, name, hood or NO_NEIGHBOURHOOD, pop) for code, name, hood, pop, *_ in lsoas
    ]


def _box(lsoas, within_m: float):
    """(min_lat, max_lat, min_lon, max_lon) around the LSOA centroids, `within_m` wider."""
    if not lsoas:
        return None
    lats, lons = [row[4] for row in lsoas], [row[5] for row in lsoas]
    d_lat = math.degrees(within_m / EARTH_RADIUS_M)
    d_lon = d_lat / math.cos(math.radians(min(89.0, max(map(abs, lats)) + d_lat)))
    return min(lats) - d_lat, max(lats) + d_lat, min(lons) - d_lon, max(lons) + d_lon


def _service_points(box, needs: list[Need]):
    """(service id, need category code, latitude, longitude) for each counted service location
    and each of its need categories."""
    if box is None:
        return []
    services = m.Service.objects.filter(status=m.Service.Status.ACTIVE, confidential=False)
    located = m.ServiceAtLocation.objects.filter(
        service__in=services,
        location__confidential=False,
        location__latitude__range=box[:2],
        location__longitude__range=box[2:],
    ).values_list("service_id", "location__latitude", "location__longitude")
    categories = _categories_by_service(services, {n.code for n in needs})
    return [
        (service_id, need, lat, lon)
        for service_id, lat, lon in located.distinct()
        for need in sorted(categories.get(service_id, ()))
    ]


def _categories_by_service(services, wanted: set[str]) -> dict[str, set[str]]:
    """Service id -> the need categories (top-level codes) it is tagged with."""
    top = top_level_codes()
    tags = m.Attribute.objects.filter(
        link_entity="service", link_id__in=services.values("id"), taxonomy_term_id__in=list(top)
    ).values_list("link_id", "taxonomy_term_id")
    out: dict[str, set[str]] = {}
    for service_id, term_id in tags:
        if top[term_id] in wanted:
            out.setdefault(service_id, set()).add(top[term_id])
    return out


def _gap_row(row, names: dict[str, str]) -> GapRow:
    fields = asdict(row)
    need = fields.pop("need")
    return GapRow(need_code=need, need_name=names[need], **fields)
