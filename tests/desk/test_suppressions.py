"""Suppressions in the configuration need a reason: a bare code still applies, and is an error
finding at its line and column in the file, as a brief's suppression without a reason is."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from briefkit.desk.config import ConfigError, load_config_file, parse_config
from briefkit.desk.toml_places import line_and_column, value_places
from briefkit.findings import Finding, Severity


def load(folder: Path, text: str, name: str = "briefkit.toml") -> tuple[Path, list[Finding]]:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    config = load_config_file(path)
    return path, list(config.findings)


def placed(findings: list[Finding]) -> list[tuple[str, int, int, int, str]]:
    return [(f.code, f.line, f.column, f.end_column, f.pointer) for f in findings]


def test_bare_codes_still_apply_and_are_errors_at_their_place(tmp_path: Path) -> None:
    text = (
        "# the desk's rules\n"
        'ignore = ["BK105",\n'
        '  {code = "BK17", reason = "our titles are long"},  # a comment, "BK999"\n'
        "  'BK152']\n"
        "[per-file-ignores]\n"
        '"drafts/*.json" = [ "BK16" ]\n'
    )
    path, findings = load(tmp_path, text)
    assert placed(findings) == [
        ("BK013", 2, 11, 18, "/ignore/0"),
        ("BK013", 4, 3, 10, "/ignore/2"),
        ("BK013", 6, 21, 27, "/per-file-ignores/drafts~1*.json/0"),
    ]
    first = findings[0]
    assert (first.severity, first.file) == (Severity.ERROR, str(path))
    assert first.rule == "missing-property"
    assert first.message == (
        'ignore[0]: "BK105" has no reason; '
        'write {code = "BK105", reason = "why it does not apply here"}'
    )
    assert text[first.offset : first.end_offset] == '"BK105"'
    assert findings[2].message.startswith('per-file-ignores."drafts/*.json"[0]: "BK16" has no')
    config = load_config_file(path)
    assert config.ignore == ("BK105", "BK17", "BK152")
    assert config.per_file_ignores == (("drafts/*.json", ("BK16",)),)
    assert not config.enabled("BK105") and not config.enabled("BK152")


def test_every_suppression_with_a_reason_is_no_finding(tmp_path: Path) -> None:
    text = (
        'select = [{code = "BK0", reason = "this desk checks the schema only"}]\n'
        'ignore = [{code = "BK017", reason = "tags repeat on purpose"}]\n'
        '[per-file-ignores]\n"drafts/**" = [{code = "BK01", reason = "drafts"}]\n'
    )
    _, findings = load(tmp_path, text)
    assert findings == []


def test_a_select_of_every_rule_needs_no_reason(tmp_path: Path) -> None:
    assert load(tmp_path, 'select = ["BK"]\n')[1] == []
    every = ", ".join(f'"BK{digit}"' for digit in (0, 1, 2))
    assert load(tmp_path, f"select = [{every}]\n")[1] == []


def test_a_narrower_select_needs_a_reason_on_each_entry(tmp_path: Path) -> None:
    _, findings = load(tmp_path, 'select = ["BK1", {code = "BK0", reason = "schema"}]\n')
    assert placed(findings) == [("BK013", 1, 11, 16, "/select/0")]
    assert "leaves out every rule it does not name, and has no reason" in findings[0].message


def test_an_empty_or_placeholder_reason_is_reported_as_in_a_brief(tmp_path: Path) -> None:
    text = (
        'ignore = [{code = "BK105", reason = "  "},\n'
        '          {code = "BK152", reason = "TODO: ask the editor"}]\n'
    )
    _, findings = load(tmp_path, text)
    assert placed(findings) == [
        ("BK015", 1, 37, 41, "/ignore/0/reason"),
        ("BK150", 2, 37, 59, "/ignore/1/reason"),
    ]
    assert findings[0].message == (
        'ignore[0].reason: "  " is not a valid reason; write words saying why, not only spaces'
    )
    assert findings[1].message == "ignore[1].reason: placeholder 'TODO' left in the text"


def test_a_table_without_a_reason_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"ignore\[0\]: needs 'reason'"):
        load(tmp_path, 'ignore = [{code = "BK105"}]\n')


def test_in_pyproject_the_findings_sit_in_the_briefkit_table(tmp_path: Path) -> None:
    text = '[project]\nname = "x"\nignore = ["BK1"]\n\n[tool.briefkit]\nignore = ["BK105"]\n'
    _, findings = load(tmp_path, text, "pyproject.toml")
    assert placed(findings) == [("BK013", 6, 11, 18, "/ignore/0")]


def test_without_the_text_the_findings_are_on_the_first_line() -> None:
    config = parse_config({"ignore": ["BK105"]}, Path("/desk/briefkit.toml"), Path("/desk"))
    assert [(f.code, f.line, f.column) for f in config.findings] == [("BK013", 1, 1)]


def test_value_places_follow_tables_arrays_and_inline_tables() -> None:
    text = (
        'a = "x" # "not a value"\n'
        "[b.'c d']\n"
        'e = [1, [2, "]"], {f = """g\n"h"""", i.j = 1979-05-27 07:32:00Z}]\n'
        "[[k]]\nl = true\n[[k]]\nl = false\n"
    )
    tomllib.loads(text)  # valid TOML, as the scanner expects
    places = value_places(text)
    shown = {key: text[start:end] for key, (start, end) in places.items()}
    assert shown[("a",)] == '"x"'
    assert shown[("b", "c d", "e", 1, 1)] == '"]"'
    assert shown[("b", "c d", "e", 2, "f")] == '"""g\n"h""""'
    assert shown[("b", "c d", "e", 2, "i", "j")] == "1979-05-27 07:32:00Z"
    assert (shown[("k", 0, "l")], shown[("k", 1, "l")]) == ("true", "false")
    assert line_and_column(text, places[("k", 1, "l")][0]) == (8, 5)
