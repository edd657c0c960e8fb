"""Hermetic fonts: a render sees briefkit's fonts only, so the machine's fonts change nothing.

The same briefs (emoji, symbols, arrows, bidi controls, Arabic) are rendered in two child processes
whose font environments differ as much as a test can make them: a bare one, and one whose
fontconfig knows the machine's fonts plus an extra "system" font folder, with another locale.
The PDFs must be byte-identical and WeasyPrint must warn about nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefkit.render.fonts import (
    FALLBACK_FAMILIES,
    configure_fonts,
    fontconfig_xml,
    shipped_font_dir,
)
from tests.conftest import CASES, SAMPLE_ANALYSIS, SAMPLES

HOSTILE = CASES / "hostile"

PASTED = (
    "Satellite 🛰️ imagery 🌍 confirms ✓ the convoy → Gao ⇒ Kidal; risk ⚠ ★★★ ≥ 3, "
    "casualties ≈ 40 ± 5, cost € 2 M, ☎ hotline, 👍🏽 🇳🇪 📍."
)

CHILD = """
import json, sys
from pathlib import Path
from briefkit import load_brand, load_brief
from briefkit.render.renderer import Renderer

out = Path(sys.argv[1])
renderer = Renderer()
messages = []
for index, name in enumerate(sys.argv[2:]):
    result = renderer.render(load_brief(name), load_brand(), out / f"{index}.pdf")
    messages += list(result.warnings)
print(json.dumps(messages))
"""


def _briefs(folder: Path) -> list[Path]:
    # If the child ignored briefkit's configuration, the bare machine would print empty boxes and
    # the crowded one DejaVu glyphs: the bytes would differ (checked by hand when this was written).
    """The control-and-bidi case, the samples, and a brief full of pasted symbols, in Arabic too."""
    data = json.loads(SAMPLE_ANALYSIS.read_text(encoding="utf-8"))
    data["executive_summary"].insert(0, PASTED)
    data["key_developments"][0]["text"] += " ⟶ ∑ ∞ ⚔ ☢ ■ ● ✗"
    pasted = folder / "pasted.json"
    pasted.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    arabic = folder / "pasted-ar.json"
    data["language"] = "ar"
    data["title"] = "النيجر ومالي: ‏AES‏ 🛰️ ← تنسيق أمني"
    arabic.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return [
        HOSTILE / "control-and-bidi" / "brief.json",
        SAMPLE_ANALYSIS,
        SAMPLES / "tanzania-election.json",
        pasted,
        arabic,
    ]


def _render_in_child(briefs: list[Path], out: Path, env: dict[str, str]) -> list[str]:
    out.mkdir()
    completed = subprocess.run(
        [sys.executable, "-c", CHILD, str(out), *map(str, briefs)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    messages: list[str] = json.loads(completed.stdout.splitlines()[-1])
    return messages


def _base_env(home: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("FONTCONFIG", "FC_", "XDG_", "LC_", "LANG"))
    }
    home.mkdir()
    env["HOME"] = str(home)
    env["XDG_CACHE_HOME"] = str(home / "cache")
    return env


@pytest.fixture(scope="module")
def renders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str], list[str]]:
    root = tmp_path_factory.mktemp("fonts")
    briefs = _briefs(root)

    bare = _base_env(root / "bare-home")
    bare["LANG"] = "C.UTF-8"
    no_fonts = root / "no-fonts.conf"  # a machine without a single font
    no_fonts.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">'
        "<fontconfig></fontconfig>",
        encoding="utf-8",
    )
    bare["FONTCONFIG_FILE"] = str(no_fonts)

    crowded = _base_env(root / "crowded-home")
    extra = root / "extra-fonts"
    extra.mkdir()
    # A "system" font that draws many of the pasted symbols, where fontconfig would find it.
    for font in sorted(Path("/usr/share/fonts").rglob("*.ttf"))[:8]:
        shutil.copy(font, extra / font.name)
    shutil.copy(shipped_font_dir() / "NotoSans-Regular.ttf", extra / "Other-Sans.ttf")
    shutil.copytree(extra, root / "crowded-home" / ".local-fonts")
    system_conf = root / "system-fonts.conf"
    system_conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">'
        "<fontconfig><include ignore_missing='yes'>/etc/fonts/fonts.conf</include>"
        f"<dir>{extra}</dir><dir>/usr/share/fonts</dir></fontconfig>",
        encoding="utf-8",
    )
    crowded["FONTCONFIG_FILE"] = str(system_conf)
    crowded["XDG_DATA_HOME"] = str(root / "crowded-home" / ".local-fonts")
    crowded["LANG"] = "fr_FR.UTF-8"
    crowded["FC_LANG"] = "ar"

    bare_out, crowded_out = root / "bare", root / "crowded"
    bare_messages = _render_in_child(briefs, bare_out, bare)
    crowded_messages = _render_in_child(briefs, crowded_out, crowded)
    return bare_out, crowded_out, bare_messages, crowded_messages


def test_same_bytes_whatever_fonts_the_machine_has(
    renders: tuple[Path, Path, list[str], list[str]],
) -> None:
    bare, crowded, _, _ = renders
    names = sorted(path.name for path in bare.iterdir())
    assert len(names) == 5
    assert names == sorted(path.name for path in crowded.iterdir())
    for name in names:
        assert (bare / name).read_bytes() == (crowded / name).read_bytes(), name


def test_no_weasyprint_warning_in_either_environment(
    renders: tuple[Path, Path, list[str], list[str]],
) -> None:
    _, _, bare_messages, crowded_messages = renders
    assert bare_messages == []
    assert crowded_messages == []


def test_pasted_symbols_come_from_shipped_fonts(
    renders: tuple[Path, Path, list[str], list[str]],
) -> None:
    _, crowded, _, _ = renders
    fonts: set[str] = set()
    for page in PdfReader(crowded / "3.pdf").pages:
        resources = page["/Resources"].get_object()
        for font in resources.get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    assert not any("DejaVu" in font for font in fonts), fonts
    for family in ("Noto-Emoji", "Noto-Sans-Symbols2", "Noto-Sans-Math"):
        assert any(font.startswith(family) for font in fonts), (family, fonts)


def test_configuration_lists_only_briefkit_fonts(tmp_path: Path) -> None:
    xml = fontconfig_xml([shipped_font_dir()], tmp_path)
    assert "<include" not in xml
    assert f"<dir>{shipped_font_dir()}</dir>" in xml
    for family in FALLBACK_FAMILIES:
        assert f"<string>{family}</string>" in xml
    assert "/usr/share/fonts" not in xml


def test_configure_fonts_points_fontconfig_at_its_own_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("FONTCONFIG_PATH", "/etc/fonts")
    monkeypatch.setenv("FONTCONFIG_FILE", "/etc/fonts/fonts.conf")
    path = configure_fonts()
    assert path.is_relative_to(tmp_path)
    assert os.environ["FONTCONFIG_FILE"] == str(path)
    assert "FONTCONFIG_PATH" not in os.environ
    assert path.read_text(encoding="utf-8") == fontconfig_xml(
        [shipped_font_dir()], tmp_path / "briefkit" / "fontconfig" / "cache"
    )
    assert configure_fonts() == path


def test_configure_fonts_works_with_a_read_only_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    cache.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    path = configure_fonts()
    assert path.is_file()
    assert not path.is_relative_to(cache)
