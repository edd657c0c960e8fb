"""``briefkit render PATH...``: many briefs, workers, shards, failures."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefkit.cli.batch import Progress
from briefkit.desk.config import ConfigFinder
from briefkit.errors import BriefkitError
from briefkit.render.batch import RenderOutcome, parse_shard, plan_renders, shard_selected
from tests.conftest import SAMPLE_BRIEFS, SAMPLES
from tests.helpers import invoke
from tests.publish.conftest import MISSING_ASSESSMENT, situation, write


def test_render_many_keeps_going_past_a_failing_brief_on_two_workers(tmp_path: Path) -> None:
    folder = tmp_path / "briefs"
    write(folder / "one.json", situation("brief-one", "Brief one", "2025-10-01"))
    write(folder / "two.json", situation("brief-two", "Brief two", "2025-10-02"))
    shutil.copy(MISSING_ASSESSMENT, folder / "bad.json")
    write(folder / "not-a-brief.json", {"colour": "blue"})
    out = tmp_path / "out"
    result = invoke("render", str(folder), "-o", str(out), "--jobs", "2")
    assert result.exit_code == 1, result.output
    assert sorted(path.name for path in out.iterdir()) == ["brief-one.pdf", "brief-two.pdf"]
    assert "Rendered 2, skipped 1, failed 1:" in result.output
    assert re.search(r"bad\.json: \d+ lint errors?; run briefkit check", result.output)
    assert "[3/3]" in result.output  # one line per brief when not on a terminal
    assert "Brief two" in PdfReader(out / "brief-two.pdf").pages[0].extract_text()


def test_render_several_briefs_to_standard_output_is_a_usage_error(tmp_path: Path) -> None:
    one = write(tmp_path / "one.json", situation("brief-one", "Brief one", "2025-10-01"))
    result = invoke("render", str(one), str(SAMPLES), "-o", "-")
    assert result.exit_code == 2
    assert "several briefs cannot go to standard output" in result.output
    result = invoke("render", str(one), str(one), "--shard", "3/2")
    assert result.exit_code == 2
    assert "--shard '3/2': give I/N with 1 <= I <= N" in result.output
    with pytest.raises(BriefkitError) as refused:
        parse_shard("3/2")
    assert "--" not in refused.value.message and refused.value.exit_code == 2


def test_shards_split_the_briefs_stably_and_completely(tmp_path: Path) -> None:
    names = [f"briefs/brief-{number}.json" for number in range(40)]
    shards = [parse_shard(f"{index}/3") for index in (1, 2, 3)]
    chosen = [[name for name in names if shard_selected(name, shard)] for shard in shards]
    assert sorted(name for part in chosen for name in part) == sorted(names)
    assert all(len(part) >= 5 for part in chosen)
    assert chosen[0] == [name for name in names if shard_selected(name, shards[0])]
    with pytest.raises(BriefkitError):
        parse_shard("0/2")
    plan = plan_renders([SAMPLES], ConfigFinder(), tmp_path, "html", parse_shard("1/1"))
    assert sorted(job.outputs[0].path.name for job in plan.jobs) == sorted(
        f"{json.loads(sample.read_text(encoding='utf-8'))['id']}.html" for sample in SAMPLE_BRIEFS
    )


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_is_a_bar_with_counts_and_eta() -> None:
    stream = Terminal()
    progress = Progress(stream)
    progress(RenderOutcome("a.json", pages=1), 1, 4)
    progress(RenderOutcome("b.json", error="2 lint errors"), 2, 4)
    text = stream.getvalue()
    assert "\r[#######---------------------] 1/4  ETA " in text
    assert "failed b.json: 2 lint errors\n" in text
    assert "2/4" in text
