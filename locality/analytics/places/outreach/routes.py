"""Bus routes: the stops split into day routes from a depot, each in a sensible order.

Costs are minutes in a square matrix whose node 0 is the depot and nodes 1..k the stops (the
plan builds it from the distance model and the bus speed). A *route* is a closed path
``[0, a, b, ..., 0]``: out of the depot, round the stops, back.

Ordering one day's stops: nearest neighbour from the depot, then 2-opt (reverse a stretch of
the path while that shortens it) until no reversal helps. 2-opt starts from the nearest
neighbour path and only accepts improvements, so it is never longer. Asymmetric matrices (a
travel-time file) are handled: a reversal is costed with the stretch's edges read backwards.

Splitting the stops into days: the stops are ordered by their bearing from the depot (a
"sweep", Gillett and Miller 1974) and the circle is cut into consecutive arcs, one per day, so
each day works one side of the area. Of all the ways to cut it (every starting stop, every set
of cut points, each arc at most ``2 * ceil(k / days) + 1`` stops long) the one whose longest
day is shortest is kept, and of those the one with the least driving. With fewer stops than
days, each stop gets a day of its own and the rest of the days have none.

>>> import numpy as np
>>> line = np.abs(np.subtract.outer([0, 3, 1, 2], [0, 3, 1, 2])).astype(float)
>>> nearest_neighbour(line, [1, 2, 3])
[0, 2, 3, 1, 0]
>>> route_minutes(line, [0, 2, 3, 1, 0])
6.0
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def route_minutes(minutes: np.ndarray, path: Sequence[int]) -> float:
    path = list(path)
    return float(sum(minutes[a, b] for a, b in zip(path[:-1], path[1:], strict=True)))


def nearest_neighbour(minutes: np.ndarray, stops: Sequence[int], depot: int = 0) -> list[int]:
    """From the depot, always on to the nearest stop not yet visited; then back."""
    path = [depot]
    left = list(stops)
    while left:
        here = path[-1]
        nearest = min(left, key=lambda s: (minutes[here, s], s))
        path.append(nearest)
        left.remove(nearest)
    return path + [depot]


def two_opt(minutes: np.ndarray, path: Sequence[int], max_rounds: int = 1000) -> list[int]:
    """Improve a closed path by segment reversals (best first) until none shortens it."""
    path = list(path)
    n = len(path)
    for _ in range(max_rounds):
        forward = np.array([minutes[path[k], path[k + 1]] for k in range(n - 1)])
        backward = np.array([minutes[path[k + 1], path[k]] for k in range(n - 1)])
        inside = np.concatenate([[0.0], np.cumsum(backward - forward)])
        best, move = -1e-9, None
        for i in range(1, n - 2):
            a, b = path[i - 1], path[i]
            for j in range(i + 1, n - 1):
                c, d = path[j], path[j + 1]
                change = (
                    minutes[a, c]
                    + minutes[b, d]
                    - minutes[a, b]
                    - minutes[c, d]
                    + inside[j]
                    - inside[i]
                )
                if change < best:
                    best, move = change, (i, j)
        if move is None:
            return path
        i, j = move
        path[i : j + 1] = path[i : j + 1][::-1]
    return path


def order_route(minutes: np.ndarray, stops: Sequence[int]) -> list[int]:
    return two_opt(minutes, nearest_neighbour(minutes, stops))


def split_days(
    minutes: np.ndarray, bearings: Sequence[float], days: int, dwell: float
) -> list[list[int]]:
    """Closed paths, one per day (``[0, 0]`` for a day without stops); see the docstring."""
    k = len(bearings)
    if k == 0:
        return [[0, 0] for _ in range(days)]
    order = [1 + int(i) for i in np.argsort(np.asarray(bearings), kind="stable")]
    if k <= days:
        return [order_route(minutes, [s]) for s in order] + [[0, 0]] * (days - k)
    longest = min(k, 2 * math.ceil(k / days) + 1)
    arcs: dict[tuple[int, int], tuple[float, float, list[int]]] = {}

    def arc(start: int, length: int):
        key = (start % k, length)
        if key not in arcs:
            path = order_route(minutes, [order[(start + t) % k] for t in range(length)])
            drive = route_minutes(minutes, path)
            arcs[key] = (drive + dwell * length, drive, path)
        return arcs[key]

    best = None
    for rotation in range(k):
        # plan[g][i]: the best (longest day, total driving, lengths) for the first i stops
        # of this rotation in g days
        plan = [dict() for _ in range(days + 1)]
        plan[0][0] = (0.0, 0.0, ())
        for g in range(1, days + 1):
            for i, (worst, drive, lengths) in plan[g - 1].items():
                for length in range(1, min(longest, k - i) + 1):
                    duration, arc_drive, _ = arc(rotation + i, length)
                    candidate = (max(worst, duration), drive + arc_drive, lengths + (length,))
                    j = i + length
                    if j not in plan[g] or candidate[:2] < plan[g][j][:2]:
                        plan[g][j] = candidate
        if k in plan[days] and (best is None or plan[days][k][:2] < best[0][:2]):
            best = (plan[days][k], rotation)
    (_, _, lengths), rotation = best
    routes, i = [], rotation
    for length in lengths:
        routes.append(arc(i, length)[2])
        i += length
    return routes


@dataclass(frozen=True)
class Visit:
    day: str
    order: int  # 1, 2, ... within the day
    stop: int  # node index (1..k)
    arrive: float  # minutes after midnight
    depart: float


@dataclass(frozen=True)
class DayRoute:
    day: str
    path: tuple[int, ...]
    leave: float  # leaves the depot, minutes after midnight
    back: float  # back at the depot
    drive: float  # minutes driving


def timetable(
    minutes: np.ndarray, routes: Sequence[Sequence[int]], start: float, dwell: float
) -> tuple[list[DayRoute], list[Visit]]:
    """Arrival and departure times: leave the depot at ``start``, drive, wait ``dwell`` at
    each stop, drive on, and back to the depot."""
    if len(routes) > len(DAY_NAMES):
        raise ValueError(f"{len(routes)} days: a week has {len(DAY_NAMES)}")
    days, visits = [], []
    for day, path in zip(DAY_NAMES, routes, strict=False):
        clock = start
        for order, (a, b) in enumerate(zip(path[:-2], path[1:-1], strict=True), start=1):
            clock += float(minutes[a, b])
            visits.append(Visit(day, order, int(b), clock, clock + dwell))
            clock += dwell
        if len(path) > 2:
            clock += float(minutes[path[-2], path[-1]])
        days.append(DayRoute(day, tuple(path), start, clock, route_minutes(minutes, path)))
    return days, visits


def clock(minutes_after_midnight: float) -> str:
    """HH:MM, to the nearest minute."""
    total = int(round(minutes_after_midnight))
    return f"{total // 60:02d}:{total % 60:02d}"


def parse_clock(text: str) -> float:
    hours, _, mins = str(text).strip().partition(":")
    if not (hours.isdigit() and mins.isdigit() and len(mins) == 2):
        raise ValueError(f"{text!r} is not a time HH:MM")
    value = int(hours) * 60 + int(mins)
    if not (0 <= int(hours) < 24 and int(mins) < 60):
        raise ValueError(f"{text!r} is not a time of day HH:MM")
    return float(value)
