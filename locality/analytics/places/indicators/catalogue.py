"""What an indicator is: its metadata and how its LSOA values add up to a bigger area.

Every indicator is held at LSOA 2011 level (its values keyed by ``lsoa11cd``) and is worked out
for any set of LSOAs (a neighbourhood, a 2025 ward, a local authority, England) by the rule
of its *kind*:

- ``count``: a number of people or things; the LSOA counts are **summed**.
- ``rate``: ``numerator / denominator x multiplier`` (multiplier 100 for a percentage, 1,000
  for "per 1,000"); numerators and denominators are summed and the rate is **recomputed**
  from the sums, never averaged across LSOAs.
- ``score``: a value that is not a ratio of counts (the IMD score); the area's value is the
  **weighted mean** of the LSOA values, weighted by ``weight`` (residents unless said
  otherwise). This is how MHCLG publishes a local authority's "average score".
- ``rank``: a national rank (1 = most deprived of 32,844); the area's value is the weighted
  mean rank (MHCLG's "average rank"). Ranks do not otherwise add up: areas are compared by
  re-ranking them on this value, never by summing or taking a median LSOA.
- ``decile``: a national decile (1 = most deprived 10%); the area gets a **distribution** (the
  share of its ``weight`` living in LSOAs of each decile), not a single number. A single number
  is a separate ``rate`` indicator whose numerator counts the residents of LSOAs in a decile.

Polarity says which direction is better: ``higher_is_better``, ``higher_is_worse`` or
``neutral`` (an age structure is neither). ``ci`` names the confidence interval used to test
a difference (``wilson`` for a proportion, ``byar`` for a rate of events per population, or
none): see ``locality.analytics.places.indicators.compare``.
"""

from dataclasses import dataclass, field

from locality.analytics.places.geography import PlacesError

THEMES = ("adults", "children", "crime", "economy", "health", "population")
POLARITIES = ("higher_is_better", "higher_is_worse", "neutral")
KINDS = ("count", "rate", "score", "rank", "decile")
CI_METHODS = ("wilson", "byar")
SCALAR_KINDS = ("count", "rate", "score", "rank")


@dataclass(frozen=True)
class Indicator:
    """One indicator; the column fields name columns of the store's LSOA table."""

    id: str
    title: str
    theme: str
    kind: str
    polarity: str
    period: str
    source: str
    licence: str
    column: str | None = None  # count, score, rank, decile
    numerator: str | None = None  # rate
    denominator: str | None = None  # rate
    multiplier: float = 1.0  # rate: 100 for %, 1000 for per 1,000
    weight: str = "population"  # score, rank, decile
    unit: str = ""
    ci: str | None = None
    headline: bool = False  # the theme's map
    description: str = ""
    extra: dict = field(default_factory=dict, compare=False)

    def __post_init__(self):
        where = f"indicator {self.id!r}"
        if not self.id or not self.id.replace("_", "").isalnum():
            raise PlacesError(f"{where}: field id: letters, digits and underscores only")
        for name, allowed in (
            ("theme", THEMES),
            ("kind", KINDS),
            ("polarity", POLARITIES),
        ):
            if getattr(self, name) not in allowed:
                raise PlacesError(
                    f"{where}: field {name}: {getattr(self, name)!r} is not one of "
                    f"{', '.join(allowed)}"
                )
        if self.ci is not None and self.ci not in CI_METHODS:
            raise PlacesError(f"{where}: field ci: {self.ci!r} is not one of wilson, byar")
        if self.kind == "rate":
            if not (self.numerator and self.denominator):
                raise PlacesError(f"{where}: a rate needs fields numerator and denominator")
            if not self.multiplier > 0:
                raise PlacesError(f"{where}: field multiplier: must be above 0")
        elif not self.column:
            raise PlacesError(f"{where}: a {self.kind} needs field column")
        if self.ci is not None and self.kind != "rate":
            raise PlacesError(f"{where}: field ci: only a rate has a confidence interval")
        for name in ("title", "period", "source", "licence"):
            if not str(getattr(self, name)).strip():
                raise PlacesError(f"{where}: field {name}: empty")

    @property
    def columns(self) -> tuple[str, ...]:
        """The LSOA columns the indicator reads."""
        if self.kind == "rate":
            return (self.numerator, self.denominator)
        if self.kind in ("score", "rank", "decile"):
            return (self.column, self.weight)
        return (self.column,)

    @property
    def aggregation(self) -> str:
        """How LSOA values add up, in words (printed in the profile's notes)."""
        return {
            "count": "sum of the LSOA counts",
            "rate": "sum of numerators / sum of denominators"
            + (f" x {self.multiplier:g}" if self.multiplier != 1 else ""),
            "score": f"mean of the LSOA scores weighted by {self.weight}",
            "rank": f"mean of the LSOA ranks weighted by {self.weight} (re-rank to compare)",
            "decile": f"share of {self.weight} in each national decile",
        }[self.kind]
