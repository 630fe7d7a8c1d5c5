"""Which events make a condition of a score fire: one Ibis expression per score definition.

The result of :func:`hits` has a row per event that counts towards a condition: ``person_id,
condition, code_system, code, date``. An event counts when it is before ``as_of`` and inside the
condition's look-back window (``start <= date < as_of``).
"""

from __future__ import annotations

import datetime

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from locality.analytics.population.definitions import Condition, ScoreDefinition

HIT_COLUMNS = ("person_id", "condition", "code_system", "code", "date")


def window_start(d: ScoreDefinition, c: Condition, as_of: datetime.date) -> datetime.date | None:
    lookback = c.lookback or d.lookback
    return lookback.start(as_of) if lookback else None


def codes_table(d: ScoreDefinition, as_of: datetime.date) -> ir.Table:
    """The code list of a score as a table: condition, code_system, code, length, start."""
    rows = [
        (c.id, system, code, len(code), window_start(d, c, as_of))
        for c in d.conditions
        if c.rule == "codes"
        for system, code in c.codes
    ]
    names = ["condition", "code_system", "code", "length", "start"]
    columns = [list(column) for column in zip(*rows, strict=True)] or [[]] * 5
    types = [pa.string(), pa.string(), pa.string(), pa.int64(), pa.date32()]
    arrays = [pa.array(column, type=t) for column, t in zip(columns, types, strict=True)]
    return ibis.memtable(pa.Table.from_arrays(arrays, names=names))


def before(events: ir.Table, as_of: datetime.date, start: datetime.date | None) -> ir.Table:
    events = events.filter(events.date < ibis.literal(as_of, type="date"))
    return events.filter(events.date >= ibis.literal(start, type="date")) if start else events


def code_hits(d: ScoreDefinition, events: ir.Table, as_of: datetime.date) -> ir.Table | None:
    if not any(c.rule == "codes" for c in d.conditions):
        return None
    codes = codes_table(d, as_of)
    ev = before(events, as_of, None)
    ev = ev.filter(ev.code.notnull() & ev.code_system.isin(d.code_systems))
    if d.event_kinds:
        ev = ev.filter(ev.kind.isin(d.event_kinds))
    ev = ev.select("person_id", "code_system", "code", "date")
    if d.match == "exact":
        ev = ev.mutate(key=ev.code, key_length=ev.code.length().cast("int64"))
    else:  # one copy of the events per length of listed code, keyed by that prefix
        lengths = sorted({len(code) for c in d.conditions for _, code in c.codes})
        ev = ibis.union(
            *(
                ev.mutate(key=ev.code.substr(0, n), key_length=ibis.literal(n, "int64"))
                for n in lengths
            )
        )
    joined = ev.join(
        codes,
        [ev.code_system == codes.code_system, ev.key == codes.code, ev.key_length == codes.length],
    )
    joined = joined.filter(joined.start.isnull() | (joined.date >= joined.start))
    return joined.select(
        "person_id", "condition", code_system=ev.code_system, code=ev.code, date=ev.date
    )


def distinct_code_hits(
    d: ScoreDefinition, c: Condition, events: ir.Table, as_of: datetime.date
) -> ir.Table:
    """Events of a person with at least ``c.at_least`` distinct codes in the window."""
    ev = before(events, as_of, window_start(d, c, as_of))
    ev = ev.filter(ev.code.notnull() & ev.code_system.notnull())
    if c.event_kinds:
        ev = ev.filter(ev.kind.isin(c.event_kinds))
    distinct = ev.select("person_id", "code_system", "code").distinct()
    counts = distinct.group_by("person_id").aggregate(n=distinct.count())
    enough = counts.filter(counts.n >= c.at_least).select("person_id")
    fired = ev.semi_join(enough, "person_id")
    return fired.select(
        "person_id",
        condition=ibis.literal(c.id, "string"),
        code_system=fired.code_system,
        code=fired.code,
        date=fired.date,
    )


def hits(d: ScoreDefinition, events: ir.Table, as_of: datetime.date) -> ir.Table:
    parts = [code_hits(d, events, as_of)]
    parts += [distinct_code_hits(d, c, events, as_of) for c in d.conditions if c.rule != "codes"]
    parts = [p.select(*HIT_COLUMNS) for p in parts if p is not None]
    return parts[0] if len(parts) == 1 else ibis.union(*parts)


def fired_and_counted(d: ScoreDefinition, hit: ir.Table) -> tuple[ir.Table, ir.Table]:
    """(person_id, condition) pairs that fired, and those that count after the hierarchy."""
    fired = hit.select("person_id", "condition").distinct()
    dropped = [
        fired.filter(fired.condition == drop).semi_join(
            fired.filter(fired.condition == present).select("person_id"), "person_id"
        )
        for present, drop in d.hierarchy
    ]
    if not dropped:
        return fired, fired
    dropped = dropped[0] if len(dropped) == 1 else ibis.union(*dropped)
    return fired, fired.anti_join(dropped, ["person_id", "condition"])


def conditions_table(d: ScoreDefinition) -> ir.Table:
    """condition, label and weight (integer units of 1/scale) of every condition of a score."""
    return ibis.memtable(
        pa.table(
            {
                "condition": pa.array([c.id for c in d.conditions], pa.string()),
                "label": pa.array([c.label for c in d.conditions], pa.string()),
                "units": pa.array([d.units(c) for c in d.conditions], pa.int64()),
            }
        )
    )
