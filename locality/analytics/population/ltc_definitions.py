"""Long-term conditions as data: ``data/scores/ltc.yaml`` (a file of ``kind: conditions``).

The file names code lists already shipped in ``data/codelists`` (each with how its codes match:
``prefix`` for undotted ICD-10, ``exact`` otherwise), the long-term conditions, each the union of
categories of those lists (``from: {efi: [diabetes], charlson: [...]}``) with an optional
look-back, the flags of the per-person table that a condition sets (``flags``) and the flags no
list here defines (``unknown``, with the reason). ``data/scores/README.md`` describes it.

Loading checks every field and raises :class:`DefinitionError` naming the file and the field.
The lists matched the same way become one :class:`ScoreDefinition` (weight 1 per condition, no
hierarchy), so the score engine's matching (:mod:`score_matching`) finds the events, on any
engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml

from locality.analytics.population import codelists, schema
from locality.analytics.population.codelists import CODELISTS_DIR, CodelistSpec, DefinitionError
from locality.analytics.population.definitions import SCORES_DIR, Condition, ScoreDefinition
from locality.analytics.population.definitions_fields import CODELIST_KEYS, Fields, Lookback
from locality.analytics.population.person_table import CLINICAL_FLAGS

LTC_FILE = SCORES_DIR / "ltc.yaml"
KIND = "conditions"
KEYS = {
    "kind", "name", "title", "version", "source", "codelists", "conditions", "flags", "unknown",
    "notes",
}  # fmt: skip
CONDITION_KEYS = {"id", "label", "from", "lookback", "notes"}
MATCHES = ("exact", "prefix")


@dataclass(frozen=True)
class LongTermCondition:
    id: str
    label: str
    sources: tuple[tuple[str, tuple[str, ...]], ...]  # (code list name, its categories)
    lookback: Lookback | None  # None: ever recorded before as_of


@dataclass(frozen=True)
class ConditionSet:
    name: str
    title: str
    version: str
    source: str
    conditions: tuple[LongTermCondition, ...]
    flags: tuple[tuple[str, tuple[str, ...]], ...]  # (flag column, condition ids)
    unknown: tuple[tuple[str, str], ...]  # (flag column, why it is unknown)
    parts: tuple[ScoreDefinition, ...]  # one per code list, for score_matching
    path: Path

    def label(self, condition_id: str) -> str:
        return next(c.label for c in self.conditions if c.id == condition_id)


def is_conditions_file(path: Path) -> bool:
    """True for a ``kind: conditions`` file (the score loader leaves these out)."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return False
    return isinstance(data, dict) and data.get("kind") == KIND


def load_conditions(path: Path = LTC_FILE, codelist_dirs: tuple[Path, ...] = ()) -> ConditionSet:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise DefinitionError(f"{path.name}: cannot be read: {error}") from error
    f = Fields(path.name)
    f.mapping(data, "the file", KEYS)
    if data.get("kind") != KIND:
        f.fail("kind", f"must be {KIND!r}")
    lists = read_codelists(f, data, (*codelist_dirs, CODELISTS_DIR))
    conditions = tuple(
        read_condition(f, item, f"conditions[{i}]", lists)
        for i, item in enumerate(f.items(data, "conditions"))
    )
    f.unique_ids(conditions)
    flags, unknown = read_flags(f, data, {c.id for c in conditions})
    meta = dict(
        name=f.name(data, "name"),
        title=f.text(data, "title"),
        version=str(f.value(data, "version", (str, int, float))),
        source=f.text(data, "source"),
    )
    return ConditionSet(**meta, conditions=conditions, flags=flags, unknown=unknown,
                        parts=parts(f, meta, lists, conditions, path), path=path)  # fmt: skip


def read_codelists(f: Fields, data: dict, folders) -> dict[str, tuple[str, dict]]:
    """{name: (match, {category: {(code_system, code), ...}})} for each code list."""
    raw = f.value(data, "codelists", dict)
    out = {}
    for name, spec in raw.items():
        where = f"codelists.{name}"
        f.mapping(spec, where, CODELIST_KEYS | {"match"})
        match = f.choice(spec, "match", MATCHES, where + ".")
        for key in ("file", "condition_column", "code_column"):
            f.text(spec, key, where + ".")
        spec = CodelistSpec(**{k: v for k, v in spec.items() if k != "match"})
        if (spec.code_system is None) == (spec.code_system_column is None):
            f.fail(where, "give one of code_system and code_system_column")
        found = codelists.find(spec, tuple(Path(folder) for folder in folders))
        if found is None:
            f.fail(where + ".file", f"{spec.file} not found in {', '.join(map(str, folders))}")
        out[name] = (match, codelists.read_codes(spec, found, f"{f.file}: {where}.file"))
    return out


def read_condition(f: Fields, item, where: str, lists: dict) -> LongTermCondition:
    f.mapping(item, where, CONDITION_KEYS)
    w = where + "."
    sources = f.value(item, "from", dict, w)
    if not sources:
        f.fail(w + "from", "name at least one code list")
    for name, keys in sources.items():
        if name not in lists:
            f.fail(f"{w}from.{name}", f"{name!r} is not one of the codelists")
        if not isinstance(keys, list) or not keys:
            f.fail(f"{w}from.{name}", "must be a non-empty list of categories")
        for key in keys:
            if key not in lists[name][1]:
                f.fail(f"{w}from.{name}", f"{key!r} is not a category of that code list")
    return LongTermCondition(
        id=f.name(item, "id", w),
        label=f.text(item, "label", w),
        sources=tuple((name, tuple(keys)) for name, keys in sources.items()),
        lookback=f.lookback(item.get("lookback"), w + "lookback"),
    )


def read_flags(f: Fields, data: dict, ids: set[str]):
    flags = f.value(data, "flags", dict, required=False) or {}
    unknown = f.value(data, "unknown", dict, required=False) or {}
    for name, members in flags.items():
        if name not in CLINICAL_FLAGS:
            f.fail(f"flags.{name}", f"is not one of {', '.join(CLINICAL_FLAGS)}")
        if not isinstance(members, list) or not members or not set(members) <= ids:
            f.fail(f"flags.{name}", "must list conditions of this file")
    for name, why in unknown.items():
        if name not in CLINICAL_FLAGS or name in flags:
            f.fail(f"unknown.{name}", "must be a flag not defined under flags")
        if not isinstance(why, str) or not why.strip():
            f.fail(f"unknown.{name}", "give the reason as text")
    missing = [name for name in CLINICAL_FLAGS if name not in {*flags, *unknown}]
    if missing:
        f.fail("flags", f"{missing[0]} is neither defined nor listed under unknown")
    return (
        tuple((name, tuple(members)) for name, members in flags.items()),
        tuple((name, why.strip()) for name, why in unknown.items()),
    )


def parts(f: Fields, meta: dict, lists: dict, conditions, path: Path) -> tuple:
    """One score definition per match (``prefix``, ``exact``) holding every list matched so;
    a code system is matched one way only, so an event matches a condition at most once."""
    out = []
    for match in MATCHES:
        names = [name for name, (m, _) in lists.items() if m == match]
        found = [c for c in (part_condition(c, lists, names, match) for c in conditions) if c]
        if found:
            out.append(score_definition(meta, match, tuple(found), path))
    prefix, exact = ({s for d in out if d.match == m for s in d.code_systems} for m in MATCHES)
    if prefix & exact:
        f.fail("codelists", f"code system {sorted(prefix & exact)[0]} is matched both ways")
    return tuple(out)


def part_condition(c: LongTermCondition, lists: dict, names: list[str], match: str):
    pairs = set()
    for name, keys in c.sources:
        if name in names:
            pairs |= set().union(*(lists[name][1][key] for key in keys))
    if match == "prefix":  # I50 already matches what I501 would: keep the shorter code
        pairs = {
            (s, code)
            for s, code in pairs
            if not any(s == t and code != o and code.startswith(o) for t, o in pairs)
        }
    if not pairs:
        return None
    return Condition(c.id, c.label, Decimal(1), tuple(sorted(pairs)), lookback=c.lookback)


def score_definition(meta: dict, match: str, found: tuple, path: Path) -> ScoreDefinition:
    used = {system for c in found for system, _ in c.codes}
    return ScoreDefinition(
        name=f"{meta['name']}_{match}",
        title=f"{meta['title']} ({match} codes)",
        version=meta["version"],
        source=meta["source"],
        code_systems=tuple(s for s in schema.CODE_SYSTEMS if s in used),
        match=match,
        lookback=None,
        event_kinds=None,
        conditions=found,
        hierarchy=(),
        categories=(),
        denominator=1,
        path=path,
    )
