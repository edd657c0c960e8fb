"""The command line as a user meets it: output lines, exit codes, one-line errors, no tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefkit import __version__
from tests.conftest import CASES, ROOT, SAMPLE_ANALYSIS, SAMPLE_BRIEFS, SAMPLES
from tests.helpers import invoke
from tests.helpers import run_briefkit as run

MISSING_ASSESSMENT = CASES / "invalid" / "missing-assessment" / "brief.json"
SHOWN_MISSING_ASSESSMENT = MISSING_ASSESSMENT.relative_to(ROOT).as_posix()
"""How reports name it: from the repository's top level, the working directory of these tests."""


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"briefkit {__version__}"


def test_help_lists_commands_with_examples() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    for command in ("validate", "lint", "render"):
        assert command in result.stdout
    assert "briefkit render samples/niger-mali-aes.json" in result.stdout


def test_lint_clean_samples_exit_zero() -> None:
    result = invoke("lint", *map(str, SAMPLE_BRIEFS))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert f"{len(SAMPLE_BRIEFS)} files checked, no findings" in result.stderr


def test_lint_missing_assessment_names_rule_and_place() -> None:
    result = run("lint", str(MISSING_ASSESSMENT))
    assert result.returncode == 1
    assert result.stdout.startswith(
        f"{SHOWN_MISSING_ASSESSMENT}:1:1: BK104 [error] the Assessment section is missing"
    )
    assert "Traceback" not in result.stderr


def test_validate_accepts_an_unfinished_draft_that_lint_rejects() -> None:
    assert invoke("validate", str(MISSING_ASSESSMENT)).exit_code == 0
    assert invoke("lint", str(MISSING_ASSESSMENT)).exit_code == 1


def test_all_files_are_reported_in_one_run(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"title": "x",,}', encoding="utf-8")
    result = invoke("lint", str(broken), str(MISSING_ASSESSMENT), str(tmp_path / "nope.json"))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert (
        f"{broken}:1:15: BK001 [error] invalid JSON: a comma with no item before it; "
        "delete this ','" in lines
    )
    assert any(line.startswith(f"{SHOWN_MISSING_ASSESSMENT}:1:1: BK104 ") for line in lines)
    assert f"{tmp_path / 'nope.json'}:1:1: BK007 [error] no such file or folder" in lines
    assert "Found 3 errors, 0 warnings and 0 info in 3 files." in result.stderr


def test_stdin_is_read_with_a_dash() -> None:
    result = run("lint", "-", stdin=MISSING_ASSESSMENT.read_bytes())
    assert result.returncode == 1
    assert result.stdout.startswith("-:1:1: BK104 ")


def test_usage_errors_exit_two() -> None:
    assert invoke("render", str(SAMPLE_ANALYSIS), "--paper", "a5").exit_code == 2
    assert invoke("lint").exit_code == 2
    assert invoke("frobnicate").exit_code == 2


def test_render_writes_the_pdf_and_says_where(tmp_path: Path) -> None:
    output = tmp_path / "out.pdf"
    result = run("render", str(SAMPLE_ANALYSIS), "-o", str(output), "--paper", "letter")
    assert result.returncode == 0, result.stderr
    assert f"Wrote {output} (" in result.stderr
    assert len(PdfReader(output).pages) >= 2


def test_render_refuses_a_brief_with_errors_and_keeps_the_existing_pdf(tmp_path: Path) -> None:
    output = tmp_path / "out.pdf"
    output.write_bytes(b"%PDF-1.7 previous edition")
    result = run("render", str(MISSING_ASSESSMENT), "-o", str(output))
    assert result.returncode == 1
    assert ":1:1: BK104 " in result.stdout
    assert result.stderr.strip().endswith("not rendered, nothing was written; fix the errors above")
    assert "Traceback" not in result.stderr
    assert output.read_bytes() == b"%PDF-1.7 previous edition"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.pdf"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["render", "{sample}", "--brand", "{tmp}/nope.json"], "nope.json:1:1: no such file"),
        (["render", "{sample}", "--layout", "glossy"], "unknown layout 'glossy'"),
        (["render", "{sample}", "-o", "{sample}"], "one of the inputs; choose another output path"),
        (["lint", "{tmp}"], "is a folder, not a brief file"),
    ],
)
def test_user_errors_are_one_line_without_traceback(
    tmp_path: Path, args: list[str], message: str
) -> None:
    filled = [arg.format(sample=SAMPLE_ANALYSIS, tmp=tmp_path) for arg in args]
    before = SAMPLE_ANALYSIS.read_bytes()
    result = run(*filled)
    assert result.returncode == 1
    assert message in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert SAMPLE_ANALYSIS.read_bytes() == before


@pytest.mark.parametrize(
    "args",
    [
        ["validate", str(SAMPLE_ANALYSIS)],
        ["lint", str(SAMPLE_ANALYSIS)],
        ["check", str(SAMPLES)],
        ["rules"],
        ["rules", "BK104"],
    ],
    ids=["validate", "lint", "check", "rules", "rules-code"],
)
def test_checking_never_imports_weasyprint(args: list[str]) -> None:
    code = (
        "import sys\n"
        "from briefkit.cli.app import main\n"
        "try:\n"
        f"    main({args!r})\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0, exit.code\n"
        "heavy = ('weasyprint', 'jinja2', 'babel', 'pypdfium2', 'fontTools')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_render_passes_on_what_weasyprint_warns_about(tmp_path: Path) -> None:
    brief = tmp_path / "brief.json"
    text = SAMPLE_ANALYSIS.read_text(encoding="utf-8")
    brief.write_text(
        text.replace('"region": "Sahel"', '"region": "Sahel 安全"', 1), encoding="utf-8"
    )
    result = run("render", str(brief))
    assert result.returncode == 0, result.stderr
    assert ":8:13: BK122 [warning] region: '安' (U+5B89)" in result.stdout  # lint warned first
    assert (
        'briefkit: warning: .notdef glyph rendered for Unicode string unsupported by fonts: "安"'
        in (result.stderr)
    )
    assert (tmp_path / "brief.pdf").exists()


def _broken_lint(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the lint catalogue is broken")

    # Where every lint path (lint_brief, and check's cached and fresh results) runs the rules.
    monkeypatch.setattr("briefkit.rules.lint._rule_findings", broken)


def test_a_bug_is_one_line_and_exit_three(monkeypatch: pytest.MonkeyPatch) -> None:
    _broken_lint(monkeypatch)
    result = invoke("lint", str(SAMPLE_ANALYSIS))
    assert result.exit_code == 3
    assert result.stderr == (
        "briefkit: error: internal error: RuntimeError: the lint catalogue is broken (this is a "
        "bug in briefkit; run `briefkit --debug ...` again for the traceback)\n"
    )


def test_debug_keeps_the_traceback_of_a_bug_and_only_for_that_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _broken_lint(monkeypatch)
    result = invoke("--debug", "lint", str(SAMPLE_ANALYSIS))
    assert isinstance(result.exception, RuntimeError)
    assert str(result.exception) == "the lint catalogue is broken"
    assert invoke("lint", str(SAMPLE_ANALYSIS)).exit_code == 3


def test_a_broken_brand_is_reported_as_the_brands_error_not_the_briefs(tmp_path: Path) -> None:
    (tmp_path / "brand.json").write_text('{"name": 3}', encoding="utf-8")
    output = tmp_path / "x.pdf"
    result = run("render", str(SAMPLE_ANALYSIS), "--brand", str(tmp_path), "-o", str(output))
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"briefkit: error: {tmp_path / 'brand.json'}:1:1: invalid brand"
    )
    assert "not rendered" not in result.stderr and "Traceback" not in result.stderr
    assert not output.exists()
