"""Where a finding across briefs sits, and fingerprints that move only when the problem does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import SAMPLES
from tests.helpers import GIT_ENV, git, lines_of, needs_git
from tests.helpers import run_briefkit as run


def write(path: Path, change: dict[str, Any], indent: int = 2, reverse: bool = False) -> Path:
    brief = json.loads((SAMPLES / "tanzania-election.json").read_text(encoding="utf-8"))
    brief.update({"discover_more": None, **change})  # no links to briefs that are not here
    brief = {key: value for key, value in brief.items() if value is not None}
    if reverse:
        brief = dict(reversed(brief.items()))
    path.write_text(json.dumps(brief, ensure_ascii=False, indent=indent), encoding="utf-8")
    return path


def gitlab(desk: Path, *args: str) -> list[dict[str, Any]]:
    result = run("check", "--output-format", "gitlab", *args, cwd=desk, env=GIT_ENV)
    assert result.returncode in (0, 1), result.stderr
    return sorted(json.loads(result.stdout), key=lambda issue: issue["check_name"])


def placed(issues: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Where the findings across briefs are."""
    return [
        (issue["location"]["path"], issue["check_name"])
        for issue in issues
        if issue["check_name"].startswith("BK20")
    ]


def test_a_duplicate_sits_on_the_later_brief_by_date_then_path(tmp_path: Path) -> None:
    write(tmp_path / "a.json", {"date": "2025-11-02"})
    write(tmp_path / "b.json", {"date": "2025-10-29"})
    assert placed(gitlab(tmp_path)) == [("a.json", "BK201"), ("a.json", "BK203")]
    # A brief without a valid date counts as the earliest.
    write(tmp_path / "b.json", {"date": None})
    assert placed(gitlab(tmp_path)) == [("a.json", "BK201"), ("a.json", "BK203")]
    write(tmp_path / "b.json", {"date": "2025-11-02"})  # same date: the later path
    result = run("check", cwd=tmp_path)
    assert [line.split(":")[0] for line in lines_of(result)] == ["b.json", "b.json"]
    # The other brief is named without its line number, which moves when it is edited.
    assert "id 'tanzania-election-2025-10-29' is already used by a.json; ids" in result.stdout


@needs_git
def test_full_and_changed_runs_place_and_fingerprint_alike(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    write(tmp_path / "a.json", {"date": "2025-11-02"})
    write(tmp_path / "b.json", {"date": "2025-10-29", "title": "Another title"})
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "desk")
    full = gitlab(tmp_path)
    assert placed(full) == [("a.json", "BK201")]
    # A change to the earlier brief causes nothing new: the duplicate is still a.json's, and
    # reported even though a.json did not change (b.json is what the change touched).
    write(tmp_path / "b.json", {"date": "2025-10-29", "title": "Another title"}, indent=4)
    changed = gitlab(tmp_path, "--changed-since", "HEAD")
    assert [issue["fingerprint"] for issue in changed] == [full[0]["fingerprint"]]
    assert placed(changed) == placed(full)


def test_fingerprints_hold_while_the_problem_stays(tmp_path: Path) -> None:
    write(tmp_path / "a.json", {"date": "2999-01-01"})
    write(tmp_path / "b.json", {"date": "2025-10-29"})
    before = gitlab(tmp_path)
    sarif = json.loads(run("check", "--output-format", "sarif", cwd=tmp_path).stdout)
    results = sarif["runs"][0]["results"]
    assert all(len(r["partialFingerprints"]["briefkitFindingHash/v1"]) == 64 for r in results)
    assert {i["check_name"] for i in before} == {"BK152", "BK201", "BK203"}
    (future,) = (i for i in before if i["check_name"] == "BK152")
    assert "today" not in future["description"] and "2999-01-01" in future["description"]
    # Reordering both files moves every line; no fingerprint changes.
    write(tmp_path / "a.json", {"date": "2999-01-01"}, reverse=True)
    write(tmp_path / "b.json", {"date": "2025-10-29"}, reverse=True)
    after = gitlab(tmp_path)
    assert [i["location"]["lines"] for i in after] != [i["location"]["lines"] for i in before]
    assert [i["fingerprint"] for i in after] == [i["fingerprint"] for i in before]
