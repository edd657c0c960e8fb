"""Check an image before it goes anywhere near the renderer: where it is, what it is, how big.

Only SVG, PNG and JPEG are accepted, recognised by their content, never by their file name.
Raster sizes are read by Pillow (the decoder the renderer uses), and every frame header of a JPEG
counts, so a small decoy header cannot hide a huge image. An SVG may not declare a DOCTYPE (no
entities) and may not refer to anything outside itself: every ``href``/``src`` and every CSS
``url()`` (read with a real CSS tokenizer, so escapes are decoded first) must be a ``#fragment``
or a ``data:`` image, itself checked the same way. References inside an SVG may not loop, and may
not multiply into more than :data:`MAX_SVG_ELEMENTS` drawn elements (a ``<use>`` bomb).
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import struct
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote_to_bytes

from briefkit.files import NotRegularFile, read_file

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

MAX_SVG_ELEMENTS = 50_000
"""Elements an SVG may draw once every ``<use>`` and ``url(#...)`` reference is expanded."""
MAX_DATA_DEPTH = 4
"""``data:`` images inside ``data:`` images, at most this deep."""


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
    try:
        root = folder.resolve()
        candidate = (root / relative).resolve()
    except (OSError, RuntimeError):  # a symlink loop: Python 3.11 raises RuntimeError
        raise ImageProblem(f"{relative!r} is a symbolic link that loops") from None
    if not candidate.is_relative_to(root):
        raise ImageProblem(f"{relative!r} is outside the brief's folder; images must be inside it")
    if not candidate.exists():
        raise ImageProblem(f"{relative!r} does not exist")
    if not candidate.is_file():
        raise ImageProblem(f"{relative!r} is not a regular file (a folder, a FIFO or a device)")
    return candidate


def inspect_image(path: Path, *, max_bytes: int, max_pixels: int) -> ImageInfo:
    """Identify the image at ``path`` by content and check its size."""
    return read_image(path, max_bytes=max_bytes, max_pixels=max_pixels)[0]


def read_image(path: Path, *, max_bytes: int, max_pixels: int) -> tuple[ImageInfo, bytes]:
    """The one way an image's bytes are read (lint, PDF, HTML and the site's hashes alike): a
    regular file only, opened without blocking (a FIFO or a device such as ``/dev/zero`` is
    refused unread), read no further than one byte past ``max_bytes``, then checked by content.
    Raises :class:`ImageProblem` for anything unusable."""
    try:
        data = read_file(path, max_bytes, regular_only=True)
    except NotRegularFile:
        raise ImageProblem(f"{path.name} is not a regular file (a FIFO or a device)") from None
    except OSError as exc:
        raise ImageProblem(f"cannot read {path.name}: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise ImageProblem(f"{path.name} is larger than {max_bytes:,} bytes, the limit for images")
    return inspect_image_bytes(data, path, max_pixels=max_pixels), data


def inspect_image_bytes(data: bytes, path: Path, *, max_pixels: int, depth: int = 0) -> ImageInfo:
    """:func:`inspect_image` for bytes already read (``path`` names them in messages)."""
    media_type = sniff_media_type(data)
    if media_type in ("image/png", "image/jpeg"):
        return _raster_info(path, data, max_pixels)
    if media_type == "image/svg+xml":
        _check_svg(path.name, data, max_pixels, depth)
        return ImageInfo(path, "image/svg+xml", 0, 0)
    raise ImageProblem(f"{path.name} is not an SVG, PNG or JPEG image (judged by its content)")


def sniff_media_type(data: bytes) -> str | None:
    """The media type of an SVG, PNG or JPEG image judged by its first bytes, else ``None``."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if _looks_like_svg(data):
        return "image/svg+xml"
    return None


def _raster_info(path: Path, data: bytes, max_pixels: int) -> ImageInfo:
    """Size and type of a PNG or JPEG as Pillow reads it, refused above ``max_pixels``."""
    from PIL import Image  # only for raster images: keeps lint start-up fast

    media_type = "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
    kind = "PNG" if media_type == "image/png" else "JPEG"
    if kind == "PNG" and data[12:16] == b"IHDR" and 0 in struct.unpack(">II", data[16:24]):
        width, height = struct.unpack(">II", data[16:24])
        raise ImageProblem(f"{path.name} is {width}×{height} pixels: it has no pixels to show")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[kind]) as image:
                width, height = image.size
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ImageProblem(
            f"{path.name} is too large to decode safely; at most {max_pixels:,} pixels"
        ) from None
    except Exception:  # Pillow raises many types for damaged files
        raise ImageProblem(
            f"{path.name}: the {kind} image is damaged (Pillow cannot read it)"
        ) from None
    if media_type == "image/jpeg":
        for frame_width, frame_height in _jpeg_frames(data):
            if frame_width * frame_height > width * height:
                width, height = frame_width, frame_height
    if width <= 0 or height <= 0:
        raise ImageProblem(f"{path.name} is {width}×{height} pixels: it has no pixels to show")
    if width * height > max_pixels:
        raise ImageProblem(
            f"{path.name} is {width}×{height} pixels; at most {max_pixels:,} pixels",
        )
    return ImageInfo(path, media_type, width, height)


_JPEG_FRAME = re.compile(rb"\xff[\xc0-\xc3\xc5-\xc7\xc9-\xcb\xcd-\xcf]", re.DOTALL)


def _jpeg_frames(data: bytes) -> list[tuple[int, int]]:
    """Width and height of every frame header (SOF marker) anywhere in a JPEG. A byte 0xFF in
    compressed data is always followed by 0x00 or a restart marker, so each match is a real
    marker, whichever decoder reads it."""
    frames = []
    for match in _JPEG_FRAME.finditer(data):
        header = data[match.end() + 3 : match.end() + 7]
        if len(header) == 4:
            height, width = struct.unpack(">HH", header)
            frames.append((int(width), int(height)))
    return frames


def _looks_like_svg(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return (
        head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype"))
        and b"<svg" in data[:65536].lower()
    )


def _check_svg(name: str, data: bytes, max_pixels: int, depth: int = 0) -> None:
    from xml.etree import ElementTree  # only for SVG images: keeps lint start-up fast

    if b"<!doctype" in data.lower() or b"<!entity" in data.lower():
        raise ImageProblem(f"{name}: SVG images may not declare a DOCTYPE or entities")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise ImageProblem(f"{name}: the SVG is not well-formed XML ({exc})") from None
    if not root.tag.endswith("svg"):
        raise ImageProblem(f"{name}: the root element is not <svg>")
    references: dict[int, list[str]] = {}
    for element in root.iter():
        found = references.setdefault(id(element), [])
        if element.tag.rsplit("}", 1)[-1] in ("script", "foreignObject"):
            raise ImageProblem(f"{name}: SVG images may not contain <script> or HTML")
        for attribute, value in element.attrib.items():
            local = attribute.rsplit("}", 1)[-1]
            if local in ("href", "src"):
                found.extend(_check_url(name, value, max_pixels, depth))
            elif local == "style":
                found.extend(_check_css(name, value, max_pixels, depth, "declarations"))
            elif "url" in value.lower() or "\\" in value:
                found.extend(_check_css(name, value, max_pixels, depth, "values"))
        if element.tag.endswith("style") and element.text:
            found.extend(_check_css(name, element.text, max_pixels, depth, "stylesheet"))
    _check_expansion(name, root, references)


def _check_url(name: str, url: str, max_pixels: int, depth: int) -> list[str]:
    """Check one reference; return the fragment it names (``[]`` for a ``data:`` image)."""
    url = url.strip()
    if url.startswith("#"):
        return [url[1:]]
    if url.lower().startswith("data:"):
        _check_data_url(name, url, max_pixels, depth)
        return []
    raise ImageProblem(f"{name}: the SVG refers to {url!r}; it must be self-contained")


def _check_data_url(name: str, url: str, max_pixels: int, depth: int) -> None:
    """A ``data:`` URL inside an SVG must hold an image that passes these same checks."""
    if depth >= MAX_DATA_DEPTH:
        raise ImageProblem(f"{name}: data: images nest more than {MAX_DATA_DEPTH} deep")
    meta, comma, payload = url[5:].partition(",")
    if not comma:
        raise ImageProblem(f"{name}: the SVG holds a damaged data: URL")
    try:
        if meta.lower().endswith(";base64"):
            content = base64.b64decode(unquote_to_bytes(payload), validate=False)
        else:
            content = unquote_to_bytes(payload)
    except (binascii.Error, ValueError):
        raise ImageProblem(f"{name}: the SVG holds a damaged data: URL") from None
    inner = Path(f"{name} (data: image)")
    inspect_image_bytes(content, inner, max_pixels=max_pixels, depth=depth + 1)


def _check_css(name: str, css: str, max_pixels: int, depth: int, grammar: str) -> list[str]:
    """Check CSS inside an SVG with a real tokenizer (escapes decoded, comments skipped): no
    ``@import`` or ``@font-face``, and every ``url()`` internal. ``grammar`` is ``stylesheet``
    (a ``<style>`` element), ``declarations`` or ``values``. Returns the fragments named."""
    import tinycss2  # comes with WeasyPrint; only for SVGs with CSS

    if grammar == "stylesheet":
        nodes: list[Any] = tinycss2.parse_stylesheet(css)
    elif grammar == "declarations":  # a style attribute
        nodes = tinycss2.parse_blocks_contents(css)
    else:  # a presentation attribute such as fill="url(#g)"
        nodes = tinycss2.parse_component_value_list(css)
    fragments: list[str] = []
    pending = list(nodes)
    while pending:
        node = pending.pop()
        kind = getattr(node, "type", "")
        if kind == "at-rule":
            if node.lower_at_keyword in ("import", "font-face", "namespace"):
                raise ImageProblem(
                    f"{name}: the SVG's CSS uses @{node.lower_at_keyword}; it must be "
                    "self-contained"
                )
            pending.extend(node.prelude or ())
            pending.extend(node.content or ())
        elif kind in ("qualified-rule",):
            pending.extend(node.prelude or ())
            pending.extend(node.content or ())
        elif kind == "declaration":
            pending.extend(node.value or ())
        elif kind == "url":
            fragments.extend(_check_css_url(name, node.value, max_pixels, depth))
        elif kind == "function":
            if node.lower_name in ("url", "src"):
                strings = [arg.value for arg in node.arguments if arg.type == "string"]
                for value in strings or [""]:
                    fragments.extend(_check_css_url(name, value, max_pixels, depth))
            pending.extend(node.arguments or ())
        elif kind in ("() block", "[] block", "{} block"):
            pending.extend(node.content or ())
    return fragments


def _check_css_url(name: str, url: str, max_pixels: int, depth: int) -> list[str]:
    try:
        return _check_url(name, url, max_pixels, depth)
    except ImageProblem as problem:
        if "refers to" in problem.message:
            raise ImageProblem(
                f"{name}: the SVG's CSS loads {url!r}; it must be self-contained"
            ) from None
        raise


def _check_expansion(name: str, root: Element, references: dict[int, list[str]]) -> None:
    """Refuse reference loops, and SVGs that would draw more than :data:`MAX_SVG_ELEMENTS`
    elements once every reference is expanded. Iterative: no recursion however deep the SVG."""
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
    cost: dict[int, int] = {}
    state: dict[int, int] = {}  # 1: being expanded, 2: done
    stack: list[tuple[Element, bool]] = [(root, False)]
    while stack:
        element, expanded = stack.pop()
        key = id(element)
        targets = [by_id[f] for f in references.get(key, ()) if f in by_id]
        if expanded:
            total = 1 + sum(cost[id(child)] for child in element)
            total += sum(cost[id(target)] for target in targets)
            cost[key] = min(total, MAX_SVG_ELEMENTS + 1)
            state[key] = 2
            continue
        if state.get(key) == 2:
            continue
        state[key] = 1
        stack.append((element, True))
        for dependency in (*element, *targets):
            status = state.get(id(dependency))
            if status == 1:
                raise ImageProblem(
                    f"{name}: the SVG's references loop (#{dependency.get('id', '?')} refers "
                    "back to itself)"
                )
            if status is None:
                stack.append((dependency, False))
    if cost[id(root)] > MAX_SVG_ELEMENTS:
        raise ImageProblem(
            f"{name}: the SVG's references expand to more than {MAX_SVG_ELEMENTS:,} elements; "
            "simplify it (a <use> bomb never finishes drawing)"
        )
