"""Reading the fields of a score definition, each failure naming the file and the field."""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path

from locality.analytics.population import codelists
from locality.analytics.population.codelists import CodelistSpec, DefinitionError

NAME = re.compile(r"^[a-z][a-z0-9_]*$")
CODELIST_KEYS = {"file", *CodelistSpec.__dataclass_fields__}
LOOKBACK_KEYS = {"years", "months", "days"}


@dataclass(frozen=True)
class Lookback:
    """A window ending the day before as_of: ``start(as_of) <= date < as_of``."""

    years: int = 0
    months: int = 0
    days: int = 0

    def start(self, as_of: datetime.date) -> datetime.date:
        months = as_of.year * 12 + as_of.month - 1 - self.years * 12 - self.months
        year, month = divmod(months, 12)
        day = min(as_of.day, calendar.monthrange(year, month + 1)[1])
        return datetime.date(year, month + 1, day) - datetime.timedelta(days=self.days)


class Fields:
    def __init__(self, file: str):
        self.file = file

    def fail(self, where: str, message: str):
        raise DefinitionError(f"{self.file}: {where}: {message}")

    def mapping(self, data, where: str, allowed: set[str]) -> dict:
        if not isinstance(data, dict):
            self.fail(where, "must be a mapping of fields")
        unknown = sorted(set(data) - allowed)
        if unknown:
            self.fail(where, f"unknown field(s) {', '.join(map(str, unknown))}")
        return data

    def value(self, data: dict, key: str, types, where: str = "", required: bool = True):
        where = where + key
        if data.get(key) is None:
            if required:
                self.fail(where, "is required")
            return None
        if isinstance(data[key], bool) or not isinstance(data[key], types):
            self.fail(where, f"{data[key]!r} has the wrong type")
        return data[key]

    def text(self, data: dict, key: str, where: str = "", required: bool = True) -> str | None:
        return self.value(data, key, str, where, required)

    def name(self, data: dict, key: str, where: str = "") -> str:
        value = self.text(data, key, where)
        if not NAME.match(value):
            self.fail(where + key, f"{value!r} must be lower case letters, digits and _")
        return value

    def choice(self, data: dict, key: str, options, where: str = "", default=None) -> str:
        value = self.text(data, key, where, required=default is None) or default
        if value not in options:
            self.fail(where + key, f"{value!r} is not one of {', '.join(options)}")
        return value

    def list_of(self, data: dict, key: str, options, where: str = "", required: bool = False):
        values = self.value(data, key, list, where, required)
        if values is None:
            return None
        for value in values:
            if value not in options:
                self.fail(where + key, f"{value!r} is not one of {', '.join(options)}")
        return tuple(values)

    def positive_int(self, data: dict, key: str, where: str = "", default: int | None = None):
        value = self.value(data, key, int, where, required=default is None)
        if value is not None and value < 1:
            self.fail(where + key, f"{value!r} must be a whole number of at least 1")
        return default if value is None else value

    def number(self, value, where: str) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            self.fail(where, f"{value!r} is not a number")
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            self.fail(where, f"{value!r} is not a number")
        if not number.is_finite():
            self.fail(where, f"{value!r} is not a finite number")
        return number

    def lookback(self, value, where: str) -> Lookback | None:
        if value is None:
            return None
        self.mapping(value, where, LOOKBACK_KEYS)
        for key in value:
            if isinstance(value[key], bool) or not isinstance(value[key], int) or value[key] < 0:
                self.fail(f"{where}.{key}", f"{value[key]!r} must be a whole number >= 0")
        return Lookback(**value)

    def items(self, data: dict, key: str) -> list:
        items = self.value(data, key, list)
        if not items:
            self.fail(key, "must list at least one")
        return items

    def codelist_codes(self, data: dict, folders, missing_error, score: str):
        """Codes per key of the definition's code-list file, or None without a code list."""
        if data.get("codelist") is None:
            return None
        raw = self.mapping(data["codelist"], "codelist", CODELIST_KEYS)
        for key in ("file", "condition_column", "code_column"):
            self.text(raw, key, "codelist.")
        spec = CodelistSpec(**raw)
        if (spec.code_system is None) == (spec.code_system_column is None):
            self.fail("codelist", "give one of code_system and code_system_column")
        path = codelists.find(spec, tuple(Path(f) for f in folders))
        if path is None:
            searched = ", ".join(str(f) for f in folders)
            error = missing_error if spec.supplied_by_user else DefinitionError
            message = f"{self.file}: codelist.file: {spec.file} not found in {searched}"
            raise (error(score, message) if spec.supplied_by_user else error(message))
        return codelists.read_codes(spec, path, f"{self.file}: codelist.file")

    def unique_ids(self, conditions: tuple) -> tuple:
        ids = [c.id for c in conditions]
        for i, id_ in enumerate(ids):
            if ids.index(id_) != i:
                self.fail(f"conditions[{i}].id", f"{id_!r} is used twice")
        return conditions

    def hierarchy(self, data: dict, conditions) -> tuple[tuple[str, str], ...]:
        ids, rules = {c.id for c in conditions}, []
        for i, rule in enumerate(data.get("hierarchy") or []):
            where = f"hierarchy[{i}]"
            self.mapping(rule, where, {"present", "drops"})
            pair = (self.text(rule, "present", where + "."), self.text(rule, "drops", where + "."))
            for key, value in zip(("present", "drops"), pair, strict=True):
                if value not in ids:
                    self.fail(f"{where}.{key}", f"{value!r} is not a condition of this score")
            rules.append(pair)
        return tuple(rules)

    def categories(self, data: dict) -> list[tuple[str, Fraction | None, bool]]:
        out, items = [], data.get("categories") or []
        for i, item in enumerate(items):
            where = f"categories[{i}]"
            self.mapping(item, where, {"label", "up_to", "below"})
            label = self.text(item, "label", where + ".")
            bounds = [k for k in ("up_to", "below") if item.get(k) is not None]
            if len(bounds) > 1 or (not bounds and i != len(items) - 1):
                self.fail(where, "give one of up_to and below (only the last has neither)")
            bound = (
                Fraction(self.number(item[bounds[0]], f"{where}.{bounds[0]}")) if bounds else None
            )
            if bound is not None and out and bound <= out[-1][1]:
                self.fail(where, "bounds must increase")
            out.append((label, bound, bounds == ["up_to"]))
        if out and out[-1][1] is not None:
            self.fail(f"categories[{len(out) - 1}]", "the last category takes the rest: no bound")
        return out


def check_code_system(f: Fields, codes, systems, where: str):
    for system, code in codes:
        if system not in systems:
            f.fail(where, f"code {code!r} is {system}, not among code_systems")
    if not codes:
        f.fail(where, "has no codes")
    return tuple(sorted(codes))
