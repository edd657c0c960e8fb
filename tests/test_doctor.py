"""``briefkit doctor`` and what a user sees when WeasyPrint's system libraries are missing."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SAMPLE_ANALYSIS
from tests.helpers import run_briefkit as run


def test_doctor_reports_libraries_fonts_brand_and_layouts() -> None:
    result = run("doctor")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = {line.split()[0]: line for line in result.stdout.splitlines()}
    for name in (
        "briefkit",
        "Pango",
        "HarfBuzz",
        "HarfBuzz-subset",
        "WeasyPrint",
        "Brand",
        "Fonts",
    ):
        assert name in lines, result.stdout
        assert " ok " in lines[name]
    assert "Noto Sans" in lines["Fonts"]
    assert "Layout analysis" in result.stdout


def test_doctor_fails_on_a_broken_brand(tmp_path: Path) -> None:
    brand = tmp_path / "brand.json"
    brand.write_text('{"name": "Firm"}', encoding="utf-8")
    result = run("doctor", "--brand", str(brand))
    assert result.returncode == 1
    assert "problem" in result.stdout and "missing required property" in result.stdout


def fake_weasyprint(folder: Path) -> dict[str, str]:
    """A `weasyprint` that fails to import as the real one does without Pango: a banner on
    stdout, then OSError."""
    package = folder / "weasyprint"
    package.mkdir()
    (package / "__init__.py").write_text(
        "print('\\n-----\\nWeasyPrint could not import some external libraries.\\n-----')\n"
        "raise OSError(\"cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open "
        'shared object file: No such file or directory")\n',
        encoding="utf-8",
    )
    return {"PYTHONPATH": str(folder)}


def test_missing_pango_is_one_line_with_the_install_command(tmp_path: Path) -> None:
    output = tmp_path / "out.pdf"
    result = run("render", str(SAMPLE_ANALYSIS), "-o", str(output), env=fake_weasyprint(tmp_path))
    assert result.returncode == 1
    assert result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("briefkit: error: WeasyPrint cannot load a system library")
    assert "apt-get install -y libpango-1.0-0" in line
    assert not output.exists()


def test_lint_works_without_weasyprint(tmp_path: Path) -> None:
    result = run("lint", str(SAMPLE_ANALYSIS), env=fake_weasyprint(tmp_path))
    assert result.returncode == 0, result.stderr


def test_doctor_names_the_missing_library(tmp_path: Path) -> None:
    result = run("doctor", env=fake_weasyprint(tmp_path))
    assert result.returncode == 1
    weasyprint = next(line for line in result.stdout.splitlines() if line.startswith("WeasyPrint"))
    assert "problem" in weasyprint and "apt-get install" in weasyprint
