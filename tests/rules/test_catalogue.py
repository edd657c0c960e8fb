"""The rule catalogue: every code documented, listed and explained by ``briefkit rules``."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import tomllib
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

import pytest

from briefkit import BriefkitError, Finding, LintConfig, Rule, load_brand
from briefkit.assets import default_brand_path
from briefkit.check.runner import CheckScope, check_paths
from briefkit.desk.config import Config, ConfigFinder
from briefkit.document.brief import Document
from briefkit.document.jsonsource import SourceText
from briefkit.rules.catalogue import RULES
from briefkit.rules.model import SECTIONS
from briefkit.validation.schema import schema_findings
from tests.conftest import CASES, SAMPLE_ANALYSIS, SAMPLES
from tests.helpers import codes_of
from tests.helpers import run_briefkit as briefkit


def test_every_rule_is_fully_documented() -> None:
    names = [rule.name for rule in RULES.values()]
    assert len(names) == len(set(names)), "rule names are unique"
    for code, rule in RULES.items():
        assert re.fullmatch(r"BK\d{3}", code) and rule.code == code
        assert re.fullmatch(r"[a-z]+(?:-[a-z0-9]+)*", rule.name)
        assert rule.summary.endswith(".") and len(rule.explanation) > 60
        assert rule.bad and rule.good and rule.bad != rule.good
        assert rule.check is None or rule.check_collection is None


def test_codes_are_sorted_and_stable() -> None:
    assert list(RULES) == sorted(RULES)
    for code, name in {
        "BK001": "invalid-json",
        "BK012": "unknown-property",
        "BK104": "missing-assessment",
        "BK150": "placeholder-text",
        "BK170": "mixed-likelihood-scales",
        "BK201": "duplicate-id",
    }.items():
        assert RULES[code].name == name


def test_every_code_the_test_cases_expect_is_in_the_catalogue() -> None:
    expected = set()
    for path in CASES.rglob("expected.*"):
        text = path.read_text(encoding="utf-8")
        expected |= set(re.findall(r"BK\d{3}", text))
    assert expected <= set(RULES)
    assert len(expected) >= 30


def test_json_examples_in_the_catalogue_parse() -> None:
    for rule in RULES.values():
        for example in (rule.bad, rule.good):
            text, _ = _split_note(example)  # a brief or a brand, as JSON; not a command or TOML
            if text.startswith("{") and ".json: " not in text:
                if rule.code == "BK001" and example is rule.bad:
                    continue  # the bad example is broken JSON on purpose
                json.loads(text)


def test_rules_lists_every_code() -> None:
    result = briefkit("rules")
    assert result.returncode == 0
    listed = [line.split()[0] for line in result.stdout.splitlines()]
    assert listed == list(RULES)


@pytest.mark.parametrize("code", ["BK104", "bk170", "BK201"])
def test_rules_explains_one_code(code: str) -> None:
    result = briefkit("rules", code)
    assert result.returncode == 0
    rule = RULES[code.upper()]
    assert result.stdout.startswith(f"{rule.code} {rule.name} ({rule.severity.value} by default")
    assert "Bad:\n    " + rule.bad in result.stdout
    assert "Good:\n    " + rule.good in result.stdout


def test_rules_unknown_code() -> None:
    result = briefkit("rules", "BK999")
    assert result.returncode == 2  # a usage error, like an unknown code in --select
    assert "no rule 'BK999'" in result.stderr


# --- Every rule's own examples prove it: the bad one fires the rule, the good one does not ------
#
# An example is what `briefkit rules CODE` shows; the test reads it as a user would:
#   briefkit ARGS                 a command, run in a desk with drafts/niger-mali.json (the sample):
#                                 how BK007 shows a file that does not exist;
#   a.json: {...}  b.json: {...}  briefs checked together, with the samples beside them;
#   TEXT  (NOTE)                  TEXT written as NOTE says (_NOTES): a file no text can show;
#   TEXT                          one brief file.
# A brief file goes through check_paths, as `briefkit lint` and `briefkit check` run it: a file
# that cannot be read or parsed gives its load findings, a brief its schema and lint findings. A
# `"... 10,000 more ..."` in a list stands for that many more items.

_EVERY_SECTION_REQUIRED = LintConfig(
    required_sections={"analysis": tuple(SECTIONS), "situation": tuple(SECTIONS)},
    today=date(2026, 11, 30),
)
"""BK105 and BK106 (discover-more, sources) fire only where the configuration requires them."""

_VALID_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>'
_SAMPLES = sorted(SAMPLES.glob("*.json"))
_MORE_ITEMS = re.compile(r'"\.\.\. ([\d,]+) more \.\.\."')


class _OneConfiguration(ConfigFinder):
    """A desk whose every file has the configuration :data:`_EVERY_SECTION_REQUIRED`."""

    def for_path(self, path: Path) -> Config:
        return Config(lint=_EVERY_SECTION_REQUIRED)


def _codes_of(findings: Iterable[Finding]) -> set[str]:
    """The findings' codes; each finding has the name and severity of its rule (no setting here
    changes a severity), so that no step re-types them."""
    codes = set()
    for finding in findings:
        rule = RULES[finding.code]
        assert (finding.rule, finding.severity) == (rule.name, rule.severity), finding
        codes.add(finding.code)
    return codes


def _brief_codes(files: dict[str, bytes], folder: Path) -> set[str]:
    """The codes ``check_paths`` reports for these brief files (by name), the samples beside."""
    (folder / "figures").mkdir()
    (folder / "figures" / "aes-map.svg").write_bytes(_VALID_SVG)
    paths = []
    for name, raw in files.items():
        (folder / name).write_bytes(raw)
        paths.append(folder / name)
    scope = CheckScope(repository_links=False)  # the samples are the rest of the desk
    result = check_paths([*paths, *_SAMPLES], _OneConfiguration(), walk=False, scope=scope)
    names = {os.fspath(path) for path in paths}
    return _codes_of(finding for finding in result.findings if finding.file in names)


def _written_out(text: str) -> bytes:
    """The brief text, each ``"... N more ..."`` replaced by N more items, as UTF-8."""

    def items(match: re.Match[str]) -> str:
        return ", ".join(f'"item-{n}"' for n in range(int(match[1].replace(",", ""))))

    return _MORE_ITEMS.sub(items, text).encode("utf-8")


def _brand_codes(text: str, folder: Path) -> set[str]:
    """The codes of the built-in brand changed as ``text`` says, loaded as ``--brand`` loads it."""
    brand = folder / "brand"
    shutil.copytree(default_brand_path().parent, brand)
    data = json.loads((brand / "brand.json").read_text(encoding="utf-8")) | json.loads(text)
    (brand / "brand.json").write_text(json.dumps(data), encoding="utf-8")
    try:
        load_brand(brand)
    except BriefkitError as error:
        return _codes_of(error.findings)
    return set()


def _configuration_codes(text: str, folder: Path) -> set[str]:
    """The codes of a ``briefkit.toml``'s schema check (a configuration error shows only the
    message of the first: ``schema_problem``)."""
    table = tomllib.loads(text)
    return _codes_of(schema_findings(Document("briefkit.toml", table, SourceText("")), "config"))


_NOTES: dict[str, Callable[[str, Path], set[str]]] = {
    "saved as Windows-1252": lambda text, folder: _brief_codes(
        {"brief.json": text.encode("cp1252")}, folder
    ),
    "saved as UTF-8": lambda text, folder: _brief_codes({"brief.json": text.encode()}, folder),
    "padded to 2 MiB": lambda text, folder: _brief_codes(
        {"brief.json": text.encode().ljust(2 * 1024 * 1024)}, folder
    ),
    "in a brand file": _brand_codes,
    "in briefkit.toml": _configuration_codes,
}
"""What an example's note means: how its text becomes a file, and what reads that file."""


def _command_codes(example: str, folder: Path) -> set[str]:
    """The codes in the report of the example's command, run in a desk with one brief."""
    (folder / "drafts").mkdir()
    shutil.copy(SAMPLE_ANALYSIS, folder / "drafts" / "niger-mali.json")
    result = briefkit(*shlex.split(example.removeprefix("briefkit ")), cwd=folder)
    assert result.returncode in (0, 1), result.stderr
    return set(codes_of(result))


def _split_note(example: str) -> tuple[str, str | None]:
    """An example's text and its note (``TEXT  (NOTE)``), if it has one."""
    text, separator, note = example.partition("  (")
    return (text, note.removesuffix(")")) if separator else (example, None)


def _codes(example: str, folder: Path) -> set[str]:
    """The codes briefkit reports for an example, read as the comment above says."""
    if example.startswith("briefkit "):
        return _command_codes(example, folder)
    text, note = _split_note(example)
    if note is not None:
        assert note in _NOTES, f"no test knows how to make a file that is {note!r}"
        return _NOTES[note](text, folder)
    parts = re.split(r"(?:^|\s+)(\S+\.json): ", text)
    files = dict(zip(parts[1::2], parts[2::2], strict=True)) if len(parts) > 1 else {"x.json": text}
    return _brief_codes({name: _written_out(part) for name, part in files.items()}, folder)


@pytest.mark.parametrize("rule", RULES.values(), ids=list(RULES))
def test_bad_example_fires_the_rule_and_good_example_does_not(rule: Rule, tmp_path: Path) -> None:
    (tmp_path / "bad").mkdir()
    (tmp_path / "good").mkdir()
    assert rule.code in _codes(rule.bad, tmp_path / "bad"), rule.bad
    assert rule.code not in _codes(rule.good, tmp_path / "good"), rule.good


def test_every_note_in_an_example_is_used() -> None:
    examples = [example for rule in RULES.values() for example in (rule.bad, rule.good)]
    assert {_split_note(example)[1] for example in examples} - {None} == set(_NOTES)


def test_the_catalogue_is_read_only_and_joined_from_every_family() -> None:
    from briefkit.document.brief import LOAD_RULES
    from briefkit.rules import (
        analytic_standards,
        collection,
        editions,
        house_style,
        structure,
        suppressions,
    )
    from briefkit.validation.schema import SCHEMA_RULES

    families = [LOAD_RULES, SCHEMA_RULES, structure.RULES, house_style.RULES, collection.RULES]
    families += [analytic_standards.RULES, editions.RULES]
    codes = [rule.code for family in [*families, suppressions.RULES] for rule in family]
    assert sorted(codes) == list(RULES)
    with pytest.raises(TypeError):
        RULES["BK999"] = RULES["BK001"]  # type: ignore[index]


def test_a_rules_known_problems_are_shown_with_it() -> None:
    known = [rule for rule in RULES.values() if rule.known_problems]
    assert {rule.code for rule in known} >= {"BK122", "BK140"}
    for rule in known:
        shown = briefkit("rules", rule.code)
        assert "Known problems:" in shown.stdout
        assert " ".join(shown.stdout.split()).endswith(rule.known_problems)
