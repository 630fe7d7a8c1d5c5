"""Validate a read feed: the official schema, then the checks the schema cannot express.

`validate_feed` never repeats a problem the reader already put in `feed.problems`, so
`[*feed.problems, *validate_feed(feed)]` lists every problem once.
"""

import re
from collections.abc import Iterator
from pathlib import Path

from locality.directory.feeds.feed import Feed, record_label
from locality.directory.feeds.problems import Problem, field_path
from locality.directory.feeds.schemas import validate_object

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$")
EMPTY_NAME = "must not be empty"


def validate_feed(
    feed: Feed,
    profile: str = "oruk",
    *,
    data_dir: str | Path | None = None,
    check_formats: bool = True,
) -> list[Problem]:
    """Every problem in the feed's services, taxonomies and taxonomy terms.

    Each service is validated against the profile's nested service schema ("oruk" or "hsds"),
    then Locality's own checks: duplicate service ids within the feed, empty or blank names,
    minimum_age <= maximum_age, and opens_at/closes_at as HH:MM or HH:MM:SS. Problems name
    the service by id ("record N" without one) and the field by path.

    Coordinates outside [-90, 90] / [-180, 180] are schema-valid (the official examples
    use latitude 100), so they are added to `feed.warnings`, not returned: the record is
    kept as published, and the location is left off maps and distance searches.
    """
    found: list[Problem] = []
    labels = feed.record_labels()
    duplicates = duplicate_id_problems(feed, labels)
    for index, doc in enumerate(feed.services):
        for path, message in validate_object(
            "service", doc, profile, data_dir=data_dir, check_formats=check_formats
        ):
            found.append(service_problem(feed, index, path, message, labels))
        if index in duplicates:
            found.append(duplicates[index])
        objects = list(_objects(doc, []))  # walked once for both checks
        for path, message in locality_checks(doc, objects):
            found.append(service_problem(feed, index, path, message, labels))
        for path, message in coordinate_checks(doc, objects):
            warning = service_problem(feed, index, path, message, labels)
            if warning not in feed.warnings:
                feed.warnings.append(warning)
    for kind, items in (("taxonomy", feed.taxonomies), ("taxonomy_term", feed.taxonomy_terms)):
        for index, doc in enumerate(items):
            label = record_label(doc, index)
            if label == f"record {index + 1}":
                label = f"{kind} {index + 1}"
            for path, message in validate_object(
                kind, doc, profile, data_dir=data_dir, check_formats=check_formats
            ):
                found.append(Problem(feed.source, label, path, message))
    already = set(feed.problems)
    out: list[Problem] = []
    for problem in found:
        if problem not in already:
            already.add(problem)
            out.append(problem)
    return out


def reading_problems(feed: Feed) -> list[Problem]:
    """The checks every reader runs: duplicate service ids and empty names."""
    out = []
    labels = feed.record_labels()
    duplicates = duplicate_id_problems(feed, labels)
    for index, doc in enumerate(feed.services):
        if index in duplicates:
            out.append(duplicates[index])
        if _empty_name(doc):
            out.append(service_problem(feed, index, "name", EMPTY_NAME, labels))
    return out


def service_problem(
    feed: Feed, index: int, field: str, message: str, labels: list[str] | None = None
) -> Problem:
    """A problem in `feed.services[index]`; the feed's own id is added when ids were replaced."""
    label = labels[index] if labels is not None else feed.record_label(index)
    doc = feed.services[index]
    record_id = doc.get("id") if isinstance(doc, dict) else None
    original = feed.original_ids.get(record_id) if isinstance(record_id, str) else None
    if original is not None:
        message += f" (feed id {original})"
    return Problem(feed.file_of(index), label, field, message)


def duplicate_id_problems(feed: Feed, labels: list[str] | None = None) -> dict[int, Problem]:
    """Service index -> problem, for each repeat of a service id (second, third, ...).

    The problem names the repeat as "record N", so that skipping it keeps the first one.
    """
    labels = labels if labels is not None else feed.record_labels()
    first: dict[str, int] = {}
    out = {}
    for index, doc in enumerate(feed.services):
        service_id = doc.get("id") if isinstance(doc, dict) else None
        if not isinstance(service_id, str) or not service_id.strip():
            continue
        if service_id not in first:
            first[service_id] = index
            continue
        message = f"duplicate service id {service_id}: first used by record {first[service_id] + 1}"
        out[index] = service_problem(feed, index, "id", message, labels)
    return out


def _empty_name(doc) -> bool:
    name = doc.get("name") if isinstance(doc, dict) else None
    return isinstance(name, str) and not name.strip()


def locality_checks(doc, objects: list | None = None) -> list[tuple[str, str]]:
    """What the schema does not say, for one service: (field path, message) pairs.

    `objects` is `doc`'s objects with their paths, when the caller has walked it already.
    """
    out = []
    if _empty_name(doc):
        out.append(("name", EMPTY_NAME))
    for path, node in _objects(doc, []) if objects is None else objects:
        low_age, high_age = node.get("minimum_age"), node.get("maximum_age")
        if _number(low_age) and _number(high_age) and low_age > high_age:
            out.append(
                (
                    field_path([*path, "minimum_age"]),
                    f"minimum_age {low_age} is greater than maximum_age {high_age}",
                )
            )
        for key in ("opens_at", "closes_at"):
            value = node.get(key)
            if isinstance(value, str) and not _TIME.match(value):
                out.append((field_path([*path, key]), f"{value!r} is not a time (HH:MM[:SS])"))
    return out


def coordinate_checks(doc, objects: list | None = None) -> list[tuple[str, str]]:
    """Coordinates that cannot be on Earth: (field path, message) pairs, for warnings."""
    out = []
    for path, node in _objects(doc, []) if objects is None else objects:
        for key, low, high in (("latitude", -90, 90), ("longitude", -180, 180)):
            value = node.get(key)
            if _number(value) and not low <= value <= high:
                out.append(
                    (field_path([*path, key]), f"{value} is outside {low} to {high}: not mapped")
                )
    return out


def _objects(node, path: list) -> Iterator[tuple[list, dict]]:
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _objects(value, [*path, key])
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _objects(value, [*path, index])


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
