"""The stratify benchmark's own logic: the /proc parsing and the peak memory of a process
tree, the size list, the extrapolation's arithmetic, the agreement check, and the table
(benchmarks/stratify)."""

import argparse
import math
import sys
import time

import polars as pl
import pytest

from benchmarks.stratify import measure, memory, people_list, report

MB = 1_000_000


def test_parse_stat_reads_the_parent_after_a_name_with_spaces_and_brackets():
    text = "4321 (java (gc) x) S 1234 4321 4321 0 -1 4194560 12 0 0 0"
    assert memory.parse_stat(text) == (4321, 1234)


def test_parse_statm_rss_is_the_second_field_in_pages():
    assert memory.parse_statm_rss("5000 300 100 1 0 200 0", page=4096) == 300 * 4096


def test_descendants_walks_the_whole_tree_and_nothing_else():
    parents = {10: 1, 11: 10, 12: 10, 13: 11, 20: 1, 21: 20}
    assert memory.descendants(10, parents) == {10, 11, 12, 13}
    assert memory.descendants(21, parents) == {21}


def test_tree_rss_sums_a_fake_proc_tree(tmp_path):
    for pid, parent, pages in [(10, 1, 100), (11, 10, 50), (12, 11, 7), (30, 1, 999)]:
        folder = tmp_path / str(pid)
        folder.mkdir()
        (folder / "stat").write_text(f"{pid} (p {pid}) S {parent} 0 0")
        (folder / "statm").write_text(f"9999 {pages} 0 0 0 0 0")
    (tmp_path / "self").mkdir()  # not a process: skipped
    assert memory.tree_rss(10, proc=tmp_path) == (100 + 50 + 7) * memory.PAGE
    assert memory.tree_rss(99, proc=tmp_path) == 0


def test_run_counts_the_memory_of_a_grandchild(tmp_path):
    # The child starts a grandchild that holds 300 MB for a second (as a JVM would).
    grandchild = "b = bytearray(300_000_000); import time; time.sleep(1.5)"
    child = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {grandchild!r}])"
    done = memory.run(
        [sys.executable, "-c", child],
        env={},
        cwd=tmp_path,
        log=tmp_path / "log",
        timeout=60,
        interval=0.05,
    )
    assert done.returncode == 0 and not done.timed_out
    assert done.peak_tree_bytes > 300 * MB
    assert done.samples >= 2


def test_run_stops_the_whole_group_at_the_time_limit(tmp_path):
    child = "import subprocess, sys, time; print('  started', flush=True); time.sleep(60)"
    done = memory.run(
        [sys.executable, "-c", child], env={}, cwd=tmp_path, log=tmp_path / "log", timeout=1
    )
    assert done.timed_out and done.returncode is None
    assert "started" in (tmp_path / "log").read_text()


def test_people_list_is_sorted_and_names_a_bad_item():
    assert people_list("1_000_000, 100000,100000") == (100_000, 1_000_000)
    with pytest.raises(argparse.ArgumentTypeError, match="'1e5' is not a whole number"):
        people_list("100000,1e5")
    with pytest.raises(argparse.ArgumentTypeError, match="0 people"):
        people_list("0")


def test_linear_fit_and_scaling_exponent():
    assert report.linear_fit([(100, 12.0), (1000, 30.0)]) == pytest.approx((10.0, 0.02))
    three = [(100, 12.0), (1000, 30.0), (550, 21.0)]  # on the line: the same fit
    assert report.linear_fit(three) == pytest.approx((10.0, 0.02))
    assert report.scaling_exponent((100, 10.0), (1000, 100.0)) == pytest.approx(1.0)
    assert report.scaling_exponent((100, 10.0), (10_000, 100.0)) == pytest.approx(0.5)


def _spark_run(people, scores, person_table, driver):
    steps = {
        "read and validate": driver / 2,
        "scores": scores,
        "per-person table": person_table,
        "cohorts": driver / 4,
        "write": driver / 4,
    }
    return {
        "people": people,
        "seconds": sum(steps.values()),
        "steps": {k: {"seconds": v} for k, v in steps.items()},
    }


def test_extrapolation_splits_engine_and_driver_work():
    # engine: 20 s + 100 s a million; driver: 1 s + 10 s a million
    runs = [_spark_run(1_000_000, 80.0, 40.0, 11.0), _spark_run(100_000, 26.0, 4.0, 2.0)]
    x = report.extrapolate(runs, target=10_000_000, local_cores=2, cluster_cores=(20,))
    assert x["fits"]["engine"]["fixed"] == pytest.approx(20.0)
    assert x["fits"]["engine"]["per_person"] == pytest.approx(100e-6)
    assert x["fits"]["driver"]["fixed"] == pytest.approx(1.0)
    assert x["driver_seconds"] == pytest.approx(1 + 100)
    assert x["one_machine_seconds"] == pytest.approx(20 + 1000 + 101)
    assert x["engine_core_seconds"] == pytest.approx(2000)
    # 20 cores: the 1,000 s of 2-core work becomes 100 s; fixed costs and the driver stay
    assert x["cluster"][20] == pytest.approx(20 + 100 + 101)
    assert x["exponent"] == pytest.approx(math.log(131 / 32) / math.log(10))


def test_extrapolation_leaves_out_runs_that_timed_out_and_needs_two_sizes():
    small, middle = _spark_run(100_000, 26.0, 4.0, 2.0), _spark_run(300_000, 40.0, 12.0, 4.0)
    runs = [small, {"people": 1_000_000, "timed_out": True}, middle]
    x = report.extrapolate(runs, target=1_000_000)
    assert x["fits"]["engine"]["points"] == [(100_000, 30.0), (300_000, 52.0)]
    assert report.extrapolate([small, {"people": 300_000, "error": "boom"}]) == {}
    with pytest.raises(ValueError, match="two sizes"):
        report.linear_fit([(100, 1.0), (100, 2.0)])


def test_agreement_counts_every_person_and_lists_disagreements():
    ours = pl.DataFrame(
        {"person_id": ["a", "b", "c", "d"], "numerator": [0, 3, 2, 0], "denominator": [1, 1, 1, 1]}
    )
    theirs = pl.DataFrame(
        {
            "id": ["a", "b", "c", "d"],
            measure.CCI: [0, 3, 1, 0],
            "scored": [False, True, True, False],
        }
    )
    a = measure.agreement(ours, theirs)
    assert (a["people"], a["equal"], a["with_points"], a["pycomorb_people"]) == (4, 3, 2, 2)
    assert a["disagreements"] == [{"person_id": "c", "locality": 2.0, "pycomorb": 1}]
    # a person only one side scored is a disagreement, not dropped
    missing = measure.agreement(ours, theirs.filter(pl.col("id") != "d"))
    assert (missing["people"], missing["equal"]) == (4, 2)
    assert [d["person_id"] for d in missing["disagreements"]] == ["c", "d"]
    assert missing["disagreements"][-1] == {"person_id": "d", "locality": 0.0, "pycomorb": None}


def _report(**overrides):
    base = {
        "machine": {
            "date": "2026-12-04 14:00",
            "commit": "abc1234",
            "cpus": 2,
            "python": "3.11.7",
            "versions": {"duckdb": "1.4"},
            "load_at_start": "1.0 1.0 1.0",
        },
        "data": {
            "people": 1_000_000,
            "seed": 1,
            "events": 30_865_194,
            "events_per_person": 30.865,
            "bytes": {"events.parquet": 72 * MB},
            "icd10_rows": 1_162_454,
            "icd10_people": 266_542,
            "as_of": "2025-01-01",
            "seconds": 14.2,
        },
        "duckdb": {
            "people": 1_000_000,
            "settings": {"threads": 2, "memory_limit": "3.7 GiB"},
            "steps": {"scores": {"seconds": 8.0, "max_rss_bytes": 2e9}},
            "seconds": 53.0,
            "max_rss_bytes": 5.44e9,
            "wall_seconds": 54.1,
            "peak_tree_bytes": 5.5e9,
        },
        "charlson": {
            "threads": 2,
            "validated_same": True,
            "runs": {
                "locality": [0.5, 0.4, 0.6],
                "locality_validated": [3, 3, 3],
                "pycomorb": [1.5, 1.6, 1.4],
            },
            "steps": {"locality": {"to polars": [0.01, 0.03, 0.02]}},
            "agreement": {
                "people": 10,
                "equal": 9,
                "pycomorb_people": 4,
                "with_points": 3,
                "disagreements": [{"person_id": "p7", "locality": 2.0, "pycomorb": 1}],
            },
        },
        "load_at_end": "2.0 2.0 2.0",
        "run_seconds": 600,
    }
    return base | overrides


def test_format_report_judges_the_goals():
    text = "\n".join(report.format_report(_report()))
    assert "30,865,194 events (30.9 a person)" in text
    assert "met (53.0 s)" in text
    assert "NOT met (5.44 GB)" in text
    assert "3.00x" in text and "met (3.00x)" in text  # 1.5 / 0.5, the medians
    assert "steps, median s: to polars 0.020" in text
    assert "9 / 10 (90.00%)" in text and "NOT met (90.00%)" in text
    assert "differs: p7: Locality 2.0, pycomorb 1" in text
    assert "at start 1.0 1.0 1.0, at end 2.0 2.0 2.0" in text


def test_format_report_shows_failures_and_spark_time_outs():
    shown = {"peak_tree_bytes": 2e9, "connect_seconds": 8.0}
    runs = [
        _spark_run(50_000, 20.0, 3.0, 1.0) | shown | {"settings": {"spark.master": "local[2]"}},
        _spark_run(100_000, 26.0, 4.0, 2.0) | shown,
        {"people": 1_000_000, "timed_out": True, "timeout": 900},
    ]
    spark = {"runs": runs, "extrapolation": report.extrapolate(runs)}
    lines = report.format_report(_report(duckdb={"error": "exit status 1: boom"}, spark=spark))
    text = "\n".join(lines)
    assert "failed: exit status 1: boom" in text
    assert "over 15 min" in text
    assert "master local[2]" in text
    assert "extrapolation to 57,000,000 people" in text
    assert "engine steps: 16.0 s + 140.0 s per million people" in text
    one = report.format_report(_report(spark={"runs": runs[:1], "extrapolation": {}}))
    assert "no extrapolation: it needs Spark runs of two sizes" in "\n".join(one)


def test_steps_timer_ends_each_step_at_the_next_mark():
    timer = measure.Steps()
    timer.mark("first")
    time.sleep(0.01)
    timer.mark("second")
    assert list(timer.seconds) == ["first", "second"]
    assert timer.seconds["second"] >= 0.01
