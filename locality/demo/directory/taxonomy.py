"""The Locality taxonomies (``data/taxonomy``) and the attributes that link services to them."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from locality.demo.directory.state import Generator
    from locality.demo.directory.template import Template

TAXONOMY_DIR = Path(__file__).resolve().parents[3] / "data" / "taxonomy"
TAXONOMY_FILES = ("locality_needs.json", "locality_entry_kind.json", "locality_flags.json")
# uuid5(NAMESPACE_URL, "https://locality.example/taxonomies"); term id = uuid5(this, code).
TAXONOMY_NAMESPACE = uuid.UUID("5df4ffd5-8eb0-539c-b122-313d7b6b632d")
NEEDS_TAXONOMY = "Locality needs"
ENTRY_KIND_TAXONOMY = "Locality entry kind"
FLAGS_TAXONOMY = "Locality flags"
SERVICE, COMMUNITY_ASSET, CONFIDENTIAL = "service", "community-asset", "confidential"


def load_taxonomies(folder: Path | None = None) -> tuple[list[dict], list[dict]]:
    """The Locality taxonomies and all their terms, from ``data/taxonomy``."""
    taxonomies, terms = [], []
    for filename in TAXONOMY_FILES:
        path = Path(folder or TAXONOMY_DIR) / filename
        data = json.loads(path.read_text(encoding="utf-8"))
        taxonomies.append(data["taxonomy"])
        terms.extend(data["taxonomy_terms"])
    return taxonomies, terms


def entry_kind(service: Mapping[str, Any]) -> str:
    """``service`` or ``community-asset``, from the service's entry-kind attribute."""
    for attribute in service.get("attributes", ()):
        term = attribute.get("taxonomy_term") or {}
        if term.get("taxonomy") == ENTRY_KIND_TAXONOMY:
            return term["code"]
    return SERVICE


def has_flag(service: Mapping[str, Any], code: str = CONFIDENTIAL) -> bool:
    """True if the service carries this "Locality flags" term (``confidential`` by default)."""
    return any(
        (a.get("taxonomy_term") or {}).get("taxonomy") == FLAGS_TAXONOMY
        and a["taxonomy_term"]["code"] == code
        for a in service.get("attributes", ())
    )


def attribute(gen: Generator, service_id: str, code: str, link_type: str) -> dict:
    """An HSDS attribute linking the service to the term ``code``, with the term nested."""
    term = gen.term_by_code[code]
    nested = {**term, "taxonomy": gen.taxonomy_names[term["taxonomy_id"]]}
    return {
        "id": gen.id(service_id, "attribute", code),
        "link_id": service_id,
        "link_type": link_type,
        "link_entity": "service",
        "taxonomy_term_id": term["id"],
        "taxonomy_term": nested,
    }


def service_attributes(gen: Generator, service_id: str, template: Template) -> list[dict]:
    """The template's first need, up to two of its others, its entry kind and any flag."""
    needs = [template.needs[0]]
    others = list(template.needs[1:])
    gen.rng.shuffle(others)
    needs += others[: gen.rng.choice((0, 1, 1, 2))]
    attributes = [attribute(gen, service_id, code, "need") for code in needs]
    attributes.append(attribute(gen, service_id, template.kind, "entry_kind"))
    if template.confidential:
        attributes.append(attribute(gen, service_id, CONFIDENTIAL, "flag"))
    return attributes
