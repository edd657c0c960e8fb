"""``briefkit render PATH...`` with several briefs or a folder, local or remote: one driver that
plans a job per brief, shows each outcome as it comes (progress, findings, failures) and ends with
a summary; the local and the remote render give it their outcomes."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import typer

from briefkit.check.reporters import one_line
from briefkit.cli.common import (
    EXIT_USAGE,
    emit_findings,
    fail,
    interrupts_stop,
    user_errors,
    warn,
    with_advice,
)
from briefkit.cli.settings import say_demo_brand
from briefkit.errors import BriefkitError, Failure
from briefkit.files import is_stdout
from briefkit.wording import plural

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence

    from briefkit.desk.config import ConfigFinder
    from briefkit.findings import Finding
    from briefkit.render.batch import BatchJob, RenderOutcome, RenderPlan, RenderSettings


def failure_line(failure: Failure) -> str:
    """``name: reason`` and the command line's advice, on one line, without naming the file
    twice when the reason starts with it."""
    reason = with_advice(failure.message, failure.hint)
    return one_line(reason if reason.startswith(failure.name) else f"{failure.name}: {reason}")


class Progress:
    """Progress of a batch on standard error: a bar with counts and ETA on a terminal, one plain
    line per brief otherwise (logs, CI)."""

    WIDTH = 28

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.terminal = self.stream.isatty()
        self.started = time.monotonic()
        self.drawn = False

    def __call__(self, outcome: RenderOutcome, done: int, total: int) -> None:
        if not self.terminal:
            if outcome.ok:
                pages = f" ({plural(outcome.pages, 'page')})" * bool(outcome.pages)
                self.stream.write(f"[{done}/{total}] rendered {outcome.key}{pages}\n")
            else:
                self.stream.write(f"[{done}/{total}] failed {failure_line(outcome.failure)}\n")
            self.stream.flush()
            return
        if not outcome.ok:
            self.clear()
            self.stream.write(f"failed {failure_line(outcome.failure)}\n")
        elapsed = time.monotonic() - self.started
        remaining = elapsed / done * (total - done) if done else 0.0
        filled = int(self.WIDTH * done / total) if total else self.WIDTH
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        eta = f"ETA {int(remaining) // 60}:{int(remaining) % 60:02d}"
        self.stream.write(f"\r[{bar}] {done}/{total}  {eta} ")
        self.stream.flush()
        self.drawn = True
        if done == total:
            self.clear()

    def clear(self) -> None:
        """Erase the bar, so that the next line starts clean."""
        if self.drawn:
            self.stream.write("\r" + " " * (self.WIDTH + 30) + "\r")
            self.stream.flush()
            self.drawn = False


def end_batch(rendered: int, skipped: int, failed: list[Failure]) -> None:
    """The summary of a batch render, each failure on a line of its own; exit 1 if any."""
    summary = f"Rendered {rendered}, skipped {skipped}, failed {len(failed)}"
    typer.echo(summary + (":" if failed else "."), err=True)
    for failure in failed:
        typer.echo(f"  {failure_line(failure)}", err=True)
    if failed:
        raise typer.Exit(1)


def refuse_batch_output(paths: list[Path], output: Path | None) -> None:
    """Exit 2 unless ``-o`` can take several briefs (a folder) and none of ``paths`` is ``-``:
    the same rule for a local and a remote ``render PATH...``."""
    if output is not None and is_stdout(output):
        fail("-o -: several briefs cannot go to standard output; give a folder", EXIT_USAGE)
    if any(str(path) == "-" for path in paths):
        fail("'-' reads one brief from standard input; it cannot be combined with others", 2)
    if output is not None and output.exists() and not output.is_dir():
        fail(f"-o {output}: with several briefs or a folder, -o is a folder", EXIT_USAGE)


Rendered = tuple["RenderOutcome", "Sequence[Finding]"]
"""One brief's outcome and the findings to show for it (a local render shows none: its outcome
counts the errors)."""


def run_batch(
    paths: list[Path],
    finder: ConfigFinder,
    render: Callable[[list[BatchJob]], Iterable[Rendered]],
    *,
    output: Path | None,
    output_format: str,
    shard: str | None,
    prepare: Callable[[RenderPlan], None] | None = None,
) -> None:
    """``briefkit render PATH...`` with several briefs or a folder, local or remote: plan a job
    per brief (``-o DIR/<id>.<ext>``), ``prepare`` for them, ``render`` them, and show each
    outcome as it comes, past failures, then a summary; exit 1 when any failed."""
    refuse_batch_output(paths, output)
    from briefkit.render.batch import parse_shard, plan_renders

    try:
        selected = parse_shard(shard) if shard else None
    except BriefkitError as error:
        fail(f"--{error.message}", error.exit_code)
    plan = plan_renders(paths, finder, output, output_format, selected)
    if prepare is not None:
        prepare(plan)
    if not plan.jobs and not plan.failed and selected is None:
        where = ", ".join(str(path) for path in paths)
        fail(f"no briefs found under {where}; create one with `briefkit new`", EXIT_USAGE)
    if output is not None:
        try:
            output.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            fail(f"-o {output}: cannot create the folder: {exc.strerror}")
    progress = Progress()
    failed = list(plan.failed)
    rendered = 0
    warnings: list[str] = []
    for done, (outcome, findings) in enumerate(render(plan.jobs), start=1):
        if findings:
            progress.clear()
            emit_findings(list(findings), [outcome.key])
        if outcome.ok:
            rendered += 1
            warnings.extend(f"{outcome.key}: {message}" for message in outcome.warnings)
        else:
            failed.append(outcome.failure)
        progress(outcome, done, len(plan.jobs))
    progress.clear()
    for message in warnings:
        warn(message)
    end_batch(rendered, len(plan.skipped), failed)


def render_many(
    paths: list[Path],
    finder: ConfigFinder,
    settings: RenderSettings,
    *,
    output: Path | None,
    output_format: str,
    jobs: int | None,
    shard: str | None,
) -> None:
    """``briefkit render PATH...`` with several briefs or a folder, on local render workers."""
    with user_errors(), interrupts_stop():
        from briefkit.render.batch import default_jobs, render_batch

        workers = jobs or default_jobs()

        def render(planned: list[BatchJob]) -> Iterator[Rendered]:
            return ((outcome, ()) for outcome in render_batch(planned, settings, workers))

        run_batch(
            paths,
            finder,
            render,
            output=output,
            output_format=output_format,
            shard=shard,
            prepare=lambda plan: check_brands(plan, finder, settings),
        )


def check_brands(plan: RenderPlan, finder: ConfigFinder, settings: RenderSettings) -> None:
    """Load the brands of a batch once, here: a broken one stops the batch before any worker
    starts; a placeholder one is said once, and so is the demo brand standing in for a brand
    nobody named."""
    from briefkit.render.brand import brand_warning, load_brand

    brands = {settings.brand_path or job.config.render.brand for job in plan.jobs}
    if not plan.jobs:
        brands = {settings.brand_path or finder.for_path(Path.cwd()).render.brand}
    for path in sorted(brands, key=str):
        if path is None:
            load_brand(None)
            say_demo_brand()
        elif placeholder := brand_warning(load_brand(path)):
            warn(placeholder)
