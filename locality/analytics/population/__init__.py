"""Population intelligence: canonical person-event data, scores, later segments and cohorts.

Imports no Django (enforced by import-linter). Written once with Ibis; DuckDB is the default
engine and Spark (an optional extra, imported lazily) gives identical outputs.
"""
