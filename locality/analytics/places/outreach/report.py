"""Write an outreach plan: tables (CSV, JSON), a timetable page, a report page, maps.

Files (all written at once into ``out``; see ``output.output_folder``):

``lsoas.csv``       every LSOA: population, IMD decile, weight, nearest hub and its distance,
                    outside the catchments or not, the stop that reaches it and the walk
``stops.csv``       the chosen stops in timetable order: day, order, arrive, depart, reach
``timetable.csv``   one row per call: day, order, stop, arrive, depart (and the depot legs)
``equity.csv``      residents by IMD decile: outside before, reached by the stops, still outside
``summary.json``    the options, the solver, value, bound and gap, the totals
``timetable.html``  the week's timetable, a page to print
``report.html``     the summary, the equity table, the timetable and the map
``map.png``         LSOAs by status, hub catchments, stops and day routes
``map.html``        the same on a Leaflet page (offline, no tiles)
"""

import json
from pathlib import Path

from locality.analytics.places.outreach.maps import map_html, map_png
from locality.analytics.places.outreach.pages import report_html, timetable_html
from locality.analytics.places.outreach.plan import Plan, equity
from locality.analytics.places.outreach.tables import (
    lsoa_rows,
    summary_of,
    timetable_rows,
    write_csv,
)


def write_outreach(plan: Plan, folder: Path) -> list[Path]:
    """Write every file of the plan into ``folder``; return their paths."""
    folder = Path(folder)
    lsoas = lsoa_rows(plan)
    paths = [
        write_csv(folder / "lsoas.csv", lsoas),
        write_csv(folder / "stops.csv", plan.stops.to_dict("records")),
        write_csv(folder / "timetable.csv", timetable_rows(plan)),
        write_csv(folder / "equity.csv", equity(plan.lsoas).to_dict("records")),
    ]
    summary = summary_of(plan)
    path = folder / "summary.json"
    path.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    paths.append(path)
    paths.append(map_png(plan, folder / "map.png"))
    paths.append(map_html(plan, folder / "map.html"))
    paths.append(timetable_html(plan, folder / "timetable.html"))
    paths.append(report_html(plan, summary, folder / "report.html"))
    return paths
