"""Read a cohort member list (CSV) into outreach rows, naming the row and column of every
problem. Columns (see docs/decisions/0009-pseudonymised-outreach-lists.md):

    person_id       the pseudonym from `locality population export` (required)
    cohort          the cohort's name, the same on every row (required)
    cohort_version  a positive whole number, the same on every row (required)
    neighbourhood   the neighbourhood the list is imported for, on every row (required)
    reason          why the person is in the cohort, up to 500 characters (optional)
    rank            a positive whole number, 1 first (optional)

Other columns (age, sex, segment...) are ignored: they are not stored. Row 1 is the first
row after the header.
"""

import csv
import io
import re
from dataclasses import dataclass

REQUIRED = ("person_id", "cohort", "cohort_version", "neighbourhood")
OPTIONAL = ("reason", "rank")
MAX_PROBLEMS = 20  # listed; the count of the rest is given
MAX_REASON = 500
COHORT_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PSEUDONYM = re.compile(r"^[0-9a-f]{64}$")


class OutreachFileError(ValueError):
    """The file is not a cohort member list; ``problems`` names each row and column."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = problems[:MAX_PROBLEMS]
        if len(problems) > MAX_PROBLEMS:
            shown.append(f"... and {len(problems) - MAX_PROBLEMS} more problems")
        super().__init__(f"{len(problems)} problem(s), nothing imported:\n" + "\n".join(shown))


@dataclass(frozen=True)
class OutreachRow:
    row: int
    pseudonym: str
    reason: str
    rank: int | None


@dataclass(frozen=True)
class OutreachFile:
    cohort: str
    cohort_version: int
    rows: list[OutreachRow]


def decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise OutreachFileError([f"{name}: not UTF-8 text (byte {exc.start + 1})"]) from None


def read_outreach_csv(text: str, *, name: str, neighbourhood: str) -> OutreachFile:
    """Check every row; raise OutreachFileError listing all problems, or return the rows."""
    reader = csv.DictReader(io.StringIO(text, newline=""), restkey="_extra")
    header = [c.strip() for c in reader.fieldnames or []]
    reader.fieldnames = header
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise OutreachFileError([f"{name}: column {c} is missing" for c in missing])
    checker = _RowChecker(name, neighbourhood)
    try:
        rows = [checker.check(number, raw) for number, raw in enumerate(reader, start=1)]
    except csv.Error as exc:
        raise OutreachFileError([f"{name}, row {reader.line_num}: {exc}"]) from None
    if not rows:
        checker.problems.append(f"{name}: no rows after the header")
    if checker.problems:
        raise OutreachFileError(checker.problems)
    _, cohort, version = checker.first
    return OutreachFile(cohort, version, rows)


class _RowChecker:
    def __init__(self, name: str, neighbourhood: str):
        self.name, self.neighbourhood = name, neighbourhood
        self.problems: list[str] = []
        self.first: tuple[int, str, int] | None = None
        self.seen: dict[str, int] = {}

    def problem(self, number: int, column: str, message: str) -> None:
        self.problems.append(f"{self.name}, row {number}, column {column}: {message}")

    def check(self, number: int, raw: dict) -> OutreachRow | None:
        if raw.get("_extra"):
            self.problems.append(f"{self.name}, row {number}: more cells than the header has")
        cells = {k: (raw.get(k) or "").strip() for k in (*REQUIRED, *OPTIONAL)}
        self._person(number, cells["person_id"].lower())
        self._same_on_every_row(number, cells)
        if cells["neighbourhood"] != self.neighbourhood:
            got = cells["neighbourhood"] or "empty"
            self.problem(
                number,
                "neighbourhood",
                f"is {got!r}, not {self.neighbourhood!r}: a list is "
                "imported for the neighbourhood it was made for",
            )
        if len(cells["reason"]) > MAX_REASON:
            self.problem(
                number, "reason", f"is {len(cells['reason'])} characters; the most is {MAX_REASON}"
            )
        rank = self._whole_number(number, "rank", cells["rank"], required=False)
        return OutreachRow(number, cells["person_id"].lower(), cells["reason"], rank)

    def _person(self, number: int, value: str) -> None:
        if not value:
            self.problem(number, "person_id", "is empty")
        elif not PSEUDONYM.match(value):
            self.problem(
                number,
                "person_id",
                f"{value[:20]!r} is not a Locality pseudonym "
                "(64 hexadecimal characters, from `locality population export`)",
            )
        elif value in self.seen:
            self.problem(number, "person_id", f"is already on row {self.seen[value]}")
        else:
            self.seen[value] = number

    def _same_on_every_row(self, number: int, cells: dict) -> None:
        cohort = cells["cohort"]
        if not COHORT_NAME.match(cohort):
            self.problem(
                number,
                "cohort",
                "is empty"
                if not cohort
                else f"{cohort!r} is not a cohort name (lower case letters, digits and hyphens)",
            )
        version = self._whole_number(number, "cohort_version", cells["cohort_version"], True)
        if not COHORT_NAME.match(cohort) or version is None:
            return
        if self.first is None:
            self.first = (number, cohort, version)
            return
        first_row, first_cohort, first_version = self.first
        for column, value, expected in (
            ("cohort", cohort, first_cohort),
            ("cohort_version", version, first_version),
        ):
            if value != expected:
                self.problem(
                    number,
                    column,
                    f"is {str(value)!r}, but row {first_row} has "
                    f"{str(expected)!r}: one file is one cohort",
                )

    def _whole_number(self, number: int, column: str, value: str, required: bool) -> int | None:
        if not value:
            if required:
                self.problem(number, column, "is empty")
            return None
        if not value.isdigit() or int(value) < 1:
            self.problem(number, column, f"{value!r} is not a positive whole number")
            return None
        return int(value)
