"""Measure publishing a collection (issue 12), in one run.

    .venv/bin/python benchmarks/publish_bench.py [--briefs 100] [--cold 100] [--renders 1000]

On ``--briefs`` generated sample-sized briefs (copies of the Niger–Mali analysis, three pages,
with their own ids, titles, dates and countries), prints:

- ``briefkit build --jobs 1`` and ``--jobs 2`` from an empty out folder (whole processes);
- ``--cold`` separate ``briefkit render`` processes, one brief each, PDF only (the way to render
  a folder before ``render PATH...`` existed); with fewer than ``--briefs`` the total is
  extrapolated;
- a rebuild with nothing changed (whole process; target: at most 1 s);
- the resident memory of one render worker (:mod:`briefkit.render.pool`, kept for the whole run)
  every 10 % of ``--renders`` renders (target: flat).

Targets: ``--jobs 2`` at least 1.8× faster than ``--jobs 1`` and 8× faster than the cold
processes. Nothing here is asserted in the tests.
"""

from __future__ import annotations

import argparse
import copy
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "niger-mali-aes.json"
COUNTRIES = ("NE", "ML", "BF", "TZ", "KE", "NG", "SN", "CM")
DEMO = "--brand=demo"
"""build refuses to run without a brand; the benchmark measures the built-in one."""


def generate(folder: Path, count: int) -> list[Path]:
    """``count`` sample-sized briefs in ``folder``, all TLP:CLEAR."""
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))
    sample.pop("$schema", None)
    sample.pop("discover_more", None)
    paths = []
    for number in range(count):
        data = copy.deepcopy(sample)
        day = f"2025-{1 + number % 12:02d}-{1 + number % 28:02d}"
        data["id"] = f"bench-brief-{number:03d}"
        data["title"] = f"{sample['title']} ({number})"
        data["date"] = day
        data["countries"] = [COUNTRIES[number % len(COUNTRIES)]]
        path = folder / f"brief-{number:03d}.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths


def timed(command: list[str], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=cwd)
    return time.perf_counter() - start


def briefkit(*args: str) -> list[str]:
    return [sys.executable, "-m", "briefkit", *args]


def worker_memory(brief: Path, renders: int, out: Path) -> list[tuple[int, int]]:
    """Resident memory (KiB) of one warm render worker after every tenth of ``renders`` renders
    (a PDF and a standalone HTML page each), the worker kept for all of them."""
    script = f"""
from pathlib import Path
from briefkit.desk.config import ConfigFinder
from briefkit.rules.lint import lint_with_config
from briefkit.document.brief import load_brief
from briefkit.render.brand import load_brand
from briefkit.render.renderer import Renderer
from briefkit.render.pool import RenderPool

brief = load_brief({str(brief)!r})
findings = lint_with_config(brief, ConfigFinder().for_path(Path({str(brief)!r})))
brand = load_brand()
out = Path({str(out)!r})
step = max(1, {renders} // 10)
with RenderPool(jobs=1, max_renders={renders} * 2 + 1) as pool:
    renderer = Renderer(pool=pool)
    for done in range(1, {renders} + 1):
        for fmt in ("pdf", "html"):
            pool.render(renderer.job(brief, brand, out / ("b." + fmt), output_format=fmt,
                                     findings=findings))
        if done % step == 0:
            (pid,) = pool.pids
            rss = next(l for l in open(f"/proc/{{pid}}/status") if l.startswith("VmRSS"))
            print(done, int(rss.split()[1]), flush=True)
"""
    result = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True
    )
    return [(int(a), int(b)) for a, b in (line.split() for line in result.stdout.splitlines())]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=int, default=100)
    parser.add_argument("--cold", type=int, default=100, help="cold processes to time")
    parser.add_argument("--renders", type=int, default=1000, help="renders for the memory run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        repo = folder / "repo"
        repo.mkdir()
        paths = generate(repo, args.briefs)
        print(f"{args.briefs} generated briefs (3 pages each, PDF + standalone HTML per brief)")

        one = timed(briefkit("build", str(repo), "--out", str(folder / "site1"), "-j1", DEMO))
        print(f"build --jobs 1:                 {one:7.1f} s")
        two = timed(briefkit("build", str(repo), "--out", str(folder / "site2"), "-j2", DEMO))
        print(f"build --jobs 2:                 {two:7.1f} s   ({one / two:.2f}x --jobs 1)")

        rebuilds = [
            timed(briefkit("build", str(repo), "--out", str(folder / "site2"), "-j2", DEMO))
            for _ in range(5)
        ]
        print(f"no-change rebuild (median of 5): {sorted(rebuilds)[2]:6.2f} s")

        cold_paths = paths[: args.cold]
        # PDF only: the build writes a standalone HTML page as well, so this favours the cold way.
        cold = sum(
            timed(briefkit("render", str(path), "-o", str(folder / "cold.pdf")))
            for path in cold_paths
        )
        total = cold * args.briefs / len(cold_paths)
        note = "" if len(cold_paths) == args.briefs else f" (extrapolated from {len(cold_paths)})"
        print(
            f"{args.briefs} briefs as cold processes:  {total:7.1f} s{note}   "
            f"(build --jobs 2 is {total / two:.1f}x faster)"
        )

        samples = worker_memory(paths[0], args.renders, folder)
        print(
            "worker memory (renders: RSS MiB): "
            + ", ".join(f"{done}: {rss / 1024:.0f}" for done, rss in samples)
        )


if __name__ == "__main__":
    main()
