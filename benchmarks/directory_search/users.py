"""Users with think time over HTTP: a small asyncio client (the goal's load, decision 0006).

Each of `users` simulated users waits a think time, then opens a connection, sends one GET
and reads the whole response, and again until the run's time is up, like locust's
`between(1, 5)` users. A user connects only when it sends, as a browser does when the
server closes every connection (gunicorn's sync workers do). wrk's `delay()` cannot do
this: wrk reconnects the moment a response ends and waits out the think time on the new,
idle connection, which a sync worker has already accepted and blocks on (see README.md).

The latency of a request is from opening the connection to the last byte of the response;
the think time is not in it. A request sent before the end is waited for and counted (up to
`TIMEOUT_SECONDS`), so a slow request is never dropped. Think times and the order of the
URLs are seeded, per user, so two runs send the same requests after the same think times.
"""

import asyncio
import contextlib
import random
import statistics
import time
import urllib.parse

THINK_MS = (1000, 5000)  # locust's between(1, 5): uniform, 3 s on average
TIMEOUT_SECONDS = 30.0


def think_times(count: int, *, seed: int, low_ms: int = THINK_MS[0],
                high_ms: int = THINK_MS[1]) -> list[int]:  # fmt: skip
    """`count` think times in whole ms, uniform between `low_ms` and `high_ms`, seeded."""
    if not 0 <= low_ms <= high_ms:
        raise ValueError(f"think time: need 0 <= low_ms <= high_ms, got {low_ms}, {high_ms}")
    rng = random.Random(seed)
    return [round(rng.uniform(low_ms, high_ms)) for _ in range(count)]


def user_plan(user: int, users: int, paths: list[str], *, seed: int, seconds: float,
              think_ms: tuple[int, int] = THINK_MS) -> list[tuple[int, str]]:  # fmt: skip
    """One user's (think ms, path) pairs: as many as can start within `seconds`.

    User `user` of `users` starts at its own place in `paths`, spread evenly, and has
    its own seeded think times."""
    if not paths:
        raise ValueError("users: no URLs to request")
    most = int(seconds * 1000 / max(think_ms[0], 1)) + 1
    thinks = think_times(most, seed=seed * 1_000 + user, low_ms=think_ms[0], high_ms=think_ms[1])
    start = user * len(paths) // users
    return [(ms, paths[(start + i) % len(paths)]) for i, ms in enumerate(thinks)]


def run_users(base: str, paths: list[str], *, users: int, seconds: float, seed: int,
              think_ms: tuple[int, int] = THINK_MS) -> dict:  # fmt: skip
    """Run `users` users for `seconds` against `base` (http://host:port); the figures."""
    url = urllib.parse.urlsplit(base)
    plans = [
        user_plan(u, users, paths, seed=seed, seconds=seconds, think_ms=think_ms)
        for u in range(users)
    ]
    started, cpu = time.perf_counter(), time.process_time()
    results = asyncio.run(_run(url.hostname, url.port, plans, started + seconds))
    elapsed = time.perf_counter() - started
    figures = summarise(results, users=users, seconds=elapsed)
    figures["client_cpu_share"] = (time.process_time() - cpu) / elapsed  # of one core
    return figures


async def _run(host: str, port: int, plans, deadline: float) -> list[dict]:
    done = await asyncio.gather(*(_user(host, port, plan, deadline) for plan in plans))
    return [result for user in done for result in user]


async def _user(host: str, port: int, plan, deadline: float) -> list[dict]:
    results = []
    for think, path in plan:
        if time.perf_counter() + think / 1000 >= deadline:
            break
        await asyncio.sleep(think / 1000)
        result = await _get(host, port, path)
        result["think_ms"] = think
        results.append(result)
    return results


async def _get(host: str, port: int, path: str) -> dict:
    """One GET on a new connection: {"ms": latency, "error": None or its kind}."""
    t0 = time.perf_counter()
    try:
        status = await asyncio.wait_for(_exchange(host, port, path), TIMEOUT_SECONDS)
    except TimeoutError:
        return {"ms": (time.perf_counter() - t0) * 1000, "error": "timeout"}
    except ConnectionRefusedError:
        return {"ms": (time.perf_counter() - t0) * 1000, "error": "connect"}
    except (OSError, ValueError):
        return {"ms": (time.perf_counter() - t0) * 1000, "error": "read"}
    ms = (time.perf_counter() - t0) * 1000
    return {"ms": ms, "error": "status" if status >= 400 else None}


async def _exchange(host: str, port: int, path: str) -> int:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n"
        writer.write(request.encode("ascii"))
        await writer.drain()
        status_line = await reader.readline()
        await reader.read()  # the headers and the body, to the server's close
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()
    parts = status_line.split()
    if len(parts) < 2 or not parts[1].isdigit():
        raise ValueError(f"not an HTTP status line: {status_line[:80]!r}")
    return int(parts[1])


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), linear between closest ranks."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q / 100
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def summarise(results: list[dict], *, users: int, seconds: float) -> dict:
    """The figures, with the same keys as `loadtest.parse_summary` gives for wrk."""
    # A response, even a 4xx/5xx, or a timeout is timed; a failed connection is not.
    ms = [r["ms"] for r in results if r["error"] not in ("connect", "read")]
    errors = {kind: sum(r["error"] == kind for r in results)
              for kind in ("connect", "read", "write", "status", "timeout")}  # fmt: skip
    figures = {
        "requests": len(results), "seconds": seconds, "p50": percentile(ms, 50),
        "p90": percentile(ms, 90), "p95": percentile(ms, 95), "p99": percentile(ms, 99),
        "max": max(ms, default=float("nan")),
        "mean": statistics.fmean(ms) if ms else float("nan"), **errors,
        "errors": sum(errors.values()), "rps": len(results) / seconds, "connections": users,
        "thinks": len(results), "think_ms": sum(r["think_ms"] for r in results),
    }  # fmt: skip
    if results and ms:
        figures["think_mean_ms"] = figures["think_ms"] / len(results)
        cycle_s = (figures["think_mean_ms"] + figures["mean"]) / 1000
        figures["littles_rps"] = users / cycle_s  # the steady-state rate, N / (Z + R)
    return figures
