"""A desk's render settings: ``brand``, ``paper``, ``layout``, ``standard`` in briefkit.toml, read
by every command that renders; flags override them; no silent demo brand."""

from __future__ import annotations

import json
import re
import shutil
import signal
import urllib.request
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefkit.assets import schema_path
from briefkit.desk.config import ConfigError, parse_config
from briefkit.desk.settings import RenderLimits
from briefkit.vocabulary import PAPER_SIZES, PDF_STANDARDS
from tests.conftest import DATA, squash
from tests.helpers import invoke, start_briefkit
from tests.publish.conftest import situation, write

DESK_BRAND = "Meridian Risk Partners"
DEMO_BRAND = "African Security Analysis"
LETTER = (612, 792)
"""A US Letter page in PDF points: the desk's paper, where briefkit's default is A4."""


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    """A desk whose briefkit.toml names its own brand (a folder beside it) and Letter paper."""
    shutil.copytree(DATA / "brands" / "meridian", tmp_path / "house" / "meridian")
    (tmp_path / "briefkit.toml").write_text(
        'brand = "house/meridian"\npaper = "letter"\n', encoding="utf-8"
    )
    write(tmp_path / "briefs" / "brief-a.json", situation("brief-a", "Brief A", "2025-10-01"))
    return tmp_path


@pytest.fixture
def bare(tmp_path: Path) -> Path:
    """A desk with a configuration that names no brand."""
    (tmp_path / "briefkit.toml").write_text('paper = "a4"\n', encoding="utf-8")
    write(tmp_path / "briefs" / "brief-a.json", situation("brief-a", "Brief A", "2025-10-01"))
    return tmp_path


def shows(path: Path, name: str) -> bool:
    """Whether the PDF at ``path`` shows ``name`` (in any case: the brand's name is set in
    capitals in the header)."""
    text = squash(" ".join(page.extract_text() for page in PdfReader(path).pages))
    return squash(name).upper() in text.upper()


def page_size(path: Path) -> tuple[int, int]:
    box = PdfReader(path).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


def test_render_one_brief_uses_the_desk_brand_and_paper(desk: Path) -> None:
    output = desk / "out" / "brief.pdf"
    result = invoke("render", str(desk / "briefs" / "brief-a.json"), "-o", str(output))
    assert result.exit_code == 0, result.output
    assert shows(output, DESK_BRAND)
    assert not shows(output, DEMO_BRAND)
    assert page_size(output) == LETTER
    assert "demo brand" not in result.output


def test_render_a_folder_uses_the_desk_brand(desk: Path) -> None:
    write(desk / "briefs" / "brief-b.json", situation("brief-b", "Brief B", "2025-10-02"))
    out = desk / "out"
    result = invoke("render", str(desk / "briefs"), "-o", str(out), "--jobs", "1")
    assert result.exit_code == 0, result.output
    written = sorted(out.glob("*.pdf"))
    assert len(written) == 2
    for path in written:
        assert shows(path, DESK_BRAND)
        assert page_size(path) == LETTER


def test_flags_override_the_configuration(desk: Path) -> None:
    output = desk / "brief.pdf"
    brief = str(desk / "briefs" / "brief-a.json")
    result = invoke("render", brief, "-o", str(output), "--brand", "demo", "--paper", "a4")
    assert result.exit_code == 0, result.output
    assert shows(output, DEMO_BRAND)
    assert not shows(output, DESK_BRAND)
    assert page_size(output) == (595, 842)


def test_build_uses_the_desk_brand(desk: Path) -> None:
    result = invoke("build", str(desk), "--jobs", "1")
    assert result.exit_code == 0, result.output
    pdf = desk / "_site" / "brief-a.pdf"
    assert pdf.is_file(), sorted(path.name for path in (desk / "_site").iterdir())
    assert shows(pdf, DESK_BRAND)
    assert page_size(pdf) == LETTER
    assert DESK_BRAND in (desk / "_site" / "index.html").read_text(encoding="utf-8")


def test_digest_uses_the_desk_brand(desk: Path) -> None:
    output = desk / "digest.pdf"
    result = invoke("digest", str(desk / "briefs"), "-o", str(output))
    assert result.exit_code == 0, result.output
    assert shows(output, DESK_BRAND)
    assert not shows(output, DEMO_BRAND)
    assert page_size(output) == LETTER


def test_preview_uses_the_desk_brand(desk: Path) -> None:
    process = start_briefkit(
        "preview", str(desk / "briefs" / "brief-a.json"), "--no-open", "--port", "0"
    )
    try:
        assert process.stderr is not None
        url = None
        for line in process.stderr:
            found = re.search(r" at (http://127\.0\.0\.1:\d+)", line)
            url = url or (found.group(1) if found else None)
            if line.startswith("rendered ") or "error" in line:
                break
        assert url is not None and line.startswith("rendered "), line
        with urllib.request.urlopen(f"{url}/brief.pdf", timeout=60) as reply:
            (desk / "preview.pdf").write_bytes(reply.read())
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=60)
    assert shows(desk / "preview.pdf", DESK_BRAND)
    assert page_size(desk / "preview.pdf") == LETTER


@pytest.mark.parametrize("command", ["build", "digest"])
def test_build_and_digest_refuse_a_desk_without_a_brand(bare: Path, command: str) -> None:
    args = [str(bare)] if command == "build" else [str(bare / "briefs"), "-o", str(bare / "d.pdf")]
    result = invoke(command, *args)
    assert result.exit_code == 2, result.output
    (line,) = result.output.splitlines()
    assert line == (
        f'briefkit: error: {command} needs a brand: set brand = "PATH" in '
        f"{bare / 'briefkit.toml'} or pass --brand PATH (--brand demo for briefkit's demo brand)"
    )
    assert sorted(path.name for path in bare.iterdir()) == ["briefkit.toml", "briefs"]


def test_render_without_a_brand_uses_the_demo_brand_and_says_so_once(bare: Path) -> None:
    output = bare / "brief.pdf"
    result = invoke("render", str(bare / "briefs" / "brief-a.json"), "-o", str(output))
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "demo brand" in warnings[0], warnings
    assert "set `brand` in briefkit.toml" in warnings[0] and "--brand" in warnings[0]
    assert shows(output, DEMO_BRAND)


def test_the_brand_is_relative_to_the_file_that_names_it(tmp_path: Path) -> None:
    config = parse_config({"brand": "house/meridian"}, tmp_path / "briefkit.toml", tmp_path)
    assert config.render.brand == tmp_path / "house" / "meridian"
    demo = parse_config({"brand": "demo"}, tmp_path / "briefkit.toml", tmp_path).render.brand
    assert demo is not None and demo.name == "brand.json" and demo.is_file()
    assert parse_config({}, None, tmp_path).render.brand is None


def test_render_settings_and_limits_are_read_and_checked() -> None:
    table = {
        "layout": "situation",
        "paper": "letter",
        "standard": "pdf/ua-1",
        "limits": {"render-seconds": 5, "max-file-bytes": 4096},
    }
    config = parse_config(table, None, Path())
    assert (config.render.layout, config.render.paper, config.render.standard) == (
        "situation",
        "letter",
        "pdf/ua-1",
    )
    assert config.render.limits == RenderLimits(render_seconds=5)
    assert config.lint.limits.max_file_bytes == 4096
    with pytest.raises(ConfigError, match=r"paper"):
        parse_config({"paper": "a5"}, None, Path())
    with pytest.raises(ConfigError, match=r"standard"):
        parse_config({"standard": "pdf/x-4"}, None, Path())


def test_the_configuration_offers_the_papers_and_standards_a_render_takes() -> None:
    schema = json.loads(schema_path("config").read_text(encoding="utf-8"))
    assert schema["properties"]["paper"]["enum"] == list(PAPER_SIZES)
    assert schema["properties"]["standard"]["enum"] == list(PDF_STANDARDS)


def test_init_writes_the_render_settings_commented_out() -> None:
    from briefkit.authoring.init import config_template

    lines = config_template().splitlines()
    for key in ("brand", "layout", "paper", "standard"):
        (line,) = [line for line in lines if line.startswith(f"# {key} = ")]
        comment = lines[lines.index(line) - 1]
        assert comment.startswith("# ") and " = " not in comment, comment
