"""Measure briefkit against its performance targets, in one run.

    .venv/bin/python benchmarks/bench.py [--runs N]

Prints:
- cold ``briefkit lint`` of the sample brief, as a whole process (target: under 0.3 s);
- warm render of the sample brief by briefkit through a reused render worker (lint here; view,
  template, layout and PDF in the worker; atomic write here) against bare WeasyPrint laying out
  the same final HTML with the same stylesheets and fonts in this process, as a ratio (target: at
  most 10 % overhead);
- ``briefkit check`` of 1,000 sample-sized briefs (generated here, in a git repository, so that
  files are listed by git as in a real repository) as a whole process, against
  ``check-jsonschema --schemafile schema/brief.schema.json`` on the same files, which only
  validates the schema (targets: at most 2 s, and faster than check-jsonschema).

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


def warm_render(runs: int) -> tuple[float, float, float, int]:
    """Warm renders through a reused render worker (briefkit's path: lint here, then HTML, layout
    and PDF in the worker, the file written here) against bare WeasyPrint laying out the same
    final HTML in this process, in interleaved pairs."""
    from weasyprint import HTML

    from briefkit import load_brand, load_brief
    from briefkit.render.engine import Engine
    from briefkit.render.html import render_html
    from briefkit.render.pool import RenderPool
    from briefkit.render.renderer import Renderer

    brand = load_brand()
    engine = Engine()
    with tempfile.TemporaryDirectory() as folder, RenderPool() as pool:
        renderer = Renderer(pool=pool)
        output = Path(folder) / "out.pdf"

        def briefkit_render() -> None:
            renderer.render(load_brief(SAMPLE), brand, output)

        rendered = render_html(load_brief(SAMPLE), brand)
        stylesheets = engine.stylesheets(rendered, brand, "a4")

        def bare_weasyprint() -> None:
            document = HTML(string=rendered.html, base_url=rendered.base_url)
            document.write_pdf(stylesheets=stylesheets, font_config=engine.font_config)

        for _ in range(2):  # warm both paths: the worker, fonts, caches, imports
            briefkit_render()
            bare_weasyprint()
        (worker,) = pool.pids
        ours, bare = [], []
        for _ in range(runs):  # interleaved pairs, so drift on the machine hits both alike
            ours.append(median_seconds(briefkit_render, 1))
            bare.append(median_seconds(bare_weasyprint, 1))
        pages = renderer.render(load_brief(SAMPLE), brand, output).pages
        assert pool.pids == (worker,), "the same warm worker served every render"
    ratio = statistics.median(o / b for o, b in zip(ours, bare, strict=True))
    return statistics.median(ours), statistics.median(bare), ratio, pages


def generate_briefs(folder: Path, count: int) -> list[Path]:
    """``count`` distinct, valid briefs the size of the sample, linked to each other."""
    import json

    base = json.loads(SAMPLE.read_text(encoding="utf-8"))
    base.pop("$schema", None)
    paths = []
    for number in range(count):
        brief = json.loads(json.dumps(base))
        brief["id"] = f"brief-{number:04d}"
        brief["title"] = f"{base['title']} ({number})"
        for offset, related in enumerate(brief["discover_more"], start=1):
            related["id"] = f"brief-{(number + offset) % count:04d}"
        path = folder / f"brief-{number:04d}.json"
        path.write_text(json.dumps(brief, ensure_ascii=False, indent=2), encoding="utf-8")
        paths.append(path)
    return paths


def check_jsonschema() -> Path | None:
    """check-jsonschema in a virtual environment of its own (benchmarks/out/), so that its extra
    format-checking packages do not slow down briefkit's own environment being measured."""
    folder = ROOT / "benchmarks" / "out" / "check-jsonschema-venv"
    executable = folder / "bin" / "check-jsonschema"
    if not executable.exists():
        import venv

        venv.create(folder, with_pip=True)
        install = [str(folder / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        if subprocess.run([*install, "check-jsonschema"], check=False).returncode != 0:
            return None
    return executable


def git_repository(folder: Path) -> None:
    """Make ``folder`` a git work tree with its files committed, as a briefs repository is: then
    ``briefkit check`` lists files with git (``.gitignore`` handling on), as users run it."""
    environment = {
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.org",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.org",
    }
    (folder / ".gitignore").write_text("env/\n", encoding="utf-8")
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "briefs"]):
        subprocess.run(["git", "-C", str(folder), *command], check=True, env=environment)


def check_many(runs: int, count: int = 1000) -> tuple[float, float | None]:
    with tempfile.TemporaryDirectory() as folder:
        paths = generate_briefs(Path(folder), count)
        git_repository(Path(folder))
        briefkit = [sys.executable, "-m", "briefkit", "check", folder]
        ours = median_seconds(
            lambda: subprocess.run(briefkit, check=True, capture_output=True), runs
        )
        validator = check_jsonschema()
        if validator is None:
            return ours, None
        schema = str(ROOT / "schema" / "brief.schema.json")
        command = [validator, "--schemafile", schema, *map(str, paths)]
        theirs = median_seconds(
            lambda: subprocess.run(command, check=True, capture_output=True), runs
        )
    return ours, theirs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="runs per measurement (median)")
    args = parser.parse_args()

    lint_seconds = cold_lint(args.runs)
    ours, bare, ratio, pages = warm_render(args.runs)
    overhead = ratio - 1
    check_ours, check_theirs = check_many(max(3, args.runs // 3))
    rows = [
        ("cold `briefkit lint` (1 brief, whole process)", f"{lint_seconds:.3f} s", "< 0.300 s"),
        (f"warm render, briefkit, reused worker ({pages} pages)", f"{ours:.3f} s", ""),
        ("warm render, bare WeasyPrint, same HTML", f"{bare:.3f} s", ""),
        (
            "render ratio briefkit / WeasyPrint (median of pairs)",
            f"{ratio:.3f} ({overhead:+.1%})",
            "<= 1.10",
        ),
        ("`briefkit check`, 1,000 briefs (whole process)", f"{check_ours:.3f} s", "<= 2.000 s"),
    ]
    if check_theirs is None:
        rows.append(("check-jsonschema, same files", "could not be installed", ""))
    else:
        rows.append(("check-jsonschema, same files (schema only)", f"{check_theirs:.3f} s", ""))
        rows.append(
            ("check speed-up over check-jsonschema", f"{check_theirs / check_ours:.2f}x", "> 1")
        )
    width = max(len(row[0]) for row in rows)
    print(f"{'measurement':<{width}}  {'result':>18}  target")
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:>18}  {target}")


if __name__ == "__main__":
    main()
