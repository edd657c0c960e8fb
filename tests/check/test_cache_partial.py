"""Partial checks (named files, ``--changed-since``, ``--staged``) read the rest of the desk from
the result cache's summaries, keyed by the bytes they read: an edited brief, or a staged version
that differs from the working tree, is read afresh, never taken from a stale summary."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from briefkit.desk import repository
from tests.conftest import SAMPLES
from tests.helpers import git, invoke, needs_git

SAMPLE = json.loads((SAMPLES / "niger-mali-aes.json").read_text(encoding="utf-8"))


def _desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Three briefs, the working folder; brief-0 links to brief-1 and brief-2 (no other link)."""
    desk = tmp_path / "desk"
    desk.mkdir()
    monkeypatch.chdir(desk)
    (desk / "briefkit.toml").write_text("", encoding="utf-8")
    for number in range(3):
        brief = json.loads(json.dumps(SAMPLE))
        brief["id"], brief["title"] = f"brief-{number}", f"Brief {number}"
        brief["discover_more"] = brief["discover_more"][:2] if number == 0 else []
        for offset, related in enumerate(brief["discover_more"], start=1):
            related["id"] = f"brief-{offset}"
        _write(desk / f"brief-{number}.json", brief)
    return desk


def _write(path: Path, brief: dict[str, Any]) -> None:
    path.write_text(json.dumps(brief, indent=2), encoding="utf-8")


def _renamed(path: Path, new_id: str) -> None:
    brief = json.loads(path.read_text(encoding="utf-8"))
    brief["id"] = new_id
    _write(path, brief)


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The briefs parsed in each run, checked or read for the rules across briefs: those not
    taken from the cache."""
    names: list[str] = []
    original: Callable[..., Any] = repository.parse_brief

    def counting(raw: bytes, name: str, *args: Any) -> Any:
        names.append(Path(name).name)
        return original(raw, name, *args)

    monkeypatch.setattr(repository, "parse_brief", counting)
    return names


def _check(*args: str) -> tuple[int, list[str]]:
    """``briefkit check ARGS`` in the working folder (the desk)."""
    result = invoke("check", *args, env={"BRIEFKIT_CACHE_DIR": None})
    return result.exit_code, [line.split()[1] for line in result.stdout.splitlines()]


def _committed_desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The desk, as the first commit of a git repository."""
    desk = _desk(tmp_path, monkeypatch)
    git(desk, "init", "-q")
    git(desk, "add", "-A")
    git(desk, "commit", "-q", "-m", "briefs")
    return desk


def test_a_named_brief_resolves_its_links_from_the_cache(
    tmp_path: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = _desk(tmp_path, monkeypatch)
    assert _check(".") == (0, [])
    parsed.clear()

    assert _check("brief-0.json") == (0, [])
    assert parsed == []  # brief-1 and brief-2 came from the cache

    _renamed(desk / "brief-1.json", "brief-9")  # edited since the cache was written
    assert _check("brief-0.json") == (0, ["BK202"])  # its link to brief-1 now dangles
    assert parsed == ["brief-1.json"]


@needs_git
def test_changed_since_reads_the_unchanged_briefs_from_the_cache(
    tmp_path: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = _committed_desk(tmp_path, monkeypatch)
    assert _check(".") == (0, [])
    brief = json.loads((desk / "brief-0.json").read_text(encoding="utf-8"))
    brief["tlp"] = "TLP:WHITE"
    _write(desk / "brief-0.json", brief)

    parsed.clear()

    assert _check("--changed-since", "HEAD") == (1, ["BK014"])
    assert parsed == ["brief-0.json"]


@needs_git
def test_staged_hashes_the_staged_bytes_of_the_rest_of_the_desk(
    tmp_path: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = _committed_desk(tmp_path, monkeypatch)
    assert _check(".") == (0, [])  # the cache holds the working tree's briefs
    original = (desk / "brief-1.json").read_text(encoding="utf-8")
    _renamed(desk / "brief-1.json", "brief-9")
    git(desk, "add", "brief-1.json")
    (desk / "brief-1.json").write_text(original, encoding="utf-8")  # unstaged: as cached
    parsed.clear()

    code, codes = _check("--staged", "brief-0.json")

    assert (code, codes) == (0, ["BK202"])  # the staged brief-1 is brief-9: the link dangles
    assert parsed == ["brief-1.json"]
