"""Whether text on the brand's colours can be read: WCAG 2 contrast for the pairs layouts print.

A layout prints some brand colours on others (white numerals on the accent, the cover's date on
the primary colour); each pair is checked against WCAG 2.x level AA: 4.5:1 for body-size text,
3:1 for large text (18 pt, or 14 pt bold). Used by ``briefkit brand check`` and ``doctor --brand``.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefkit.render.brand import Brand
from briefkit.render.css import brand_colors

BODY_TEXT = 4.5
LARGE_TEXT = 3.0

WHITE = "#FFFFFF"

PAIRS = (
    ("text", "white", BODY_TEXT, "running text"),
    ("muted", "white", BODY_TEXT, "dates, captions and the running footer"),
    ("primary", "white", BODY_TEXT, "labels and links"),
    ("text", "panel", BODY_TEXT, "the assessment panel's text"),
    ("on_primary", "primary", BODY_TEXT, "the contact panel's text"),
    ("on_primary_muted", "primary", BODY_TEXT, "the cover's date and the disclaimer"),
    ("accent", "primary", BODY_TEXT, "the kind of brief on the cover band"),
    ("text", "accent", BODY_TEXT, "numbers on the accent's discs (situation updates)"),
    ("primary", "white", LARGE_TEXT, "headings and section numerals (large text)"),
)
"""Foreground, background, the ratio AA asks for, and where a layout prints the pair."""


@dataclass(frozen=True)
class LowContrast:
    """One pair below AA: its colours, the ratio it has and the one it needs."""

    foreground: str
    background: str
    foreground_color: str
    background_color: str
    ratio: float
    needed: float
    where: str

    @property
    def message(self) -> str:
        return (
            f"{_field(self.foreground)} {self.foreground_color} on {_field(self.background)} "
            f"{self.background_color} ({self.where}): contrast {self.ratio:.2f}:1, below the "
            f"{self.needed:g}:1 WCAG AA asks for"
        )


def _field(name: str) -> str:
    """How a message names a colour: the brand's field, or paper white."""
    return "white" if name == "white" else f"colors.{name}"


def _channel(value: int) -> float:
    level = value / 255
    return level / 12.92 if level <= 0.03928 else ((level + 0.055) / 1.055) ** 2.4


def relative_luminance(color: str) -> float:
    """WCAG 2's relative luminance of ``#rgb`` or ``#rrggbb``."""
    digits = color.lstrip("#")
    if len(digits) == 3:
        digits = "".join(digit * 2 for digit in digits)
    red, green, blue = (int(digits[index : index + 2], 16) for index in (0, 2, 4))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2's contrast ratio of two colours, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def low_contrast(brand: Brand) -> list[LowContrast]:
    """Every colour pair the layouts print that is below WCAG AA in ``brand``."""
    colors = {"white": WHITE, **brand_colors(brand)}
    found = []
    for foreground, background, needed, where in PAIRS:
        if foreground not in colors or background not in colors:
            continue
        ratio = contrast_ratio(colors[foreground], colors[background])
        if round(ratio, 2) < needed:
            found.append(
                LowContrast(
                    foreground,
                    background,
                    colors[foreground],
                    colors[background],
                    ratio,
                    needed,
                    where,
                )
            )
    return found
