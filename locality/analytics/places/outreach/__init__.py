"""Outreach: a community bus for the residents beyond the hubs' reach.

``plan_outreach`` finds the residents outside every hub's catchment, chooses the stops that
reach the most of them (need-weighted; ``coverage``), splits the stops into day routes from a
depot hub in a sensible order with a weekly timetable (``routes``), and ``write_outreach``
(``report``) writes the tables (``tables``), pages (``pages``) and maps (``maps``).
Definitions are in ``plan``.
"""

from locality.analytics.places.outreach.plan import Options, Plan, equity, plan_outreach
from locality.analytics.places.outreach.report import write_outreach

__all__ = ["Options", "Plan", "equity", "plan_outreach", "write_outreach"]
