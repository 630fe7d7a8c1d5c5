"""Conditions on one column of a per-person table, as data, compiled to Ibis.

Segment rules and cohort criteria are lists of :class:`Condition`. A condition on a null value
is false (an unknown frailty category is not "severe"; an unknown "lives alone" is not "lives
alone"), so every compiled predicate is true or false, never null.

>>> str(Condition("age", "ge", 65)), str(Condition("efi_category", "in", ("mild", "moderate")))
('age >= 65', 'efi_category in (mild, moderate)')
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import ibis
import ibis.expr.types as ir

COMPARISONS = {
    "eq": ("==", operator.eq),
    "ge": (">=", operator.ge),
    "gt": (">", operator.gt),
    "le": ("<=", operator.le),
    "lt": ("<", operator.lt),
}
OPS = ("true", "in", *COMPARISONS)


@dataclass(frozen=True)
class Condition:
    column: str
    op: str  # one of OPS; "true" takes no value, "in" a tuple
    value: Any = None

    def __post_init__(self):
        if self.op not in OPS:
            raise ValueError(f"condition on {self.column}: unknown op {self.op!r}")
        if self.op == "in" and not isinstance(self.value, tuple):
            raise ValueError(f"condition on {self.column}: 'in' takes a tuple")

    def predicate(self, t: ir.Table) -> ir.BooleanValue:
        column = t[self.column]
        if self.op == "true":
            test = column == True  # noqa: E712 (an Ibis comparison, null stays null)
        elif self.op == "in":
            test = column.isin(list(self.value))
        else:
            test = COMPARISONS[self.op][1](column, self.value)
        return test.fill_null(False)

    def __str__(self) -> str:
        if self.op == "true":
            return self.column
        if self.op == "in":
            return f"{self.column} in ({', '.join(str(v) for v in self.value)})"
        return f"{self.column} {COMPARISONS[self.op][0]} {self.value}"


def all_of(t: ir.Table, conditions: Iterable[Condition]) -> ir.BooleanValue:
    """True where every condition holds (true for no conditions)."""
    predicate = ibis.literal(True)
    for condition in conditions:
        predicate = predicate & condition.predicate(t)
    return predicate


def columns_of(conditions: Iterable[Condition]) -> set[str]:
    return {c.column for c in conditions}
