"""Renders run in a worker process that the parent can kill: the time and memory limits hold
whatever the input does, Ctrl-C and SIGTERM stop the worker and leave every existing output as it
was, and a worker is replaced after a crash, a kill or its share of renders."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefkit import BriefkitError, load_brand, load_brief
from briefkit.cli.common import error_line
from briefkit.desk.settings import DEFAULT_RENDER_LIMITS
from briefkit.errors import Hint
from briefkit.render.jobs import BriefJob
from briefkit.render.pool import RenderPool
from briefkit.render.renderer import Renderer
from tests.conftest import CASES, SAMPLE_ANALYSIS
from tests.helpers import run_briefkit, slow_brief, start_briefkit

HOSTILE = CASES / "hostile"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SLACK_SECONDS = 2.0
"""How long after its time limit a stopped render may take to end (the issue's bound)."""


def desk(tmp_path: Path, case: str = "slow", config: str = "") -> Path:
    """A brief that lints clean but lays out for a long time (``slow``), or a copy of a hostile
    case with a configuration of its own."""
    work = tmp_path / "desk"
    if case == "slow":
        return slow_brief(work)
    shutil.copytree(HOSTILE / case, work)
    (work / "briefkit.toml").write_text(config, encoding="utf-8")
    return work / "brief.json"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in ``folder`` (recursively) with its bytes."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def start_render(*args: str, cwd: Path) -> tuple[subprocess.Popen[str], int, float]:
    """Start ``briefkit render`` and wait until its worker has started the job (the worker says
    so on stderr); return the process, the worker's pid and when that was."""
    process = start_briefkit("render", *args, cwd=cwd, env={"BRIEFKIT_WORKER_TRACE": "1"})
    assert process.stderr is not None
    line = process.stderr.readline()
    started = time.monotonic()
    assert line.startswith("briefkit-worker "), line + process.stderr.read()
    return process, int(line.split()[1].rstrip(":")), started


def is_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    status = Path(f"/proc/{pid}/stat")
    return status.exists() and status.read_text().split()[2] == "Z"


def test_a_use_bomb_is_stopped_at_the_time_limit_and_nothing_changes(tmp_path: Path) -> None:
    brief = desk(tmp_path)
    (brief.parent / "brief.pdf").write_bytes(b"%PDF-1.7 previous")
    before = snapshot(brief.parent)
    process, worker, started = start_render("brief.json", "--timeout", "3", cwd=brief.parent)
    _, stderr = process.communicate(timeout=60)
    elapsed = time.monotonic() - started
    assert process.returncode == 1, stderr
    assert "brief.json: rendering took longer than 3 s and was stopped" in stderr
    assert elapsed < 3 + SLACK_SECONDS
    assert snapshot(brief.parent) == before
    assert is_gone(worker)


@pytest.mark.parametrize(
    ("signum", "code", "output_format"),
    [
        (signal.SIGINT, 130, "pdf"),
        (signal.SIGTERM, 143, "pdf"),
        (signal.SIGINT, 130, "png"),
        (signal.SIGTERM, 143, "png"),
    ],
    ids=["ctrl-c-pdf", "sigterm-pdf", "ctrl-c-png", "sigterm-png"],
)
def test_an_interrupt_stops_the_worker_and_keeps_every_output(
    tmp_path: Path, signum: signal.Signals, code: int, output_format: str
) -> None:
    brief = desk(tmp_path)
    (brief.parent / "brief.pdf").write_bytes(b"%PDF-1.7 previous")
    for number in range(1, 6):
        (brief.parent / f"brief-{number}.png").write_bytes(b"old page %d" % number)
    before = snapshot(brief.parent)
    process, worker, _ = start_render(
        "brief.json", "--format", output_format, "--timeout", "120", cwd=brief.parent
    )
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == code, stderr
    assert stderr.strip().splitlines()[-1] == "briefkit: error: interrupted"
    assert "Wrote" not in stderr
    assert snapshot(brief.parent) == before  # no page replaced, no temporary file or folder
    assert is_gone(worker)


def test_an_emphasis_flood_is_refused_within_the_limit(tmp_path: Path) -> None:
    brief = tmp_path / "flood.json"
    data = json.loads(SAMPLE_ANALYSIS.read_text(encoding="utf-8"))
    data.pop("$schema")
    data["executive_summary"] = ["*a* " * 4999] * 20
    brief.write_text(json.dumps(data), encoding="utf-8")
    process, _, started = start_render(str(brief), "--timeout", "3", cwd=tmp_path)
    stdout, stderr = process.communicate(timeout=60)
    assert time.monotonic() - started < 3 + SLACK_SECONDS
    assert process.returncode == 1, stderr
    assert stdout == ""  # lint has nothing to say: the bound is the renderer's
    assert "a text opens 4,999 bold, italic or link spans; at most 250" in stderr
    assert not (tmp_path / "flood.pdf").exists()


def test_a_180_page_png_set_at_600_dpi_ends_within_the_limit(tmp_path: Path) -> None:
    data = json.loads(SAMPLE_ANALYSIS.read_text(encoding="utf-8"))
    data.pop("$schema")
    paragraph = " ".join(data["executive_summary"]) * 3
    data["executive_summary"] = [paragraph] * 360  # about 180 pages
    brief = tmp_path / "long.json"
    brief.write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "briefkit.toml").write_text(
        'ignore = [{code = "BK15", reason = "a long test brief"}]\n', encoding="utf-8"
    )
    for number in range(1, 4):
        (tmp_path / f"long-{number}.png").write_bytes(b"old page %d" % number)
    before = snapshot(tmp_path)
    process, worker, started = start_render(
        "long.json", "--format", "png", "--dpi", "600", "--timeout", "3", cwd=tmp_path
    )
    _, stderr = process.communicate(timeout=60)
    assert time.monotonic() - started < 3 + SLACK_SECONDS
    assert process.returncode == 1, stderr
    assert "nothing was written" in stderr or "pixels" in stderr
    assert snapshot(tmp_path) == before
    assert is_gone(worker)


def test_a_png_set_is_capped_in_pixels(tmp_path: Path, renderer: Renderer) -> None:
    renderer = replace(renderer, limits=replace(renderer.limits, max_png_pixels=1_000_000))
    target = tmp_path / "brief.png"
    with pytest.raises(BriefkitError, match=r"3 pages at 96 dpi are 2,\d{3},\d{3} pixels"):
        renderer.render(load_brief(SAMPLE_ANALYSIS), load_brand(), target, output_format="png")
    assert list(tmp_path.iterdir()) == []


def test_a_shorter_png_set_replaces_a_longer_one_whole(tmp_path: Path, renderer: Renderer) -> None:
    for number in range(1, 8):
        (tmp_path / f"brief-{number}.png").write_bytes(b"old page %d" % number)
    result = renderer.render(
        load_brief(SAMPLE_ANALYSIS), load_brand(), tmp_path / "brief.png", output_format="png"
    )
    assert result.pages == 3
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "brief-1.png",
        "brief-2.png",
        "brief-3.png",
    ]
    assert all(path.read_bytes().startswith(PNG_SIGNATURE) for path in result.paths)


def test_a_png_page_over_something_that_is_not_a_file_is_refused(
    tmp_path: Path, renderer: Renderer
) -> None:
    (tmp_path / "brief-1.png").write_bytes(b"old page 1")
    os.mkfifo(tmp_path / "brief-2.png")
    with pytest.raises(BriefkitError, match=r"brief-2\.png: is not a regular file"):
        renderer.render(
            load_brief(SAMPLE_ANALYSIS), load_brand(), tmp_path / "brief.png", output_format="png"
        )
    assert (tmp_path / "brief-1.png").read_bytes() == b"old page 1"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["brief-1.png", "brief-2.png"]


def test_content_that_could_not_be_drawn_is_an_error_unless_accepted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lint refuses a figure that is not an image (BK140, which cannot be silenced), so the job
    goes to the pool directly, as one with a figure lint cannot judge would."""
    import logging

    monkeypatch.setattr(logging.getLogger("weasyprint"), "disabled", True)  # warned on purpose
    brief = desk(tmp_path, "image-not-an-image")
    target = brief.parent / "brief.pdf"
    target.write_bytes(b"%PDF-1.7 previous")
    with RenderPool() as pool:
        with pytest.raises(BriefkitError) as refused:
            pool.render(job_for(brief, target))
        assert "brief.json: not written: part of the document could not be drawn" in str(
            refused.value
        )
        assert "--" not in str(refused.value)  # the library names no flag: its hint does
        assert refused.value.hint is Hint.ACCEPT_WARNINGS
        assert "--accept-warnings" in error_line(refused.value)
        assert target.read_bytes() == b"%PDF-1.7 previous"
        accepted = pool.render(replace(job_for(brief, target), accept_warnings=True))
    assert any("Failed to load image" in warning for warning in accepted.warnings)
    assert len(PdfReader(target).pages) >= 1


def job_for(path: Path, output: Path, **limits: float) -> BriefJob:
    """A job as a pool receives it; lint is skipped, as for a figure lint cannot judge."""
    return BriefJob(
        brief=load_brief(path),
        brand=load_brand(),
        target=output,
        limits=replace(DEFAULT_RENDER_LIMITS, **limits),
    )


def test_a_worker_stays_warm_and_is_replaced_after_a_kill(tmp_path: Path) -> None:
    bomb = desk(tmp_path)
    with RenderPool() as pool:
        pool.render(job_for(SAMPLE_ANALYSIS, tmp_path / "a.pdf"))
        (first,) = pool.pids
        pool.render(job_for(SAMPLE_ANALYSIS, tmp_path / "b.pdf"))
        assert pool.pids == (first,)  # the same warm worker
        with pytest.raises(BriefkitError, match=r"took longer than 1 s and was stopped"):
            pool.render(job_for(bomb, tmp_path / "bomb.pdf", render_seconds=1))
        assert pool.pids == ()
        assert is_gone(first)
        result = pool.render(job_for(SAMPLE_ANALYSIS, tmp_path / "c.pdf"))
        assert result.pages == 3
        assert pool.pids != (first,)
    assert not (tmp_path / "bomb.pdf").exists()


def test_a_worker_is_replaced_after_its_share_of_renders(tmp_path: Path) -> None:
    with RenderPool(max_renders=2) as pool:
        pool.render(job_for(SAMPLE_ANALYSIS, tmp_path / "a.pdf"))
        (first,) = pool.pids
        pool.render(job_for(SAMPLE_ANALYSIS, tmp_path / "b.pdf"))
        assert pool.pids == ()
        pool.render(job_for(SAMPLE_ANALYSIS, tmp_path / "c.pdf"))
        assert pool.pids not in ((), (first,))


def test_a_render_past_the_memory_ceiling_is_stopped(tmp_path: Path) -> None:
    with RenderPool() as pool:
        with pytest.raises(BriefkitError, match=r"more than 100 MiB of memory"):
            pool.render(job_for(SAMPLE_ANALYSIS, tmp_path / "a.pdf", render_memory_mb=100))
        assert not (tmp_path / "a.pdf").exists()
        assert pool.render(job_for(SAMPLE_ANALYSIS, tmp_path / "b.pdf")).pages == 3


def test_render_many_yields_every_job_as_it_finishes(tmp_path: Path) -> None:
    bomb = desk(tmp_path)
    jobs = [
        job_for(SAMPLE_ANALYSIS, tmp_path / "one.pdf"),
        job_for(bomb, tmp_path / "bomb.pdf", render_seconds=1),
        replace(job_for(SAMPLE_ANALYSIS, tmp_path / "two.html"), formats=("html",)),
        job_for(SAMPLE_ANALYSIS, tmp_path / "never.pdf", render_seconds=float("nan")),
    ]
    with RenderPool(jobs=2) as pool:
        outcomes = {
            job.target.name: outcome
            for job, outcome in pool.render_many(jobs)
            if isinstance(job, BriefJob) and job.target is not None
        }
    assert isinstance(outcomes["bomb.pdf"], BriefkitError)
    assert isinstance(outcomes["never.pdf"], BriefkitError)
    assert not isinstance(outcomes["one.pdf"], BaseException)
    assert not isinstance(outcomes["two.html"], BaseException)
    assert sorted(path.name for path in tmp_path.glob("*.*")) == ["one.pdf", "two.html"]


@pytest.mark.parametrize("value", ["inf", "nan", "0", "-1", "1e300"])
def test_a_time_limit_that_would_turn_the_limit_off_is_refused(value: str) -> None:
    result = run_briefkit("render", str(SAMPLE_ANALYSIS), f"--timeout={value}")
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("briefkit: error: --timeout must be a number of seconds")


def test_a_library_time_limit_is_checked_too(tmp_path: Path) -> None:
    with (
        RenderPool() as pool,
        pytest.raises(BriefkitError, match=r"time limit must be a number of seconds above 0"),
    ):
        pool.render(job_for(SAMPLE_ANALYSIS, tmp_path / "a.pdf", render_seconds=float("inf")))


def test_a_pdf_over_a_device_is_refused(tmp_path: Path, renderer: Renderer) -> None:
    device = tmp_path / "null"
    os.mkfifo(device)  # stands for /dev/null, which only root could have replaced
    with pytest.raises(BriefkitError, match=r"null: is not a regular file"):
        renderer.render(load_brief(SAMPLE_ANALYSIS), load_brand(), device)
    assert Path(device).is_fifo()


class _DiesWhenUnpickled:
    """Stands for a brief whose render crashes the worker outright (as a C library can)."""

    path = "crash.json"

    def __reduce__(self) -> tuple[object, tuple[int]]:
        return (os._exit, (7,))


def test_a_worker_that_dies_mid_job_is_reported_and_replaced(tmp_path: Path) -> None:
    job = job_for(SAMPLE_ANALYSIS, tmp_path / "a.pdf")
    with RenderPool() as pool:
        with pytest.raises(BriefkitError, match=r"crash\.json: the render worker stopped"):
            pool.render(replace(job, brief=_DiesWhenUnpickled()))  # type: ignore[arg-type]
        assert pool.pids == ()
        assert pool.render(job).pages == 3
    assert (tmp_path / "a.pdf").exists()


def test_a_worker_loads_neither_the_lint_catalogue_nor_the_repository_check(
    tmp_path: Path,
) -> None:
    """A render worker runs the layout and nothing else: the rules ran in the parent."""
    import pickle
    import sys

    job = Renderer().job(load_brief(SAMPLE_ANALYSIS), load_brand(), tmp_path / "out.pdf")
    (tmp_path / "job.pickle").write_bytes(pickle.dumps(job))
    script = (
        "import pickle, sys\n"
        "from briefkit.render.worker import _load_engine\n"
        f"job = pickle.loads(open({str(tmp_path / 'job.pickle')!r}, 'rb').read())\n"
        "_load_engine().run(job)\n"
        "loaded = [m for m in sys.modules if m.startswith(('briefkit.rules', 'briefkit.check'))]\n"
        "print(sorted(loaded))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert loaded.stdout.strip() == "[]", loaded.stdout
