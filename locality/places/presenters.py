"""Shape the places figures for the pages: the neighbourhoods table, profiles, LSOA rows, maps.

The figures re-aggregate LSOA values properly: counts are summed and every share is worked out
again from its numerator and denominator (residents), never averaged across LSOAs. "In the most
deprived 20%" means living in an LSOA in national decile 1 or 2 of the index or domain (IMD 2019).
England's figures come from the bundled all-England LSOA table.
"""

from dataclasses import dataclass
from functools import lru_cache

from locality.places.place_data import DOMAINS, Place

MOST_DEPRIVED_DECILES = 2
DOMAIN_NAMES = {
    "income": "Income",
    "employment": "Employment",
    "education": "Education, skills and training",
    "health": "Health deprivation and disability",
    "crime": "Crime",
    "housing_barriers": "Barriers to housing and services",
    "living_environment": "Living environment",
}
# Theme, indicator key, label, format. Keys are worked out by `figures`.
INDICATORS = (
    ("Population", "residents", "Residents (mid-2015)", "count"),
    ("Population", "lsoas", "LSOAs", "count"),
    ("Population", "share_0_15", "Children aged 0 to 15", "share"),
    ("Population", "share_16_59", "Adults aged 16 to 59", "share"),
    ("Population", "share_60_plus", "People aged 60 and over", "share"),
    ("Deprivation", "imd_20", "In the most deprived 20% nationally (IMD 2019)", "share"),
    ("Deprivation", "imd_score", "Average IMD 2019 score (higher is more deprived)", "score"),
    ("Economy", "income_20", "Most deprived 20% for income", "share"),
    ("Economy", "employment_20", "Most deprived 20% for employment", "share"),
    ("Children and adults", "education_20", "Most deprived 20% for education and skills", "share"),
    ("Health", "health_20", "Most deprived 20% for health and disability", "share"),
    ("Crime", "crime_20", "Most deprived 20% for crime", "share"),
    ("Housing and environment", "housing_barriers_20",
     "Most deprived 20% for barriers to housing and services", "share"),
    ("Housing and environment", "living_environment_20",
     "Most deprived 20% for living environment", "share"),
)  # fmt: skip
DECILE_COLOURS = (  # matplotlib's viridis at deciles 1..10, as in the PNG maps
    "#440154", "#482878", "#3e4989", "#31688e", "#26828e",
    "#1f9e89", "#35b779", "#6ece58", "#b5de2b", "#fde725",
)  # fmt: skip
OUTLINE_COLOUR = "#0b0c0c"
BOUNDARY_ATTRIBUTION = (
    "LSOA boundaries: Office for National Statistics, Open Government Licence v3.0; contains OS "
    "data © Crown copyright and database right 2025. IMD 2019: MHCLG"
)


def figures(table) -> dict[str, float]:
    """The indicators of a set of LSOAs (rows of the England table's columns)."""
    residents = float(table.population.sum())
    out = {"residents": residents, "lsoas": float(len(table))}

    def share(numerator) -> float:
        return float(numerator) / residents if residents else float("nan")

    for band in ("0_15", "16_59", "60_plus"):
        out[f"share_{band}"] = share(table[f"age_{band}"].sum())
    out["imd_score"] = share((table.imd_score * table.population).sum())
    out["imd_20"] = share(table.population[table.imd_decile <= MOST_DEPRIVED_DECILES].sum())
    for domain in DOMAINS:
        deciles = table[f"{domain}_decile"]
        out[f"{domain}_20"] = share(table.population[deciles <= MOST_DEPRIVED_DECILES].sum())
    return out


@lru_cache(maxsize=1)
def england_figures() -> dict[str, float]:
    from locality.analytics.places.geography import england_lsoas

    return figures(england_lsoas())


def neighbourhood_figures(place: Place) -> dict[str, dict[str, float]]:
    """Neighbourhood name -> its indicators, for every neighbourhood with LSOAs."""
    table = place.area.lsoas
    return {
        name: figures(table[place.assignment == name])
        for name in sorted(set(place.assignment.dropna()))
    }


@dataclass(frozen=True)
class NeighbourhoodRow:
    id: int
    name: str
    residents: str
    lsoas: int
    imd_20: str


def neighbourhood_rows(place: Place) -> list[NeighbourhoodRow]:
    """The neighbourhoods table: name, residents, LSOAs, share in national IMD deciles 1-2."""
    by_name = neighbourhood_figures(place)
    rows = []
    for id_, name in sorted(place.neighbourhoods.items(), key=lambda item: item[1]):
        f = by_name.get(name) or figures(place.area.lsoas.iloc[0:0])
        rows.append(
            NeighbourhoodRow(
                id_, name, fmt(f["residents"], "count"), int(f["lsoas"]), fmt(f["imd_20"], "share")
            )
        )
    return rows


@dataclass(frozen=True)
class ProfileRow:
    label: str
    neighbourhood: str
    la: str
    england: str


@dataclass(frozen=True)
class Theme:
    name: str
    rows: list[ProfileRow]


def profile(place: Place, name: str) -> list[Theme]:
    """The neighbourhood's indicators by theme, next to its local authority and England."""
    table = place.area.lsoas
    mine = figures(table[place.assignment == name])
    la = figures(table)
    england = england_figures()
    themes: dict[str, list[ProfileRow]] = {}
    for theme, key, label, kind in INDICATORS:
        themes.setdefault(theme, []).append(
            ProfileRow(label, fmt(mine[key], kind), fmt(la[key], kind), fmt(england[key], kind))
        )
    return [Theme(theme, rows) for theme, rows in themes.items()]


def headline(place: Place, name: str) -> dict[str, str]:
    f = figures(place.area.lsoas[place.assignment == name])
    return {
        "residents": fmt(f["residents"], "count"),
        "lsoas": fmt(f["lsoas"], "count"),
        "imd_20": fmt(f["imd_20"], "share"),
        "share_60_plus": fmt(f["share_60_plus"], "share"),
        "share_0_15": fmt(f["share_0_15"], "share"),
    }


@dataclass(frozen=True)
class LsoaRow:
    code: str
    name: str
    residents: str
    imd_decile: int
    share_0_15: str
    share_60_plus: str


def lsoa_rows(place: Place, name: str) -> list[LsoaRow]:
    table = place.area.lsoas[place.assignment == name]
    return [
        LsoaRow(
            code,
            row.lsoa11nm,
            fmt(row.population, "count"),
            int(row.imd_decile),
            fmt(row.age_0_15 / row.population if row.population else float("nan"), "share"),
            fmt(row.age_60_plus / row.population if row.population else float("nan"), "share"),
        )  # fmt: skip
        for code, row in table.iterrows()
    ]


def leaflet_data(place: Place, name: str, *, tiles: str, attribution: str) -> dict:
    """The neighbourhood's LSOAs shaded by IMD decile and its outline, for the Leaflet map."""
    from shapely import union_all
    from shapely.geometry import mapping

    codes = place.assignment.index[place.assignment == name]
    table, shapes = place.area.lsoas.loc[codes], place.area.shapes.loc[codes]
    features = [
        {
            "type": "Feature",
            "geometry": mapping(shapes[code]),
            "properties": {
                "kind": "lsoa",
                "code": code,
                "name": table.at[code, "lsoa11nm"],
                "decile": int(table.at[code, "imd_decile"]),
                "fill": DECILE_COLOURS[int(table.at[code, "imd_decile"]) - 1],
            },
        }
        for code in codes
    ]
    if len(codes):
        features.append(
            {
                "type": "Feature",
                "geometry": mapping(union_all(list(shapes))),
                "properties": {"kind": "neighbourhood", "name": name},
            }
        )
    return {
        "geojson": {"type": "FeatureCollection", "features": features},
        "outline": OUTLINE_COLOUR,
        "tiles": tiles,
        "attribution": attribution,
        "boundaries": BOUNDARY_ATTRIBUTION,
    }


def decile_legend() -> list[dict]:
    labels = {1: "1 (most deprived 10%)", 10: "10 (least deprived 10%)"}
    return [
        {"decile": d, "colour": DECILE_COLOURS[d - 1], "label": labels.get(d, str(d))}
        for d in range(1, 11)
    ]


def fmt(value: float, kind: str) -> str:
    if value != value:  # NaN: no residents
        return "no residents"
    if kind == "count":
        return f"{value:,.0f}"
    if kind == "share":
        return f"{value:.1%}"
    return f"{value:.1f}"


def neighbourhoods_alt(place: Place) -> str:
    names = [n for n in sorted(set(place.assignment.dropna()))]
    unassigned = int(place.assignment.isna().sum())
    text = (
        f"Map of {place.la_name}'s {len(place.assignment)} LSOAs, each coloured by its "
        f"neighbourhood, with a black outline round each of the {len(names)} neighbourhoods: "
        f"{', '.join(names)}."
    )
    if unassigned:
        text += f" {unassigned} LSOAs are in no neighbourhood."
    return text + " The table above gives each neighbourhood's figures."


def map_alt(place: Place, name: str, kind: str) -> str:
    """Alt text for a neighbourhood map: what it shows and the range of what it shows."""
    table = place.area.lsoas[place.assignment == name]
    where = f"Map of the {len(table)} LSOAs of {name}, {place.la_name}, with its outline in black"
    if kind == "imd":
        deprived = int((table.imd_decile <= MOST_DEPRIVED_DECILES).sum())
        return (
            f"{where}, each shaded by its national IMD 2019 decile from dark purple (decile 1, "
            "the most deprived 10% in England) to yellow (decile 10, the least deprived). "
            f"Deciles here run from {table.imd_decile.min()} to {table.imd_decile.max()}; "
            f"{deprived} of the {len(table)} LSOAs are in deciles 1 or 2. The table of LSOAs "
            "gives each one's decile."
        )
    column, label = {
        "older": ("age_60_plus", "aged 60 and over"),
        "children": ("age_0_15", "aged 0 to 15"),
    }[kind]
    shares = table[column] / table.population.where(table.population > 0)
    return (
        f"{where}, each shaded by the share of its residents {label}, from yellow (lowest) to "
        f"dark purple (highest): from {fmt(shares.min(), 'share')} to "
        f"{fmt(shares.max(), 'share')}. The table of LSOAs gives each one's share."
    )
