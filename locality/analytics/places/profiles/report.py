"""Write a profile to a folder: CSV tables, a page per neighbourhood, an index, maps.

Pages are plain, accessible HTML (``lang``, one ``h1``, ``h2`` per theme, tables with a caption
and ``th scope``, alt text on every image), readable offline; every value is escaped.
"""

import html
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from locality.analytics.places.indicators.aggregate import DECILE_COLUMNS
from locality.analytics.places.indicators.catalogue import THEMES
from locality.analytics.places.profiles.maps import (
    profile_alt_texts,
    profile_leaflet,
    profile_maps,
)
from locality.analytics.places.profiles.table import (
    checked_assignment,
    deprivation_gap,
    local_quintiles,
    neighbourhood_profile,
    profile_deciles,
)

STYLE = """
body { font-family: Arial, sans-serif; margin: 2em auto; max-width: 72em; color: #0b0c0c;
       padding: 0 1em; line-height: 1.4; }
table { border-collapse: collapse; margin: 0 0 1.5em; }
caption { text-align: left; font-weight: bold; padding: 0.3em 0; }
th, td { border-bottom: 1px solid #b1b4b6; padding: 0.3em 0.7em; text-align: left;
         vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
img { max-width: 100%; height: auto; }
a { color: #1d70b8; } a:focus { outline: 3px solid #fd0; }
li { margin: 0.4em 0; } li a { display: inline-block; min-height: 24px; padding: 0.15em 0; }
"""
THEME_NAMES = {
    "adults": "Adults",
    "children": "Children and young people",
    "crime": "Crime and anti-social behaviour",
    "economy": "Economy, income and housing",
    "health": "Health",
    "population": "Population and deprivation",
}
VERDICT_NOTE = (
    "Differences are tested only for rates with a confidence-interval method (their 95% "
    "interval against the comparator's value); the bundled population and deprivation figures "
    "are whole-population estimates and national classifications, shown as they are "
    "(\u201cnot tested\u201d)."
)


def esc(value) -> str:
    return html.escape(str(value))


def fmt(value, unit: str = "") -> str:
    """A value for a person to read (``no value`` when missing)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "no value"
    value = float(value)
    if unit == "%":
        return f"{value:.1f}%"
    if unit in ("people", "rank", "residents"):
        return f"{value:,.0f}"
    if unit in ("score", "points"):
        return f"{value:,.1f}"
    return f"{value:,.1f}" if abs(value) >= 10 else f"{value:,.2f}"


def slug(name: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "neighbourhood"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def page(title: str, body: str) -> str:
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{STYLE}</style></head>\n"
        f"<body><main>\n{body}\n</main></body></html>\n"
    )


def table(
    caption: str, header: list[str], rows: list[list], numeric_from: int = 1, text_after: int = 99
) -> str:
    """Rows whose first cell is a row header; cells from ``numeric_from`` up to (not including)
    ``text_after`` right-aligned."""
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in header)
    body = []
    for row in rows:
        cells = [f'<th scope="row">{esc(row[0])}</th>']
        for i, cell in enumerate(row[1:], start=1):
            cls = ' class="n"' if numeric_from <= i < text_after else ""
            cells.append(f"<td{cls}>{esc(cell)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f"<table><caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


@dataclass(frozen=True)
class Written:
    folder: Path
    pages: dict[str, Path]  # neighbourhood -> page
    maps: dict[str, Path]
    profile: pd.DataFrame
    gap: pd.DataFrame


def write_profile(area, assignment: pd.Series, folder: Path, store, *, note: str) -> Written:
    """Every file of ``locality places profile`` into ``folder`` (which exists)."""
    folder = Path(folder)
    assignment = checked_assignment(area, assignment)
    profile = neighbourhood_profile(area, assignment, store)
    deciles = profile_deciles(area, assignment, store)
    gap = deprivation_gap(area, store)
    quintiles = local_quintiles(area, store)
    profile.to_csv(folder / "profile.csv", index=False)
    deciles.to_csv(folder / "deciles.csv", index=False)
    gap.to_csv(folder / "gap.csv", index=False)
    lsoas = pd.DataFrame(
        {
            "lsoa11cd": area.codes,
            "lsoa11nm": area.lsoas.get("lsoa11nm", pd.Series("", index=area.codes)).to_numpy(),
            "neighbourhood": assignment.reindex(area.codes).to_numpy(),
            "population": area.lsoas.population.to_numpy(),
            "local_imd_quintile": quintiles.reindex(area.codes).to_numpy(),
        }
    )
    lsoas.to_csv(folder / "neighbourhoods.csv", index=False)
    catalogue = pd.DataFrame(
        [
            {
                "id": i.id,
                "title": i.title,
                "theme": i.theme,
                "kind": i.kind,
                "unit": i.unit,
                "polarity": i.polarity,
                "aggregation": i.aggregation,
                "ci": i.ci or "",
                "headline": i.headline,
                "period": i.period,
                "source": i.source,
                "licence": i.licence,
            }  # fmt: skip
            for i in store.indicators.values()
        ]
    )
    catalogue.to_csv(folder / "indicators.csv", index=False)
    images = profile_maps(area, assignment, folder / "maps", store)
    alts = profile_alt_texts(area, assignment, store)
    profile_leaflet(area, assignment, folder / "map.html", store)
    names = sorted(assignment.unique())
    taken: set[str] = {"index"}
    pages = {name: folder / f"{slug(name, taken)}.html" for name in names}
    for name in names:
        body = _neighbourhood_body(area, name, profile, deciles, store, images, alts)
        pages[name].write_text(page(f"{name}: neighbourhood profile", body), encoding="utf-8")
    index = _index_body(area, assignment, profile, gap, store, images, alts, pages, note)
    (folder / "index.html").write_text(page(f"{area.name}: neighbourhood profiles", index))
    return Written(folder, pages, images, profile, gap)


def _rank(profile, row) -> str:
    if pd.isna(row.rank_in_la):
        return ""
    same = profile[(profile.indicator == row.indicator) & (profile.rank_in_la == row.rank_in_la)]
    return f"={int(row.rank_in_la)}" if len(same) > 1 else str(int(row.rank_in_la))


def _neighbourhood_body(area, name, profile, deciles, store, images, alts) -> str:
    mine = profile[profile.neighbourhood == name]
    residents = mine.set_index("indicator").value.get("residents", float("nan"))
    lsoas = int(mine.lsoas.iloc[0]) if len(mine) else 0
    parts = [
        f"<h1>{esc(name)}</h1>",
        f"<p>A neighbourhood of {esc(area.name)} ({esc(area.code)}): "
        f"{esc(fmt(residents, 'people'))} residents in {lsoas} LSOAs, compared with "
        f"{esc(area.name)} and England. "
        '<a href="index.html">All neighbourhoods</a>.</p>',
        f"<p>{esc(VERDICT_NOTE)}</p>",
        '<nav aria-label="Themes"><ul>'
        + "".join(
            f'<li><a href="#{theme}">{esc(THEME_NAMES[theme])}</a></li>'
            for theme in THEMES
            if not mine[mine.theme == theme].empty
        )
        + "</ul></nav>",
    ]
    n = int(mine.of_neighbourhoods.iloc[0]) if len(mine) else 0
    for theme in THEMES:
        rows = mine[mine.theme == theme]
        theme_deciles = deciles[
            deciles.indicator.isin([i.id for i in store.of_theme(theme) if i.kind == "decile"])
        ]
        if rows.empty and theme_deciles.empty:
            continue
        parts.append(f'<h2 id="{theme}">{esc(THEME_NAMES[theme])}</h2>')
        tested = bool((rows.vs_la != "not tested").any() or (rows.vs_england != "not tested").any())
        header = ["Indicator", name, area.name, "England"]
        if tested:
            header += [f"Compared with {area.name}", "Compared with England"]
        header += [f"Rank of {n} (1 = the worst or highest; = a tie)", "Period"]
        cells = []
        for row in rows.itertuples():
            cell = [row.title, _with_ci(row), fmt(row.la_value, row.unit)]
            cell.append(fmt(row.england_value, row.unit))
            if tested:
                cell += [row.vs_la, row.vs_england]
            cells.append([*cell, _rank(profile, row), row.period])
        caption = f"{THEME_NAMES[theme]}: {name} compared with {area.name} and England"
        parts.append(table(caption, header, cells, text_after=len(header) - 1))
        for indicator_id in theme_deciles.indicator.unique():
            indicator = store.indicators[indicator_id]
            shown = theme_deciles[
                (theme_deciles.indicator == indicator_id)
                & (((theme_deciles.level == "neighbourhood") & (theme_deciles.area == name))
                   | (theme_deciles.level != "neighbourhood"))
            ]  # fmt: skip
            parts.append(
                table(
                    f"{indicator.title}: % of {indicator.weight.replace('_', ' ')} in each "
                    "national decile",
                    ["Area", *(f"Decile {d}" for d in range(1, 11))],
                    [
                        [row.area, *(fmt(getattr(row, c), "%") for c in DECILE_COLUMNS)]
                        for row in shown.itertuples()
                    ],
                )
            )
        if theme in images:
            parts.append(
                f'<figure><img src="maps/{esc(images[theme].name)}" alt="{esc(alts[theme])}">'
                f"<figcaption>{esc(store.headline(theme).title)} by LSOA across "
                f"{esc(area.name)}; neighbourhoods outlined.</figcaption></figure>"
            )
    return "\n".join(parts)


def _with_ci(row) -> str:
    text = fmt(row.value, row.unit)
    if not (pd.isna(row.ci_low) or pd.isna(row.ci_high)):
        text += f" ({fmt(row.ci_low, row.unit)} to {fmt(row.ci_high, row.unit)})"
    if row.covered < row.lsoas:
        text += f" [data for {row.covered} of {row.lsoas} LSOAs]"
    return text


def _index_body(area, assignment, profile, gap, store, images, alts, pages, note) -> str:
    by = profile.set_index(["neighbourhood", "indicator"])
    key = ["residents", "imd_score", "imd_most_deprived_20", "aged_0_15", "aged_60_plus"]
    key = [k for k in key if k in store.indicators]
    first = profile.neighbourhood.iloc[0]
    rows = [
        [name, *(fmt(by.at[(name, k), "value"], store.indicators[k].unit) for k in key)]
        for name in pages
    ]
    for label, column in (
        (f"{area.name} (local authority)", "la_value"),
        ("England", "england_value"),
    ):
        rows.append(
            [label, *(fmt(by.at[(first, k), column], store.indicators[k].unit) for k in key)]
        )
    left_out = int(assignment.reindex(area.codes).isna().sum())
    q = gap.iloc[0] if len(gap) else None
    parts = [
        f"<h1>{esc(area.name)}: neighbourhood profiles</h1>",
        f"<p>{esc(note)}</p>",
        f"<p>{len(area.codes)} LSOAs (2011), {esc(fmt(area.population, 'people'))} residents "
        f"(mid-2015). Shapes: {esc(area.shapes_source)}.</p>",
    ]
    if left_out:
        parts.append(
            f"<p>{left_out} LSOAs of {esc(area.name)} are in no neighbourhood; they count in "
            f"{esc(area.name)}'s figures but in no neighbourhood's.</p>"
        )
    parts += [
        "<h2>Neighbourhoods</h2>",
        "<ul>"
        + "".join(f'<li><a href="{esc(p.name)}">{esc(n)}</a></li>' for n, p in pages.items())
        + "</ul>",
        table(
            "Key figures by neighbourhood, the local authority and England",
            ["Area", *(store.indicators[k].title for k in key)],
            rows,
        ),
        "<h2>The gap between the most and least deprived</h2>",
        f"<p>{esc(area.name)}'s LSOAs are put in order of IMD 2019 score and cut into five "
        "groups of equal numbers of LSOAs (local quintiles). Q1 is the most deprived fifth"
        + (
            f" ({int(q.q1_lsoas)} LSOAs, {fmt(q.q1_residents, 'people')} residents), Q5 the "
            f"least deprived ({int(q.q5_lsoas)} LSOAs, {fmt(q.q5_residents, 'people')} "
            "residents)"
            if q is not None
            else ""
        )
        + "; each indicator is worked out for each group as for a neighbourhood. The gap is "
        "Q1 minus Q5.</p>",
        table(
            f"{area.name}: most deprived fifth (Q1) against least deprived fifth (Q5)",
            [
                "Indicator",
                "Q1 (most deprived)",
                "Q5 (least deprived)",
                "Gap (Q1 - Q5)",
                "Ratio (Q1 / Q5)",
            ],  # fmt: skip
            [
                [
                    row.title,
                    fmt(row.most_deprived_q1, row.unit),
                    fmt(row.least_deprived_q5, row.unit),
                    fmt(row.gap_q1_minus_q5, "points" if row.unit == "%" else row.unit)
                    + (" points" if row.unit == "%" else ""),
                    "no value" if pd.isna(row.ratio_q1_over_q5) else f"{row.ratio_q1_over_q5:.2f}",
                ]
                for row in gap.itertuples()
            ],
        ),
        "<h2>Maps</h2>",
        '<p><a href="map.html">Interactive map</a> (Leaflet, works offline): each LSOA with its '
        "neighbourhood and headline indicators.</p>",
    ]
    for theme, path in images.items():
        caption = (
            "Neighbourhoods"
            if theme == "neighbourhoods"
            else f"{THEME_NAMES[theme]}: {store.headline(theme).title}"
        )
        parts.append(
            f'<figure><img src="maps/{esc(path.name)}" alt="{esc(alts[theme])}">'
            f"<figcaption>{esc(caption)}</figcaption></figure>"
        )
    parts += [
        "<h2>How the figures are worked out</h2>",
        "<p>Every figure is worked out from the LSOAs (2011) of the area by the same functions "
        "for a neighbourhood, the local authority and England: counts are summed; rates are "
        "recomputed from the summed numerators and denominators, never averaged; scores and "
        "ranks are means weighted by residents (working-age residents for the employment "
        "domain), as MHCLG publishes them for local authorities; deciles are shown as the "
        "share of residents in each national decile. " + esc(VERDICT_NOTE) + "</p>",
        table(
            "Indicators: source, period, licence and how they add up",
            ["Indicator", "Theme", "How it adds up", "Period", "Source", "Licence"],
            [
                [i.title, i.theme, i.aggregation, i.period, i.source, i.licence]
                for i in store.indicators.values()
            ],
            numeric_from=99,
        ),
        "<p>Files: profile.csv, deciles.csv, gap.csv, neighbourhoods.csv, indicators.csv.</p>",
    ]
    return "\n".join(parts)
