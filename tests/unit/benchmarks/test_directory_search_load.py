"""The directory benchmark's load models: think times, the users client, wrk's script and
summary, and the table (benchmarks/directory_search, docs/decisions/0006)."""

import http.server
import shutil
import statistics
import subprocess
import threading

import pytest

from benchmarks.directory_search import loadtest, report, users

# wrk 4.1's own output followed by the JSON line our Lua `done()` prints (a real run).
WRK_STDOUT = """Running 3s test @ http://127.0.0.1:8765/
  2 threads and 10 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   330.06us  123.63us   0.91ms   82.05%
  78 requests in 3.01s, 39.46KB read
Requests/sec:     25.94
{"requests": 78, "seconds": 3.000, "p50": 0.302, "p90": 0.482, "p95": 0.522, "p99": 0.906, \
"max": 0.906, "mean": 0.330, "connect": 0, "read": 1, "write": 0, "status": 2, "timeout": 3}
"""


class _Handler(http.server.BaseHTTPRequestHandler):
    """200 for /ok..., 404 for anything else; closes every connection, as gunicorn does."""

    def do_GET(self):  # noqa: N802 - the name http.server calls
        status = 200 if self.path.startswith("/ok") else 404
        body = f"{status} {self.path}".encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # wrk hangs up mid-request when its time is up; the client's figures tell


@pytest.fixture
def server():
    httpd = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def test_think_times_same_seed_same_times():
    assert users.think_times(500, seed=7) == users.think_times(500, seed=7)
    assert users.think_times(500, seed=7) != users.think_times(500, seed=8)


def test_think_times_within_bounds_mean_three_seconds():
    times = users.think_times(20_000, seed=2025)
    assert min(times) >= 1000 and max(times) <= 5000
    assert min(times) < 1100 and max(times) > 4900  # the whole range is used
    assert 2950 < statistics.fmean(times) < 3050


def test_think_times_bad_bounds_refused():
    with pytest.raises(ValueError, match="low_ms <= high_ms"):
        users.think_times(10, seed=1, low_ms=5000, high_ms=1000)


def test_user_plan_seeded_per_user_and_long_enough():
    paths = [f"/p{i}" for i in range(60)]
    first = users.user_plan(0, 50, paths, seed=3, seconds=75)
    assert first == users.user_plan(0, 50, paths, seed=3, seconds=75)
    second = users.user_plan(1, 50, paths, seed=3, seconds=75)
    assert [ms for ms, _ in first] != [ms for ms, _ in second]
    assert first[0][1] == "/p0" and second[0][1] == "/p1"
    assert users.user_plan(25, 50, paths, seed=3, seconds=75)[0][1] == "/p30"
    assert sum(ms for ms, _ in first) > 75_000  # never runs out of think times


def test_user_plan_no_urls_refused():
    with pytest.raises(ValueError, match="no URLs"):
        users.user_plan(0, 50, [], seed=1, seconds=10)


def test_summarise_percentiles_errors_and_littles_law():
    results = [{"ms": float(ms), "error": None, "think_ms": 3000} for ms in range(1, 101)]
    results += [{"ms": 500.0, "error": "status", "think_ms": 3000},
                {"ms": 1.0, "error": "connect", "think_ms": 3000}]  # fmt: skip
    figures = users.summarise(results, users=50, seconds=10.0)
    assert figures["requests"] == 102 and figures["rps"] == pytest.approx(10.2)
    assert figures["errors"] == 2 and figures["status"] == 1 and figures["connect"] == 1
    assert figures["p50"] == 51.0  # 101 timed: 1..100 and the 404's 500, not the refused
    assert figures["max"] == 500.0
    assert figures["think_mean_ms"] == 3000
    cycle = (3000 + figures["mean"]) / 1000
    assert figures["littles_rps"] == pytest.approx(50 / cycle)


def test_run_users_against_a_real_server(server):
    figures = users.run_users(
        server, ["/ok/a", "/ok/b", "/missing"], users=4, seconds=1.0, seed=1, think_ms=(10, 50)
    )
    assert figures["requests"] > 0
    assert figures["status"] > 0  # the /missing requests answered 404
    assert figures["connect"] == figures["read"] == figures["timeout"] == 0
    assert figures["errors"] == figures["status"]
    assert 10 <= figures["think_mean_ms"] <= 50
    assert figures["p50"] <= figures["p95"] <= figures["p99"] <= figures["max"]
    assert 0 < figures["client_cpu_share"] < 2  # of one core


def test_run_users_nothing_listening_counts_connect_errors():
    closed = loadtest.free_port()
    figures = users.run_users(
        f"http://127.0.0.1:{closed}", ["/ok"], users=2, seconds=0.5, seed=1, think_ms=(10, 20)
    )
    assert figures["requests"] > 0
    assert figures["connect"] == figures["requests"] == figures["errors"]


def test_parse_summary_reads_the_json_line():
    figures = loadtest.parse_summary(WRK_STDOUT, connections=10)
    assert figures["requests"] == 78 and figures["p95"] == 0.522
    assert figures["rps"] == pytest.approx(26.0)
    assert figures["errors"] == 6
    assert figures["connections"] == 10


def test_parse_summary_without_the_json_line_is_an_error():
    with pytest.raises(RuntimeError, match="wrk printed no summary"):
        loadtest.parse_summary("Running 3s test @ http://127.0.0.1:8765/\n", connections=10)


def test_write_script_lists_the_urls(tmp_path):
    script = loadtest.write_script(tmp_path, ["/directory/?a=1", "/directory/?b=2"], "t")
    text = script.read_text(encoding="utf-8")
    assert str(tmp_path / "t_urls.txt") in text
    assert "function delay" not in text  # saturation: no think time
    urls = (tmp_path / "t_urls.txt").read_text(encoding="utf-8")
    assert urls == "/directory/?a=1\n/directory/?b=2\n"
    with pytest.raises(ValueError, match="no URLs"):
        loadtest.write_script(tmp_path, [], "empty")


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk not installed (apt-get install wrk)")
def test_wrk_script_runs_against_a_real_server(server, tmp_path):
    script = loadtest.write_script(tmp_path, ["/ok/1", "/ok/2"], "real")
    done = subprocess.run(
        ["wrk", "-t1", "-c2", "-d1s", "-s", str(script), server + "/"],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    figures = loadtest.parse_summary(done.stdout, connections=2)
    assert figures["requests"] > 0 and figures["status"] == 0


def _report(http: bool) -> dict:
    timed = {"p50": 40.0, "p95": 120.0, "p99": 150.0, "requests": 1200, "rps": 15.5,
             "errors": 0}  # fmt: skip
    saturated = {"p50": 900.0, "p95": 1100.0, "p99": 1200.0, "requests": 1000, "rps": 50.0,
                 "errors": 0}  # fmt: skip
    engine = {
        "import": {"seconds": 250, "services_per_second": 200},
        "search": {"median": 20.0, "p95": 45.0}, "floor": {"median": 5.0, "p95": 20.0},
        "ratio_median": 4.0, "ratio_p95": 2.3,
        "results": {"median_total": 2, "max_total": 200, "floor_same_total": 300,
                    "measured": 300},
        "load_at_end": "1.0 1.0 1.0",
    }  # fmt: skip
    if http:
        engine.update(http_1=timed, http_users=timed, http_users_form=timed,
                      http_saturation=saturated, http_saturation_form=saturated)  # fmt: skip
    return {
        "engines": {"sqlite": engine}, "http": http, "connections": 50,
        "think_ms": [1000, 5000], "size": {"queries": 300, "warmup": 30}, "miles": 5,
        "workers": 3, "areas": 32758, "generated": {"services": 50000, "locations": 38394},
        "machine": {"date": "2026-12-04 12:00", "commit": "abc1234", "search_py_blob": "x",
                    "cpus": 2, "python": "3.11.7", "load_at_start": "0.5 0.5 0.5"},
    }  # fmt: skip


def test_report_judges_the_goal_on_users_and_labels_saturation():
    lines = report.format_report(_report(http=True))
    goal = next(x for x in lines if x.strip().startswith("goal: 50 users (think 1-5 s)"))
    assert goal.endswith("met (120)") and "NOT" not in goal
    saturation = next(x for x in lines if "saturation, not the goal" in x)
    assert saturation.endswith("NOT met (1100)")
    assert any(x.strip() == "50 users, think 1-5 s (the goal's load)" for x in lines)
    assert any("capacity" in x and "no think time" in x for x in lines)


def test_report_without_http_has_no_http_rows():
    lines = report.format_report(_report(http=False))
    assert any(x.strip().startswith("goal: in-process p95 <= 50 ms") for x in lines)
    assert not any("users" in x or "saturation" in x or "HTTP" in x for x in lines)
