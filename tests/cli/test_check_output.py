"""What `briefkit check` prints around its report: --quiet, --color, --statistics, -v, and
configuration errors that say where and what to write."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.helpers import run_briefkit as run

ESCAPE = "\033["


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    """Two briefs, one of them with an error."""
    for name, title in (("good", None), ("bad", "")):
        brief = json.loads((SAMPLES / "niger-mali-aes.json").read_text(encoding="utf-8"))
        brief.pop("discover_more")  # links to briefs that are not here
        brief.update({"id": name} if title is None else {"id": name, "title": title})
        (tmp_path / f"{name}.json").write_text(json.dumps(brief, indent=2), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        ((), {}, False),  # not a terminal
        ((), {"FORCE_COLOR": "1"}, True),
        ((), {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        (("--color", "always"), {"NO_COLOR": "1"}, True),
        (("--color", "never"), {"FORCE_COLOR": "1"}, False),
    ],
)
def test_color(desk: Path, args: tuple[str, ...], env: dict[str, str], coloured: bool) -> None:
    environment = {"NO_COLOR": "", "FORCE_COLOR": "", **env}
    result = run("check", "--select", "BK110", *args, cwd=desk, env=environment)
    assert result.returncode == 1 and "BK110" in result.stdout
    assert (ESCAPE in result.stdout) is coloured


def test_quiet_prints_the_report_only(desk: Path) -> None:
    result = run("check", "--quiet", "--verbose", cwd=desk)
    assert result.returncode == 1
    assert [line.split()[1] for line in result.stdout.splitlines()] == ["BK110"]
    assert result.stderr == ""


def test_statistics_in_the_chosen_format(desk: Path) -> None:
    result = run("check", "--statistics", "--output-format", "json", cwd=desk)
    assert result.returncode == 1
    assert json.loads(result.stdout) == {
        "statistics": [{"code": "BK110", "rule": "missing-title", "severity": "error", "count": 1}]
    }
    text = run("check", "--statistics", cwd=desk).stdout
    assert text.split() == ["1", "BK110", "error", "missing-title"]
    refused = run("check", "--statistics", "--output-format", "sarif", cwd=desk)
    assert refused.returncode == 2 and "--statistics prints text or json" in refused.stderr


def test_verbose_lists_what_was_passed_over_when_no_brief_was_found(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text('{"name": "tools"}', encoding="utf-8")
    (tmp_path / ".cache").mkdir()
    result = run("check", "-v", cwd=tmp_path)
    assert result.returncode == 2
    assert "skipped package.json: JSON that is not a brief" in result.stderr
    assert "skipped .cache: hidden folder" in result.stderr
    assert "no briefs found under ." in result.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("select = [\n", "briefkit.toml:2:1: invalid TOML: Invalid value"),
        ('ignore = ["BK1"]\nfoo = = 3\n', "briefkit.toml:2:7: invalid TOML: Invalid value"),
        ("select = 3\n", 'found 3; write it as a list of tables: select = [{ code = "BK1", reason'),
        (
            'select = "BK1"\n',
            'found a string; write it as a list of tables: select = [{ code = "BK1"',
        ),
    ],
)
def test_configuration_errors_say_where_and_what_to_write(
    desk: Path, text: str, message: str
) -> None:
    (desk / "briefkit.toml").write_text(text, encoding="utf-8")
    result = run("check", cwd=desk)
    assert result.returncode == 2
    assert message in result.stderr
