"""Inline figures: a base64 data: URI is read by the same reader, with the same checks, as a
file is."""

from __future__ import annotations

import base64
import io
import json
import random
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from briefkit import BriefkitError, load_brand, parse_brief
from briefkit.assets import layouts_dir
from briefkit.document.brief import Limits
from briefkit.document.figures import read_figure
from briefkit.document.images import ImageProblem
from briefkit.publish.manifest import hash_figures
from briefkit.render.view import build_view, load_labels
from briefkit.rules.lint import lint_brief
from briefkit.rules.model import LintConfig
from tests.conftest import SAMPLE_ANALYSIS


def png(width: int = 40, height: int = 30) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#3366aa").save(buffer, "PNG")
    return buffer.getvalue()


def uri(data: bytes, media_type: str = "image/png") -> str:
    return f"data:{media_type};base64,{base64.b64encode(data).decode()}"


def brief_with(image: str, name: str = "brief.json") -> Any:
    data = json.loads(SAMPLE_ANALYSIS.read_text(encoding="utf-8"))
    data["figures"] = [{"image": image, "caption": "A chart", "alt": "A blue rectangle"}]
    return parse_brief(json.dumps(data, indent=2).encode(), name)


def bk140(brief: Any, config: LintConfig | None = None) -> list[Any]:
    findings = lint_brief(brief, config or LintConfig())
    return [finding for finding in findings if finding.code == "BK140"]


def test_an_inline_image_reads_as_the_same_file_does(tmp_path: Path) -> None:
    (tmp_path / "chart.png").write_bytes(png())
    caps = {"max_bytes": 1_000_000, "max_pixels": 1_000_000}
    from_file = read_figure(tmp_path, "chart.png", **caps)
    inline = read_figure(tmp_path, uri(png()), **caps)
    assert inline[1] == from_file[1]
    assert (inline[0].media_type, inline[0].width, inline[0].height) == ("image/png", 40, 30)


@pytest.mark.parametrize(
    ("payload", "character"),
    [
        ("iVBO*w0KGgo=", 27),  # a character outside the alphabet
        ("iVBO=w0KGgo=", 27),  # padding inside
        ("iVBORw0KGg", 33),  # cut short: the end of the URI
    ],
)
def test_malformed_base64_is_a_finding_at_the_figure(payload: str, character: int) -> None:
    brief = brief_with(f"data:image/png;base64,{payload}")
    [finding] = bk140(brief)
    line, column = brief.source.locate(("figures", 0, "image"))
    assert (finding.pointer, finding.line, finding.column) == ("/figures/0/image", line, column)
    assert f"malformed at character {character} of the URI" in finding.message


@pytest.mark.parametrize(
    ("image", "words"),
    [
        ("data:text/html;base64,PHNjcmlwdD4=", "not 'data:text/html;base64'"),
        ("data:image/gif;base64,R0lGODlhAQABAAAAACw=", "data:image/png, data:image/jpeg"),
        ("data:image/png,%89PNG", "not 'data:image/png'"),
        (uri(png(), "image/jpeg"), "says image/jpeg but holds image/png"),
        (uri(b"just text"), "not an SVG, PNG or JPEG image"),
    ],
)
def test_only_checked_png_jpeg_and_svg_images_are_inline(image: str, words: str) -> None:
    [finding] = bk140(brief_with(image))
    assert words in finding.message


def test_the_image_caps_apply_to_inline_images() -> None:
    small = LintConfig(limits=Limits(max_image_bytes=1000, max_image_pixels=10_000))
    [size] = bk140(brief_with(uri(png(600, 600))), small)
    assert "larger than 1,000 bytes" in size.message
    [pixels] = bk140(brief_with(uri(png(200, 200))), small)
    assert "200×200 pixels; at most 10,000 pixels" in pixels.message


def test_an_inline_figure_counts_towards_neither_the_file_nor_the_text_limit() -> None:
    limits = Limits(max_file_bytes=20_000, max_string_chars=2_000)
    noise = Image.frombytes("L", (200, 200), random.Random(0).randbytes(40_000))
    buffer = io.BytesIO()
    noise.save(buffer, "PNG")
    image = uri(buffer.getvalue())
    assert len(image) > 30_000
    data = json.loads(SAMPLE_ANALYSIS.read_text(encoding="utf-8"))
    data["figures"] = [{"image": image, "caption": "Noise", "alt": "Grey noise"}]
    raw = json.dumps(data).encode()
    assert parse_brief(raw, "brief.json", limits).data["figures"][0]["image"] == image
    data["figures"][0]["caption"] = "x" * 25_000  # the brief's own text still counts
    with pytest.raises(BriefkitError) as caught:
        parse_brief(json.dumps(data).encode(), "brief.json", limits)
    assert [finding.code for finding in caught.value.findings] == ["BK005"]
    assert "inline figures aside" in caught.value.findings[0].message


def test_the_view_shows_the_checked_image_and_refuses_an_unchecked_one() -> None:
    labels = load_labels(layouts_dir() / "labels.json")
    asked: list[Path] = []

    def asset(path: Path) -> str:
        asked.append(path)
        return f"asset:{path.name}"

    view = build_view(brief_with(uri(png())), load_brand(), labels, asset_url=asset)
    assert view.figures[0].src == uri(png())
    assert all(path.name != "brief.json" for path in asked)  # only the logo was a file
    with pytest.raises(
        BriefkitError, match=r"figures\[0\]\.image: the inline image: SVG images may not"
    ):
        bomb = '<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg"/>'
        build_view(brief_with(uri(bomb.encode(), "image/svg+xml")), load_brand(), labels)


def test_a_site_hashes_an_inline_figure_by_its_checked_image(tmp_path: Path) -> None:
    from briefkit.publish.manifest import hash_figure

    (tmp_path / "chart.png").write_bytes(png())
    limits = Limits()
    assert hash_figure(tmp_path, uri(png()), limits) == hash_figure(tmp_path, "chart.png", limits)
    assert hash_figure(tmp_path, "data:image/png;base64,iVBO*w0K", limits) == "unusable"
    one = hash_figures(tmp_path / "brief.json", {"figures": [{"image": uri(png())}]}, limits)
    other = {"figures": [{"image": uri(png(41))}]}
    assert hash_figures(tmp_path / "brief.json", other, limits) != one


def test_read_figure_refuses_a_path_outside_as_before(tmp_path: Path) -> None:
    with pytest.raises(ImageProblem, match="outside the brief's folder"):
        read_figure(tmp_path, "../etc/passwd", max_bytes=100, max_pixels=100)
