"""Outreach pages: the team's lists, one list by pseudonym, upload, and the per-entry
actions (re-identify, record an outcome, add to caseload), each a POST."""
