"""Connect to an analytics engine through Ibis: DuckDB (embedded, the default) or Spark.

Spark is an optional extra and is imported only when asked for. In local mode it runs in this
process's JVM with a small number of shuffle partitions and no web UI.
"""

from __future__ import annotations

from typing import Any

ENGINES = ("duckdb", "spark")

SPARK_LOCAL_CONFIG = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "2",
    "spark.default.parallelism": "2",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
}


def connect(engine: str = "duckdb", **options: Any):
    """An Ibis backend for ``engine``.

    ``duckdb`` takes DuckDB's options (e.g. ``database="scores.duckdb"``); ``spark`` takes an
    existing ``session=`` or builds a local one (``master="local[2]"`` by default).
    """
    if engine == "duckdb":
        import ibis

        return ibis.duckdb.connect(**options)
    if engine == "spark":
        import ibis

        session = options.pop("session", None) or spark_session(**options)
        return ibis.pyspark.connect(session)
    raise ValueError(f"Unknown engine {engine!r}: use one of {', '.join(ENGINES)}")


def spark_session(master: str = "local[2]", app_name: str = "locality", **config: str):
    """A local SparkSession (or the active one), configured for small, deterministic jobs."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.master(master).appName(app_name)
    for key, value in {**SPARK_LOCAL_CONFIG, **config}.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def engine_name(con) -> str:
    """``duckdb`` or ``spark`` for an Ibis backend made by :func:`connect`."""
    name = con.name
    return "spark" if name == "pyspark" else name
