"""benchmarks/run.py: every benchmark runs, and `make bench` fails if any of them failed."""

import sys

from benchmarks.run import run


def benchmarks(ran):
    def passes():
        ran.append("passes")

    def returns_2():
        ran.append("returns_2")
        return 2

    def raises():
        ran.append("raises")
        raise RuntimeError("no data")

    def exits_with_message():
        ran.append("exits_with_message")
        sys.exit("spopt is not installed")

    def exits_0():
        ran.append("exits_0")
        sys.exit(0)

    return {f.__name__: f for f in (passes, returns_2, raises, exits_with_message, exits_0)}


def test_a_failing_benchmark_fails_the_run_and_the_others_still_run(capsys):
    ran = []
    found = benchmarks(ran)
    assert run(list(found), found.__getitem__) == 1
    assert ran == list(found)
    out = capsys.readouterr()
    assert "== 3 of 5 benchmarks failed: returns_2 (exit 2), raises (raised RuntimeError), " \
        "exits_with_message (exit 1)" in out.out  # fmt: skip
    assert "RuntimeError: no data" in out.err and "spopt is not installed" in out.err


def test_the_run_passes_when_every_benchmark_passes(capsys):
    ran = []
    found = {k: v for k, v in benchmarks(ran).items() if k in ("passes", "exits_0")}
    assert run(list(found), found.__getitem__) == 0
    assert ran == ["passes", "exits_0"]
    assert "== all 2 benchmarks ran" in capsys.readouterr().out
