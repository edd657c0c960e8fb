"""A brief's figures: an image file inside the brief's folder, or an image inline in the brief.

An inline figure is a ``data:image/png``, ``data:image/jpeg`` or ``data:image/svg+xml`` URI in
base64 (``render --server`` sends figures this way). :func:`read_figure` is the one reader of
both kinds (lint, the render's view, HTML inlining and the site's hashes all go through it): an
inline image's bytes are decoded strictly and then checked exactly as a file's are (the image
size limit, recognition by content, which must match the type the URI declares, the SVG safety
checks, the pixel limit). An inline image counts towards neither the brief's size limit nor the
length limit of texts; the image limit bounds it (:func:`inline_length`).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefkit.document.images import (
    ImageInfo,
    ImageProblem,
    inspect_image_bytes,
    read_image,
    resolve_inside,
)
from briefkit.document.jsonsource import dotted

INLINE_TYPES = ("image/png", "image/jpeg", "image/svg+xml")
"""The media types an inline figure may declare: those the image checks accept."""
INLINE_NAME = Path("the inline image")
"""How messages name an inline figure."""
_NOT_BASE64 = re.compile(r"[^A-Za-z0-9+/=]")


def is_inline(image: object) -> bool:
    """Whether a figure's ``image`` is a ``data:`` URI (whatever it holds) rather than a path."""
    return isinstance(image, str) and image[:5].lower() == "data:"


def inline_length(max_bytes: int) -> int:
    """The most characters an inline figure of at most ``max_bytes`` bytes may take."""
    return len("data:image/svg+xml;base64,") + _base64_length(max_bytes)


def _base64_length(size: int) -> int:
    """Characters base64 takes for ``size`` bytes."""
    return 4 * -(-size // 3)


def inline_figures(data: dict[str, Any]) -> Iterator[tuple[tuple[str, int, str], str]]:
    """Each inline figure of a brief's ``data``, with its path (``figures``, index, ``image``)."""
    figures = data.get("figures")
    for index, figure in enumerate(figures if isinstance(figures, list) else ()):
        image = figure.get("image") if isinstance(figure, dict) else None
        if is_inline(image):
            assert isinstance(image, str)
            yield ("figures", index, "image"), image


def is_inline_figure(path: tuple[str | int, ...], value: object) -> bool:
    """Whether ``value``, at ``path`` in a brief, is an inline figure."""
    return len(path) == 3 and path[0] == "figures" and path[2] == "image" and is_inline(value)


def inline_bytes(data: dict[str, Any]) -> int:
    """The bytes a brief's inline figures take in its file (as UTF-8)."""
    return sum(len(image.encode()) for _, image in inline_figures(data))


def read_figure(
    folder: Path, image: str, *, max_bytes: int, max_pixels: int
) -> tuple[ImageInfo, bytes]:
    """A figure's image and its bytes: the file ``image`` names inside ``folder``, or the image
    an inline ``data:`` URI holds; checked alike. Raises :class:`ImageProblem` for anything
    unusable (outside the folder, malformed base64, too large, unsafe, not an image)."""
    if not is_inline(image):
        return read_image(resolve_inside(folder, image), max_bytes=max_bytes, max_pixels=max_pixels)
    declared, data = decode_inline(image, max_bytes)
    info = inspect_image_bytes(data, INLINE_NAME, max_pixels=max_pixels)
    if info.media_type != declared:
        raise ImageProblem(
            f"the data: URI says {declared} but holds {info.media_type} (judged by its content)"
        )
    return info, data


@dataclass(frozen=True)
class FigureRead:
    """One figure's image as :func:`read_figures` read it: the image and its bytes, or
    ``problem``, why it cannot be used, worded as lint's BK140 words it."""

    path: tuple[str, int, str]
    """Where the image is in the brief: (``figures``, index, ``image``)."""
    image: str
    read: tuple[ImageInfo, bytes] | None
    problem: str | None


def read_figures(
    data: Mapping[str, Any],
    folder: Path,
    *,
    max_bytes: int,
    max_pixels: int,
    files_only: bool = False,
) -> Iterator[FigureRead]:
    """Each figure of a brief's ``data`` whose image is a string, read by :func:`read_figure`
    from ``folder`` (``files_only``: those naming a file, not inline ones). The one loop of
    BK140 and of ``render --server``, which sends the images it read."""
    figures = data.get("figures")
    for index, figure in enumerate(figures if isinstance(figures, list) else ()):
        image = figure.get("image") if isinstance(figure, dict) else None
        if not isinstance(image, str) or (files_only and is_inline(image)):
            continue
        path = ("figures", index, "image")
        try:
            read = read_figure(folder, image, max_bytes=max_bytes, max_pixels=max_pixels)
        except ImageProblem as problem:
            yield FigureRead(path, image, None, f"{dotted(path)}: {problem.message}")
        except OSError as exc:
            message = f"{dotted(path)}: cannot read {image!r}: {exc.strerror}"
            yield FigureRead(path, image, None, message)
        else:
            yield FigureRead(path, image, read, None)


def decode_inline(uri: str, max_bytes: int) -> tuple[str, bytes]:
    """The media type an inline figure declares and its decoded bytes. Raises
    :class:`ImageProblem` for another media type, data that is not base64, malformed base64
    (naming the first character at fault) or more than ``max_bytes`` bytes."""
    header, comma, payload = uri.partition(",")
    media, *parameters = header[5:].split(";")
    media = media.strip().lower()
    if not comma or media not in INLINE_TYPES or [p.lower() for p in parameters] != ["base64"]:
        shown = header if len(header) <= 40 else f"{header[:40]}..."
        raise ImageProblem(
            f"an inline figure is data:image/png, data:image/jpeg or data:image/svg+xml with "
            f";base64, then the data; not {shown!r}"
        )
    if len(payload) > _base64_length(max_bytes):
        raise ImageProblem(f"the inline image is larger than {max_bytes:,} bytes, the limit")
    where = _malformed_at(payload)
    if where is not None:
        position = len(header) + 1 + where
        raise ImageProblem(
            f"the data: URI's base64 is malformed at character {position + 1:,} of the URI"
        )
    data = base64.b64decode(payload, validate=True)
    if len(data) > max_bytes:
        raise ImageProblem(f"the inline image is larger than {max_bytes:,} bytes, the limit")
    return media, data


def _malformed_at(payload: str) -> int | None:
    """Where ``payload`` stops being base64 (an index, ``len(payload)`` when it is cut short),
    or ``None``: the alphabet only, ``=`` only as the last one or two of a multiple of four."""
    stray = _NOT_BASE64.search(payload)
    if stray is not None:
        return stray.start()
    body = payload.rstrip("=")
    padding = len(payload) - len(body)
    if "=" in body:
        return body.index("=")
    if padding > 2 or len(payload) % 4:
        return len(payload)
    return None


def inline_uri(info: ImageInfo, data: bytes) -> str:
    """A checked image as the ``data:`` URI a document shows (its type as judged by content)."""
    return f"data:{info.media_type};base64,{base64.b64encode(data).decode('ascii')}"
