"""The state one run of the generator shares: its random stream, id namespace, weighted tables,
the taxonomy, and registers of what it has already made (venues, organisations, names).

The topic modules (``venues``, ``organisations``, ``services``...) are functions of a
``Generator``; they draw from ``gen.rng`` in a fixed order, so a seed gives the same output.
"""

from __future__ import annotations

import hashlib
import random
import uuid
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from datetime import date
from itertools import accumulate
from typing import TYPE_CHECKING

from locality.demo.directory.catalogue import TEMPLATES
from locality.demo.directory.places import Place, audience_tables, quarter_tables
from locality.demo.directory.taxonomy import COMMUNITY_ASSET, SERVICE, load_taxonomies
from locality.demo.directory.template import Template
from locality.demo.directory.vocabulary import DRAMA_NUMBERS

if TYPE_CHECKING:
    from locality.demo.directory.organisations import Org
    from locality.demo.directory.venues import Venue

TemplateTable = tuple[list[Template], list[float]]


def _template_table(templates: Iterable[Template]) -> TemplateTable:
    """Templates and their cumulative weights, for ``Generator.pick_template``."""
    weights = [(t, t.weight) for t in templates]
    return [t for t, _ in weights], list(accumulate(w for _, w in weights))


class Generator:
    """One run's seeded state; the topic modules are functions of it."""

    def __init__(
        self, places: list[Place], seed: int, reference_date: date, city: str, la_code: str
    ) -> None:
        self.places = places
        self.default_city = city
        self.seed = seed
        self.reference_date = reference_date
        self.la_code = la_code
        self.rng = random.Random(f"{seed}/directory")
        self.namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"https://locality.example/demo/{seed}")
        self.namespace_bytes = self.namespace.bytes
        self.tables = audience_tables(places)
        self.quarter_tables = quarter_tables(places)
        numbers = list(DRAMA_NUMBERS)
        random.Random(f"{seed}/phones").shuffle(numbers)
        self.numbers = numbers
        self.number_index = 0
        self.taxonomies, self.terms = load_taxonomies()
        self.term_by_code = {term["code"]: term for term in self.terms}
        self.taxonomy_names = {tax["id"]: tax["name"] for tax in self.taxonomies}
        self.service_templates = _template_table(
            t for t in TEMPLATES if t.kind == SERVICE and t.weight > 0
        )
        self.asset_templates = _template_table(t for t in TEMPLATES if t.kind == COMMUNITY_ASSET)
        self.confidential_templates = [t for t in TEMPLATES if t.confidential]
        self._start_registers()

    def _start_registers(self) -> None:
        """Empty registers of what this run has made, keyed for reuse and uniqueness."""
        self.orgs: dict[str, Org] = {}
        self.orgs_by_id: dict[str, Org] = {}
        self.pools: dict[tuple[str, str], list[Venue]] = {}
        self.template_of: dict[str, Template] = {}
        self.place_of: dict[str, Place] = {}
        self.venue_names: set[str] = set()
        self.service_names: set[str] = set()
        self.name_numbers: dict[str, int] = {}
        self.group_runs: set[tuple[str, str]] = set()
        self.exhausted: set[tuple[str, str, str]] = set()
        self.per_city: Counter[tuple[str, str]] = Counter()

    def id(self, *parts: object) -> str:
        """uuid5(namespace, "a/b/c") as a string, computed directly because it is hot."""
        name = "/".join(map(str, parts))
        digest = bytearray(hashlib.sha1(self.namespace_bytes + name.encode()).digest()[:16])
        digest[6] = (digest[6] & 0x0F) | 0x50
        digest[8] = (digest[8] & 0x3F) | 0x80
        h = digest.hex()
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def spare_number(self) -> int | None:
        """A number no one has yet, if any is left (for a service's direct line)."""
        return self.next_number() if self.number_index < len(self.numbers) else None

    def next_number(self) -> int:
        number = self.numbers[self.number_index % len(self.numbers)]
        self.number_index += 1
        return number

    def pick_template(self, table: TemplateTable) -> Template:
        templates, cumulative = table
        index = bisect_right(cumulative, self.rng.random() * cumulative[-1])
        return templates[min(index, len(templates) - 1)]
