"""The brand's logo as a layout places it: any shape, sized by height within a maximum width.

A square mark and a 6:1 wordmark cannot share one box: a mark is set to the layout's height, a
wordmark to the same height until it reaches the layout's maximum width, and then shrinks with
its proportions kept (a 6:1 wordmark on the analysis cover: 60 × 10 mm). Whether the logo sits on
a light chip (for a dark logo on a dark band) is the brand's choice (``logo_chip``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree

from briefkit.document.images import ImageProblem, inspect_image_bytes, sniff_media_type
from briefkit.files import stamp
from briefkit.render.brand import Brand

_NUMBER = re.compile(r"\s*([0-9]*\.?[0-9]+)")


@dataclass(frozen=True)
class Logo:
    """What a layout needs to place the logo: its URL, proportions and the brand's chip choice."""

    url: str
    ratio: float
    """Width over height (1.0 for a square mark, 6.0 for a 6:1 wordmark)."""
    chip: bool

    @property
    def css_class(self) -> str:
        """``logo``, plus ``logo-chip`` when the brand puts its logo on a light chip."""
        return "logo logo-chip" if self.chip else "logo"

    def size(self, height: float, max_width: float, unit: str = "mm") -> str:
        """A ``style`` value: ``height`` tall, or narrower proportionally when it would be wider
        than ``max_width``, so that no shape is distorted or shrunk to a speck."""
        width = min(height * self.ratio, max_width)
        return f"width: {width:.2f}{unit}; height: {width / self.ratio:.2f}{unit}"


def _svg_ratio(data: bytes) -> float | None:
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return None
    box = root.get("viewBox", "").replace(",", " ").split()
    if len(box) == 4:
        try:
            width, height = float(box[2]), float(box[3])
        except ValueError:
            width = height = 0.0
        if width > 0 and height > 0:
            return width / height
    sizes = [_NUMBER.match(root.get(name, "")) for name in ("width", "height")]
    if sizes[0] and sizes[1] and float(sizes[1].group(1)) > 0:
        return float(sizes[0].group(1)) / float(sizes[1].group(1))
    return None


def logo_ratio(path: Path) -> float:
    """The logo's width over its height (from an SVG's ``viewBox`` or size, a PNG's or JPEG's
    pixels), kept between 1:4 and 12:1; 1.0 when it cannot be told. Read again only when the
    file changes (a warm worker renders one brand's logo again and again)."""
    return _logo_ratio(path, stamp(path))


@lru_cache(maxsize=32)
def _logo_ratio(path: Path, changed: tuple[int, int]) -> float:
    data = path.read_bytes()
    ratio: float | None = None
    if sniff_media_type(data) == "image/svg+xml":
        ratio = _svg_ratio(data)
    else:
        try:
            info = inspect_image_bytes(data, path, max_pixels=1 << 40)
        except ImageProblem:  # the brand was checked on loading; an odd image is drawn square
            info = None
        if info is not None and info.width and info.height:
            ratio = info.width / info.height
    return min(max(ratio or 1.0, 0.25), 12.0)


def brand_logo(brand: Brand, url: Callable[[Path], str]) -> Logo:
    """The brand's logo, its URL made by ``url`` (a ``file:`` or a ``data:`` URL)."""
    path = brand.logo
    return Logo(url(path), logo_ratio(path), bool(brand.data.get("logo_chip", False)))
