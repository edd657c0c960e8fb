"""Brand hygiene: a demo brand or placeholder contacts are reported, a copied brand renamed in
one place is renamed everywhere, `briefkit brand init` writes a brand ready to edit, and brand
values reach CSS only validated and escaped."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader

from briefkit import BriefkitError, load_brand, load_brief
from briefkit.assets import default_brand_path
from briefkit.render.brand import brand_placeholders, brand_warning
from briefkit.render.css import brand_css, css_color, css_font_family
from briefkit.render.fonts import shipped_font_dir
from briefkit.render.renderer import Renderer
from tests.conftest import DATA, ROOT, SAMPLES, squash
from tests.helpers import run_briefkit as run

FRENCH = SAMPLES / "niger-mali-aes.fr.json"
MERIDIAN = DATA / "brands" / "meridian"


def brand_copy(tmp_path: Path, changes: dict[str, Any], source: Path | None = None) -> Path:
    """A copy of a brand folder with some top-level fields changed; returns the folder."""
    source_file = source or default_brand_path()
    folder = tmp_path / "brand"
    shutil.copytree(source_file.parent, folder)
    data = json.loads((folder / "brand.json").read_text(encoding="utf-8"))
    data.pop("$schema", None)
    data.update(changes)
    (folder / "brand.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return folder


REAL = {
    "name": "Sahel Risk Partners",
    "short_name": "SRP",
    "demo": False,
    "contact": {
        "heading": "Contact us",
        "call_to_action": "Talk to {short_name}.",
        "text": "{name} covers the Sahel.",
        "email": "desk@sahelrisk.com",
        "phone": "+44 20 7123 4567",
        "website": "https://sahelrisk.com",
    },
    "brief_url": "https://sahelrisk.com/briefs/{id}",
}


def test_the_built_in_brand_is_a_demo_with_placeholder_contacts() -> None:
    brand = load_brand()
    assert brand.demo
    fields = [message.split(": ")[1] for message in brand_placeholders(brand)]
    assert fields == ["demo", "contact.email", "contact.website", "brief_url", "contact.phone"]
    warning = brand_warning(brand)
    assert isinstance(warning, str)
    assert "demonstration brand" in warning and "briefkit brand init" in warning
    assert "contact.email" in warning and "contact.phone" in warning


def test_a_real_brand_has_no_placeholder(tmp_path: Path) -> None:
    brand = load_brand(brand_copy(tmp_path, REAL))
    assert brand_placeholders(brand) == []
    assert brand_warning(brand) is None


@pytest.mark.parametrize(
    ("phone", "fictional"),
    [
        ("+44 20 7946 0321", True),
        ("+44 (0)20 7946 0999", True),
        ("+44 7700 900123", True),
        ("+44 161 496 0000", True),
        ("+1 (212) 555-0142", True),
        ("+33 1 99 00 12 34", True),
        ("+61 491 570 156", True),
        ("+351 21 000 0000", True),
        ("+44 20 7123 4567", False),
        ("+1 212 555 7000", False),
        ("+33 1 42 68 53 00", False),
    ],
)
def test_fictional_phone_numbers(tmp_path: Path, phone: str, fictional: bool) -> None:
    contact = {**REAL["contact"], "phone": phone}
    brand = load_brand(brand_copy(tmp_path, {**REAL, "contact": contact}))
    flagged = any("contact.phone" in message for message in brand_placeholders(brand))
    assert flagged is fictional


@pytest.mark.parametrize(
    "address", ["desk@firm.example", "desk@example.com", "desk@mail.example.org", "a@b.test"]
)
def test_reserved_example_domains(tmp_path: Path, address: str) -> None:
    contact = {**REAL["contact"], "email": address}
    brand = load_brand(brand_copy(tmp_path, {**REAL, "contact": contact}))
    assert any(f"contact.email: {address}" in m for m in brand_placeholders(brand))


def test_a_copied_brand_renamed_in_one_place_is_renamed_everywhere(
    tmp_path: Path, renderer: Renderer
) -> None:
    folder = brand_copy(tmp_path, REAL)
    result = renderer.render(load_brief(FRENCH), load_brand(folder), tmp_path / "fr.pdf")
    text = squash("".join(page.extract_text() for page in PdfReader(result.path).pages))
    # The ASA brand writes "Évaluation d’{name}"; French keeps d’ before a vowel only.
    assert squash("Évaluation de Sahel Risk Partners (SRP)") in text
    assert "AfricanSecurityAnalysis" not in text


def test_a_translation_naming_another_firm_is_reported(tmp_path: Path) -> None:
    data = json.loads(default_brand_path().read_text(encoding="utf-8"))
    data["translations"]["fr"]["assessment_heading"] = "Évaluation d’African Security Analysis"
    brand = load_brand(brand_copy(tmp_path, {**REAL, "translations": data["translations"]}))
    (message,) = brand_placeholders(brand)
    assert "translations.fr.assessment_heading" in message
    assert "'African Security Analysis'" in message and "{name}" in message


def test_brand_init_writes_a_complete_brand_that_doctor_reports(tmp_path: Path) -> None:
    folder = tmp_path / "brands" / "acme"
    result = run("brand", "init", str(folder), "--name", "Acme Risk", "--short-name", "ACME")
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in folder.iterdir()) == ["brand.json", "logo.svg"]
    brand = load_brand(folder)
    assert (brand.name, brand.short_name, brand.demo) == ("Acme Risk", "ACME", False)
    assert set(brand.data["translations"]) == {"fr", "pt", "ar"}
    assert "contact.email" in result.stderr and "TODO" in result.stderr

    doctor = run("doctor", "--brand", str(folder))
    assert doctor.returncode == 0, doctor.stdout
    placeholders = [line for line in doctor.stdout.splitlines() if "placeholder" in line]
    for field in ("contact.email", "contact.website", "contact.phone", "contact.text"):
        assert any(field in line and "warning" in line for line in placeholders), field

    before = (folder / "brand.json").read_bytes()
    again = run("brand", "init", str(folder), "--name", "Other", "--short-name", "O")
    assert again.returncode == 1
    assert "already exists" in again.stderr
    assert (folder / "brand.json").read_bytes() == before


def test_brand_init_takes_colours_logo_and_contacts(tmp_path: Path) -> None:
    logo = tmp_path / "wordmark.png"
    Image.new("RGB", (600, 100), "#12355B").save(logo)
    folder = tmp_path / "harbor"
    result = run(
        "brand", "init", str(folder), "--name", "Harbor Risk Partners", "--short-name", "HRP",
        "--primary", "#12355B", "--accent", "#F5B971", "--logo", str(logo),
        "--email", "desk@harborrisk.com", "--phone", "+1 617 555 2368",
        "--website", "https://harborrisk.com",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    brand = load_brand(folder)
    assert brand.logo.name == "logo.png" and brand.logo.read_bytes() == logo.read_bytes()
    assert brand.data["colors"]["primary"] == "#12355B"
    assert brand.data["colors"]["accent"] == "#F5B971"
    assert brand.data["contact"]["website"] == "https://harborrisk.com"
    assert "contact.email" not in result.stderr and "contact.phone" not in result.stderr
    # Suggested briefs link to the firm's site, not to the placeholder domain.
    assert "brief_url" not in result.stderr and ".example" not in result.stderr
    # The possessive of a name ending in s.
    assert "{name}\u2019 own reporting" in brand.data["disclaimer"]
    out = tmp_path / "out.pdf"
    rendered = run("render", str(SAMPLES / "tanzania-election.json"), "--brand", str(folder),
                   "-o", str(out))  # fmt: skip
    assert rendered.returncode == 0, rendered.stderr
    assert squash("Harbor Risk Partners\u2019 own") in squash(
        PdfReader(out).pages[-1].extract_text()
    )
    links = {
        str(annotation.get_object()["/A"]["/URI"])
        for page in PdfReader(out).pages
        for annotation in page.get("/Annots", [])
        if "/URI" in annotation.get_object().get("/A", {})
    }
    assert "https://harborrisk.com/briefs/niger-mali-aes-2025-10-02" in links
    assert not any(".example" in link for link in links), links
    bad = run("brand", "init", str(tmp_path / "x"), "--name", "X", "--short-name", "X",
              "--primary", "navy")  # fmt: skip
    assert bad.returncode == 1 and "primary: 'navy' is not a colour" in bad.stderr
    assert not (tmp_path / "x" / "brand.json").exists()


def test_brand_check_and_doctor_report_unreadable_colour_pairs(tmp_path: Path) -> None:
    folder = tmp_path / "pale"
    init = run("brand", "init", str(folder), "--name", "Pale", "--short-name", "P",
               "--primary", "#F5B971", "--email", "desk@pale.com")  # fmt: skip
    assert init.returncode == 0, init.stderr
    check = run("brand", "check", str(folder))
    assert check.returncode == 1
    line = next(line for line in check.stdout.splitlines() if "colors.on_primary" in line)
    assert "#FFFFFF on colors.primary #F5B971" in line
    assert re.search(r"contrast 1\.\d\d:1, below the 4\.5:1 WCAG AA asks for", line)
    doctor = run("doctor", "--brand", str(folder))
    assert any(
        "Brand contrast" in row and "warning" in row and "#F5B971" in row
        for row in doctor.stdout.splitlines()
    )
    readable = run("brand", "check", str(DATA / "brands" / "meridian"))
    assert "contrast" in readable.stdout  # coral on teal: the cover's kind line
    assert "colors.text" not in readable.stdout


def test_render_warns_about_a_demo_brand_and_not_about_a_real_one(tmp_path: Path) -> None:
    demo = run("render", str(FRENCH), "-o", str(tmp_path / "demo.pdf"))
    assert demo.returncode == 0, demo.stderr
    assert "warning" in demo.stderr and "demonstration brand" in demo.stderr
    real = brand_copy(tmp_path, REAL)
    clean = run("render", str(FRENCH), "--brand", str(real), "-o", str(tmp_path / "real.pdf"))
    assert clean.returncode == 0, clean.stderr
    assert "warning" not in clean.stderr


@pytest.mark.parametrize(
    "fonts",
    [
        {"body": 'x; } body { display: none } a { font-family: "y'},
        {"body": "Noto Sans</style>"},
        {"heading": "url(file:///etc/passwd)"},
    ],
)
def test_brand_fonts_that_are_not_font_lists_are_refused(
    tmp_path: Path, fonts: dict[str, str]
) -> None:
    with pytest.raises(BriefkitError, match="invalid brand"):
        load_brand(brand_copy(tmp_path, {"fonts": fonts}))


def test_brand_css_quotes_and_escapes_every_value() -> None:
    assert css_font_family('"Noto Sans", sans-serif', "fonts.body") == '"Noto Sans", sans-serif'
    assert css_font_family("Firm Sans,serif", "fonts.body") == '"Firm Sans", serif'
    with pytest.raises(BriefkitError, match=r"fonts\.body"):
        css_font_family("a; } b {", "fonts.body")
    with pytest.raises(BriefkitError, match=r"colors\.text"):
        css_color("red; } * { display: none", "colors.text")
    css = brand_css(load_brand())
    assert "--primary: #0B2545;" in css and '--font-body: "Noto Sans", sans-serif;' in css


def test_rules_text_on_primary_and_badges_follow_the_brand(tmp_path: Path) -> None:
    """The optional colours and the label font have defaults (the schema's), and a brand that
    sets them is obeyed everywhere a layout draws them."""
    defaults = brand_css(load_brand())
    assert "--rule: #D5D9E0;" in defaults and "--on-primary: #FFFFFF;" in defaults
    assert '--font-label: "Noto Sans", sans-serif;' in defaults  # the body font
    colors = {**load_brand().data["colors"], "rule": "#123456", "on_primary": "#FEDCBA"}
    brand = load_brand(
        brand_copy(tmp_path, {"colors": colors, "fonts": {"label": "Noto Serif, serif"}})
    )
    css = brand_css(brand)
    assert "--rule: #123456;" in css and "--on-primary: #FEDCBA;" in css
    assert '--font-label: "Noto Serif", serif;' in css


PAPER = {"#000", "#fff", "#FFFFFF"}
"""Paper white, black, and white text on badges."""
STANDARD_COLOURS = {"#33FF00", "#FFC000", "#FF2B2B"}
"""TLP 2.0's colours, fixed by the standard."""
RISK_COLOURS = {"#2E7D32", "#9E8600", "#D97706", "#C2410C", "#991B1B", "#a1161b", "#9a5b00"}
"""Risk levels, alike for every brand so that they read alike (badges in print, text online)."""


def test_layouts_take_their_colours_and_fonts_from_the_brand() -> None:
    """Apart from paper white, black and the fixed TLP and risk palettes, every colour and font
    family in the built-in layouts is one of the brand's custom properties."""
    layouts = ROOT / "layouts"
    sheets = [*layouts.rglob("*.css"), layouts / "site" / "index.html"]
    for sheet in sheets:
        if sheet.name == "fonts.css":
            continue
        text = sheet.read_text(encoding="utf-8")
        colours = (
            set(re.findall(r"#[0-9A-Fa-f]{3,6}\b", text)) - PAPER - STANDARD_COLOURS - RISK_COLOURS
        )
        assert not colours, (sheet, colours)
        families = re.findall(r"font-family:\s*([^;}]+)", text)
        fixed = [f for f in families if "var(--font-" not in f]
        assert not fixed, (sheet, fixed)


def test_a_brand_adds_a_font_file_of_its_own(tmp_path: Path, renderer: Renderer) -> None:
    folder = brand_copy(tmp_path, {})
    (folder / "fonts").mkdir()
    shutil.copy(shipped_font_dir() / "NotoSerif-Italic.ttf", folder / "fonts" / "firm.ttf")
    fonts = {
        "body": '"Firm Text", serif',
        "faces": [{"family": "Firm Text", "src": "fonts/firm.ttf"}],
    }
    brand = load_brand(brand_copy(tmp_path / "b", {"fonts": fonts}, folder / "brand.json"))
    result = renderer.render(load_brief(FRENCH), brand, tmp_path / "out.pdf")
    fonts_used = {
        str(font.get_object()["/BaseFont"]).split("+", 1)[-1]
        for page in PdfReader(result.path).pages
        for font in page["/Resources"].get_object().get("/Font", {}).values()
    }
    assert "Firm-Text" in fonts_used  # the body text is set in the brand's file


@pytest.mark.parametrize(
    ("src", "problem"),
    [("../x.ttf", "outside"), ("no.ttf", "does not"), ("loop.ttf", "loops")],
)
def test_brand_font_files_must_be_inside_the_brand(tmp_path: Path, src: str, problem: str) -> None:
    (tmp_path / "x.ttf").write_bytes(b"not a font")
    fonts = {"faces": [{"family": "Firm", "src": src}]}
    folder = brand_copy(tmp_path, {"fonts": fonts})
    (folder / "loop.ttf").symlink_to("loop.ttf")
    with pytest.raises(BriefkitError, match=problem):
        load_brand(folder)


def test_the_brand_option_takes_a_folder(tmp_path: Path) -> None:
    assert load_brand(MERIDIAN).name == "Meridian Risk Partners"


def test_brand_init_errors_name_no_flag_and_the_command_line_adds_its_own(
    tmp_path: Path,
) -> None:
    from briefkit.authoring.brand_folder import BrandChoices, write_brand_folder
    from briefkit.errors import Hint

    missing = tmp_path / "missing.svg"
    with pytest.raises(BriefkitError) as caught:
        write_brand_folder(tmp_path / "a", "Acme", "ACME", BrandChoices(logo=missing))
    assert caught.value.message == f"logo: {missing} does not exist"
    assert caught.value.hint is Hint.LOGO
    with pytest.raises(BriefkitError) as caught:
        write_brand_folder(tmp_path / "b", " ", "ACME")
    assert "--" not in caught.value.message and caught.value.hint is Hint.BRAND_NAMES

    named = run("brand", "init", str(tmp_path / "c"), "--name", "Acme", "--short-name", "A",
                "--logo", str(missing))  # fmt: skip
    assert named.returncode == 1
    assert f"logo: {missing} does not exist; --logo takes an SVG, PNG or JPEG file" in (
        named.stderr
    )
    empty = run("brand", "init", str(tmp_path / "d"), "--name", " ", "--short-name", "A")
    assert empty.returncode == 1
    assert "a brand needs a name and a short name that are not empty; give --name and " in (
        empty.stderr
    )
    assert not (tmp_path / "c").exists() and not (tmp_path / "d").exists()
