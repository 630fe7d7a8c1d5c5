"""Deliberate near-duplicates: a joint council/NHS service listed a second time as if from the
other body's feed, with new ids, a reworded name, an abbreviated street and a phone number
written differently or the other body's. The pairs are the directory's ``known_duplicates``.
"""

from __future__ import annotations

import copy
import random
import re
from typing import TYPE_CHECKING, Any

from locality.demo.directory.naming import slug
from locality.demo.directory.organisations import org_for, org_json
from locality.demo.directory.service_details import dates, format_phone
from locality.demo.directory.taxonomy import has_flag
from locality.demo.directory.vocabulary import ABBREVIATIONS, COUNTERPART

if TYPE_CHECKING:
    from locality.demo.directory.organisations import Org
    from locality.demo.directory.state import Generator

DESCRIPTION_ENDINGS = (
    " Ask your GP or care coordinator about a referral.",
    " Part of the joint health and care offer.",
    "",
)


def duplicate_candidate(gen: Generator, service: dict) -> bool:
    """A joint council/NHS service at a physical venue: one both feeds would list."""
    return (
        gen.template_of[service["id"]].shared
        and gen.orgs_by_id[service["organization_id"]].kind in COUNTERPART
        and service["status"] == "active"
        and bool(service["service_at_locations"])
        and not has_flag(service)
    )


def near_name(name: str, rng: random.Random, city: str) -> str:
    """A plausible rewording of a service name as another feed might list it."""
    options = []
    if " — " in name:
        first, second = name.split(" — ", 1)
        options += [f"{second} {first}", f"{first} ({second})", f"{first} - {second}"]
    if " at " in name:
        first, second = name.split(" at ", 1)
        options += [f"{first} - {second}", f"{first}, {second}"]
    if " and " in name:
        options.append(name.replace(" and ", " & "))
    if name.startswith(city + " "):
        options.append(name[len(city) + 1 :])
    options += [f"{name} Service", name.replace("Programme", "Program"), name.upper()]
    options = [o for o in dict.fromkeys(options) if o != name]
    return rng.choice(options)


def _new_ids(gen: Generator, service: dict, index: int) -> Any:
    """The service with every id it owns replaced (not those of terms or organisations)."""
    remap: dict[str, str] = {}

    def collect(node: Any, skip: bool = False) -> None:
        if isinstance(node, dict):
            if not skip and isinstance(node.get("id"), str):
                remap[node["id"]] = gen.id("duplicate", index, node["id"])
            for key, value in node.items():
                collect(value, skip or key in ("taxonomy_term", "organization"))
        elif isinstance(node, list):
            for value in node:
                collect(value, skip)

    def apply(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                k: (remap.get(v, v) if isinstance(v, str) and (k == "id" or k.endswith("_id"))
                    and k != "taxonomy_term_id" and k != "taxonomy_id" else apply(v))
                for k, v in node.items()
            }  # fmt: skip
        if isinstance(node, list):
            return [apply(v) for v in node]
        return node

    collect(service)
    return apply(service)


def _other_feed_number(rng: random.Random, original: dict, new_org: Org) -> str:
    """The same number written another way, or the other body's own number."""
    old_number = original["phones"][0]["number"].replace("01632 ", "")
    if rng.random() < 0.5:
        return rng.choice((f"+44 1632 {old_number}", f"01632{old_number}",
                           f"(01632) {old_number}"))  # fmt: skip
    return format_phone(new_org.phone)


def _abbreviate_streets(service: dict) -> None:
    for sal in service.get("service_at_locations", []):
        for address in sal["location"].get("addresses", []):
            for full, short in ABBREVIATIONS:
                address["address_1"] = re.sub(rf"\b{full}\b", short, address["address_1"])


def duplicate(gen: Generator, original: dict, index: int) -> dict:
    """Duplicate ``index`` of ``original``, as the counterpart body would list it."""
    rng = gen.rng
    dup = _new_ids(gen, copy.deepcopy(original), index)
    old_org = gen.orgs_by_id[original["organization_id"]]
    kind, detail = COUNTERPART.get(old_org.kind, ("council", "ph"))
    place = gen.place_of[original["id"]]
    new_org = org_for(gen, f"{kind}:{detail}", place, None)
    dup["organization_id"] = new_org.id
    dup["organization"] = org_json(new_org)
    dup["name"] = near_name(original["name"], rng, place.city)
    gen.service_names.add(dup["name"])
    dup["url"] = f"{new_org.website}{slug(dup['name'])}"
    dup["email"] = f"{original['email'].split('@')[0]}@{new_org.email.split('@')[1]}"
    dup["phones"][0]["number"] = _other_feed_number(rng, original, new_org)
    dup["assured_date"], dup["last_modified"] = dates(gen)
    _abbreviate_streets(dup)
    dup["description"] = original["description"] + rng.choice(DESCRIPTION_ENDINGS)
    return dup


def pick_duplicates(
    gen: Generator, originals: list[dict], count: int
) -> tuple[list[dict], list[list[str]]]:
    """``count`` duplicates of candidate entries, and the [original id, duplicate id] pairs."""
    candidates = [s for s in originals if duplicate_candidate(gen, s)]
    if len(candidates) < count:  # small directories: any non-confidential entry will do
        taken = {s["id"] for s in candidates}
        extra = [s for s in originals if s["id"] not in taken and not has_flag(s)]
        candidates += extra[: count - len(candidates)]
    chosen = sorted(gen.rng.sample(range(len(candidates)), min(count, len(candidates))))
    duplicates, known = [], []
    for k, position in enumerate(chosen):
        original = candidates[position]
        dup = duplicate(gen, original, k)
        duplicates.append(dup)
        known.append([original["id"], dup["id"]])
    return duplicates, known
