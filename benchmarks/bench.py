"""Measure briefkit against its performance targets, in one run.

    .venv/bin/python benchmarks/bench.py [--runs N]

Prints:
- cold ``briefkit lint`` of the sample brief, as a whole process (target: under 0.3 s);
- warm render of the sample brief by briefkit (lint, view, template, layout, PDF, atomic write)
  against bare WeasyPrint laying out the same final HTML with the same stylesheets and fonts, in
  the same process, as a ratio (target: at most 10 % overhead).

Timings are medians over the runs; nothing here is asserted in the tests.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "niger-mali-aes.json"


def median_seconds(action: Callable[[], object], runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def cold_lint(runs: int) -> float:
    command = [sys.executable, "-m", "briefkit", "lint", str(SAMPLE)]

    def lint() -> None:
        subprocess.run(command, check=True, capture_output=True)

    lint()  # let the OS cache the files; every run is still a new interpreter
    return median_seconds(lint, runs)


def warm_render(runs: int) -> tuple[float, float, int]:
    from weasyprint import HTML

    from briefkit import load_brand, load_brief
    from briefkit.pdf import Renderer
    from briefkit.render import render_html

    renderer = Renderer()
    brand = load_brand()
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "out.pdf"

        def briefkit_render() -> None:
            renderer.render_pdf(load_brief(SAMPLE), brand, output)

        rendered = render_html(load_brief(SAMPLE), brand)
        stylesheets = renderer.stylesheets(rendered, brand, "a4")

        def bare_weasyprint() -> None:
            document = HTML(string=rendered.html, base_url=rendered.base_url)
            document.write_pdf(stylesheets=stylesheets, font_config=renderer.font_config)

        for _ in range(2):  # warm both paths: fonts, caches, imports
            briefkit_render()
            bare_weasyprint()
        ours, bare = [], []
        for _ in range(runs):  # interleaved, so drift on the machine hits both alike
            ours.append(median_seconds(briefkit_render, 1))
            bare.append(median_seconds(bare_weasyprint, 1))
        pages = renderer.render_pdf(load_brief(SAMPLE), brand, output).pages
    return statistics.median(ours), statistics.median(bare), pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="runs per measurement (median)")
    args = parser.parse_args()

    lint_seconds = cold_lint(args.runs)
    ours, bare, pages = warm_render(args.runs)
    overhead = ours / bare - 1
    rows = [
        ("cold `briefkit lint` (1 brief, whole process)", f"{lint_seconds:.3f} s", "< 0.300 s"),
        (f"warm render, briefkit ({pages} pages)", f"{ours:.3f} s", ""),
        ("warm render, bare WeasyPrint, same HTML", f"{bare:.3f} s", ""),
        ("render ratio briefkit / WeasyPrint", f"{ours / bare:.3f} ({overhead:+.1%})", "<= 1.10"),
    ]
    width = max(len(row[0]) for row in rows)
    print(f"{'measurement':<{width}}  {'result':>18}  target")
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:>18}  {target}")


if __name__ == "__main__":
    main()
