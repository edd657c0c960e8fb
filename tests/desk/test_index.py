"""The git index as ``check --staged`` reads it: each path's staged bytes, however it is named."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefkit.desk.index import staged_blobs
from tests.helpers import git, needs_git


@needs_git
def test_staged_bytes_are_found_through_links_and_dot_dot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    (repo / "briefs").mkdir(parents=True)
    (repo / "briefs" / "a.json").write_text("staged", encoding="utf-8")
    (repo / "alias").symlink_to("briefs")  # a linked folder
    (repo / "latest.json").symlink_to("briefs/a.json")  # a linked file
    (repo / "elsewhere").symlink_to(tmp_path)  # out of the repository, and back in
    git(repo, "init", "-q")
    git(repo, "add", "briefs/a.json")
    (repo / "briefs" / "a.json").write_text("working tree", encoding="utf-8")
    (repo / "untracked.json").write_text("{}", encoding="utf-8")
    monkeypatch.chdir(repo)
    named = [
        Path("briefs/a.json"),
        Path("alias/a.json"),
        Path("latest.json"),
        Path("alias/../briefs/a.json"),
        Path("elsewhere/repo/alias/a.json"),
        Path("untracked.json"),
        tmp_path / "repo" / "briefs" / "a.json",
    ]

    found = {path: staged_blobs(repo, [path]).get(path) for path in named}

    assert found == {path: None if path.name == "untracked.json" else b"staged" for path in named}
