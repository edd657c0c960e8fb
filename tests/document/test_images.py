"""Images are judged by content, must stay in their folder, and have bounded size."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from briefkit.document.images import ImageProblem, inspect_image, resolve_inside, sniff_media_type

LIMITS = {"max_bytes": 1_000_000, "max_pixels": 1_000_000}


def png(width: int, height: int) -> bytes:
    """A real PNG header (and an empty image body) of the given size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4"/></svg>'


def test_a_png_is_recognised_by_content_whatever_its_name(tmp_path: Path) -> None:
    image = tmp_path / "map.svg"
    image.write_bytes(png(20, 10))
    info = inspect_image(image, **LIMITS)
    assert (info.media_type, info.width, info.height) == ("image/png", 20, 10)
    assert sniff_media_type(png(1, 1)) == "image/png"


def test_a_self_contained_svg_is_accepted(tmp_path: Path) -> None:
    image = tmp_path / "map.svg"
    image.write_bytes(SVG)
    assert inspect_image(image, **LIMITS).media_type == "image/svg+xml"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"GIF89a....", "not an SVG, PNG or JPEG"),
        (png(2000, 2000), "pixels"),
        (SVG.replace(b"<rect", b"<script>alert(1)</script><rect"), "script"),
        (SVG.replace(b"<rect", b'<image href="https://example.org/x.png"/><rect'), "example.org"),
    ],
)
def test_unusable_images_are_refused_with_a_reason(
    tmp_path: Path, content: bytes, message: str
) -> None:
    image = tmp_path / "figure"
    image.write_bytes(content)
    with pytest.raises(ImageProblem) as caught:
        inspect_image(image, **LIMITS)
    assert message in caught.value.message


def test_an_image_larger_than_the_byte_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    image = tmp_path / "big.png"
    image.write_bytes(png(1, 1) + b"\0" * 2000)
    with pytest.raises(ImageProblem, match="bytes"):
        inspect_image(image, max_bytes=1000, max_pixels=10)


def test_paths_must_stay_inside_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "brief"
    (folder / "figures").mkdir(parents=True)
    (folder / "figures" / "map.svg").write_bytes(SVG)
    (tmp_path / "secret.svg").write_bytes(SVG)
    (folder / "figures" / "link.svg").symlink_to(tmp_path / "secret.svg")

    assert resolve_inside(folder, "figures/map.svg") == (folder / "figures" / "map.svg").resolve()
    for escape in ("../secret.svg", "figures/link.svg", str(tmp_path / "secret.svg")):
        with pytest.raises(ImageProblem, match="outside"):
            resolve_inside(folder, escape)
    for missing in ("figures/none.svg", ""):
        with pytest.raises(ImageProblem):
            resolve_inside(folder, missing)
