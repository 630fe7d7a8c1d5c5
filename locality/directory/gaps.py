"""Gaps in the directory: which neighbourhoods have few or no services for a need within reach.

Reads the database, then hands plain columns to `locality.analytics.places.access`, where the
definitions live (reachable, residents per service, share covered). What counts:

- Areas: the local authority's LSOAs, each with its neighbourhood ("Not in a neighbourhood"
  for an LSOA not yet given one), population and population-weighted centroid.
- Services: status "active", not confidential, at a location that has coordinates and is not
  itself confidential (the address of a refuge is never used, even by a public service sharing
  it). Community assets count: a park or a lunch club meets needs too. Services in a
  neighbouring authority count when they are within reach.
- Needs: the top-level categories of the "Locality needs" taxonomy. A service tagged with a
  specific need counts for its category; tagged with several needs of one category, once.

Everything here is aggregate directory data: no resident is identifiable from it.
"""

import csv
import io
import math
from dataclasses import asdict, dataclass

from django.db.models import Q

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
from locality.places.models import Lsoa, Neighbourhood

NEEDS_TAXONOMY = "Locality needs"
NO_NEIGHBOURHOOD = "Not in a neighbourhood"
CSV_HEADER = [
    "neighbourhood", "need_code", "need_name", "services_reachable", "residents",
    "residents_per_service", "lsoas_with_none_count", "lsoas_with_none",
    "residents_in_lsoas_with_none", "share_covered",
]  # fmt: skip
NONE = "none"  # residents per service where no service is reachable


@dataclass(frozen=True)
class Need:
    code: str
    name: str


@dataclass(frozen=True)
class GapRow:
    """One neighbourhood x need (see `locality.analytics.places.access` for the definitions)."""

    neighbourhood: str
    need_code: str
    need_name: str
    services_reachable: int
    residents: int
    residents_per_service: float  # math.inf when none is reachable
    lsoas_with_none: tuple[str, ...]
    residents_with_none: int
    share_covered: float  # 0 to 1; NaN for a neighbourhood with no residents


@dataclass(frozen=True)
class LsoaReach:
    code: str
    name: str
    neighbourhood: str
    population: int
    services_reachable: int


@dataclass(frozen=True)
class NeedGaps:
    """One need in one authority: the neighbourhood rows and each LSOA's services reachable."""

    la_code: str
    need: Need
    within_m: float
    circuity: float
    rows: list[GapRow]
    lsoas: list[LsoaReach]


def gap_areas() -> list[tuple[str, str]]:
    """(code, name) of the local authorities that have neighbourhoods."""
    return list(
        Neighbourhood.objects.values_list("la_code", "la_name").distinct().order_by("la_name")
    )


def need_categories() -> list[Need]:
    """The top-level categories of the needs taxonomy, by name; the code is the key (a term
    with the same code twice, say from a second copy of the taxonomy, is one category)."""
    terms = m.TaxonomyTerm.objects.filter(_in_needs_taxonomy(), parent__isnull=True)
    names: dict[str, str] = {}
    for code, name in terms.order_by("name", "id").values_list("code", "name"):
        names.setdefault(code, name)
    return [Need(code, name) for code, name in names.items()]


def gaps_table(la_code: str, within_m: float = DEFAULT_WITHIN_M, *, need: str | None = None):
    """Tidy rows, one per neighbourhood x need category (one category if `need` is given)."""
    needs = _needs(need)
    result, _ = _access(la_code, within_m, needs)
    names = {n.code: n.name for n in needs}
    return [_gap_row(row, names) for row in result.rows]


def gaps_for_need(la_code: str, need: str, within_m: float = DEFAULT_WITHIN_M) -> NeedGaps:
    """One need: its neighbourhood rows and each LSOA's services reachable (for the map)."""
    (category,) = _needs(need)
    result, lsoas = _access(la_code, within_m, [category])
    counts = result.counts_for(category.code)
    reach = [
        LsoaReach(code, name, hood, population, counts[code])
        for code, name, hood, population in lsoas
    ]
    rows = [_gap_row(row, {category.code: category.name}) for row in result.rows]
    return NeedGaps(la_code, category, result.within_m, result.circuity, rows, reach)


def gaps_csv(
    la_code: str, within_m: float = DEFAULT_WITHIN_M, *, need: str | None = None, out=None
):
    """Write the gaps table as CSV to `out` (any text file); without `out`, return the text."""
    target = out if out is not None else io.StringIO()
    writer = csv.writer(target)
    writer.writerow(CSV_HEADER)
    for row in gaps_table(la_code, within_m, need=need):
        writer.writerow(_csv_cells(row))
    return None if out is not None else target.getvalue()


def residents_per_service_text(value: float) -> str:
    """Whole residents per service, or "none" where no service is reachable."""
    return NONE if math.isinf(value) else f"{value:,.0f}"


def _needs(code: str | None) -> list[Need]:
    needs = need_categories()
    if code is None:
        return needs
    chosen = [n for n in needs if n.code == code]
    if not chosen:
        raise ValueError(f"{code!r} is not a need category of the {NEEDS_TAXONOMY} taxonomy")
    return chosen


def _in_needs_taxonomy() -> Q:
    return Q(taxonomy__name=NEEDS_TAXONOMY) | Q(taxonomy_name=NEEDS_TAXONOMY)


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
    top = _top_level_codes()
    tags = m.Attribute.objects.filter(
        link_entity="service", link_id__in=services.values("id"), taxonomy_term_id__in=list(top)
    ).values_list("link_id", "taxonomy_term_id")
    out: dict[str, set[str]] = {}
    for service_id, term_id in tags:
        if top[term_id] in wanted:
            out.setdefault(service_id, set()).add(top[term_id])
    return out


def _top_level_codes() -> dict[str, str]:
    """Needs-taxonomy term id -> the code of its top-level category (itself at the top)."""
    rows = m.TaxonomyTerm.objects.filter(_in_needs_taxonomy()).values_list(
        "id", "parent_id", "code"
    )
    parents = {term_id: parent_id for term_id, parent_id, _ in rows}
    codes = {term_id: code for term_id, _, code in rows}
    top = {}
    for term_id in parents:
        node, seen = term_id, set()
        while parents[node] in parents and node not in seen:  # climb; stop on a cycle
            seen.add(node)
            node = parents[node]
        top[term_id] = codes[node]
    return top


def _gap_row(row, names: dict[str, str]) -> GapRow:
    fields = asdict(row)
    need = fields.pop("need")
    return GapRow(need_code=need, need_name=names[need], **fields)


def _csv_cells(row: GapRow) -> list:
    per_service = (
        NONE if math.isinf(row.residents_per_service) else round(row.residents_per_service)
    )
    share = "" if math.isnan(row.share_covered) else f"{row.share_covered:.3f}"
    return [
        _safe(row.neighbourhood), row.need_code, _safe(row.need_name), row.services_reachable,
        row.residents, per_service, len(row.lsoas_with_none), " ".join(row.lsoas_with_none),
        row.residents_with_none, share,
    ]  # fmt: skip


def _safe(text: str) -> str:
    """Text a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# The map: LSOAs shaded by services reachable, those with none hatched, neighbourhoods outlined.

NONE_COLOUR = "#d4351c"  # GOV.UK red: the hatching of LSOAs with none
BAND_COLOURS = ("#c6dbef", "#6baed6", "#2171b5", "#08306b")  # ColorBrewer Blues, light to dark
OUTLINE_COLOUR = "#0b0c0c"
BOUNDARY_ATTRIBUTION = (
    "LSOA boundaries: Office for National Statistics, Open Government Licence v3.0; contains OS "
    "data © Crown copyright and database right 2025"
)


@dataclass(frozen=True)
class Band:
    low: int
    high: int
    colour: str
    label: str


def reach_bands(counts) -> list[Band]:
    """Up to four bands of services reachable, each ending at a quartile of the LSOAs with any
    (so a few central LSOAs with very many do not leave the rest in one shade)."""
    positive = sorted(c for c in counts if c > 0)
    if not positive:
        return []
    n = len(positive)
    highs = sorted({positive[math.ceil(q * n) - 1] for q in (0.25, 0.5, 0.75, 1.0)})
    lows = [1] + [high + 1 for high in highs[:-1]]
    return [
        Band(low, high, colour, str(low) if low == high else f"{low} to {high}")
        for low, high, colour in zip(lows, highs, BAND_COLOURS, strict=False)
    ]


def gaps_geojson(gaps: NeedGaps) -> dict:
    """The LSOAs (with `fill`: a colour, or "none") and neighbourhood outlines, as GeoJSON."""
    geometries = _geometries([lsoa.code for lsoa in gaps.lsoas])
    bands = reach_bands(lsoa.services_reachable for lsoa in gaps.lsoas)
    features = [
        {
            "type": "Feature",
            "geometry": geometries[lsoa.code],
            "properties": {
                "kind": "lsoa",
                "code": lsoa.code,
                "name": lsoa.name,
                "neighbourhood": lsoa.neighbourhood,
                "services": lsoa.services_reachable,
                "fill": _fill(lsoa.services_reachable, bands),
            },
        }  # fmt: skip
        for lsoa in gaps.lsoas
    ]
    for name, outline in _neighbourhood_outlines(gaps.lsoas, geometries).items():
        features.append(
            {
                "type": "Feature",
                "geometry": outline,
                "properties": {"kind": "neighbourhood", "name": name},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def gaps_png(gaps: NeedGaps) -> bytes:
    """The same map as a PNG for reports (matplotlib, Agg, no pyplot state)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch, PathPatch

    figure = Figure(figsize=(8, 8.5), dpi=110)
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0.02, 0.1, 0.96, 0.8))
    paths = []
    for feature in gaps_geojson(gaps)["features"]:
        paths.append(_mpl_path(feature["geometry"]))
        axes.add_artist(PathPatch(paths[-1], **_png_style(feature["properties"])))
    _frame(axes, paths)
    legend = [Patch(label="None", **_png_style({"kind": "lsoa", "fill": NONE}))]
    legend += [Patch(facecolor=b.colour, edgecolor="white", label=b.label) for b in
               reach_bands(lsoa.services_reachable for lsoa in gaps.lsoas)]  # fmt: skip
    axes.legend(handles=legend, title="Services reachable", loc="upper left", fontsize=9)
    figure.suptitle(_title(gaps), fontsize=12)
    figure.text(0.02, 0.02, f"{_method(gaps)}\n{BOUNDARY_ATTRIBUTION}", fontsize=7)
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def _png_style(props: dict) -> dict:
    if props["kind"] == "neighbourhood":
        return {"fill": False, "edgecolor": OUTLINE_COLOUR, "linewidth": 1.6}
    if props["fill"] == NONE:
        return {"facecolor": "white", "edgecolor": NONE_COLOUR, "hatch": "////", "linewidth": 0.6}
    return {"facecolor": props["fill"], "edgecolor": "white", "linewidth": 0.4}


def _fill(count: int, bands: list[Band]) -> str:
    if count == 0:
        return NONE
    return next(b.colour for b in bands if b.low <= count <= b.high)


def _geometries(codes: list[str]) -> dict[str, dict]:
    return dict(Lsoa.objects.filter(code__in=codes).values_list("code", "geometry"))


def _neighbourhood_outlines(lsoas: list[LsoaReach], geometries: dict) -> dict[str, dict]:
    from shapely import union_all
    from shapely.geometry import mapping, shape

    shapes: dict[str, list] = {}
    for lsoa in lsoas:
        if lsoa.neighbourhood != NO_NEIGHBOURHOOD:
            shapes.setdefault(lsoa.neighbourhood, []).append(shape(geometries[lsoa.code]))
    return {name: mapping(union_all(parts)) for name, parts in sorted(shapes.items())}


def _mpl_path(geometry: dict):
    from matplotlib.path import Path

    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    vertices, codes = [], []
    for polygon in polygons:
        for ring in polygon:
            ring = [tuple(point[:2]) for point in ring]
            vertices += [*ring, ring[0]]
            codes += [Path.MOVETO] + [Path.LINETO] * (len(ring) - 1) + [Path.CLOSEPOLY]
    return Path(vertices, codes)


def _frame(axes, paths) -> None:
    """Fit the shapes, with a degree of longitude shorter than one of latitude, as on the ground."""
    import numpy as np

    points = np.concatenate([p.vertices for p in paths]) if paths else np.array([[-1.0, 54.0]])
    (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
    pad = 0.02 * max(x1 - x0, y1 - y0, 0.01)
    axes.set_xlim(x0 - pad, x1 + pad)
    axes.set_ylim(y0 - pad, y1 + pad)
    axes.set_aspect(1 / math.cos(math.radians((y0 + y1) / 2)))
    axes.set_axis_off()


def _title(gaps: NeedGaps) -> str:
    return f"{gaps.need.name}: services reachable within {gaps.within_m:,.0f} metres"


def _method(gaps: NeedGaps) -> str:
    return (
        f"From each LSOA's population-weighted centroid: straight-line distance x "
        f"{gaps.circuity:g} (for streets) within {gaps.within_m:,.0f} m. Hatched: none in reach."
    )
