"""The plan as tables: one row per LSOA, per call of the bus, and the summary."""

import csv
from pathlib import Path

from locality.analytics.places.outreach.plan import Plan
from locality.analytics.places.outreach.routes import clock


def status(plan: Plan):
    table = plan.lsoas
    return table.outside.map({False: "within reach of a hub", True: "outside, not reached"}).where(
        ~(table.stop != ""), "outside, reached by a stop"
    )


def lsoa_rows(plan: Plan) -> list[dict]:
    table = plan.lsoas.assign(status=status(plan))
    rows = []
    for code, row in table.iterrows():
        rows.append(
            {
                "lsoa11cd": code,
                "lsoa11nm": row.lsoa11nm,
                "population": int(row.population),
                "imd_decile": int(row.imd_decile),
                "weight": round(float(row.weight), 1),
                "nearest_hub": row.nearest_hub,
                f"hub_{plan.radius_unit}": round(float(row.hub_distance), 2),
                "outside": bool(row.outside),
                "stop": row.stop,
                "walk_km": "" if row.stop == "" else round(float(row.walk_km), 2),
                "status": row.status,
            }
        )
    return rows


def timetable_rows(plan: Plan) -> list[dict]:
    names = dict(zip(plan.stops.node, plan.stops.name, strict=True))
    ids = dict(zip(plan.stops.node, plan.stops.stop_id, strict=True))
    rows = []
    for day in plan.days:
        if len(day.path) <= 2:
            continue
        rows.append(_call(day.day, 0, f"{plan.depot} (depot)", plan.depot, "", day.leave))
        for visit in (v for v in plan.visits if v.day == day.day):
            rows.append(
                _call(
                    day.day,
                    visit.order,
                    names[visit.stop],
                    ids[visit.stop],
                    visit.arrive,
                    visit.depart,
                )
            )
        rows.append(
            _call(day.day, len(day.path) - 1, f"{plan.depot} (depot)", plan.depot, day.back, "")
        )
    return rows


def _call(day, order, stop, stop_id, arrive, depart) -> dict:
    return {
        "day": day,
        "order": order,
        "stop": stop,
        "stop_id": stop_id,
        "arrive": clock(arrive) if arrive != "" else "",
        "depart": clock(depart) if depart != "" else "",
    }


def summary_of(plan: Plan) -> dict:
    o = plan.options
    table = plan.lsoas
    outside = table[table.outside]
    reached = table[table.stop != ""]
    return {
        "local_authority": {"code": plan.area.code, "name": plan.area.name},
        "shapes": plan.area.shapes_source,
        "distance": plan.model.describe(),
        "radius": o.radius_km,
        "radius_unit": plan.radius_unit,
        "walk_km": o.walk_km,
        "weight": o.weight,
        "hubs": list(plan.hubs.name),
        "depot": plan.depot,
        "stops_asked": o.stops,
        "stops_chosen": len(plan.stops),
        "candidate_stops": len(plan.candidates),
        "solver": plan.cover.method,
        "weight_reached": round(plan.cover.value, 1),
        "bound": round(plan.cover.bound, 1),
        "gap": round(plan.cover.gap, 4),
        "greedy_weight_reached": round(plan.greedy.value, 1),
        "greedy_bound": round(plan.greedy.bound, 1),
        "residents": int(table.population.sum()),
        "residents_outside": int(outside.population.sum()),
        "residents_reached": int(reached.population.sum()),
        "weight_outside": round(float(outside.weight.sum()), 1),
        "days": o.days,
        "start": clock(o.start),
        "end": clock(o.end),
        "speed_kmh": o.speed_kmh,
        "dwell_min": o.dwell_min,
        "driving_minutes_per_week": round(sum(d.drive for d in plan.days), 1),
        "notes": plan.notes,
    }


def write_csv(path: Path, rows: list[dict]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        if rows:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    return path
