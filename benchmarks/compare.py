"""Compare two installs of briefkit (before and after a change) on the figures the issues budget.

    .venv/bin/python benchmarks/compare.py --baseline /old/.venv/bin/python [--runs 15] [--map-off]

Each measurement runs as whole processes of each interpreter, in interleaved pairs (baseline,
then this tree, then baseline...), so that drift on a busy machine hits both alike; the table
shows the medians and the median of the per-pair ratios:

- cold ``briefkit lint`` of the sample brief;
- cold ``briefkit render`` of the sample brief to PDF;
- warm render: one process renders the sample ``--warm`` times through the library's
  ``Renderer`` after two warm-up renders, and reports its median; with ``--map-off``, a second
  row renders it like for like with a baseline that predates the locator map: this tree renders
  a copy of the sample with ``"map": false`` (written alone in a temporary folder), the baseline
  the sample as it is (its schema may not know the key);
- ``briefkit check`` of 1,000 sample-sized briefs (generated once, in a git repository).

Set up a baseline with ``git worktree add /tmp/base <commit>`` and a virtual environment there
(``python3 -m venv /tmp/base/.venv && /tmp/base/.venv/bin/pip install -e /tmp/base``). Nothing here
is asserted by the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench import SAMPLE, generate_briefs

WARM_SCRIPT = """
import statistics, sys, time, tempfile
from pathlib import Path
from briefkit import Renderer, load_brand, load_brief
renderer, brand = Renderer(), load_brand()
output = Path(tempfile.mkdtemp()) / "out.pdf"
def once():
    start = time.perf_counter()
    renderer.render(load_brief(sys.argv[1]), brand, output)
    return time.perf_counter() - start
once(); once()
print(statistics.median(once() for _ in range(int(sys.argv[2]))))
"""


# Measured as a user's install runs: with byte-code caches (the warm-up run writes them), even
# where the environment says not to write them (as this workplace's does).
ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=ENVIRONMENT)
    return time.perf_counter() - start


def _reported(command: list[str]) -> float:
    result = subprocess.run(command, check=True, capture_output=True, text=True, env=ENVIRONMENT)
    return float(result.stdout.strip().splitlines()[-1])


def _without_map(folder: Path) -> Path:
    """A copy of the sample with ``"map": false``, alone in ``folder``."""
    brief = json.loads(SAMPLE.read_text(encoding="utf-8"))
    brief["map"] = False
    folder.mkdir()
    copy = folder / SAMPLE.name
    copy.write_text(json.dumps(brief, ensure_ascii=False, indent=2), encoding="utf-8")
    return copy


def interleaved(
    runs: int, measure: Callable[[str], float], baseline: str, current: str
) -> tuple[float, float, float]:
    """Medians of ``measure(python)`` for the baseline and this tree, and of the pair ratios."""
    measure(baseline), measure(current)  # warm the OS caches for both trees
    old, new = [], []
    for _ in range(runs):
        old.append(measure(baseline))
        new.append(measure(current))
    ratio = statistics.median(n / o for o, n in zip(old, new, strict=True))
    return statistics.median(old), statistics.median(new), ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", required=True, help="python of the baseline's environment")
    parser.add_argument("--runs", type=int, default=15, help="pairs per measurement")
    parser.add_argument("--warm", type=int, default=5, help="renders per warm process")
    parser.add_argument("--only", nargs="*", help="lint, render, warm, check")
    parser.add_argument(
        "--map-off",
        action="store_true",
        help="add a warm render row without this tree's locator map (the baseline's sample as is)",
    )
    args = parser.parse_args()
    current = sys.executable
    wanted = set(args.only or ["lint", "render", "warm", "check"])
    rows: list[tuple[str, tuple[float, float, float]]] = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        if "lint" in wanted:
            rows.append(
                (
                    "cold `briefkit lint`, sample",
                    interleaved(
                        args.runs,
                        lambda py: _seconds([py, "-m", "briefkit", "lint", str(SAMPLE)]),
                        args.baseline,
                        current,
                    ),
                )
            )
        if "render" in wanted:
            out = str(work / "cold.pdf")
            rows.append(
                (
                    "cold `briefkit render`, sample",
                    interleaved(
                        args.runs,
                        lambda py: _seconds(
                            [py, "-m", "briefkit", "render", str(SAMPLE), "-o", out]
                        ),
                        args.baseline,
                        current,
                    ),
                )
            )
        if "warm" in wanted:
            script = [str(SAMPLE), str(args.warm)]
            rows.append(
                (
                    f"warm render, sample (median of {args.warm} per process)",
                    interleaved(
                        max(3, args.runs // 3),
                        lambda py: _reported([py, "-c", WARM_SCRIPT, *script]),
                        args.baseline,
                        current,
                    ),
                )
            )
        if "warm" in wanted and args.map_off:
            mapless = _without_map(work / "map-off")
            rows.append(
                (
                    f"warm render, sample, map off here (median of {args.warm} per process)",
                    interleaved(
                        max(3, args.runs // 3),
                        lambda py: _reported(
                            [
                                py,
                                "-c",
                                WARM_SCRIPT,
                                str(mapless if py == current else SAMPLE),
                                str(args.warm),
                            ]
                        ),
                        args.baseline,
                        current,
                    ),
                )
            )
        if "check" in wanted:
            briefs = work / "briefs"
            briefs.mkdir()
            generate_briefs(briefs, 1000)
            subprocess.run(["git", "init", "-q", str(briefs)], check=True)
            rows.append(
                (
                    "`briefkit check`, 1,000 briefs",
                    interleaved(
                        max(3, args.runs // 3),
                        lambda py: _seconds([py, "-m", "briefkit", "check", str(briefs)]),
                        args.baseline,
                        current,
                    ),
                )
            )
    width = max(len(name) for name, _ in rows)
    print(f"{'measurement':<{width}}  {'baseline':>9}  {'this tree':>9}  ratio (median of pairs)")
    for name, (old, new, ratio) in rows:
        print(f"{name:<{width}}  {old:>8.3f}s  {new:>8.3f}s  {ratio:.3f} ({ratio - 1:+.1%})")


if __name__ == "__main__":
    main()
