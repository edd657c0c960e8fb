"""``briefkit check`` over a repository: discovery, configuration, cross-file rules, exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from briefkit.check.config import ConfigError, ConfigFinder
from briefkit.check.runner import check_paths

from .conftest import SAMPLES

INVALID = Path(__file__).parent / "cases" / "invalid"


def run(
    *args: str, cwd: Path, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    import os

    environment = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    return subprocess.run(
        [sys.executable, "-m", "briefkit", *args],
        cwd=cwd,
        input=stdin.decode() if stdin else None,
        capture_output=True,
        text=True,
        env={**environment, **(env or {})},
        timeout=120,
        check=False,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A briefs repository: the three samples, a draft missing its assessment, and noise."""
    briefs = tmp_path / "briefs"
    briefs.mkdir()
    for sample in SAMPLES.glob("*.json"):
        shutil.copy(sample, briefs / sample.name)
    (tmp_path / "drafts").mkdir()
    draft = (INVALID / "missing-assessment" / "brief.json").read_text(encoding="utf-8")
    draft = draft.replace('"niger-mali-aes-2025-10-02"', '"draft-2025"', 1).replace(
        '"title": "Niger–Mali', '"title": "Draft: Niger–Mali', 1
    )
    (tmp_path / "drafts" / "draft.json").write_text(draft, encoding="utf-8")
    (tmp_path / "node_modules" / "pkg").mkdir(parents=True)
    (tmp_path / "node_modules" / "pkg" / "package.json").write_text("{}", encoding="utf-8")
    (tmp_path / "package.json").write_text('{"name": "site"}', encoding="utf-8")
    (tmp_path / "briefkit.toml").write_text('exclude = ["package.json"]\n', encoding="utf-8")
    return tmp_path


def lines_of(result: subprocess.CompletedProcess[str]) -> list[str]:
    return result.stdout.splitlines()


def test_check_walks_folders_honours_excludes_and_reports_every_file(repo: Path) -> None:
    result = run("check", cwd=repo)
    assert result.returncode == 1
    files = {line.split(":")[0] for line in lines_of(result)}
    assert files == {"drafts/draft.json"}
    assert (
        "in 5 files" in result.stderr
    )  # 3 samples + 1 draft; node_modules and package.json skipped


def test_clean_repository_exits_zero(repo: Path) -> None:
    shutil.rmtree(repo / "drafts")
    result = run("check", cwd=repo)
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    assert "All clear: 4 files checked" in result.stderr


def test_cross_file_rules(repo: Path) -> None:
    draft = json.loads((repo / "briefs" / "tanzania-election.json").read_text(encoding="utf-8"))
    draft["discover_more"][0]["id"] = "tanzania-securty-update-2025-10-29"
    (repo / "briefs" / "copy.json").write_text(json.dumps(draft, indent=2), encoding="utf-8")
    result = run("check", "briefs", cwd=repo)
    codes = sorted(line.split()[1] for line in lines_of(result))
    assert codes == ["BK201", "BK202", "BK203"]
    duplicate = next(line for line in lines_of(result) if " BK201 " in line)
    assert "already used by briefs/" in duplicate
    assert result.returncode == 1


def test_references_resolve_across_the_set(repo: Path) -> None:
    # Checked alone, a brief's links to other briefs are unknown; checked together they resolve.
    alone = run("check", "briefs/niger-mali-aes.json", cwd=repo)
    assert [line.split()[1] for line in lines_of(alone)] == ["BK202", "BK202"]
    assert alone.returncode == 0  # warnings do not fail by default
    together = run("check", "briefs", cwd=repo)
    assert together.stdout == ""


def test_fail_on_warning_and_exit_zero(repo: Path) -> None:
    assert (
        run("check", "briefs/niger-mali-aes.json", "--fail-on", "warning", cwd=repo).returncode == 1
    )
    assert run("check", "--exit-zero", cwd=repo).returncode == 0


def test_stdin_with_a_dash(repo: Path) -> None:
    draft = (repo / "drafts" / "draft.json").read_bytes()
    result = run("check", "-", cwd=repo, stdin=draft)
    assert result.returncode == 1
    assert lines_of(result)[0].startswith("-:1:1: BK104 ")


def test_missing_path_is_a_usage_error(repo: Path) -> None:
    result = run("check", "nowhere", cwd=repo)
    assert result.returncode == 2
    assert "nowhere: no such file or folder" in result.stderr


def write_config(repo: Path, text: str) -> None:
    (repo / "briefkit.toml").write_text(text, encoding="utf-8")


def test_select_ignore_severity_and_required_sections(repo: Path) -> None:
    write_config(
        repo,
        'exclude = ["package.json"]\n'
        'ignore = ["BK2"]\n'
        '[severity]\nBK104 = "warning"\n'
        '[required-sections]\nanalysis = ["executive_summary", "sources"]\n',
    )
    result = run("check", cwd=repo)
    codes = sorted({line.split()[1] for line in lines_of(result)})
    # BK104 is no longer required for analysis briefs; BK106 (sources) now is, for every analysis.
    assert codes == ["BK106"]
    write_config(
        repo, 'exclude = ["package.json"]\nselect = ["BK10"]\n[severity]\nBK104 = "warning"\n'
    )
    result = run("check", cwd=repo)
    assert [line.split()[1] for line in lines_of(result)] == ["BK104"]
    assert result.returncode == 0  # only a warning now


def test_per_file_ignores(repo: Path) -> None:
    write_config(repo, 'exclude = ["package.json"]\n[per-file-ignores]\n"drafts/**" = ["BK104"]\n')
    assert run("check", cwd=repo).returncode == 0


def test_nearest_configuration_wins(repo: Path) -> None:
    (repo / "drafts" / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.briefkit]\nignore = ["BK104"]\n', encoding="utf-8"
    )
    result = run("check", cwd=repo)
    assert result.returncode == 0, result.stdout


def test_pyproject_without_a_briefkit_table_is_passed_over(repo: Path) -> None:
    (repo / "drafts" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    result = run("check", cwd=repo)
    assert "BK104" in result.stdout


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ignore = [", "invalid TOML"),
        ('ignor = ["BK104"]', "unknown key 'ignor'; did you mean 'ignore'?"),
        ('ignore = ["E501"]', "ignore[0]: 'E501' does not match"),
        ('[severity]\nBK104 = "fatal"', "severity.BK104: 'fatal' is not one of"),
        ('[required-sections]\nanalysis = ["assesment"]', "required-sections.analysis[0]"),
    ],
)
def test_broken_configuration_exits_two(repo: Path, text: str, message: str) -> None:
    write_config(repo, text)
    for command in ("check", "lint"):
        args = [command] if command == "check" else [command, "drafts/draft.json"]
        result = run(*args, cwd=repo)
        assert result.returncode == 2, result.stdout + result.stderr
        assert "briefkit.toml" in result.stderr and message in result.stderr
        assert "Traceback" not in result.stderr


def test_explicit_config_option(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    other = tmp_path_factory.mktemp("cfg") / "briefkit.toml"
    other.write_text('exclude = ["package.json"]\nignore = ["BK104"]\n', encoding="utf-8")
    assert run("check", "--config", str(other), cwd=repo).returncode == 0


def test_github_format_is_chosen_under_github_actions(repo: Path) -> None:
    result = run("check", cwd=repo, env={"GITHUB_ACTIONS": "true"})
    assert result.stdout.startswith("::error file=drafts/draft.json,line=1,col=1,title=BK104 ")


def test_output_file_is_written(repo: Path) -> None:
    result = run("check", "--output-format", "json", "--output-file", "report.json", cwd=repo)
    assert result.returncode == 1
    assert result.stdout == ""
    report: dict[str, Any] = json.loads((repo / "report.json").read_text(encoding="utf-8"))
    assert [f["code"] for f in report["findings"]] == ["BK104"]
    assert report["summary"]["error"] == 1
    assert len(report["files"]) == 5


def test_explicitly_named_excluded_folder_is_checked(repo: Path) -> None:
    write_config(repo, 'exclude = ["package.json", "drafts/"]\n')
    assert "drafts/draft.json" not in run("check", cwd=repo).stdout
    assert "drafts/draft.json" in run("check", "drafts", cwd=repo).stdout


def test_large_sets_are_checked_in_parallel_with_the_same_result(tmp_path: Path) -> None:
    base = json.loads((SAMPLES / "niger-mali-aes.json").read_text(encoding="utf-8"))
    for number in range(240):
        brief = json.loads(json.dumps(base))
        brief["id"] = f"brief-{number}"
        brief["title"] = f"Title {number}"
        if number == 17:
            del brief["assessment"]
        (tmp_path / f"b{number:03d}.json").write_text(json.dumps(brief), encoding="utf-8")
    finder = ConfigFinder()
    parallel = check_paths([tmp_path], finder, jobs=2)
    serial = check_paths([tmp_path], finder, jobs=1)
    assert parallel == serial
    codes = [finding.code for finding in parallel.findings]
    assert codes.count("BK104") == 1
    assert codes.count("BK202") == 480  # every link points at the samples' ids, not in this set


def test_configuration_errors_in_the_library() -> None:
    with pytest.raises(ConfigError):
        ConfigFinder(Path("/nonexistent/briefkit.toml"))
