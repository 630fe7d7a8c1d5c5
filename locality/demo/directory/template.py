"""What a kind of service or community asset looks like (``Template``), and the need codes.

The catalogue (``catalogue.py``) lists the templates; the generator turns each draw of one
into an HSDS service at a place.
"""

from __future__ import annotations

from dataclasses import dataclass

from locality.demo.directory.taxonomy import SERVICE


@dataclass(frozen=True)
class Template:
    """A kind of service or asset: its name patterns, providers, venues, needs and rules."""

    key: str
    names: tuple[str, ...]
    providers: tuple[str, ...]
    venues: tuple[str, ...]
    needs: tuple[str, ...]
    description: str
    weight: float = 1.0
    kind: str = SERVICE
    audience: str = "all"  # all, children, older, deprived, central
    ages: tuple[int | None, int | None] = (None, None)
    schedule: str = "daytime-1"
    cost: tuple[float, tuple[float, ...], str] = (0.0, (), "")
    access: str = "Just turn up."
    mode: str = "in_person"  # in_person, online, phone
    sites: int = 1  # 0 single site, 1 usually one, 2 often several
    shared: bool = False  # listed by both council and NHS: a duplicate candidate
    confidential: bool = False
    per_city: int = 0  # at most this many per town (0: no limit)
    self_venue: bool = False  # the asset is the venue itself
    extra_languages: float = 1.0


T = Template
# Prefixes of the "Locality needs" term codes (data/taxonomy/locality_needs.json).
N = "social-isolation."
MW = "mental-wellbeing."
PA = "physical-activity."
HE = "healthy-eating."
MD = "money-debt."
HH = "housing-home."
CA = "caring."
LT = "long-term-conditions."
FM = "falls-mobility."
ES = "employment-skills."
FC = "family-children."
DI = "digital-inclusion."
SU = "substance-use."
DA = "domestic-abuse-safety."
FREE_OR_DONATION = (0.3, (1.0, 1.5, 2.0), "suggested donation per session")
