"""Every report format names a brief the same way: relative to the git top-level inside a
repository (from any working directory), else to the working directory, with ``/``."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.conftest import CASES
from tests.helpers import GIT, git, run_briefkit

BROKEN = CASES / "invalid" / "missing-assessment" / "brief.json"
"""A brief with an error finding, so that every format names its file."""


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A git repository with one failing brief two folders down, and a subfolder to work in."""
    if GIT is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    (repo / "desk" / "briefs").mkdir(parents=True)
    shutil.copyfile(BROKEN, repo / "desk" / "briefs" / "draft.json")
    git(repo, "init", "-q")
    return repo


def names_in(output_format: str, report: str) -> set[str]:
    """The file names a report gives, by format."""
    if output_format == "github":
        return set(re.findall(r"file=([^,]+),", report))
    if output_format == "sarif":
        results = json.loads(report)["runs"][0]["results"]
        return {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    if output_format == "gitlab":
        return {issue["location"]["path"] for issue in json.loads(report)}
    if output_format == "json":
        return {finding["file"] for finding in json.loads(report)["findings"]}
    if output_format == "junit":
        return {case.get("file", "") for case in ElementTree.fromstring(report).iter("testcase")}
    return {line.split(":", 1)[0] for line in report.splitlines()}


FORMATS = ["github", "sarif", "gitlab", "json", "junit", "text"]


def test_every_format_names_paths_from_the_repository_root_in_a_subfolder(
    repository: Path,
) -> None:
    subfolder = repository / "desk"
    seen = {}
    for output_format in FORMATS:
        result = run_briefkit(
            "check", "briefs", "--output-format", output_format, "--no-cache", cwd=subfolder
        )
        assert result.returncode == 1, result.stderr
        seen[output_format] = names_in(output_format, result.stdout)
    assert seen == {name: {"desk/briefs/draft.json"} for name in FORMATS}


def test_sarif_root_is_the_repository_in_a_subfolder(repository: Path) -> None:
    result = run_briefkit("check", "briefs", "--output-format", "sarif", cwd=repository / "desk")
    log = json.loads(result.stdout)
    root = log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert root == repository.as_uri() + "/"


def test_outside_git_paths_are_relative_to_the_working_directory(tmp_path: Path) -> None:
    (tmp_path / "desk" / "briefs").mkdir(parents=True)
    shutil.copyfile(BROKEN, tmp_path / "desk" / "briefs" / "draft.json")
    (tmp_path / "desk" / "briefkit.toml").write_text("", encoding="utf-8")
    for output_format in ("github", "gitlab", "text"):
        result = run_briefkit(
            "check", "briefs", "--output-format", output_format, cwd=tmp_path / "desk"
        )
        assert names_in(output_format, result.stdout) == {"briefs/draft.json"}, output_format


def test_lint_names_paths_from_the_repository_root(repository: Path) -> None:
    result = run_briefkit("lint", "briefs/draft.json", cwd=repository / "desk")
    assert result.returncode == 1, result.stderr
    assert names_in("text", result.stdout) == {"desk/briefs/draft.json"}
