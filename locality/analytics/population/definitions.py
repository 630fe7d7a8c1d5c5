"""Score definitions as data: one YAML file per published score in ``data/scores``.

A definition names the score, its version and source, how codes match (``exact`` or
``prefix``), the look-back window, the conditions (each with a weight and codes, inline or from a
code-list file), the hierarchy rules (a condition that drops a milder one) and the categories.
``data/scores/README.md`` describes every field. Loading checks everything and raises
:class:`DefinitionError` naming the file and the field, so a new score is a new file, not code.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import yaml

from locality.analytics.population import schema
from locality.analytics.population.codelists import CODELISTS_DIR, DATA_DIR, DefinitionError
from locality.analytics.population.definitions_fields import Fields, Lookback, check_code_system

SCORES_DIR = DATA_DIR / "scores"
MATCHES = ("exact", "prefix")
RULES = ("codes", "distinct_codes")
CONDITION_KEYS = {
    "id", "label", "weight", "codes", "codelist_key", "rule", "at_least", "event_kinds", "lookback"
}  # fmt: skip
KEYS = {
    "name", "title", "version", "source", "code_systems", "match", "lookback", "event_kinds",
    "codelist", "conditions", "hierarchy", "categories", "denominator", "notes",
}  # fmt: skip

__all__ = ["DefinitionError", "ScoreDefinition", "load_definition", "load_definitions"]


@dataclass(frozen=True)
class Condition:
    id: str
    label: str
    weight: Decimal
    codes: tuple[tuple[str, str], ...] = ()  # (code_system, code), sorted
    rule: str = "codes"  # or "distinct_codes": at least ``at_least`` distinct codes
    at_least: int = 1
    event_kinds: tuple[str, ...] | None = None  # None: every kind
    lookback: Lookback | None = None  # None: the score's window


@dataclass(frozen=True)
class Category:
    label: str
    bound: Fraction | None  # None: everything above the previous bound
    inclusive: bool  # ``up_to`` (value <= bound) rather than ``below`` (value < bound)


@dataclass(frozen=True)
class ScoreDefinition:
    name: str
    title: str
    version: str
    source: str
    code_systems: tuple[str, ...]
    match: str
    lookback: Lookback | None  # None: every event before as_of
    event_kinds: tuple[str, ...] | None
    conditions: tuple[Condition, ...]
    hierarchy: tuple[tuple[str, str], ...]  # (condition present, milder condition it drops)
    categories: tuple[Category, ...]
    denominator: int
    path: Path

    @property
    def scale(self) -> int:
        """Weights are summed as integers in units of 1/scale (so every engine sums exactly)."""
        places = max(-min(c.weight.as_tuple().exponent, 0) for c in self.conditions)
        return 10**places

    def units(self, condition: Condition) -> int:
        return int(condition.weight * self.scale)


@dataclass(frozen=True)
class DefinitionSet:
    scores: tuple[ScoreDefinition, ...]
    unavailable: dict[str, str]  # score name -> why (a user-supplied code list is missing)


def load_definitions(
    directory: Path = SCORES_DIR, codelist_dirs: tuple[Path, ...] = ()
) -> DefinitionSet:
    """Every ``*.yaml`` definition in ``directory``, sorted by name.

    A definition whose code list must be supplied by the user, and is not found in
    ``codelist_dirs``, is listed in ``unavailable`` rather than loaded.
    """
    from locality.analytics.population.ltc_definitions import is_conditions_file

    scores, unavailable = [], {}
    for path in sorted(Path(directory).glob("*.yaml")):
        if is_conditions_file(path):  # long-term conditions (ltc.yaml), not a score
            continue
        try:
            scores.append(load_definition(path, codelist_dirs))
        except UserCodelistMissing as missing:
            unavailable[missing.score] = str(missing)
    names = [s.name for s in scores]
    for name in {n for n in names if names.count(n) > 1}:
        raise DefinitionError(f"{directory}: two definitions are named {name!r}")
    return DefinitionSet(tuple(sorted(scores, key=lambda s: s.name)), unavailable)


class UserCodelistMissing(DefinitionError):
    def __init__(self, score: str, message: str):
        self.score = score
        super().__init__(message)


def load_definition(path: Path, codelist_dirs: tuple[Path, ...] = ()) -> ScoreDefinition:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise DefinitionError(f"{path.name}: not valid YAML: {error}") from error
    f = Fields(path.name)
    f.mapping(data, "the file", KEYS)
    name = f.name(data, "name")
    codes = f.codelist_codes(data, (*codelist_dirs, CODELISTS_DIR), UserCodelistMissing, name)
    systems = tuple(f.list_of(data, "code_systems", schema.CODE_SYSTEMS, required=True))
    lookback = f.lookback(data.get("lookback"), "lookback")
    conditions = tuple(
        read_condition(f, item, f"conditions[{i}]", codes, systems)
        for i, item in enumerate(f.items(data, "conditions"))
    )
    return ScoreDefinition(
        name=name,
        title=f.text(data, "title"),
        version=str(f.value(data, "version", (str, int, float))),
        source=f.text(data, "source"),
        code_systems=systems,
        match=f.choice(data, "match", MATCHES),
        lookback=lookback,
        event_kinds=f.list_of(data, "event_kinds", schema.EVENT_KINDS),
        conditions=f.unique_ids(conditions),
        hierarchy=f.hierarchy(data, conditions),
        categories=tuple(Category(*c) for c in f.categories(data)),
        denominator=f.positive_int(data, "denominator", default=1),
        path=path,
    )


def read_condition(f: Fields, item, where: str, codelist, systems) -> Condition:
    f.mapping(item, where, CONDITION_KEYS)
    w = where + "."
    rule = f.choice(item, "rule", RULES, w, default="codes")
    common = dict(
        id=f.name(item, "id", w),
        label=f.text(item, "label", w),
        weight=f.number(item.get("weight", 1), w + "weight"),
        event_kinds=f.list_of(item, "event_kinds", schema.EVENT_KINDS, w),
        lookback=f.lookback(item.get("lookback"), w + "lookback"),
    )
    if rule == "distinct_codes":
        if "codes" in item or "codelist_key" in item:
            f.fail(where, "a distinct_codes rule counts the codes it sees and lists none")
        return Condition(**common, rule=rule, at_least=f.positive_int(item, "at_least", w))
    for key in ("at_least", "event_kinds"):
        if key in item:
            f.fail(w + key, "only for a distinct_codes rule (set event_kinds on the score)")
    return Condition(**common, codes=_codes(f, item, w, codelist, systems))


def _codes(f: Fields, item: dict, w: str, codelist, systems) -> tuple[tuple[str, str], ...]:
    if (item.get("codes") is None) == (item.get("codelist_key") is None):
        f.fail(w[:-1], "give one of codes and codelist_key")
    if item.get("codes") is not None:
        values = f.value(item, "codes", list, w)
        if len(systems) != 1:
            f.fail(w + "codes", "inline codes need a score with a single code system")
        if not all(isinstance(code, str) and code.strip() for code in values):
            f.fail(w + "codes", "every code is a non-empty string")
        return check_code_system(f, {(systems[0], c.strip()) for c in values}, systems, w + "codes")
    key = f.text(item, "codelist_key", w)
    if codelist is None:
        f.fail(w + "codelist_key", "the score has no codelist")
    if key not in codelist:
        f.fail(w + "codelist_key", f"{key!r} is not in the code list")
    return check_code_system(f, codelist[key], systems, w + "codelist_key")
