"""Engine fixtures: every spec test runs once on DuckDB and once on Spark (local mode).

One SparkSession serves the whole run (local[2], two shuffle partitions, no UI); each test gets
a fresh Ibis connection on it, and a fresh in-memory DuckDB.
"""

import pytest

from locality.analytics.population import engines

ENGINES = ["duckdb", pytest.param("spark", marks=pytest.mark.spark)]


@pytest.fixture(scope="session")
def spark_session():
    session = engines.spark_session()
    yield session
    session.stop()


@pytest.fixture(params=ENGINES)
def con(request):
    """An Ibis backend on each engine."""
    if request.param == "spark":
        return engines.connect("spark", session=request.getfixturevalue("spark_session"))
    return engines.connect("duckdb")
