"""Service names: unique across the directory, built from the template's patterns and the
place; a numbered name ("Acomb Job Club (2)") only when the caller has run out of redraws.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from locality.demo.directory.places import Place
    from locality.demo.directory.state import Generator
    from locality.demo.directory.template import Template
    from locality.demo.directory.venues import Venue


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "").replace("&", "and")).strip("-")


def names_exhausted(gen: Generator, template: Template, place: Place) -> bool:
    """True if every name this template could give here, whatever the venue, is taken."""
    if not template.names or any("{venue}" in p for p in template.names):
        return False
    key = (template.key, place.city, place.area)
    if key in gen.exhausted:
        return True
    fields = {"city": place.city, "quarter": place.quarter}
    for area in place.localities:
        for pattern in template.names:
            if pattern.format(area=area, venue="", **fields) not in gen.service_names:
                return False
    gen.exhausted.add(key)
    return True


def _numbered(gen: Generator, base: str, name: str) -> str:
    """``base (k)`` for the first free k, carrying on from the last number used for ``base``."""
    k = gen.name_numbers.get(base, 1)
    while name in gen.service_names:
        k += 1
        name = f"{base} ({k})"
    gen.name_numbers[base] = k
    return name


def name_for(
    gen: Generator, template: Template, place: Place, venue: Venue | None, numbered_ok: bool = True
) -> str | None:
    """A unique name; a numbered one ("... (2)") only if ``numbered_ok``, else None."""
    if template.self_venue and venue is not None:
        name = venue.name
        if name not in gen.service_names:
            gen.service_names.add(name)
            return name
    patterns = list(template.names) or ["{venue}"]
    gen.rng.shuffle(patterns)
    fields = {"city": place.city, "venue": venue.name if venue else place.area,
              "quarter": place.quarter}  # fmt: skip
    candidates = []
    for area in (place.area, *[loc for loc in place.localities if loc != place.area]):
        candidates += [p.format(area=area, **fields) for p in patterns]
    for name in candidates:
        if name not in gen.service_names:
            break
    else:
        if not numbered_ok:
            return None
        name = _numbered(gen, candidates[0], name)
    gen.service_names.add(name)
    return name
