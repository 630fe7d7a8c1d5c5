"""A synthetic population of England for tests, demos and benchmarks.

People are placed in English LSOAs in proportion to their population, with ages, sex,
ethnicity, living alone and households; long-term conditions whose prevalence rises with age
and deprivation; medicines; and a year-by-year history of appointments, A&E, admissions, social
care and housing events. ``docs/synthetic-population.md`` gives every rate and its source.

>>> from locality.analytics.population.synth import generate
>>> # generate(1_000_000, "var/synth/england", seed=1)   # about 31 million events
"""

from locality.analytics.population.synth.generate import FORMATS, MAX_PEOPLE, Summary, generate

__all__ = ["FORMATS", "MAX_PEOPLE", "Summary", "generate"]
