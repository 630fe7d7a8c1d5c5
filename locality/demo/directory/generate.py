"""``generate_directory``: how many entries of each kind, drawn in a seeded order, plus the
deliberate duplicates, shuffled together.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from locality.demo.directory.catalogue import FALLBACK_ASSET, TEMPLATE_BY_KEY
from locality.demo.directory.duplicates import pick_duplicates
from locality.demo.directory.places import prepare_places
from locality.demo.directory.services import entry
from locality.demo.directory.state import Generator
from locality.demo.directory.venues import asset_venue, new_venue

if TYPE_CHECKING:
    from locality.demo.directory.places import Place
    from locality.demo.directory.template import Template

DEFAULT_SEED = 2024
DEFAULT_SERVICES = 3000
DEFAULT_REFERENCE_DATE = date(2026, 11, 23)
ASSET_SHARE = 0.15
DUPLICATE_SHARE = 0.005
CONFIDENTIAL_SHARE = 0.003
RETRIES = 20  # draws before accepting a numbered name


def _pick_service(gen: Generator) -> tuple[Template, Place]:
    """A service template and a place, skipping templates at their limit for the town."""
    for _ in range(50):
        template = gen.pick_template(gen.service_templates)
        place = gen.tables[template.audience].pick(gen.rng)
        if not template.per_city or gen.per_city[(template.key, place.city)] < (template.per_city):
            return template, place
    raise RuntimeError("no service template left to use")  # pragma: no cover


def make_service(gen: Generator, index: int) -> dict:
    """A service; names that would need a number ("Acomb Job Club (2)") are redrawn."""
    for attempt in range(RETRIES + 1):
        template, place = _pick_service(gen)
        service = entry(gen, index, template, place, None, numbered_ok=attempt == RETRIES)
        if service is not None:
            return service
    raise AssertionError("unreachable: the last attempt accepts a numbered name")


def make_asset(gen: Generator, index: int) -> dict:
    """A community asset; if every draw fails, a lunch club (which may take a numbered name)."""
    for _ in range(RETRIES):
        template = gen.pick_template(gen.asset_templates)
        place = gen.tables[template.audience].pick(gen.rng)
        venue = asset_venue(gen, place, template.venues[0]) if template.self_venue else None
        if template.self_venue and venue is None:
            continue
        service = entry(gen, index, template, place, venue, numbered_ok=False)
        if service is not None:
            return service
    template = TEMPLATE_BY_KEY[FALLBACK_ASSET]
    place = gen.tables[template.audience].pick(gen.rng)
    service = entry(gen, index, template, place, None)
    assert service is not None
    return service


def make_confidential(gen: Generator, index: int) -> dict:
    """A refuge, safe house or similar, at a new venue of its own."""
    template = gen.rng.choice(gen.confidential_templates)
    place = gen.tables["all"].pick(gen.rng)
    return entry(gen, index, template, place, new_venue(gen, place, "refuge"))


MAKERS = {"service": make_service, "asset": make_asset, "confidential": make_confidential}


def _counts(services: int, asset_share: float) -> tuple[int, int, int, int]:
    """(duplicates, confidential, assets, ordinary services) for ``services`` entries."""
    n_dup = round(services * DUPLICATE_SHARE)
    n_conf = round(services * CONFIDENTIAL_SHARE)
    if services >= 200:
        n_dup, n_conf = max(3, n_dup), max(3, n_conf)
    n_orig = services - n_dup
    n_assets = min(round(services * asset_share), n_orig - n_conf)
    return n_dup, n_conf, n_assets, n_orig - n_conf - n_assets


def generate_directory(
    lsoas: Sequence[Any],
    postcodes: Mapping[str, Sequence[Any]],
    *,
    seed: int = DEFAULT_SEED,
    services: int = DEFAULT_SERVICES,
    reference_date: date = DEFAULT_REFERENCE_DATE,
    city: str = "York",
    state_province: str = "North Yorkshire",
    la_code: str = "E06000014",
    asset_share: float = ASSET_SHARE,
) -> dict[str, list]:
    """A synthetic HSDS 3.0 / ORUK directory of ``services`` entries (see the package docstring).

    ``lsoas`` and ``postcodes`` are ``place.load_lsoas()`` and ``place.load_postcodes()`` for
    York, or any LSOA-like areas and postcode-like points (see ``Area`` and ``Point``).
    """
    if services < 1:
        raise ValueError(f"services must be at least 1, got {services}")
    if not 0 <= asset_share < 1:
        raise ValueError(f"asset_share must be in [0, 1), got {asset_share}")
    places = prepare_places(lsoas, postcodes, seed, city, state_province)
    gen = Generator(places, seed, reference_date, city, la_code)
    n_dup, n_conf, n_assets, n_services = _counts(services, asset_share)
    kinds = ["confidential"] * n_conf + ["asset"] * n_assets + ["service"] * n_services
    gen.rng.shuffle(kinds)
    originals = [MAKERS[kind](gen, index) for index, kind in enumerate(kinds)]
    duplicates, known = pick_duplicates(gen, originals, n_dup)
    entries = originals + duplicates
    gen.rng.shuffle(entries)
    return {
        "taxonomies": gen.taxonomies,
        "taxonomy_terms": gen.terms,
        "services": entries,
        "known_duplicates": known,
    }
