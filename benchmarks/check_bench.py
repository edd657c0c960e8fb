"""``briefkit check`` against check-jsonschema, cold and from the result cache (issue 18).

    .venv/bin/python benchmarks/check_bench.py [--runs N] [--sizes 200,1000,10000]

For each size, briefs are generated once (sample-sized, linked to each other, in a git
repository), then measured as whole processes in interleaved pairs, so that load on a shared
machine hits both alike: ``briefkit check`` with its result cache deleted before each run (the
first run on a desk, which writes the cache), then ``check-jsonschema --schemafile
schema/brief.schema.json`` on the same files (schema only). The table shows medians of wall time
and of CPU time (user + system, this process's children), and the median of the per-pair ratios.

For the largest size, also: a re-check of the unchanged desk from the cache, and a re-check after
editing one brief (alternately ``TLP:WHITE`` and back), each run verifying that the report holds
exactly the edit's finding (BK014) or none.

Targets: cold ratio at most 1 (200 briefs), 0.5 (1,000), 0.45 (10,000); re-check of 10,000
unchanged briefs at most 1.0 s, after one edit at most 1.2 s. Nothing here is asserted by tests;
byte-code is compiled (a warm-up run) as an install would have it.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import ROOT, check_jsonschema, generate_briefs, git_repository

ENVIRONMENT = {
    key: value
    for key, value in os.environ.items()
    if key not in ("PYTHONDONTWRITEBYTECODE", "BRIEFKIT_CACHE_DIR", "GITHUB_ACTIONS")
}
SCHEMA = str(ROOT / "schema" / "brief.schema.json")


def timed(command: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall and CPU seconds of one process, and its standard output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=ENVIRONMENT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{command[0]} failed ({done.returncode}): {done.stderr[-500:]}")
    return wall, cpu, done.stdout


def cold_pairs(folder: Path, paths: list[Path], runs: int, validator: Path) -> dict[str, float]:
    briefkit = [sys.executable, "-m", "briefkit", "check", "."]
    theirs_command = [str(validator), "--schemafile", SCHEMA, *(p.name for p in paths)]
    timed(briefkit, folder), timed(theirs_command, folder)  # byte-code and OS caches
    ours, theirs = [], []
    for _ in range(runs):
        shutil.rmtree(folder / ".briefkit_cache", ignore_errors=True)
        ours.append(timed(briefkit, folder)[:2])
        theirs.append(timed(theirs_command, folder)[:2])
    return {
        "ours": statistics.median(wall for wall, _ in ours),
        "theirs": statistics.median(wall for wall, _ in theirs),
        "ratio": statistics.median(o[0] / t[0] for o, t in zip(ours, theirs, strict=True)),
        "ours_cpu": statistics.median(cpu for _, cpu in ours),
        "theirs_cpu": statistics.median(cpu for _, cpu in theirs),
        "cpu_ratio": statistics.median(o[1] / t[1] for o, t in zip(ours, theirs, strict=True)),
    }


def recheck(folder: Path, runs: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """Median (wall, CPU) seconds of a re-check of the unchanged desk, and after editing one
    brief."""
    briefkit = [sys.executable, "-m", "briefkit", "check", "."]
    timed(briefkit, folder)  # fills the cache
    unchanged = []
    for _ in range(runs):
        wall, cpu, report = timed(briefkit, folder)
        assert report == "", report
        unchanged.append((wall, cpu))
    edited, target = [], folder / "brief-0000.json"
    clean = target.read_text(encoding="utf-8")
    for run in range(runs):
        bad = run % 2 == 0
        target.write_text(clean.replace("TLP:CLEAR", "TLP:WHITE") if bad else clean, "utf-8")
        wall, cpu, report = timed(briefkit, folder)
        codes = [(line.split(":")[0], line.split()[1]) for line in report.splitlines()]
        assert codes == ([("brief-0000.json", "BK014")] if bad else []), report
        edited.append((wall, cpu))
    target.write_text(clean, encoding="utf-8")
    return _medians(unchanged), _medians(edited)


def _medians(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(w for w, _ in pairs), statistics.median(c for _, c in pairs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="pairs (and runs) per measurement")
    parser.add_argument("--sizes", default="200,1000,10000", help="desk sizes, comma-separated")
    args = parser.parse_args()
    validator = check_jsonschema()
    if validator is None:
        raise SystemExit("check-jsonschema could not be installed (benchmarks/out/)")
    sizes = [int(size) for size in args.sizes.split(",")]
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'briefs':>7}  {'briefkit':>9}  {'check-jsonschema':>16}  {'ratio':>6}  "
          f"{'CPU briefkit':>12}  {'CPU c-j':>8}  {'CPU ratio':>9}")  # fmt: skip
    with tempfile.TemporaryDirectory() as base:
        for size in sizes:
            folder = Path(base) / f"desk-{size}"
            folder.mkdir()
            paths = generate_briefs(folder, size)
            git_repository(folder)
            row = cold_pairs(folder, paths, args.runs, validator)
            print(f"{size:>7}  {row['ours']:>8.2f}s  {row['theirs']:>15.2f}s  "
                  f"{row['ratio']:>6.2f}  {row['ours_cpu']:>11.2f}s  {row['theirs_cpu']:>7.2f}s  "
                  f"{row['cpu_ratio']:>9.2f}", flush=True)  # fmt: skip
        unchanged, edited = recheck(Path(base) / f"desk-{sizes[-1]}", args.runs)
    print(f"re-check of {sizes[-1]:,} unchanged briefs from the cache: {unchanged[0]:.2f} s "
          f"(CPU {unchanged[1]:.2f} s)")  # fmt: skip
    print(f"re-check after editing one brief (its finding verified): {edited[0]:.2f} s "
          f"(CPU {edited[1]:.2f} s)")  # fmt: skip
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
