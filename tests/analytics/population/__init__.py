"""Spec tests of population intelligence: each runs on DuckDB and on Spark."""
