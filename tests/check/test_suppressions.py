"""Suppressions are judged after every rule ran: a brief can silence a rule across briefs, with a
reason, and a suppression is stale (BK190) only when it matched nothing at all."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import SAMPLES
from tests.helpers import add_samples, lines_of
from tests.helpers import run_briefkit as run


def write(path: Path, change: dict[str, Any], source: str = "tanzania-election.json") -> Path:
    brief = json.loads((SAMPLES / source).read_text(encoding="utf-8"))
    brief.update(change)
    path.write_text(json.dumps(brief, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def ignore(*entries: tuple[str, str]) -> dict[str, Any]:
    return {"x-briefkit": {"ignore": [{"code": c, "reason": r} for c, r in entries]}}


def partner_link() -> dict[str, Any]:
    link = {"title": "Partner", "teaser": "The partner's view.", "id": "partner-brief-2025"}
    return {"discover_more": [link]}


def found(desk: Path, *args: str) -> tuple[int, list[str]]:
    result = run("check", *args, cwd=desk)
    return result.returncode, [" ".join(line.split()[:2]) for line in lines_of(result)]


def test_a_brief_silences_rules_across_briefs_with_a_reason(tmp_path: Path) -> None:
    add_samples(tmp_path)
    write(tmp_path / "tanzania-election.json", {**partner_link(), **ignore(("BK202", "partner"))})
    # A second brief with a duplicated id and title: the findings sit on it (same date, later
    # path), and it silences them with one prefix.
    write(
        tmp_path / "tanzania-zz.json",
        ignore(("BK20", "a reissue of the same brief, kept for the record")),
    )
    assert found(tmp_path, "--fail-on", "info") == (0, [])


def test_a_suppression_is_stale_only_when_it_matched_nothing(tmp_path: Path) -> None:
    add_samples(tmp_path)
    write(
        tmp_path / "tanzania-election.json",
        {**partner_link(), **ignore(("BK202", "partner"), ("BK203", "no duplicate here"))},
    )
    code, lines = found(tmp_path)
    assert (code, lines) == (0, ["tanzania-election.json:51:7: BK190"])
    result = run("check", cwd=tmp_path)
    assert "x-briefkit ignores BK203, but this brief has no BK203 finding" in result.stdout
    # The configuration ignoring BK202 too does not make the brief's suppression stale.
    (tmp_path / "briefkit.toml").write_text(
        'ignore = [{code = "BK202", reason = "partner links"}]\n', encoding="utf-8"
    )
    assert found(tmp_path) == (0, ["tanzania-election.json:51:7: BK190"])


def test_lint_of_one_brief_does_not_judge_suppressions_of_rules_across_briefs(
    tmp_path: Path,
) -> None:
    brief = write(tmp_path / "brief.json", {**partner_link(), **ignore(("BK202", "partner"))})
    result = run("lint", str(brief), cwd=tmp_path)
    assert (result.returncode, lines_of(result)) == (0, [])


def test_a_suppression_needs_a_reason(tmp_path: Path) -> None:
    brief = write(tmp_path / "brief.json", {"x-briefkit": {"ignore": [{"code": "BK202"}, "BK153"]}})
    result = run("lint", str(brief), cwd=tmp_path)
    assert result.returncode == 1
    assert "x-briefkit.ignore[0]: missing required property 'reason'" in result.stdout
    assert " BK011 [error] x-briefkit.ignore[1]: expected an object" in result.stdout


def test_configuration_per_file_ignores_silence_rules_across_briefs(tmp_path: Path) -> None:
    add_samples(tmp_path)
    write(tmp_path / "tanzania-zz.json", {})
    code, lines = found(tmp_path, "--fail-on", "info")
    assert (code, sorted(lines)) == (
        1,
        ["tanzania-zz.json:3:9: BK201", "tanzania-zz.json:5:12: BK203"],
    )
    (tmp_path / "briefkit.toml").write_text(
        '[per-file-ignores]\n"tanzania-zz.json" = [{code = "BK20", reason = "a test copy"}]\n',
        encoding="utf-8",
    )
    assert found(tmp_path, "--fail-on", "info") == (0, [])


def test_a_configuration_suppression_without_a_reason_fails_the_check(tmp_path: Path) -> None:
    add_samples(tmp_path)
    write(tmp_path / "tanzania-election.json", partner_link())
    config = tmp_path / "briefkit.toml"
    config.write_text('ignore = ["BK202"]\n', encoding="utf-8")
    for args in ((), ("--ignore", "BK013,BK202")):  # the command line cannot hide it either
        result = run("check", *args, cwd=tmp_path)
        assert result.returncode == 1, result.stderr
        assert lines_of(result) == [
            'briefkit.toml:1:11: BK013 [error] ignore[0]: "BK202" has no reason; '
            'write {code = "BK202", reason = "why it does not apply here"}'
        ]  # and the bare code still silences BK202
    config.write_text('ignore = [{code = "BK202", reason = "the partner repository"}]\n')
    assert found(tmp_path) == (0, [])
    # The configuration does not silence what is wrong with itself.
    config.write_text(
        'ignore = [{code = "BK150", reason = "TODO"}, {code = "BK202", reason = "p"}]'
    )
    assert found(tmp_path) == (1, ["briefkit.toml:1:37: BK150"])
    report = json.loads(run("check", "--output-format", "json", cwd=tmp_path).stdout)
    [finding] = report["findings"]
    assert (finding["file"], finding["pointer"], finding["line"]) == (
        "briefkit.toml",
        "/ignore/0/reason",
        1,
    )
