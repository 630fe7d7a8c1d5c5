"""Run a child process and measure its wall time and the peak memory of its whole tree.

A Spark run is a Python process and the JVM it starts, so the peak is the largest sum of the
resident set sizes (RSS) of the child and all its descendants, read from ``/proc`` every
``interval`` seconds. The child also reports its own ``ru_maxrss`` (exact, but its process
only), which is the figure used for DuckDB, where everything runs in the one process.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")
PROC = Path("/proc")


def parse_stat(text: str) -> tuple[int, int]:
    """(pid, parent pid) from the text of ``/proc/<pid>/stat``.

    The command name, in brackets, may hold spaces and brackets, so the fields are counted
    from the last closing bracket: state, then the parent pid.
    """
    pid = int(text[: text.index(" ")])
    fields = text[text.rindex(")") + 2 :].split()
    return pid, int(fields[1])


def parse_statm_rss(text: str, page: int = PAGE) -> int:
    """Resident bytes from the text of ``/proc/<pid>/statm`` (its second field, in pages)."""
    return int(text.split()[1]) * page


def descendants(root: int, parents: dict[int, int]) -> set[int]:
    """``root`` and every process below it, given each process's parent."""
    children: dict[int, list[int]] = {}
    for pid, parent in parents.items():
        children.setdefault(parent, []).append(pid)
    found, todo = set(), [root]
    while todo:
        pid = todo.pop()
        if pid not in found:
            found.add(pid)
            todo.extend(children.get(pid, ()))
    return found


def tree_rss(root: int, proc: Path = PROC) -> int:
    """The summed RSS of ``root`` and its descendants now (0 when they have all gone)."""
    parents = {}
    for entry in proc.iterdir():
        if entry.name.isdigit():
            try:
                pid, parent = parse_stat((entry / "stat").read_text())
            except (OSError, ValueError):
                continue  # the process ended while we looked
            parents[pid] = parent
    total = 0
    for pid in descendants(root, parents):
        try:
            total += parse_statm_rss((proc / str(pid) / "statm").read_text())
        except (OSError, ValueError, IndexError):
            continue
    return total


@dataclasses.dataclass
class Finished:
    returncode: int | None  # None: killed at the time limit
    seconds: float
    peak_tree_bytes: int
    samples: int
    timed_out: bool


def run(
    command: list[str],
    *,
    env: dict,
    cwd: Path,
    log: Path,
    timeout: float,
    interval: float = 0.2,
    echo: bool = True,
) -> Finished:
    """Run ``command`` (its output to ``log``, lines starting with two spaces echoed), polling
    the memory of its tree. At ``timeout`` seconds the whole process group is killed."""
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        peak = {"bytes": 0, "samples": 0}
        done = threading.Event()

        def poll() -> None:
            while not done.is_set():
                peak["bytes"] = max(peak["bytes"], tree_rss(process.pid))
                peak["samples"] += 1
                done.wait(interval)

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        expired = threading.Event()

        def expire() -> None:
            expired.set()
            _kill_group(process)

        timer = threading.Timer(timeout, expire)
        timer.start()
        try:
            for line in process.stdout:
                out.write(line)
                if echo and line.startswith("  "):
                    print(line, end="", flush=True)
            process.wait()
        finally:
            timer.cancel()
            timed_out = expired.is_set()
            if process.poll() is None:
                _kill_group(process)
                process.wait(timeout=60)
            _kill_group(process)  # what it left behind (a JVM that outlived Python)
            process.stdout.close()
            done.set()
            poller.join()
    return Finished(
        returncode=None if timed_out else process.returncode,
        seconds=time.perf_counter() - started,
        peak_tree_bytes=peak["bytes"],
        samples=peak["samples"],
        timed_out=timed_out,
    )


def _kill_group(process: subprocess.Popen) -> None:
    """SIGKILL the child's process group (it has its own session, so only what it started)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
