"""Check an image before it goes anywhere near the renderer: where it is, what it is, how big.

Only SVG, PNG and JPEG are accepted, recognised by their content, never by their file name. An SVG
may not declare a DOCTYPE (no entities) and may not refer to anything outside itself: every
``href``/``src`` and every CSS ``url()`` must be a ``#fragment`` or a ``data:`` URI.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from pathlib import Path

_URL_IN_CSS = re.compile(r"url\(\s*['\"]?([^'\")\s]*)|@import", re.IGNORECASE)


class ImageProblem(Exception):
    """Why an image cannot be used."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ImageInfo:
    """A usable image: its path, media type and size in pixels (SVG: as declared, or 0)."""

    path: Path
    media_type: str
    width: int
    height: int


def resolve_inside(folder: Path, relative: str) -> Path:
    """``relative`` resolved against ``folder`` (symlinks and ``..`` followed), which it must not
    leave. Raises :class:`ImageProblem` otherwise."""
    if not relative or "\x00" in relative:
        raise ImageProblem("the image path is empty")
    root = folder.resolve()
    candidate = (root / relative).resolve()
    if not candidate.is_relative_to(root):
        raise ImageProblem(f"{relative!r} is outside the brief's folder; images must be inside it")
    if not candidate.is_file():
        raise ImageProblem(f"{relative!r} does not exist")
    return candidate


def inspect_image(path: Path, *, max_bytes: int, max_pixels: int) -> ImageInfo:
    """Identify the image at ``path`` by content and check its size."""
    size = path.stat().st_size
    if size > max_bytes:
        raise ImageProblem(
            f"{path.name} is {size:,} bytes; images may be at most {max_bytes:,} bytes"
        )
    data = path.read_bytes()
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        width, height = _png_size(data)
        info = ImageInfo(path, "image/png", width, height)
    elif data.startswith(b"\xff\xd8\xff"):
        width, height = _jpeg_size(data)
        info = ImageInfo(path, "image/jpeg", width, height)
    elif _looks_like_svg(data):
        _check_svg(path.name, data)
        info = ImageInfo(path, "image/svg+xml", 0, 0)
    else:
        raise ImageProblem(f"{path.name} is not an SVG, PNG or JPEG image (judged by its content)")
    if info.width * info.height > max_pixels:
        raise ImageProblem(
            f"{path.name} is {info.width}×{info.height} pixels; at most {max_pixels:,} pixels",
        )
    return info


def sniff_media_type(data: bytes) -> str | None:
    """The media type of an SVG, PNG or JPEG image judged by its first bytes, else ``None``."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if _looks_like_svg(data):
        return "image/svg+xml"
    return None


def _png_size(data: bytes) -> tuple[int, int]:
    if len(data) < 24 or data[12:16] != b"IHDR":
        raise ImageProblem("the PNG image is damaged (no IHDR header)")
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def _jpeg_size(data: bytes) -> tuple[int, int]:
    position = 2
    while position + 9 < len(data):
        if data[position] != 0xFF:
            break
        marker = data[position + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            position += 2
            continue
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[position + 5 : position + 9])
            return int(width), int(height)
        position += 2 + length
    raise ImageProblem("the JPEG image is damaged (no frame header)")


def _looks_like_svg(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return (
        head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype"))
        and b"<svg" in data[:65536].lower()
    )


def _check_svg(name: str, data: bytes) -> None:
    from xml.etree import ElementTree  # only for SVG images: keeps lint start-up fast

    if b"<!doctype" in data.lower() or b"<!entity" in data.lower():
        raise ImageProblem(f"{name}: SVG images may not declare a DOCTYPE or entities")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise ImageProblem(f"{name}: the SVG is not well-formed XML ({exc})") from None
    if not root.tag.endswith("svg"):
        raise ImageProblem(f"{name}: the root element is not <svg>")
    for element in root.iter():
        for attribute, value in element.attrib.items():
            local = attribute.rsplit("}", 1)[-1]
            if local in ("href", "src") and not _internal(value):
                raise ImageProblem(
                    f"{name}: the SVG refers to {value!r}; it must be self-contained"
                )
            if local == "style":
                _check_css(name, value)
        if element.tag.endswith("style") and element.text:
            _check_css(name, element.text)
        if element.tag.rsplit("}", 1)[-1] in ("script", "foreignObject"):
            raise ImageProblem(f"{name}: SVG images may not contain <script> or HTML")


def _check_css(name: str, css: str) -> None:
    for match in _URL_IN_CSS.finditer(css):
        target = match.group(1)
        if target is None or not _internal(target):
            raise ImageProblem(
                f"{name}: the SVG's CSS loads {match.group(0)!r}; it must be self-contained"
            )


def _internal(url: str) -> bool:
    url = url.strip()
    return url.startswith("#") or url.lower().startswith("data:")
