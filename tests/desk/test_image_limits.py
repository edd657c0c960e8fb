"""A desk's image limits (``max-image-bytes`` in ``[limits]``) hold for render as they do for
lint: a figure lint accepted under a raised limit is rendered, one over a lowered limit is refused,
whether the command line or the library renders it."""

from __future__ import annotations

import base64
import io
import json
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from briefkit import BriefkitError, Limits, LintConfig, load_brand, load_brief
from briefkit.render.renderer import Renderer
from tests.helpers import invoke
from tests.publish.conftest import situation, write

DEFAULT_IMAGE_BYTES = Limits().max_image_bytes
WIDE, HIGH = 2000, 1800
"""A white image whose PNG is stored uncompressed: 10.8 MB, over briefkit's 10 MiB default."""


def stored_png(width: int, height: int, grey: int = 255) -> bytes:
    """A ``grey`` (white by default) RGB PNG of the given size whose pixels are stored, not
    compressed."""
    rows = b"".join(b"\0" + bytes([grey]) * (3 * width) for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 0))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def large_png() -> bytes:
    data = stored_png(WIDE, HIGH)
    assert DEFAULT_IMAGE_BYTES < len(data) < 12_000_000
    return data


def desk_with_figure(folder: Path, image: bytes, max_image_bytes: int) -> Path:
    """A desk whose briefkit.toml sets ``max-image-bytes``, holding one brief with ``image``
    inline as its figure."""
    (folder / "briefkit.toml").write_text(
        f'brand = "demo"\n\n[limits]\nmax-image-bytes = {max_image_bytes}\n', encoding="utf-8"
    )
    data: dict[str, Any] = situation("figure-brief", "A brief with a figure", "2025-10-01")
    data["figures"] = [
        {
            "image": "data:image/png;base64," + base64.b64encode(image).decode("ascii"),
            "caption": "A white chart",
            "alt": "A white rectangle",
        }
    ]
    path = folder / "briefs" / "figure-brief.json"
    write(path, data)
    return path


def image_sizes(pdf: Path | bytes) -> set[tuple[int, int]]:
    """The width and height of every image the PDF's pages draw."""
    reader = PdfReader(pdf if isinstance(pdf, Path) else io.BytesIO(pdf))
    sizes = set()
    for page in reader.pages:
        objects = page["/Resources"].get("/XObject")
        for item in (objects.get_object() if objects else {}).values():
            image = item.get_object()
            if image.get("/Subtype") == "/Image":
                sizes.add((int(image["/Width"]), int(image["/Height"])))
    return sizes


def test_render_draws_a_figure_the_desk_raised_limit_allows(
    tmp_path: Path, large_png: bytes
) -> None:
    brief = desk_with_figure(tmp_path, large_png, 20_000_000)
    output = tmp_path / "out" / "figure-brief.pdf"
    result = invoke("render", str(brief), "-o", str(output))
    assert result.exit_code == 0, result.output
    assert (WIDE, HIGH) in image_sizes(output)


def test_render_refuses_a_figure_over_the_desk_lowered_limit(tmp_path: Path) -> None:
    image = stored_png(200, 180)  # 108 kB, well within briefkit's default
    brief = desk_with_figure(tmp_path, image, 50_000)
    output = tmp_path / "figure-brief.pdf"
    result = invoke("render", str(brief), "-o", str(output))
    assert result.exit_code == 1
    [line] = [line for line in result.stdout.splitlines() if "BK140" in line]
    assert "figure-brief.json:" in line, line
    assert "figures[0].image: the inline image is larger than 50,000 bytes" in line
    assert "Traceback" not in result.output
    assert not output.exists()


def test_the_library_renders_within_the_limits_lint_was_given(
    tmp_path: Path, large_png: bytes
) -> None:
    brief = load_brief(
        desk_with_figure(tmp_path, large_png, 20_000_000), Limits(max_image_bytes=20_000_000)
    )
    raised = Renderer(lint_config=LintConfig(limits=Limits(max_image_bytes=20_000_000)))
    result = raised.render_bytes(brief, load_brand(), formats=("pdf", "html"))
    assert result.pdf is not None and result.html is not None
    assert (WIDE, HIGH) in image_sizes(result.pdf)
    assert base64.b64encode(large_png[:3000]).decode("ascii") in result.html.decode("utf-8")

    with pytest.raises(BriefkitError) as refused:
        Renderer().render_bytes(brief, load_brand(), findings=[])  # lint's findings set aside
    assert refused.value.message == (
        f"{brief.path}: figures[0].image: the inline image is larger than "
        f"{DEFAULT_IMAGE_BYTES:,} bytes, the limit"
    )


def test_a_digest_draws_a_figure_its_desk_allows(tmp_path: Path, large_png: bytes) -> None:
    desk_with_figure(tmp_path, large_png, 20_000_000)
    output = tmp_path / "digest.pdf"
    result = invoke("digest", str(tmp_path / "briefs"), "-o", str(output))
    assert result.exit_code == 0, result.output
    assert (WIDE, HIGH) in image_sizes(output)


def test_a_site_rebuild_sees_a_changed_figure_the_desk_allows(
    tmp_path: Path, large_png: bytes
) -> None:
    desk_with_figure(tmp_path, b"", 20_000_000)
    path = tmp_path / "briefs" / "figure-brief.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["figures"][0]["image"] = "chart.png"
    write(path, data)
    (path.parent / "chart.png").write_bytes(large_png)
    first = invoke("build", str(tmp_path), "--jobs", "1")
    assert first.exit_code == 0, first.output
    assert "1 rendered, 0 up to date" in first.output
    (path.parent / "chart.png").write_bytes(stored_png(WIDE, HIGH, grey=64))
    again = invoke("build", str(tmp_path), "--jobs", "1")
    assert again.exit_code == 0, again.output
    assert "1 rendered, 0 up to date" in again.output
