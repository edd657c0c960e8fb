"""`check --changed-since REF` and `check --staged` on a real git history."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLE_BRIEFS
from tests.helpers import GIT_ENV, add_samples, codes_of, git, lines_of, needs_git
from tests.helpers import run_briefkit as run

pytestmark = needs_git


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """A desk with the samples committed."""
    git(tmp_path, "init", "-q", "-b", "main")
    add_samples(tmp_path / "briefs")
    (tmp_path / "briefkit.toml").write_text("", encoding="utf-8")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "samples")
    return tmp_path


def edit(path: Path, change: dict[str, object]) -> None:
    brief = json.loads(path.read_text(encoding="utf-8"))
    brief.update(change)
    path.write_text(json.dumps(brief, ensure_ascii=False, indent=2), encoding="utf-8")


def briefs_where(folder: Path, holds: Callable[[dict[str, Any]], bool]) -> list[str]:
    """The desk paths of the briefs in ``folder`` for which ``holds`` is true: the expectations
    come from the samples themselves, so a new sample changes no expected number."""
    return sorted(
        f"{folder.name}/{path.name}"
        for path in folder.glob("*.json")
        if holds(json.loads(path.read_text(encoding="utf-8")))
    )


def linking_to(brief_id: str) -> Callable[[dict[str, Any]], bool]:
    return lambda brief: brief_id in [card["id"] for card in brief.get("discover_more", [])]


def check(repo: Path, *args: str) -> tuple[int, list[str], str]:
    result = run("check", *args, cwd=repo, env=GIT_ENV)
    return result.returncode, lines_of(result), result.stderr


def test_changed_briefs_and_the_briefs_whose_links_broke(history: Path) -> None:
    briefs = history / "briefs"
    linking = briefs_where(briefs, linking_to("tanzania-security-update-2025-10-29"))
    assert {"briefs/niger-mali-aes.json", "briefs/tanzania-election.json"} <= set(linking)
    edit(briefs / "tanzania-election.json", {"title": "Tanzania election: day two"})
    (briefs / "tanzania-security-update.json").unlink()  # other briefs link to its id
    code, lines, stderr = check(history, "--changed-since", "HEAD")
    assert code == 0  # BK202 is a warning by default
    places = sorted((line.split(":")[0], line.split()[1]) for line in lines)
    # tanzania-election changed; the others are unchanged, but their link broke.
    assert places == [(path, "BK202") for path in linking]
    # niger-mali-aes.fr.json links elsewhere: not checked.
    assert "briefs/niger-mali-aes.fr.json" not in linking
    assert f"in {len(linking)} files" in stderr

    git(history, "add", "-A")
    git(history, "commit", "-q", "-m", "drop the update")
    code, lines, stderr = check(history, "--changed-since", "HEAD")
    assert (code, lines) == (0, [])
    assert "Nothing to check: no brief changed since HEAD." in stderr
    # The whole history since the first commit: same briefs, links resolved against all of them.
    code, lines, _ = check(history, "--changed-since", "HEAD~1", "--fail-on", "warning")
    assert code == 1 and len(lines) == len(linking)


def test_a_renamed_id_is_found_and_ids_resolve_against_the_whole_repository(
    history: Path,
) -> None:
    briefs = history / "briefs"
    linking = briefs_where(briefs, linking_to("tanzania-security-update-2025-10-29"))
    edit(briefs / "tanzania-security-update.json", {"id": "tanzania-security-2025-10-29"})
    (briefs / "new.json").write_text(
        (briefs / "niger-mali-aes.fr.json")
        .read_text(encoding="utf-8")
        .replace('"niger-mali-aes-2025-10-02-fr"', '"new-brief"')
        .replace('"title": "', '"title": "New: ', 1),
        encoding="utf-8",
    )
    code, lines, stderr = check(history, "--changed-since", "main")
    assert code == 0
    files = sorted({line.split(":")[0] for line in lines})
    # tanzania-election, niger-mali-aes and others link to the old id; new.json (untracked)
    # links to briefs that did not change and resolve.
    assert files == linking
    assert {"briefs/niger-mali-aes.json", "briefs/tanzania-election.json"} <= set(files)
    assert set(codes_of_lines(lines)) == {"BK202"}
    # The renamed brief, new.json, and the briefs that link to the old id.
    assert f"in {len(linking) + 2} files" in stderr


def codes_of_lines(lines: list[str]) -> list[str]:
    return [line.split()[1] for line in lines]


def test_a_configuration_change_checks_everything(history: Path) -> None:
    (history / "briefkit.toml").write_text(
        '[severity]\nBK153 = "error"\n[options]\nsummary-words = [30, 40]\n', encoding="utf-8"
    )
    code, lines, stderr = check(history, "--changed-since", "HEAD")
    assert code == 1 and f"in {len(SAMPLE_BRIEFS)} files" in stderr
    assert {line.split()[1] for line in lines} == {"BK153"}


def test_an_unknown_ref_is_a_usage_error(history: Path) -> None:
    result = run("check", "--changed-since", "no-such-branch", cwd=history, env=GIT_ENV)
    assert result.returncode == 2
    # The library says what is wrong; the command line adds which flag to change.
    assert "'no-such-branch' names no commit in " in result.stderr
    assert "; --changed-since takes a commit, branch or tag of this repository" in result.stderr


def test_changed_since_outside_git_is_a_usage_error(tmp_path: Path) -> None:
    add_samples(tmp_path)
    result = run("check", "--changed-since", "HEAD", cwd=tmp_path)
    assert result.returncode == 2
    assert ". is not in a git repository; --changed-since and --staged need one" in result.stderr
    assert shutil.which("git")  # (the module is skipped without git)
    assert codes_of(result) == []


def test_staged_checks_the_index_and_everything_when_nothing_is_staged(history: Path) -> None:
    # Nothing staged (`pre-commit run --all-files` on a clean tree): every tracked brief, and
    # never an untracked one.
    (history / "scratch.json").write_text('{"id": "scratch", "title": ', encoding="utf-8")
    code, lines, stderr = check(history, "--staged")
    assert (code, lines) == (0, []) and f"All clear: {len(SAMPLE_BRIEFS)} files checked" in stderr
    # A staged change to one brief: that brief only.
    edit(history / "briefs" / "tanzania-election.json", {"title": ""})
    git(history, "add", "briefs/tanzania-election.json")
    code, lines, stderr = check(history, "--staged")
    assert code == 1 and {line.split(":")[0] for line in lines} == {"briefs/tanzania-election.json"}
    assert "in 1 file" in stderr


def test_changed_since_compares_with_the_merge_base(history: Path) -> None:
    """After main moves on, a branch is judged by what the branch changed, not by main's new
    commits (as pre-commit's --from-ref and `git diff main...HEAD` do)."""
    git(history, "checkout", "-q", "-b", "topic")
    edit(history / "briefs" / "tanzania-election.json", {"title": ""})
    git(history, "commit", "-q", "-am", "topic: break one title")
    git(history, "checkout", "-q", "main")
    edit(history / "briefs" / "niger-mali-aes.json", {"title": "Niger–Mali: the AES a year on"})
    git(history, "commit", "-q", "-am", "main moves on")
    git(history, "checkout", "-q", "topic")
    code, lines, stderr = check(history, "--changed-since", "main")
    assert code == 1
    assert {line.split(":")[0] for line in lines} == {"briefs/tanzania-election.json"}
    assert "in 1 file" in stderr  # niger-mali-aes.json changed on main only: not checked
    help_text = " ".join(run("check", "--help").stdout.split())
    assert "changed since the merge base of REF and HEAD" in help_text


def test_staged_judges_the_index_not_the_working_tree(history: Path) -> None:
    """As a plain git hook (or lefthook, husky) runs it: no stash of unstaged changes."""
    brief = history / "briefs" / "tanzania-election.json"
    good = brief.read_text(encoding="utf-8")
    # A bad staged version with a fixed working copy fails.
    edit(brief, {"title": ""})
    git(history, "add", "briefs/tanzania-election.json")
    brief.write_text(good, encoding="utf-8")
    code, lines, _ = check(history, "--staged", "briefs/tanzania-election.json")
    assert code == 1 and [line.split()[1] for line in lines] == ["BK110"]
    code, lines, _ = check(history, "--staged")
    assert code == 1 and [line.split()[1] for line in lines] == ["BK110"]
    # A good staged version with a bad unstaged edit passes.
    git(history, "add", "briefs/tanzania-election.json")
    edit(brief, {"title": ""})
    code, lines, stderr = check(history, "--staged", "briefs/tanzania-election.json")
    assert (code, lines) == (0, []) and "All clear: 1 file checked" in stderr


def test_staged_reads_the_rest_of_the_repository_from_the_index(history: Path) -> None:
    # The brief that others link to is deleted from the working tree but still staged: its id
    # still resolves. Staging a brief that takes a used id is a duplicate, on the named brief.
    (history / "briefs" / "tanzania-security-update.json").unlink()
    copy = history / "briefs" / "zz-copy.json"
    copy.write_text(
        (history / "briefs" / "niger-mali-aes.json").read_text(encoding="utf-8"), encoding="utf-8"
    )
    git(history, "add", "briefs/zz-copy.json")
    copy.write_text("{}", encoding="utf-8")  # the staged copy is what is checked
    code, lines, _ = check(history, "--staged", "briefs/zz-copy.json", "briefs/niger-mali-aes.json")
    assert code == 1
    assert sorted(" ".join(line.split()[:2]) for line in lines) == [
        "briefs/zz-copy.json:3:9: BK201",
        "briefs/zz-copy.json:5:12: BK203",
    ]


def test_a_hook_run_checks_the_named_briefs_only(history: Path) -> None:
    (history / "package.json").write_text('{"name": "desk-tools"}', encoding="utf-8")
    edit(history / "briefs" / "niger-mali-aes.json", {"title": ""})
    git(history, "add", "-A")
    # pre-commit passes the staged .json files; one that is not a brief is passed over.
    code, lines, stderr = check(history, "--staged", "package.json")
    assert (code, lines) == (0, [])
    assert "Nothing to check: no brief among the staged files named." in stderr
    # `pre-commit run --files ONE.json`: that brief, whatever else is staged.
    code, lines, stderr = check(history, "--staged", "briefs/tanzania-election.json")
    assert (code, lines) == (0, []) and "All clear: 1 file checked" in stderr


def test_an_edition_of_a_changed_brief_is_checked_too(history: Path) -> None:
    briefs = history / "briefs"
    source = json.loads((briefs / "niger-mali-aes.json").read_text(encoding="utf-8"))
    editions = briefs_where(briefs, lambda brief: brief.get("edition_of") == source["id"])
    assert "briefs/niger-mali-aes.fr.json" in editions
    edit(briefs / "niger-mali-aes.json", {"title": source["title"] + " (corrected)"})
    code, lines, stderr = check(history, "--changed-since", "HEAD")
    assert code == 0  # a stale translation is a warning
    # Each edition is unchanged, but its source changed.
    assert [(line.split(":")[0], line.split()[1]) for line in lines] == [
        (path, "BK210") for path in editions
    ]
    assert f"in {1 + len(editions)} files" in stderr
