"""The pre-commit hook, run as a briefs repository runs it.

Installing the hook's environment (briefkit from this checkout, with its dependencies) takes
40 s or more. `pre-commit try-repo` installs it afresh on every call (it uses a temporary store),
so it runs once, for the first case; the other cases run `pre-commit run` with a configuration
naming the same snapshot of this checkout, installed once in the session's PRE_COMMIT_HOME.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.helpers import GIT_ENV, add_samples, git, needs_git

# The hook's environment is installed by pre-commit with pip, from the package registry.
pytestmark = [needs_git, pytest.mark.slow, pytest.mark.network]

HOOK_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml")
HOOK_FOLDERS = ("src", "schema", "layouts", "brands")


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """This checkout's working tree committed in a repository of its own (so that every
    try-repo uses the same revision and installs the hook once), and the environment to run
    pre-commit with (one PRE_COMMIT_HOME for the session)."""
    if importlib_missing("pre_commit"):
        pytest.skip("pre-commit is not installed (it is in the 'test' extra)")
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in HOOK_FILES:
        shutil.copy(ROOT / name, repo / name)
    for name in HOOK_FOLDERS:
        shutil.copytree(
            ROOT / name, repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "snapshot")
    home = tmp_path_factory.mktemp("pre-commit-home")
    return repo, {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home)}


def importlib_missing(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is None


def try_repo(desk: Path, hook: tuple[Path, dict[str, str]]) -> subprocess.CompletedProcess[str]:
    repo, environment = hook
    return pre_commit(desk, environment, "try-repo", str(repo), "briefkit-check")


def run_hook(
    desk: Path, hook: tuple[Path, dict[str, str]], *args: str
) -> subprocess.CompletedProcess[str]:
    """`pre-commit run ARGS` as a desk with both hooks in its .pre-commit-config.yaml runs it."""
    repo, environment = hook
    revision = git(repo, "rev-parse", "HEAD").strip()
    config = desk.parent / f"{desk.name}-pre-commit-config.yaml"
    config.write_text(
        f"repos:\n- repo: {repo}\n  rev: {revision}\n  hooks:\n  - id: briefkit-check\n"
        "  - id: briefkit-check-config\n",
        encoding="utf-8",
    )
    return pre_commit(desk, environment, "run", "--config", str(config), *args)


def pre_commit(
    desk: Path, environment: dict[str, str], *args: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=desk,
        capture_output=True,
        text=True,
        env=environment,
        timeout=600,
        check=False,
    )


def verdict(result: subprocess.CompletedProcess[str], name: str = "briefkit check.") -> str:
    """What pre-commit said of the hook named ``name``: Passed, Failed, or why it skipped."""
    line = next(line for line in result.stdout.splitlines() if line.startswith(name))
    return line.rsplit(".", 1)[-1].strip()


def test_the_hook_judges_what_the_commit_records(
    tmp_path: Path, hook_repo: tuple[Path, dict[str, str]]
) -> None:
    desk = tmp_path
    git(desk, "init", "-q")
    add_samples(desk / "briefs")
    (desk / "briefkit.toml").write_text('[severity]\nBK202 = "error"\n', encoding="utf-8")
    git(desk, "add", "-A")
    git(desk, "commit", "-q", "-m", "desk")

    # 1. A commit that touches no brief runs nothing, whatever the repository holds (here an
    #    untracked broken draft, and an old error in a committed brief).
    (desk / "drafts").mkdir()
    (desk / "drafts" / "scratch.json").write_text('{"id": "scratch", "title": ', encoding="utf-8")
    broken = desk / "briefs" / "niger-mali-aes.json"
    broken.write_text(broken.read_text(encoding="utf-8").replace('"TLP:', '"TLP:X'), "utf-8")
    git(desk, "commit", "-q", "-am", "an old error")
    (desk / "notes.txt").write_text("unrelated\n", encoding="utf-8")
    git(desk, "add", "notes.txt")
    result = try_repo(desk, hook_repo)
    assert verdict(result) == "(no files to check)Skipped", result.stdout + result.stderr
    git(desk, "commit", "-q", "-m", "notes")

    # 2. `--files ONE.json` checks that brief, not the repository's old errors.
    result = run_hook(desk, hook_repo, "--verbose", "--files", "briefs/tanzania-election.json")
    assert verdict(result) == "Passed", result.stdout + result.stderr
    assert "All clear: 1 file checked" in result.stdout

    # 3. The staged version is judged: the broken brief staged fixed passes with a bad
    #    unstaged edit, which pre-commit stashes, and names only that brief.
    git(desk, "checkout", "-q", "HEAD~2", "--", "briefs/niger-mali-aes.json")
    broken.write_text(broken.read_text(encoding="utf-8").replace('"TLP:', '"TLP:X'), "utf-8")
    result = run_hook(desk, hook_repo)
    assert verdict(result) == "Passed", result.stdout + result.stderr
    git(desk, "reset", "-q", "--hard")

    # 4. A commit that only changes the configuration checks every brief: here it makes a
    #    summary-length warning an error, in a brief the commit does not touch.
    (desk / "briefkit.toml").write_text(
        '[severity]\nBK202 = "error"\nBK153 = "error"\n[options]\nsummary-words = [30, 40]\n',
        encoding="utf-8",
    )
    git(desk, "add", "briefkit.toml")
    result = run_hook(desk, hook_repo)
    assert verdict(result) == "(no files to check)Skipped", result.stdout + result.stderr
    assert verdict(result, "briefkit check (configuration changed)") == "Failed"
    assert " BK153 " in result.stdout and "scratch.json" not in result.stdout
