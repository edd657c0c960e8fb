"""Print-grade typography: quotes by language, proper nouns kept whole, short hyphenation
fragments avoided, no wide word gaps, and Latin text kept in order in Arabic briefs.

The unit tests pin the view model's decisions; the PDF tests read the samples back with PDFium
(lines of text, and each character's box) as a reader sees the page.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_raw
import pytest

from briefkit import load_brand, load_brief, parse_brief
from briefkit.document.markup import render_inline
from briefkit.render.renderer import Renderer
from briefkit.render.typography import Typesetter, isolate_latin, smart_quotes
from tests.conftest import SAMPLES, TESTS

HERE = TESTS
MERIDIAN = HERE / "data" / "brands" / "meridian" / "brand.json"
SAMPLE_RENDERS = {
    "analysis-en": (SAMPLES / "niger-mali-aes.json", None),
    "analysis-fr": (SAMPLES / "niger-mali-aes.fr.json", None),
    "situation-en": (SAMPLES / "tanzania-election.json", None),
    "situation-update": (SAMPLES / "tanzania-security-update.json", None),
    "situation-ar": (HERE / "cases" / "locales" / "ar-situation.json", None),
    "analysis-meridian": (SAMPLES / "niger-mali-aes.json", MERIDIAN),
}
SPACE_ADVANCE = 0.26
"""Width of a space in Noto Sans and Noto Serif, in em."""
WIDEST_GAP = 3.0
"""Widest word gap allowed, in normal spaces."""
HYPHEN = "\u2010"


@pytest.mark.parametrize(
    ("language", "typed", "printed"),
    [
        ("en", "the \"Jama'at\" group's 'claim'", "the “Jama’at” group’s ‘claim’"),
        ("en", '\'90s and "x".', "’90s and “x”."),
        (
            "fr",
            'dit "coopération" et « souveraineté »',
            "dit «\u202fcoopération\u202f» et «\u202fsouveraineté\u202f»",
        ),
        ("fr", "l'AES", "l’AES"),
        ("pt", 'a "cooperação"', "a “cooperação”"),
        ("pt-PT", 'a "cooperação"', "a «cooperação»"),
        ("ar", 'قال "التعاون"', "قال «التعاون»"),
    ],
)
def test_quotes_follow_the_language(language: str, typed: str, printed: str) -> None:
    assert smart_quotes(typed, language) == printed


@pytest.mark.parametrize(
    ("language", "typed", "printed"),
    [
        ("en", "2019--2024, calm -- for now --- then not", "2019–2024, calm – for now — then not"),
        ("en", "run briefkit --force --- see <!-- x -->", "run briefkit --force — see <!-- x -->"),
        (
            "fr",
            "Pourquoi? Parce que ; voilà: fin !",
            "Pourquoi\u202f? Parce que\u202f; voilà\u00a0: fin\u202f!",
        ),
        ("fr", "à 12:30, «oui» et « non »", "à 12:30, «\u202foui\u202f» et «\u202fnon\u202f»"),
        ("fr", "voir https://example.org/?a=1", "voir https://example.org/?a=1"),
        # Right after a URL or an address kept as typed, spaced like any other.
        (
            "fr",
            "voir https://example.org/a: la suite",
            "voir https://example.org/a\u00a0: la suite",
        ),
        (
            "fr",
            "lire https://example.org/a ? Oui; non!",
            "lire https://example.org/a\u202f? Oui\u202f; non\u202f!",
        ),
        ("fr", "écrire à desk@example.org: merci", "écrire à desk@example.org\u00a0: merci"),
        ("fr", "voir <https://example.org>; puis", "voir <https://example.org>\u202f; puis"),
        (
            "fr",
            "le port https://example.org:8443/a reste",
            "le port https://example.org:8443/a reste",
        ),
        ("en", "Why? Because: no", "Why? Because: no"),
    ],
)
def test_dashes_and_french_spacing_whatever_the_author_typed(
    language: str, typed: str, printed: str
) -> None:
    assert smart_quotes(typed, language) == printed


@pytest.mark.parametrize(
    "kept",
    [
        "see https://example.org/a'b",
        "write to o'neil@example.org",
        '[the report](https://example.org/it\'s "title")',
        'code `x = "y"` and <a href="x">',
        r"a \"straight\" quote",
        "{% include 'x' %} ${'y'}",
    ],
)
def test_quotes_in_urls_code_and_markup_are_kept(kept: str) -> None:
    for part in re.findall(r"https://\S+|o'neil@\S+|`[^`]*`|<[^>]*>|\{%.*%\}|\\\"", kept):
        assert part in smart_quotes(kept, "en")


def test_a_french_brief_spaces_the_punctuation_after_its_urls(renderer: Renderer) -> None:
    data = json.loads((SAMPLES / "niger-mali-aes.fr.json").read_text(encoding="utf-8"))
    data["assessment"]["summary"] = (
        "Le communiqué est en ligne https://example.org/communique: il confirme la visite; "
        "le texte intégral https://example.org/texte? Il reste introuvable."
    )
    brief = parse_brief(json.dumps(data).encode(), "niger-mali-aes.fr.json")
    html = renderer.render_bytes(brief, load_brand(), formats=("html",)).html
    assert html is not None
    text = html.decode()
    assert "https://example.org/communique\u00a0: il confirme la visite\u202f; le" in text
    assert "https://example.org/texte\u202f? Il reste" in text


def test_quotes_in_rich_text_leave_link_targets_alone() -> None:
    typeset = Typesetter("en")
    text = "\"Read\" [the 'report'](https://example.org/it's)"
    rendered = str(render_inline(typeset.plain(text), text_rule=typeset.fragment))
    assert 'href="https://example.org/it\'s"' in rendered
    assert "“Read”" in rendered and "‘report’" in rendered


def test_capitalised_words_are_kept_whole() -> None:
    text = "visits by General Abdourahamane Tiani to the Confederation, said the AES-led bloc"
    html = str(Typesetter("en")(text))
    assert '<span class="name">General Abdourahamane Tiani</span>' in html
    assert '<span class="name">Confederation</span>' in html
    # Words WeasyPrint could not split anyway (too short for 3 + 4 letters) need no span.
    assert "the AES-led bloc" in html and "visits by" in html
    french = str(Typesetter("fr")("la visite au Burkina Faso"))
    assert '<span class="name">Burkina Faso</span>' in french  # "Bur-kina" in French


def test_typesetting_escapes_what_it_is_given() -> None:
    html = str(Typesetter("en")('<b onclick="x">Bold</b> & "Co"'))
    assert "<b" not in html and "&lt;b" in html and "&amp;" in html


def test_latin_runs_are_isolated_in_arabic() -> None:
    assert (
        isolate_latin("تقييم مؤسسة African Security Analysis (ASA)")
        == "تقييم مؤسسة \u2066African Security Analysis (ASA)\u2069"
    )
    # A bracket opened in Arabic closes outside the isolate, so that the pair mirrors together.
    assert isolate_latin("دول الساحل (AES).") == "دول الساحل (\u2066AES\u2069)."
    assert isolate_latin("في [AES] و") == "في [\u2066AES\u2069] و"
    english = "It does not constitute legal or investment advice."
    assert isolate_latin(english) == f"\u2066{english}\u2069"
    assert "<span" not in str(Typesetter("ar", "rtl")("Burkina Faso"))


@pytest.fixture(scope="module")
def sample_pdfs(tmp_path_factory: pytest.TempPathFactory, renderer: Renderer) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("typography")
    paths = {}
    for name, (brief, brand) in SAMPLE_RENDERS.items():
        # Running text only: the locator map's names are placed, not set in lines.
        data = {**json.loads(Path(brief).read_text(encoding="utf-8")), "map": False}
        document = parse_brief(json.dumps(data).encode(), str(brief))
        result = renderer.render(document, load_brand(brand), folder / f"{name}.pdf")
        paths[name] = result.path
    return paths


def _pages(path: Path) -> list[tuple[str, list[tuple[float, float, float, float]], list[float]]]:
    """Each page's text, each character's box and font size."""
    document = pypdfium2.PdfDocument(path)
    pages = []
    try:
        for page in document:
            text_page = page.get_textpage()
            count = text_page.count_chars()
            text = text_page.get_text_range(0, count)
            boxes = [text_page.get_charbox(index) for index in range(count)]
            sizes = [
                pdfium_raw.FPDFText_GetFontSize(text_page.raw, index)
                if not pdfium_raw.FPDFText_IsGenerated(text_page.raw, index)
                else 0.0
                for index in range(count)
            ]
            pages.append((text, boxes, sizes))
    finally:
        document.close()
    return pages


def test_hyphenation_spares_names_and_short_fragments(sample_pdfs: dict[str, Path]) -> None:
    hyphenated = 0
    for name, path in sample_pdfs.items():
        for text, _, _ in _pages(path):
            lines = text.split("\r\n")
            for line, following in itertools.pairwise(lines):
                if not line.endswith(HYPHEN):
                    continue
                hyphenated += 1
                before = re.findall(r"\w+$", line[:-1])[0]
                after = re.findall(r"^\w+", following)[0]
                assert not before[0].isupper(), (name, line, following)
                assert len(before) >= 3 and len(after) >= 4, (name, line, following)
    assert hyphenated > 0  # hyphenation still works where it may


def _rtl(character: str) -> bool:
    return "\u0590" <= character <= "\u08ff"


def test_no_word_gap_wider_than_three_spaces(sample_pdfs: dict[str, Path]) -> None:
    widest = 0.0
    for name, path in sample_pdfs.items():
        for number, (text, boxes, sizes) in enumerate(_pages(path), start=1):
            for index in range(1, len(text) - 1):
                if text[index] != " " or not sizes[index]:
                    continue  # only real spaces inside a line of text
                left, right = text[index - 1], text[index + 1]
                if left.isspace() or right.isspace():
                    continue
                previous, following = boxes[index - 1], boxes[index + 1]
                if abs(previous[1] - following[1]) > 2 or _rtl(left) != _rtl(right):
                    continue  # another line, or a change of direction (visual order differs)
                distance = previous[0] - following[2] if _rtl(left) else following[0] - previous[2]
                gap = distance / (sizes[index] * SPACE_ADVANCE)
                widest = max(widest, gap)
                assert gap <= WIDEST_GAP, (name, number, text[index - 30 : index + 30])
    assert widest > 1.0  # the measure sees justified text at all


def test_a_long_title_and_a_pasted_url_wrap_inside_the_page(
    tmp_path: Path, renderer: Renderer
) -> None:
    """A word longer than the line (a pasted URL, a title without spaces) wraps; nothing runs
    past the right-hand edge of the page."""
    data = json.loads((SAMPLES / "niger-mali-aes.json").read_text(encoding="utf-8"))
    data["title"] = "Abcdefghij" * 20
    url = "https://example.org/" + "a" * 420
    data["executive_summary"][0] += f" {url}"
    brief = tmp_path / "long.json"
    brief.write_text(json.dumps(data), encoding="utf-8")
    output = renderer.render(load_brief(brief), load_brand(), tmp_path / "long.pdf").path
    document = pypdfium2.PdfDocument(output)
    try:
        width = document[0].get_width()
    finally:
        document.close()
    text = "".join(page_text for page_text, _, _ in _pages(output))
    assert "a" * 60 in text.replace("\r\n", "").replace("\n", "")
    for _, boxes, _ in _pages(output):
        assert max(right for _, _, right, _ in boxes) < width - 20
