"""Over HTTP: `locality serve` (gunicorn) on 127.0.0.1 and wrk rotating the search URLs.

`serve(...)` is a context manager: the server runs in its own process group and is stopped
(SIGTERM, then SIGKILL after `STOP_SECONDS`) when the block ends, error or not. `run_wrk(...)`
drives it with a Lua script that gives each connection the next URL of the list and prints
wrk's own latency percentiles (50, 90, 95, 99) as one JSON line. wrk's `--timeout` is set
long so that no slow request is dropped from the figures as a timeout, and after each run
the server is left to drain what wrk left queued, so one run does not slow the next.

wrk here is the saturation model: each connection sends its next request the moment the
last is answered (a closed loop with no think time), which measures capacity. The users
model, with think time, is `users.py` (docs/decisions/0006-directory-load-model.md).
"""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

HOST = "127.0.0.1"
START_SECONDS = 90
STOP_SECONDS = 15
WRK_TIMEOUT = "30s"

LUA = r"""
local urls = {}
for line in io.lines("%(urls)s") do urls[#urls + 1] = line end
local counter = 0
local thread_no = 0

function setup(thread)
  thread:set("offset", thread_no * 7919)
  thread_no = thread_no + 1
end

function init(args)
  counter = tonumber(offset) or 0
end

function request()
  counter = counter + 1
  return wrk.format("GET", urls[(counter %% #urls) + 1])
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %%d, "seconds": %%.3f, "p50": %%.3f, "p90": %%.3f, "p95": %%.3f, '
    .. '"p99": %%.3f, "max": %%.3f, "mean": %%.3f, "connect": %%d, "read": %%d, '
    .. '"write": %%d, "status": %%d, "timeout": %%d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(90) / 1e3, latency:percentile(95) / 1e3,
    latency:percentile(99) / 1e3, latency.max / 1e3, latency.mean / 1e3,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout))
end
"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wrk_path() -> str | None:
    return shutil.which("wrk")


@contextlib.contextmanager
def serve(env: dict, *, workers: int, log: Path, probe_path: str):
    """Run `locality serve` on a free port of 127.0.0.1; yield its base URL."""
    port = free_port()
    locality = str(Path(sys.executable).with_name("locality"))
    command = [locality, "serve", "--host", HOST, "--port", str(port), "--workers", str(workers)]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            base = f"http://{HOST}:{port}"
            _wait_ready(process, base + probe_path, log)
            yield base
        finally:
            _stop(process)


def _wait_ready(process, url: str, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"locality serve exited ({process.returncode}); see {log}")
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise RuntimeError(f"locality serve did not answer {url} in {START_SECONDS} s; see {log}")


def _stop(process) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)  # the process group we started, only
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_SECONDS)


def write_script(folder: Path, paths: list[str], name: str = "search") -> Path:
    """The Lua script for wrk, and the list of URLs it reads, in `folder`."""
    if not paths:
        raise ValueError(f"{name}: no URLs to request")
    urls = folder / f"{name}_urls.txt"
    urls.write_text("\n".join(paths) + "\n", encoding="utf-8")
    script = folder / f"{name}.lua"
    script.write_text(LUA % {"urls": urls}, encoding="utf-8")
    return script


def run_wrk(base: str, script: Path, *, threads: int, connections: int, seconds: int) -> dict:
    command = [
        wrk_path() or "wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency",
        "--timeout", WRK_TIMEOUT, "-s", str(script), base + "/",
    ]  # fmt: skip
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 120, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr.strip()}")
    figures = parse_summary(done.stdout, connections=connections)
    drain(base)  # before the next run: see `drain`
    return figures


def parse_summary(stdout: str, *, connections: int) -> dict:
    """The figures from the JSON line our `done()` prints, plus requests/s and errors."""
    line = next((x for x in reversed(stdout.splitlines()) if x.startswith('{"requests"')), None)
    if line is None:
        raise RuntimeError(f"wrk printed no summary:\n{stdout}")
    figures = json.loads(line)
    if figures["seconds"] <= 0:
        raise RuntimeError(f"wrk summary has no duration: {line}")
    figures["rps"] = figures["requests"] / figures["seconds"]
    figures["errors"] = sum(figures[k] for k in ("connect", "read", "write", "status", "timeout"))
    figures["connections"] = connections
    return figures


def drain(base: str, path: str = "/directory/") -> None:
    """Wait for the requests wrk left queued (sync workers answer them all) to be served.

    wrk stops at its deadline but the connections it had open still hold requests in the
    listen queue; one request made now is answered after them. Then a second for the
    workers' last ones."""
    with urllib.request.urlopen(base + path, timeout=120) as response:
        response.read()
    time.sleep(1)


def check_page(url: str, marker: str) -> None:
    """One request, before the load: the page answers 200 and shows a search result list."""
    with urllib.request.urlopen(url, timeout=60) as response:
        body = response.read().decode("utf-8", "replace")
    if marker not in body:
        raise RuntimeError(f"{url}: the page does not look like search results ({marker!r})")
