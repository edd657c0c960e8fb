"""Time ``briefkit serve`` stopping a slow SVG at its limit while clean renders run beside it.

    .venv/bin/python benchmarks/serve_limit.py [--timeout 2] [--circles 15000] [--clean 4]

Starts ``briefkit serve --workers 2`` on a free port of 127.0.0.1 and waits for ``/ready``; then
sends one render of the sample whose figure is an inline SVG that lints clean but takes WeasyPrint
long to draw (``--circles`` translucent circles), with ``?timeout=`` lowering its limit, and once
a worker has taken it, ``--clean`` renders of the sample beside it. Prints each answer's status,
the slow one's finding and how long it took past its limit (the target: within the limit + 2 s),
then stops the service with SIGTERM. One run, bounded; traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import base64
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

from serve_bench import SAMPLE, _free_port, wait_ready


def slow_brief(circles: int) -> bytes:
    shapes = "".join(
        f'<circle cx="{i % 400}" cy="{i * 7 % 300}" r="{3 + i % 5}" fill="#{i * 37 % 4096:03x}" '
        'stroke="#000" stroke-width="0.5" opacity="0.5"/>'
        for i in range(circles)
    )
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" viewBox="0 0 400 300">'
        f"{shapes}</svg>"
    )
    brief = json.loads(SAMPLE)
    image = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    brief["figures"] = [{"image": image, "caption": "Circles", "alt": "Circles"}]
    return json.dumps(brief).encode()


def ask(url: str, body: bytes) -> tuple[int, bytes, float]:
    started = time.perf_counter()
    request = urllib.request.Request(url, data=body, method="POST")
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            return response.status, response.read(), time.perf_counter() - started
    except urllib.error.HTTPError as error:
        return error.code, error.read(), time.perf_counter() - started


def _busy(url: str) -> float:
    with urllib.request.urlopen(url + "/metrics", timeout=30) as response:
        for line in response.read().decode().splitlines():
            if line.startswith("briefkit_workers_busy "):
                return float(line.split()[1])
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--timeout", type=float, default=2.0)
    parser.add_argument("--circles", type=int, default=15_000)
    parser.add_argument("--clean", type=int, default=4)
    options = parser.parse_args()
    port = _free_port()
    folder = tempfile.mkdtemp(prefix="serve-limit-")
    command = [sys.executable, "-m", "briefkit", "serve", "--port", str(port), "--workers", "2"]
    process = subprocess.Popen(command, cwd=folder, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url)
        answers: dict[str, tuple[int, bytes, float]] = {}
        limited = f"{url}/v1/render?timeout={options.timeout:g}"
        jobs = [("slow", limited, slow_brief(options.circles))]
        jobs += [(f"clean-{n}", f"{url}/v1/render", SAMPLE) for n in range(options.clean)]

        def run(name: str, address: str, body: bytes) -> None:
            answers[name] = ask(address, body)

        threads = [threading.Thread(target=run, args=job) for job in jobs]
        threads[0].start()  # the slow one first, so that it does not wait in the queue
        for _ in range(1200):
            if _busy(url) >= 1:
                break
            time.sleep(0.01)
        for thread in threads[1:]:
            thread.start()
        for thread in threads:
            thread.join()
        status, body, seconds = answers["slow"]
        finding = json.loads(body)["findings"][0]["code"] if status == 422 else "-"
        print(
            f"slow SVG: {status} {finding} after {seconds:.2f} s "
            f"(limit {options.timeout:g} s, {seconds - options.timeout:+.2f} s past it)"
        )
        for name, (status, _, seconds) in sorted(answers.items()):
            if name != "slow":
                print(f"{name}: {status} after {seconds:.2f} s")
    finally:
        process.terminate()
        process.wait(timeout=120)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
