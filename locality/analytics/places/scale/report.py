"""Write the scale advice: ``scale.csv`` (one row per service, with the reasoning),
``neighbourhood_demand.csv`` (service x neighbourhood), ``scale.html`` (the table, the chart
and the basis) and ``scale.png`` (expected demand over the minimum viable caseload at each
scale, on a log axis: a marker right of the line reaches the minimum)."""

from html import escape
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from locality.analytics.places.maps import DPI  # noqa: E402
from locality.analytics.places.scale.advisor import Scales  # noqa: E402

MARKERS = {
    "neighbourhood_min_demand": ("o", "#1d70b8", "smallest neighbourhood"),
    "place_demand": ("s", "#00703c", "place"),
    "system_demand": ("^", "#d4351c", "system (ICB)"),
}


def write_scale(advice: pd.DataFrame, demand: pd.DataFrame, scales: Scales, folder: Path):
    folder = Path(folder)
    advice.to_csv(folder / "scale.csv", index=False)
    demand.to_csv(folder / "neighbourhood_demand.csv", index=False)
    chart(advice, scales, folder / "scale.png")
    page(advice, scales, folder / "scale.html")
    return [
        folder / n for n in ("scale.csv", "neighbourhood_demand.csv", "scale.png", "scale.html")
    ]


def chart(advice: pd.DataFrame, scales: Scales, path: Path) -> Path:
    height = 1.6 + 0.45 * len(advice)
    fig, ax = plt.subplots(figsize=(9, height), dpi=DPI)
    y = range(len(advice))[::-1]
    for column, (marker, colour, _) in MARKERS.items():
        ratio = advice[column] / advice.min_caseload
        ax.scatter(ratio, list(y), marker=marker, color=colour, s=45, zorder=3)
    ax.axvline(1.0, color="#0b0c0c", linewidth=1.2, linestyle="--")
    ax.set_xscale("log")
    ax.set_yticks(list(y))
    ax.set_yticklabels(
        [f"{s} -> {r}" for s, r in zip(advice.service, advice.recommended, strict=True)],
        fontsize=8,
    )
    ax.set_xlabel("expected demand / minimum viable caseload (log scale; 1 = just viable)")
    ax.grid(axis="x", which="both", color="#dddddd", linewidth=0.5)
    handles = [
        Line2D([], [], marker=m, color=c, linestyle="", label=label)
        for m, c, label in MARKERS.values()
    ] + [Line2D([], [], color="#0b0c0c", linestyle="--", label="minimum viable caseload")]
    ax.legend(handles=handles, fontsize=7, loc="lower right", framealpha=0.9)
    ax.set_title(f"{scales.place_name}: the scale each service needs", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, format="png")
    plt.close(fig)
    return Path(path)


STYLE = """<style>body{font-family:Arial,sans-serif;margin:1.5rem;max-width:70rem;color:#0b0c0c}
table{border-collapse:collapse;margin:1rem 0}th,td{border-bottom:1px solid #b1b4b6;
padding:.3rem .6rem;text-align:left;vertical-align:top}td.n{text-align:right}
caption{font-weight:bold;text-align:left}img{max-width:100%}</style>"""


def page(advice: pd.DataFrame, scales: Scales, path: Path) -> Path:
    title = f"{scales.place_name}: neighbourhood, place or system?"
    systems = "; ".join(
        f"{row['name']} ({row['all']:,.0f} residents; serves {row.la_share:.0%} of "
        f"{scales.place_name}'s)"
        for _, row in scales.systems.iterrows()
    )
    body = "".join(
        "<tr>"
        f"<td>{escape(r.service)}</td><td>{escape(r.population_group)}</td>"
        f"<td class=n>{r.prevalence:.4g}</td><td class=n>{r.min_caseload:,.0f}</td>"
        f"<td class=n>{r.neighbourhood_min_demand:,.1f}</td><td class=n>{r.place_demand:,.1f}"
        f"</td><td class=n>{r.system_demand:,.1f}</td><td><strong>{escape(r.recommended)}"
        f"</strong></td><td>{escape(r.reason)}</td></tr>"
        for r in advice.itertuples()
    )
    html = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{escape(title)}</title>{STYLE}</head><body><h1>{escape(title)}</h1>
<p>Expected demand is prevalence x residents in the service's age group; a scale is
recommended when every unit at that scale reaches the minimum viable caseload. Neighbourhoods:
{escape(scales.neighbourhood_source)}. Place: {escape(scales.place_name)}
({scales.place["all"]:,.0f} residents). System: {escape(systems)}. Populations: ONS mid-2019
LSOA estimates (bundled). Keep prevalence and caseload on one basis (people at once, or new
people a year).</p>
<img src="scale.png" alt="Chart: for each service, expected demand over the minimum viable
caseload in the smallest neighbourhood, the place and the system, on a log scale; markers right
of the dashed line reach the minimum.">
<table><caption>Recommended scale by service</caption><thead><tr><th scope="col">Service</th>
<th scope="col">Age group</th><th scope="col">Prevalence</th><th scope="col">Minimum viable
caseload</th><th scope="col">Smallest neighbourhood expects</th><th scope="col">Place
expects</th><th scope="col">System expects</th><th scope="col">Scale</th>
<th scope="col">Why</th></tr></thead><tbody>{body}</tbody></table></body></html>
"""
    Path(path).write_text(html, encoding="utf-8")
    return Path(path)
