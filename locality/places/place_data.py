"""The loaded places as the analytics see them: an ``Area`` and its neighbourhood assignment.

The web pages read the LSOAs and neighbourhoods from the database (what ``locality demo`` or an
import loaded), never the bundled files, so a place that was edited shows as edited. The LSOA
table gets the column names of the bundled England table (``population``, ``age_60_plus``,
``imd_decile``, ``income_decile``, ...) so that the functions of ``locality.analytics.places``
take it as they take ``load_area``'s.

``version_token`` is a short hash of every stored field of a local authority's LSOAs and of
their neighbourhoods' names: cached map images are keyed by it, so any change to the place
(a reload, an LSOA moved to another neighbourhood, a renamed neighbourhood) draws new maps.
"""

import hashlib
import json
import threading
from dataclasses import dataclass, field

from django.db.models import TextField
from django.db.models.functions import Cast

from locality.places.models import Lsoa, Neighbourhood

DOMAINS = (
    "income",
    "employment",
    "education",
    "health",
    "crime",
    "housing_barriers",
    "living_environment",
)
LSOA_FIELDS = (
    "code", "name", "la_code", "msoa_code", "ward_code", "ward_name", "neighbourhood_id",
    "latitude", "longitude", "population", "age_0_15", "age_16_59", "age_60_plus",
    "imd_score", "imd_rank", "imd_decile", "domain_deciles", "geometry",
)  # fmt: skip
SHAPES_SOURCE = "LSOA boundaries stored with the place (Office for National Statistics)"

_places: dict = {}  # la_code -> Place, the latest version seen by this process
_lock = threading.Lock()


@dataclass(frozen=True)
class Place:
    """One local authority's loaded LSOAs, as an analytics ``Area`` and an assignment."""

    la_code: str
    la_name: str
    area: object  # locality.analytics.places.geography.Area
    assignment: object  # pandas Series: LSOA code -> neighbourhood name (NaN: none)
    neighbourhoods: dict  # neighbourhood id -> name
    token: str
    memo: dict = field(default_factory=dict, compare=False, repr=False)  # see `remembered`

    def remembered(self, key, work):
        """``work()``, worked out once per version of the place (pages ask the same again)."""
        if key not in self.memo:
            self.memo[key] = work()
        return self.memo[key]


def local_authorities() -> list[tuple[str, str]]:
    """(code, name) of every local authority with a neighbourhood, in code order."""
    return list(
        Neighbourhood.objects.order_by("la_code").values_list("la_code", "la_name").distinct()
    )


def lsoa_rows(la_code: str) -> list[dict]:
    """Every stored field of the local authority's LSOAs, in code order."""
    return list(Lsoa.objects.filter(la_code=la_code).order_by("code").values(*LSOA_FIELDS))


def neighbourhood_names(la_code: str) -> dict[int, str]:
    return dict(Neighbourhood.objects.filter(la_code=la_code).values_list("id", "name"))


def version_token(la_code: str) -> str:
    """A 16-character hash of the local authority's LSOAs and neighbourhood names.

    The geometry is read as the database's text (no JSON decoding), so this stays cheap
    enough for every page and image request (a few milliseconds for York's 120 LSOAs).
    """
    fields = [f for f in LSOA_FIELDS if f != "geometry"]
    rows = (
        Lsoa.objects.filter(la_code=la_code)
        .order_by("code")
        .annotate(geometry_text=Cast("geometry", TextField()))
        .values_list(*fields, "geometry_text")
    )
    digest = hashlib.sha256()
    for *values, geometry in rows:
        digest.update(repr(values).encode())
        digest.update(str(geometry).encode())
    names = sorted(neighbourhood_names(la_code).items())
    digest.update(json.dumps(names).encode())
    return digest.hexdigest()[:16]


def current_place(la_code: str) -> Place:
    """``load_place``, kept in the process while the place's version token stays the same."""
    token = version_token(la_code)
    with _lock:
        place = _places.get(la_code)
    if place is None or place.token != token:
        place = load_place(la_code)
        with _lock:
            _places[la_code] = place
    return place


def load_place(la_code: str) -> Place:
    """The local authority's LSOAs as an ``Area`` (WGS84 shapes) and its assignment."""
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import shape

    from locality.analytics.places.geography import WGS84, Area

    token = version_token(la_code)  # first: a change while reading gives a newer token
    rows = lsoa_rows(la_code)
    names = neighbourhood_names(la_code)
    la_name = (
        Neighbourhood.objects.filter(la_code=la_code).values_list("la_name", flat=True).first()
    )
    table = pd.DataFrame(
        [
            {
                "lsoa11cd": r["code"],
                "lsoa11nm": r["name"],
                "lad19cd": r["la_code"],
                "lad19nm": la_name or r["la_code"],
                "population": r["population"],
                "age_0_15": r["age_0_15"],
                "age_16_59": r["age_16_59"],
                "age_60_plus": r["age_60_plus"],
                "imd_score": r["imd_score"],
                "imd_rank": r["imd_rank"],
                "imd_decile": r["imd_decile"],
                **{f"{d}_decile": (r["domain_deciles"] or {}).get(d) for d in DOMAINS},
                "pwc_lat": r["latitude"],
                "pwc_lon": r["longitude"],
            }
            for r in rows
        ],
        columns=[
            "lsoa11cd",
            "lsoa11nm",
            "lad19cd",
            "lad19nm",
            "population",
            "age_0_15",
            "age_16_59",
            "age_60_plus",
            "imd_score",
            "imd_rank",
            "imd_decile",
            *(f"{d}_decile" for d in DOMAINS),
            "pwc_lat",
            "pwc_lon",
        ],  # fmt: skip
    ).set_index("lsoa11cd")
    shapes = gpd.GeoSeries(
        [shape(r["geometry"]) for r in rows], index=table.index, crs=WGS84, name="geometry"
    )
    area = Area(
        code=la_code,
        name=la_name or la_code,
        lsoas=table,
        shapes=shapes,
        shapes_source=SHAPES_SOURCE,
        la_codes=(la_code,),
    )
    assignment = pd.Series(
        [names.get(r["neighbourhood_id"]) for r in rows], index=table.index, name="neighbourhood"
    )
    return Place(
        la_code=la_code,
        la_name=area.name,
        area=area,
        assignment=assignment,
        neighbourhoods=names,
        token=token,
    )
