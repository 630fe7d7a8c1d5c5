"""Cohort definitions as data: one YAML file per cohort in ``data/cohorts``.

A file holds ``name`` (equal to the file name without ``.yaml``; lower case, digits and
hyphens), ``version`` (a positive whole number, raised on every change of meaning),
``description`` and ``criteria``, which all must hold (``data/cohorts/README.md`` lists them):

- ``age: {min: 65, max: 120}`` (whole years on as_of, both ends included, either may be left out)
- ``sex``, ``efi_category``, ``social_risk_level``, ``segment``, ``imd_decile``: lists of values
- ``n_ltc_min``: the least number of long-term conditions
- ``lives_alone``, ``rising``: true or false (an unknown value matches neither)

Loading checks everything and raises :class:`CohortError` naming the file and the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from locality.analytics.population import schema, segments, social
from locality.analytics.population.conditions import Condition

COHORTS_DIR = Path(__file__).resolve().parents[3] / "data" / "cohorts"
KEYS = ("name", "version", "description", "criteria")
NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
MAX_AGE = 130
CHOICES = {
    "sex": schema.SEXES,
    "efi_category": segments.EFI_CATEGORIES,
    "social_risk_level": social.LEVELS,
    "segment": segments.SEGMENT_IDS,
    "imd_decile": tuple(range(1, 11)),
}
FLAGS = ("lives_alone", "rising")
CRITERIA = ("age", "n_ltc_min", *CHOICES, *FLAGS)


class CohortError(ValueError):
    """A cohort file is not a valid definition; the message names the file and the field."""


@dataclass(frozen=True)
class Criteria:
    age_min: int | None = None
    age_max: int | None = None
    n_ltc_min: int | None = None
    sex: tuple[str, ...] = ()
    efi_category: tuple[str, ...] = ()
    social_risk_level: tuple[str, ...] = ()
    segment: tuple[str, ...] = ()
    imd_decile: tuple[int, ...] = ()
    lives_alone: bool | None = None
    rising: bool | None = None

    def conditions(self) -> tuple[Condition, ...]:
        """The criteria as conditions on the person table (see :mod:`person_table`)."""
        out = [Condition("age", "ge", self.age_min)] if self.age_min is not None else []
        out += [Condition("age", "le", self.age_max)] if self.age_max is not None else []
        out += [Condition("n_ltc", "ge", self.n_ltc_min)] if self.n_ltc_min is not None else []
        out += [Condition(c, "in", getattr(self, c)) for c in CHOICES if getattr(self, c)]
        for name in FLAGS:
            value = getattr(self, name)
            if value is not None:
                out.append(Condition(name, "true") if value else Condition(name, "eq", False))
        return tuple(out)


@dataclass(frozen=True)
class Cohort:
    name: str
    version: int
    description: str
    criteria: Criteria


def load_cohort(path: str | Path) -> Cohort:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise CohortError(f"{path}: cannot be read: {str(error).splitlines()[0]}") from error
    return parse(path, data)


def load_cohorts(folder: str | Path = COHORTS_DIR) -> tuple[Cohort, ...]:
    """Every ``*.yaml`` in ``folder``, by name."""
    return tuple(load_cohort(p) for p in sorted(Path(folder).glob("*.yaml")))


def parse(path: Path, data: Any) -> Cohort:
    def fail(field: str, message: str):
        raise CohortError(f"{path}: field {field}: {message}")

    if not isinstance(data, dict):
        raise CohortError(f"{path}: must be a mapping with the fields {', '.join(KEYS)}")
    for key in set(data) - set(KEYS):
        fail(str(key), f"is not a field of a cohort (fields: {', '.join(KEYS)})")
    for key in KEYS:
        if data.get(key) in (None, "", {}):
            fail(key, "is required")
    if not isinstance(data["name"], str) or not NAME.fullmatch(data["name"]):
        fail("name", "use lower case letters, digits and hyphens")
    if data["name"] != path.stem:
        fail("name", f"must equal the file name, {path.stem!r}")
    version = data["version"]
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        fail("version", "must be a positive whole number")
    if not isinstance(data["description"], str):
        fail("description", "must be text")
    criteria = parse_criteria(data["criteria"], fail)
    return Cohort(data["name"], version, data["description"].strip(), criteria)


def parse_criteria(data: Any, fail) -> Criteria:
    if not isinstance(data, dict):
        fail("criteria", "must be a mapping")
    for key in set(data) - set(CRITERIA):
        fail(f"criteria.{key}", f"is not a criterion (criteria: {', '.join(CRITERIA)})")
    values: dict[str, Any] = {}
    if "age" in data:
        values.update(parse_age(data["age"], fail))
    if "n_ltc_min" in data:
        values["n_ltc_min"] = whole(data["n_ltc_min"], 0, 1000, "criteria.n_ltc_min", fail)
    for name, allowed in CHOICES.items():
        if name in data:
            values[name] = choices(data[name], allowed, f"criteria.{name}", fail)
    for name in FLAGS:
        if name in data and not isinstance(data[name], bool):
            fail(f"criteria.{name}", "must be true or false")
        values[name] = data.get(name)
    return Criteria(**values)


def parse_age(data: Any, fail) -> dict[str, int]:
    if not isinstance(data, dict) or not data or set(data) - {"min", "max"}:
        fail("criteria.age", "must be a mapping with min, max or both")
    low = whole(data.get("min", 0), 0, MAX_AGE, "criteria.age.min", fail)
    high = whole(data.get("max", MAX_AGE), 0, MAX_AGE, "criteria.age.max", fail)
    if low > high:
        fail("criteria.age", f"min {low} is above max {high}")
    return {"age_min": data.get("min"), "age_max": data.get("max")}


def whole(value: Any, low: int, high: int, field: str, fail) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        fail(field, f"must be a whole number from {low} to {high}")
    return value


def choices(value: Any, allowed: tuple, field: str, fail) -> tuple:
    if not isinstance(value, list) or not value:
        fail(field, f"must be a non-empty list of: {', '.join(map(str, allowed))}")
    for item in value:
        if isinstance(item, bool) or item not in allowed:
            fail(field, f"{item!r} is not one of: {', '.join(map(str, allowed))}")
    if len(set(value)) < len(value):
        fail(field, "lists a value twice")
    return tuple(value)
