"""Shape the places figures for the pages: the neighbourhoods table, profiles, LSOA rows, maps.

Every figure comes from the analytics of ``locality.analytics.places``: the profile is
``profiles.neighbourhood_profile(area, assignment)`` on the place as loaded in the database
(counts summed, rates recomputed from summed numerators and denominators, scores weighted by
residents; the local authority and England worked out alike), and each LSOA's value on a map
is ``profiles.maps.lsoa_values`` of the same indicator store. This module only picks, orders
and formats them.
"""

from dataclasses import dataclass

from locality.places.place_data import Place

# The maps of a neighbourhood: (theme, indicator id), one per theme; the profile's headline
# indicator of each theme, but the IMD decile (not the score) for the population theme.
MAPPED = (
    ("population", "imd_decile"),
    ("adults", "aged_60_plus"),
    ("children", "aged_0_15"),
    ("economy", "income_decile"),
    ("health", "health_decile"),
    ("crime", "crime_decile"),
)
THEME_ORDER = ("population", "adults", "children", "economy", "health", "crime")
THEME_NAMES = {
    "population": "Population and deprivation",
    "adults": "Adults",
    "children": "Children and young people",
    "economy": "Economy",
    "health": "Health",
    "crime": "Crime",
}
HEADLINE = (  # (indicator id, label) for the summary at the top of a neighbourhood's page
    ("residents", "Residents (mid-2015)"),
    ("imd_most_deprived_20", "In the most deprived 20% of England (IMD 2019)"),
    ("aged_60_plus", "Aged 60 and over"),
    ("aged_0_15", "Aged 0 to 15"),
)
DECILE_COLOURS = (  # matplotlib's viridis at deciles 1..10, as in the PNG maps
    "#440154", "#482878", "#3e4989", "#31688e", "#26828e",
    "#1f9e89", "#35b779", "#6ece58", "#b5de2b", "#fde725",
)  # fmt: skip
OUTLINE_COLOUR = "#0b0c0c"
BOUNDARY_ATTRIBUTION = (
    "LSOA boundaries: Office for National Statistics, Open Government Licence v3.0; contains OS "
    "data © Crown copyright and database right 2025. IMD 2019: MHCLG"
)


def store(place: Place):
    """The bundled indicators with the place's own LSOA values (remembered per version)."""
    from locality.analytics.places.indicators.store import bundled_store

    return place.remembered("store", lambda: bundled_store(place.area))


def profile_table(place: Place):
    """``neighbourhood_profile`` of the place: one row per (neighbourhood, indicator)."""
    from locality.analytics.places.profiles import neighbourhood_profile

    return place.remembered(
        "profile", lambda: neighbourhood_profile(place.area, place.assignment, store(place))
    )


def _values(place: Place, name: str) -> dict:
    """Indicator id -> its profile row, for the neighbourhood called ``name``."""
    table = profile_table(place)
    return {row.indicator: row for row in table[table.neighbourhood == name].itertuples()}


@dataclass(frozen=True)
class NeighbourhoodRow:
    id: int
    name: str
    residents: str
    lsoas: int
    imd_20: str


def neighbourhood_rows(place: Place) -> list[NeighbourhoodRow]:
    """The neighbourhoods table: name, residents, LSOAs, share in national IMD deciles 1-2."""
    assigned = set(place.assignment.dropna())
    rows = []
    for id_, name in sorted(place.neighbourhoods.items(), key=lambda item: item[1]):
        if name not in assigned:
            rows.append(NeighbourhoodRow(id_, name, "0", 0, "no residents"))
            continue
        values = _values(place, name)
        residents, deprived = values["residents"], values["imd_most_deprived_20"]
        rows.append(
            NeighbourhoodRow(
                id_, name, fmt(residents), int(residents.lsoas), fmt(deprived)
            )  # fmt: skip
        )
    return rows


@dataclass(frozen=True)
class ProfileRow:
    label: str
    neighbourhood: str
    la: str
    england: str
    rank: str


@dataclass(frozen=True)
class Theme:
    name: str
    rows: list[ProfileRow]


def profile(place: Place, name: str) -> list[Theme]:
    """The neighbourhood's indicators by theme, next to its local authority and England."""
    themes: dict[str, list[ProfileRow]] = {theme: [] for theme in THEME_ORDER}
    for row in _values(place, name).values():
        themes.setdefault(row.theme, []).append(
            ProfileRow(
                label=row.title,
                neighbourhood=fmt(row),
                la=fmt(row, row.la_value),
                england=fmt(row, row.england_value),
                rank=f"{row.rank_in_la} of {row.of_neighbourhoods}",
            )
        )
    return [Theme(THEME_NAMES.get(t, t.title()), rows) for t, rows in themes.items() if rows]


def headline(place: Place, name: str) -> list[dict]:
    values = _values(place, name)
    if not values:
        return [{"label": label, "value": "none"} for _, label in HEADLINE]
    found = [{"label": label, "value": fmt(values[id_])} for id_, label in HEADLINE]
    found.insert(1, {"label": "LSOAs", "value": str(int(values["residents"].lsoas))})
    return found


def mapped_indicators(place: Place) -> list:
    indicators = store(place).indicators
    return [indicators[id_] for _, id_ in MAPPED]


def lsoa_values(place: Place, name: str):
    """The neighbourhood's LSOAs (rows, in code order) by mapped indicator id (columns)."""
    import pandas as pd

    from locality.analytics.places.profiles.maps import lsoa_values as values_of

    def work():
        codes = sorted(place.assignment.index[place.assignment == name])
        found = store(place)
        return pd.DataFrame(
            {i.id: values_of(found, i, codes) for i in mapped_indicators(place)}, index=codes
        )

    return place.remembered(("lsoa values", name), work)


def lsoa_table(place: Place, name: str) -> dict:
    """The table beside the maps: each LSOA's value of every mapped indicator."""
    table = lsoa_values(place, name)
    indicators = mapped_indicators(place)
    names = place.area.lsoas.lsoa11nm
    return {
        "columns": [_column_title(i) for i in indicators],
        "rows": [
            {
                "lsoa": f"{code} {names[code]}",
                "cells": [fmt_value(i, table.at[code, i.id]) for i in indicators],
            }
            for code in table.index
        ],
    }


def maps(place: Place, name: str) -> list[dict]:
    """Each mapped indicator: its URL kind, title and an alt text with the range it shows."""
    table = lsoa_values(place, name)
    names = place.area.lsoas.lsoa11nm
    found = []
    for theme, indicator in zip((t for t, _ in MAPPED), mapped_indicators(place), strict=True):
        values = table[indicator.id].dropna()
        where = (
            f"Map of the {len(table)} LSOAs of {name}, {place.la_name}, with the neighbourhood "
            f"outlined in black, each shaded by {_lower(indicator.title)}"
        )
        if values.empty:
            alt = f"{where}: no values."
        else:
            low, high = values.idxmin(), values.idxmax()
            alt = (
                f"{where}, {_scale(indicator)}. Values run from "
                f"{fmt_value(indicator, values[low])} ({names[low]}) to "
                f"{fmt_value(indicator, values[high])} ({names[high]})."
            )
            if indicator.kind == "decile":
                deprived = int((values <= 2).sum())
                alt += f" {deprived} of the {len(table)} LSOAs are in deciles 1 or 2."
        found.append(
            {
                "kind": indicator.id,
                "theme": THEME_NAMES[theme],
                "title": indicator.title,
                "alt": alt + " The table of LSOAs below gives each LSOA's value.",
            }
        )
    return found


def map_style(indicator) -> dict:
    """The colours of an indicator's map: as ``profiles.profile_maps`` draws them."""
    decile = indicator.kind == "decile"
    return {
        "legend": "national decile (1 = most deprived)" if decile else indicator.unit,
        "cmap": "viridis" if decile or indicator.polarity == "higher_is_better" else "viridis_r",
        "vmin": 1 if decile else None,
        "vmax": 10 if decile else None,
    }


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


@dataclass(frozen=True)
class GapRow:
    label: str
    most_deprived: str
    least_deprived: str
    gap: str


def gap_rows(place: Place) -> dict:
    """``profiles.deprivation_gap``: rates and scores in the authority's most and least
    deprived fifth of LSOAs (local IMD quintiles), and the gap between them."""
    from locality.analytics.places.profiles import deprivation_gap

    def work():
        if len(place.area.codes) < 5:
            return None
        table = deprivation_gap(place.area, store(place))
        table = table[table.indicator.map(lambda i: store(place).indicators[i].kind) != "rank"]
        first = table.iloc[0]
        rows = []
        for row in table.itertuples():
            kind = store(place).indicators[row.indicator].kind
            rows.append(
                GapRow(
                    row.title,
                    _fmt(kind, row.unit, row.most_deprived_q1),
                    _fmt(kind, row.unit, row.least_deprived_q5),
                    _gap(row.unit, row.gap_q1_minus_q5),
                )
            )
        return {
            "rows": rows,
            "q1_lsoas": int(first.q1_lsoas),
            "q5_lsoas": int(first.q5_lsoas),
            "q1_residents": f"{first.q1_residents:,}",
            "q5_residents": f"{first.q5_residents:,}",
        }

    return place.remembered("gap", work)


def _gap(unit: str, value) -> str:
    if value != value:
        return "no value"
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    magnitude = abs(value)
    return f"{sign}{magnitude:.1f} points" if unit == "%" else f"{sign}{magnitude:,.1f}"


def neighbourhoods_alt(place: Place) -> str:
    names = sorted(set(place.assignment.dropna()))
    unassigned = int(place.assignment.isna().sum())
    text = (
        f"Map of {place.la_name}'s {len(place.assignment)} LSOAs, each coloured by its "
        f"neighbourhood, with a black outline round each of the {len(names)} neighbourhoods: "
        f"{', '.join(names)}."
    )
    if unassigned:
        text += f" {unassigned} LSOAs are in no neighbourhood."
    return text + " The table above gives each neighbourhood's figures."


def fmt(row, value=None) -> str:
    """A profile row's value (or ``value`` of the same indicator) as the pages show it."""
    value = row.value if value is None else value
    return _fmt(row.kind, row.unit, value)


def fmt_value(indicator, value) -> str:
    if indicator.kind == "decile":
        return "no value" if value != value else f"{value:.0f}"
    return _fmt(indicator.kind, indicator.unit, value)


def _fmt(kind: str, unit: str, value) -> str:
    if value is None or value != value:  # NaN: no residents, or not covered
        return "no value"
    if kind in ("count", "rank"):
        return f"{value:,.0f}"
    if unit == "%":
        return f"{value:.1f}%"
    return f"{value:,.1f}"


def _column_title(indicator) -> str:
    if indicator.kind == "decile":
        return indicator.title.replace("National decile of ", "Decile: ").replace(
            " (1 = most deprived)", ""
        )
    return indicator.title


def _scale(indicator) -> str:
    if indicator.kind == "decile":
        return "from dark purple (decile 1, the most deprived 10% in England) to yellow (decile 10)"
    if map_style(indicator)["cmap"] == "viridis":
        return "from dark purple (lowest) to yellow (highest)"
    return "from yellow (lowest) to dark purple (highest)"


def _lower(title: str) -> str:
    return title[0].lower() + title[1:] if title[:2] != title[:2].upper() else title
