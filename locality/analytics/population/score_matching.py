"""Which events make a condition of a score fire, and which fired conditions count.

The result of :func:`hits` has a row per event that counts towards a condition: ``person_id,
condition, code_system, code, date``. An event counts when it is before ``as_of`` and inside the
condition's look-back window (``start <= date < as_of``). Events are scanned once per score:
prefix matching works on the distinct recorded codes (one key per listed code length, rather
than unioning copies) and joins the matches back, and the hierarchy is one aggregate and one
join rather than a join per rule. An event counts once per condition it matches, even when
the condition lists two prefixes of its code.
"""

from __future__ import annotations

import datetime
import functools

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from locality.analytics.population.definitions import Condition, ScoreDefinition

HIT_COLUMNS = ("person_id", "condition", "code_system", "code", "date")


def window_start(d: ScoreDefinition, c: Condition, as_of: datetime.date) -> datetime.date | None:
    lookback = c.lookback or d.lookback
    return lookback.start(as_of) if lookback else None


@functools.lru_cache(maxsize=32)
def codes_table(d: ScoreDefinition) -> ir.Table:
    """The code list of a score: condition, code_system, code, length (cached per definition,
    so an engine registers it once per connection)."""
    rows = [
        (c.id, s, code, len(code)) for c in d.conditions if c.rule == "codes" for s, code in c.codes
    ]
    columns = [list(column) for column in zip(*rows, strict=True)] or [[]] * 4
    types = [pa.string(), pa.string(), pa.string(), pa.int64()]
    arrays = [pa.array(column, type=t) for column, t in zip(columns, types, strict=True)]
    names = ["condition", "code_system", "code", "length"]
    return ibis.memtable(pa.Table.from_arrays(arrays, names=names))


@functools.lru_cache(maxsize=32)
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


def in_window(d: ScoreDefinition, t: ir.Table, as_of: datetime.date) -> ir.BooleanValue:
    """Each code condition's look-back window (its own, or the score's) on matched events."""
    default = d.lookback.start(as_of) if d.lookback else None
    special = {
        c.id: window_start(d, c, as_of)
        for c in d.conditions
        if c.rule == "codes" and window_start(d, c, as_of) != default
    }
    start = ibis.literal(default, "date")
    if special:
        cases = ((t.condition == cid, ibis.literal(day, "date")) for cid, day in special.items())
        start = ibis.cases(*cases, else_=start)
    return start.isnull() | (t.date >= start)


def before(events: ir.Table, as_of: datetime.date, start: datetime.date | None) -> ir.Table:
    events = events.filter(events.date < ibis.literal(as_of, type="date"))
    return events.filter(events.date >= ibis.literal(start, type="date")) if start else events


def code_hits(d: ScoreDefinition, events: ir.Table, as_of: datetime.date) -> ir.Table | None:
    if not any(c.rule == "codes" for c in d.conditions):
        return None
    ev = before(events, as_of, None)
    ev = ev.filter(ev.code.notnull() & ev.code_system.isin(d.code_systems))
    if d.event_kinds:
        ev = ev.filter(ev.kind.isin(d.event_kinds))
    ev = ev.select("person_id", "code_system", "code", "date")
    if d.match == "exact":
        matched = codes_table(d).select("condition", "code_system", "code").distinct()
    else:
        matched = prefix_matches(d, ev.select("code_system", "code").distinct())
    joined = ev.join(matched, ["code_system", "code"])
    joined = joined.filter(in_window(d, joined, as_of))
    return joined.select(*HIT_COLUMNS)


def prefix_matches(d: ScoreDefinition, recorded: ir.Table) -> ir.Table:
    """``condition, code_system, code``: each recorded code (distinct ``code_system, code``)
    with each condition that lists a prefix of it, once.

    Matching the few thousand distinct codes and joining the matches back to the events costs
    far less than matching every event (one prefix key per listed code length)."""
    codes = codes_table(d)
    lengths = sorted({len(code) for c in d.conditions for _, code in c.codes})
    keyed = recorded.mutate(key_length=ibis.literal(lengths, "array<int64>").unnest())
    keyed = keyed.mutate(key=keyed.code.substr(0, keyed.key_length))
    found = keyed.join(
        codes,
        [
            keyed.code_system == codes.code_system,
            keyed.key == codes.code,
            keyed.key_length == codes.length,
        ],
    )
    return found.select("condition", code_system=keyed.code_system, code=keyed.code).distinct()


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


def with_counted(d: ScoreDefinition, fired: ir.Table) -> ir.Table:
    """``fired`` (a table with person_id and condition) plus ``counted``: false when a hierarchy
    rule drops the condition because the person also has the more severe one."""
    if not d.hierarchy:
        return fired.mutate(counted=ibis.literal(True))
    present = sorted({p for p, _ in d.hierarchy})
    flags = fired.group_by("person_id").aggregate(
        **{f"_has{i}": (fired.condition == p).any() for i, p in enumerate(present)}
    )
    t = fired.join(flags, "person_id")
    dropped = ibis.or_(
        *((t.condition == drop) & t[f"_has{present.index(p)}"] for p, drop in d.hierarchy)
    )
    return t.mutate(counted=~dropped).drop(*(f"_has{i}" for i in range(len(present))))
