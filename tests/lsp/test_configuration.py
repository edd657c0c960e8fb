"""``briefkit.toml`` in the editor: each error at the key it is about."""

from __future__ import annotations

from briefkit.lsp.configuration import configuration_findings


def test_a_valid_configuration_has_no_finding() -> None:
    text = 'select = [{code = "BK1", reason = "structure only"}]\n'
    assert configuration_findings(text, "/desk/briefkit.toml") == []


def test_a_syntax_error_is_at_its_line_and_column() -> None:
    [finding] = configuration_findings('select = ["BK1"]\nignore = [\n', "/desk/briefkit.toml")
    assert (finding.code, finding.line) == ("config", 3)
    assert finding.message.startswith("invalid TOML")


def test_a_schema_error_is_at_the_key_it_names() -> None:
    text = 'select = ["BK1"]\n\n[limits]\nmax-depth = 10\nfoo = 1\n'
    [finding] = configuration_findings(text, "/desk/briefkit.toml")
    assert (finding.line, finding.column, finding.end_column) == (5, 1, 4)
    assert "unknown key 'foo'" in finding.message


def test_a_wrong_type_is_on_its_line() -> None:
    [finding] = configuration_findings("ignore = []\nselect = 3\n", "/desk/briefkit.toml")
    assert finding.line == 2
    assert "expected a list" in finding.message


def test_a_suppression_without_a_reason_is_at_its_entry() -> None:
    text = 'select = ["BK"]\nignore = [\n  "BK150",\n]\n'
    [finding] = configuration_findings(text, "/desk/briefkit.toml")
    assert (finding.code, finding.severity) == ("BK013", "error")
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (3, 3, 3, 10)
    assert finding.message.startswith('ignore[0]: "BK150" has no reason; write {code = "BK150"')
