"""Load ``briefkit serve``: concurrent clients rendering the sample, against 1 and 2 workers.

    .venv/bin/python benchmarks/serve_bench.py [--clients 8] [--renders 200] [--workers 1 2]

For each worker count: starts ``briefkit serve`` on a free port of 127.0.0.1, waits for
``/ready``, then ``--clients`` threads each send ``--renders`` renders of the sample brief
(PDF) one after another. Prints errors, p50 and p99 latency, throughput (renders a second), and
the service's resident memory (its process and its render workers) sampled across the run, then
the throughput ratio of the largest worker count to one worker. Traffic goes to 127.0.0.1 only;
every loop is bounded by the counts given.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = (ROOT / "samples" / "niger-mali-aes.json").read_bytes()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _rss_mib(pid: int) -> float:
    """Resident memory of ``pid`` and its children, in MiB (from /proc)."""
    total = 0
    pids = [pid]
    # Workers are started from the service's threads: read the children of every thread.
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            pids += [int(child) for child in children.read_text().split()]
        except OSError:
            continue
    for one in pids:
        try:
            for line in Path(f"/proc/{one}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def _render(url: str) -> tuple[bool, float]:
    started = time.perf_counter()
    request = urllib.request.Request(url + "/v1/render", data=SAMPLE, method="POST")
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            ok = response.status == 200 and response.read(5) == b"%PDF-"
    except (urllib.error.URLError, OSError):
        ok = False
    return ok, time.perf_counter() - started


def wait_ready(url: str) -> None:
    """Wait (at most about two minutes) until the service at ``url`` answers ``/ready`` with 200."""
    for _ in range(1200):
        try:
            with urllib.request.urlopen(url + "/ready", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.1)


def run(workers: int, clients: int, renders: int) -> float:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "briefkit",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--queue",
            str(clients * 2),
        ],
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_ready(url)
        latencies: list[float] = []
        errors = 0
        lock = threading.Lock()
        memory: list[float] = [_rss_mib(server.pid)]

        def client() -> None:
            nonlocal errors
            for _ in range(renders):
                ok, seconds = _render(url)
                with lock:
                    latencies.append(seconds)
                    errors += 0 if ok else 1

        threads = [threading.Thread(target=client) for _ in range(clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        while any(thread.is_alive() for thread in threads):
            time.sleep(1)
            memory.append(_rss_mib(server.pid))
        elapsed = time.perf_counter() - started
        latencies.sort()
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        throughput = len(latencies) / elapsed
        print(
            f"workers={workers}: {len(latencies)} renders, {errors} errors, "
            f"p50 {statistics.median(latencies):.2f} s, p99 {p99:.2f} s, "
            f"{throughput:.2f} renders/s, RSS first/peak/last "
            f"{memory[0]:.0f}/{max(memory):.0f}/{memory[-1]:.0f} MiB"
        )
        return throughput
    finally:
        server.terminate()
        server.wait(timeout=120)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--renders", type=int, default=200, help="renders per client")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    results = {workers: run(workers, args.clients, args.renders) for workers in args.workers}
    if len(results) > 1:
        most = max(results)
        ratio = results[most] / results[min(results)]
        print(f"throughput with {most} workers / {min(results)}: {ratio:.2f}x")


if __name__ == "__main__":
    main()
