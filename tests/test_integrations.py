"""The files a briefs repository uses to adopt briefkit in one line: pre-commit, GitHub, GitLab."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .conftest import ROOT


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_pre_commit_hook() -> None:
    (hook,) = load(ROOT / ".pre-commit-hooks.yaml")
    assert hook["id"] == "briefkit-check"
    assert hook["entry"] == "briefkit check"
    assert hook["language"] == "python"
    assert hook["types"] == ["json"]
    assert hook["pass_filenames"] is False  # cross-file rules need the whole set


def test_github_action_is_a_composite_that_runs_check() -> None:
    action = load(ROOT / "action.yml")
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) == {"paths", "fail-on", "sarif-file", "python-version"}
    commands = "\n".join(step.get("run", "") for step in action["runs"]["steps"])
    assert "--output-format github" in commands
    assert '--fail-on "$BRIEFKIT_FAIL_ON"' in commands
    assert "--output-format sarif" in commands
    for step in action["runs"]["steps"]:
        if "run" in step:
            assert step["shell"] == "bash"
            assert "${{ inputs." not in step["run"], "inputs reach the shell only through env"


def test_gitlab_snippet_is_documented_and_valid() -> None:
    snippet = load(ROOT / "docs" / "gitlab-ci.yml")
    job = snippet["briefkit"]
    assert any("briefkit check --output-format junit" in line for line in job["script"])
    assert job["artifacts"]["reports"]["junit"] == "briefkit-junit.xml"
    assert "docs/gitlab-ci.yml" in (ROOT / "README.md").read_text(encoding="utf-8")
