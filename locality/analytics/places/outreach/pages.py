"""The plan as pages: the report and the timetable to print."""

from html import escape
from pathlib import Path

from locality.analytics.places.outreach.plan import Plan, equity
from locality.analytics.places.outreach.routes import clock
from locality.analytics.places.outreach.tables import timetable_rows

STYLE = """<style>body{font-family:Arial,sans-serif;margin:1.5rem;max-width:60rem;color:#0b0c0c}
table{border-collapse:collapse;margin:1rem 0}th,td{border-bottom:1px solid #b1b4b6;
padding:.3rem .6rem;text-align:left}td.n,th.n{text-align:right}caption{font-weight:bold;
text-align:left}img{max-width:100%}</style>"""


def _table(caption: str, header: list[str], rows: list[list], numeric=()) -> str:
    head = "".join(
        f'<th scope="col"{" class=n" if i in numeric else ""}>{escape(h)}</th>'
        for i, h in enumerate(header)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{' class=n' if i in numeric else ''}>{escape(_fmt(v))}</td>"
            for i, v in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return (
        f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def _fmt(value) -> str:
    if isinstance(value, float):
        return "-" if value != value else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _timetable_tables(plan: Plan) -> str:
    rows = timetable_rows(plan)
    parts = []
    for day in plan.days:
        calls = [r for r in rows if r["day"] == day.day]
        if not calls:
            parts.append(f"<h3>{day.day}</h3><p>No bus this day.</p>")
            continue
        parts.append(
            f"<h3>{day.day}</h3>"
            + _table(
                f"{day.day}: {len(calls) - 2} stops, {day.drive:.0f} minutes driving",
                ["Stop", "Arrives", "Leaves"],
                [[r["stop"], r["arrive"], r["depart"]] for r in calls],
            )
        )
    return "".join(parts)


def timetable_html(plan: Plan, path: Path) -> Path:
    title = f"{plan.area.name} community bus: weekly timetable"
    page = (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}'
        f"</title>{STYLE}</head><body><h1>{escape(title)}</h1>"
        f"<p>The bus leaves {escape(plan.depot)} at {clock(plan.options.start)} and waits "
        f"{plan.options.dwell_min:g} minutes at each stop. Times are planned, at "
        f"{plan.options.speed_kmh:g} km/h on average.</p>"
        f"{_timetable_tables(plan)}</body></html>\n"
    )
    Path(path).write_text(page, encoding="utf-8")
    return Path(path)


def report_html(plan: Plan, summary: dict, path: Path) -> Path:
    o = plan.options
    title = f"{plan.area.name}: outreach to residents beyond the hubs"
    eq = equity(plan.lsoas)
    equity_table = _table(
        "Residents by IMD 2019 decile (1 = most deprived)",
        [
            "IMD decile",
            "Residents",
            "Outside the catchments",
            "Reached by the stops",
            "Still outside",
            "Share reached",
        ],
        [
            [
                str(r.imd_decile),
                int(r.residents),
                int(r.outside_before),
                int(r.reached_by_stops),
                int(r.still_outside),
                float(r.share_reached),
            ]
            for r in eq.itertuples()
        ],
        numeric=(1, 2, 3, 4, 5),
    )
    stops_table = _table(
        "Stops chosen",
        ["Stop", "Day", "Arrives", "LSOAs reached", "Residents reached", "Weight reached"],
        [
            [
                r.name,
                r.day,
                r.arrive,
                int(r.lsoas_reached),
                int(r.residents_reached),
                float(r.weight_reached),
            ]
            for r in plan.stops.itertuples()
        ],
        numeric=(3, 4, 5),
    )
    notes = "".join(f"<li>{escape(n)}</li>" for n in plan.notes)
    weight = (
        "need-weighted (residents x IMD score / England mean)"
        if o.weight == "need"
        else "residents"
    )
    page = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{escape(title)}</title>{STYLE}</head><body><h1>{escape(title)}</h1>
<p>{summary["residents_outside"]:,} of {summary["residents"]:,} residents live beyond
{o.radius_km:g} {plan.radius_unit} of every hub ({escape(summary["distance"])}). The
{summary["stops_chosen"]} stops below, each within {o.walk_km:g} km walk of the LSOAs it serves,
reach {summary["residents_reached"]:,} of them.</p>
<p>Stops were chosen from {summary["candidate_stops"]} candidates to reach the most
{weight} by {escape(plan.cover.method)}: {plan.cover.value:,.1f} reached, no choice of
{o.stops} stops could reach more than {plan.cover.bound:,.1f} (gap {plan.cover.gap:.2%});
greedy alone reached {plan.greedy.value:,.1f}. Shapes: {escape(plan.area.shapes_source)}.</p>
{f"<ul>{notes}</ul>" if notes else ""}
<img src="map.png" alt="Map of {escape(plan.area.name)}: LSOAs within reach of a hub in grey,
outside and reached by a stop in blue, outside and not reached in orange; hubs as squares,
stops as circles and each day's route as a coloured line.">
<p><a href="map.html">Interactive map</a> · <a href="timetable.html">Timetable to print</a></p>
{equity_table}{stops_table}<h2>Timetable</h2>{_timetable_tables(plan)}</body></html>
"""
    Path(path).write_text(page, encoding="utf-8")
    return Path(path)
