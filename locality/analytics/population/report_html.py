"""The HTML of ``summary.html``: the run, the definitions, and suppressed tables beside the plots.

Every value is escaped; counts arrive already suppressed (``None`` is shown as
``suppression.SYMBOL``). The page is self-contained apart from the PNGs in ``plots/``.
"""

from __future__ import annotations

import html

from locality.analytics.population.cohorts import OUTSIDE, TOTAL
from locality.analytics.population.report_plots import MIN_PLOTTED
from locality.analytics.population.segments import RULES_VERSION, SEGMENTS
from locality.analytics.population.suppression import (
    ROUND_TO,
    SUPPRESS_AT_OR_BELOW,
    SYMBOL,
    display,
    safe_count,
)

STYLE = """
body { font-family: Arial, sans-serif; margin: 2em auto; max-width: 70em; color: #0b0c0c; }
table { border-collapse: collapse; margin: 0 0 1.5em; }
th, td { border-bottom: 1px solid #b1b4b6; padding: 0.3em 0.8em; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
img { max-width: 100%; }
"""


def esc(value) -> str:
    return html.escape(str(value))


def table(caption: str, header: list[str], rows: list[list], numeric_from: int = 99) -> str:
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in header)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{esc(v)}</td>' if i >= numeric_from else f"<td>{esc(v)}</td>"
            for i, v in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><caption>{esc(caption)}</caption><tr>{head}</tr>{body}</table>"


def page(result, meta: dict, segment_cells: dict, segment_total, shown_areas: list[str]) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>Population stratification</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>Population stratification</h1>",
        run_table(result, meta),
        "<h2>Scores by area</h2>",
        scores_section(result, shown_areas),
        "<h2>Segments</h2>",
        segments_section(segment_cells, segment_total),
        "<h2>Cohorts</h2>",
        cohorts_section(result),
        "<h2>Definitions</h2>",
        definitions_section(result),
        "<h2>Disclosure control</h2>",
        f"<p>Every count on this page and in <code>cohorts.csv</code> of {SUPPRESS_AT_OR_BELOW} "
        f"or fewer is withheld (shown as {esc(SYMBOL)}), every other count is rounded to the "
        f"nearest {ROUND_TO}, and where a total would reveal a single withheld cell a second "
        "cell is withheld. <code>people.parquet</code> and <code>explanations.parquet</code> "
        "are pseudonymous person-level files: share them only as the governance rules allow.</p>",
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def run_table(result, meta: dict) -> str:
    rows = [
        ["input", meta["input"]],
        ["format", meta["format"]],
        ["engine", meta["engine"]],
        ["as of", result.as_of.isoformat()],
        ["people (rounded)", display(safe_count(result.people.num_rows))],
        ["areas", result.areas.kind],
    ]
    return table("The run", ["", "value"], rows)


def scores_section(result, shown_areas: list[str]) -> str:
    note = (
        f"The {len(shown_areas)} largest areas with at least {MIN_PLOTTED} people "
        f"({result.areas.kind}; {OUTSIDE!r}: no mapped LSOA); smaller areas are not drawn. "
        "n_ltc is the number of long-term conditions."
    )
    alt = "Box plots of each score by area: " + ", ".join(shown_areas)
    return f'<p>{esc(note)}</p><img src="plots/scores_by_area.png" alt="{esc(alt)}">'


def segments_section(cells: dict, total) -> str:
    labels = {s.id: s.label for s in SEGMENTS}
    rows = [[labels[s], s, display(n)] for s, n in cells.items()]
    rows.append(["Everyone", "", display(total)])
    alt = "Population pyramids, one per segment, by age band and sex"
    return (
        table(
            f"People per segment (Bridges to Health rules, version {RULES_VERSION})",
            ["segment", "id", "people"],
            rows,
            numeric_from=2,
        )  # fmt: skip
        + f'<img src="plots/segment_pyramid.png" alt="{esc(alt)}">'
    )


def cohorts_section(result) -> str:
    names = [c.name for c in result.cohorts]
    if not names:
        return "<p>No cohort definitions were given.</p>"
    areas = list(dict.fromkeys(r["area"] for r in result.counts))
    by = {(r["cohort"], r["area"]): r["count"] for r in result.counts}
    rows = [[a, *(display(by[(n, a)]) for n in names)] for a in areas]
    caption = f"Members per cohort and {result.areas.kind} ({TOTAL!r}: every area)"
    alt = "Bar chart of cohort sizes: " + ", ".join(f"{n} {display(by[(n, TOTAL)])}" for n in names)
    return (
        table(caption, [result.areas.kind, *names], rows, numeric_from=1)
        + f'<img src="plots/cohort_sizes.png" alt="{esc(alt)}">'
    )


def definitions_section(result) -> str:
    scores = [[d.name, d.title, d.version] for d in result.definitions]
    c = result.conditions
    scores.append([c.name, c.title, c.version])
    cohorts = [[k.name, k.version, k.description] for k in result.cohorts]
    unknown = "".join(f"<li><code>{esc(n)}</code>: {esc(why)}</li>" for n, why in c.unknown)
    return (
        table("Scores and long-term conditions", ["name", "title", "version"], scores)
        + table("Cohorts", ["name", "version", "description"], cohorts)
        + f"<p>Inputs of the segments that are unknown for everyone:</p><ul>{unknown}</ul>"
    )
