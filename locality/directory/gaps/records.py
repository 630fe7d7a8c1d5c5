"""The gaps figures as records: a need, a neighbourhood row, an LSOA's reach, one need's map."""

from dataclasses import dataclass

NEEDS_TAXONOMY = "Locality needs"
NO_NEIGHBOURHOOD = "Not in a neighbourhood"
NONE = "none"  # residents per service where no service is reachable


@dataclass(frozen=True)
class Need:
    code: str
    name: str


@dataclass(frozen=True)
class GapRow:
    """One neighbourhood x need (see `locality.analytics.places.access` for the definitions)."""

    neighbourhood: str
    need_code: str
    need_name: str
    services_reachable: int
    residents: int
    residents_per_service: float  # math.inf when none is reachable
    lsoas_with_none: tuple[str, ...]
    residents_with_none: int
    share_covered: float  # 0 to 1; NaN for a neighbourhood with no residents


@dataclass(frozen=True)
class LsoaReach:
    code: str
    name: str
    neighbourhood: str
    population: int
    services_reachable: int


@dataclass(frozen=True)
class NeedGaps:
    """One need in one authority: the neighbourhood rows and each LSOA's services reachable."""

    la_code: str
    need: Need
    within_m: float
    circuity: float
    rows: list[GapRow]
    lsoas: list[LsoaReach]
