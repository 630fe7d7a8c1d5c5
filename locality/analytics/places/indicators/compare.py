"""Is a neighbourhood's rate different from its local authority's or England's?

Only rates that declare a confidence-interval method are tested, as the Office for Health
Improvement and Disparities (Fingertips) does: the 95% interval of the neighbourhood's value
(Wilson score interval for a proportion, Byar's approximation for a count of events over a
population) is compared with the comparator's value; if the comparator lies outside it, the
neighbourhood is "higher" or "lower" ("better"/"worse" when the indicator has a polarity),
else "similar". The bundled population and deprivation figures are whole-population estimates
and national classifications, not samples: they have no sampling error to test, so they are
reported as "not tested" and the difference is shown as it is.
"""

import math

Z95 = 1.959964


def wilson(numerator: float, denominator: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of numerator/denominator (a proportion, 0 to 1)."""
    if not denominator > 0:
        return (math.nan, math.nan)
    p = numerator / denominator
    centre = 2 * numerator + z * z
    spread = z * math.sqrt(z * z + 4 * numerator * (1 - p))
    bottom = 2 * (denominator + z * z)
    return ((centre - spread) / bottom, (centre + spread) / bottom)


def byar(count: float, denominator: float, z: float = Z95) -> tuple[float, float]:
    """Byar's interval of count/denominator (events per person)."""
    if not denominator > 0:
        return (math.nan, math.nan)
    low = 0.0
    if count > 0:
        low = count * (1 - 1 / (9 * count) - z / (3 * math.sqrt(count))) ** 3
    upper = (count + 1) * (1 - 1 / (9 * (count + 1)) + z / (3 * math.sqrt(count + 1))) ** 3
    return (low / denominator, upper / denominator)


def interval(indicator, numerator: float, denominator: float) -> tuple[float, float]:
    """The 95% interval of the indicator's value, in its units (NaN when not tested)."""
    if indicator.ci is None or indicator.kind != "rate":
        return (math.nan, math.nan)
    method = wilson if indicator.ci == "wilson" else byar
    low, high = method(numerator, denominator)
    return (low * indicator.multiplier, high * indicator.multiplier)


def verdict(indicator, low: float, high: float, comparator: float) -> str:
    """'better', 'worse', 'higher', 'lower', 'similar', or 'not tested'."""
    if math.isnan(low) or math.isnan(high) or comparator is None or math.isnan(comparator):
        return "not tested"
    if low <= comparator <= high:
        return "similar"
    higher = low > comparator
    if indicator.polarity == "higher_is_better":
        return "better" if higher else "worse"
    if indicator.polarity == "higher_is_worse":
        return "worse" if higher else "better"
    return "higher" if higher else "lower"
