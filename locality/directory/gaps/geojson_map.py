"""The map: LSOAs shaded by services reachable, those with none hatched, neighbourhoods outlined."""

import math
from dataclasses import dataclass

from locality.directory.gaps.records import NO_NEIGHBOURHOOD, NONE, LsoaReach, NeedGaps
from locality.places.models import Lsoa

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
