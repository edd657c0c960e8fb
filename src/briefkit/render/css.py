"""Brand values as CSS, built so that no brand value can end a declaration or a rule.

The brand schema already restricts colours to hex and font lists to family names; these functions
check again and re-serialise (family names always quoted and escaped), because a brand file is
user input and a stylesheet is code.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from briefkit.errors import BriefkitError
from briefkit.render.brand import Brand

GENERIC_FAMILIES = frozenset(
    {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "emoji", "math"}
)
_COLOR = re.compile(r"#(?:[0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})")
_FAMILY = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._-]*")


def css_string(text: str) -> str:
    """``text`` as a CSS string literal: nothing in it can end the string or the rule."""
    escaped = "".join(
        ch if ch.isalnum() or ch in " .,:;-_()/+" else f"\\{ord(ch):x} " for ch in text
    )
    return f'"{escaped}"'


def css_color(value: str, field: str) -> str:
    """A brand colour, which must be ``#rgb`` or ``#rrggbb``."""
    if not _COLOR.fullmatch(value):
        raise BriefkitError(f"brand {field}: {value!r} is not a colour; write #rgb or #rrggbb")
    return value


def css_font_family(value: str, field: str) -> str:
    """A brand's font list re-serialised: each family quoted and escaped, generic names bare."""
    families = []
    for part in value.split(","):
        name = part.strip().strip("\"'").strip()
        if name.lower() in GENERIC_FAMILIES and name == part.strip():
            families.append(name.lower())
        elif _FAMILY.fullmatch(name):
            families.append(css_string(name))
        else:
            raise BriefkitError(
                f"brand {field}: {value!r} is not a list of font families "
                '(write e.g. "Noto Sans", sans-serif)'
            )
    return ", ".join(families)


def brand_font(brand: Brand, role: str = "body") -> str:
    """The brand's font list for ``role`` (``body`` or ``heading``), validated and escaped."""
    default = "serif" if role == "heading" else "sans-serif"
    return css_font_family(str(brand.data.get("fonts", {}).get(role, default)), f"fonts.{role}")


def brand_color(brand: Brand, name: str) -> str:
    """One of the brand's colours, validated."""
    return css_color(str(brand.data["colors"][name]), f"colors.{name}")


def font_face_rules(brand: Brand, font_url: Callable[[Path], str] = Path.as_uri) -> list[str]:
    """``@font-face`` rules for the font files the brand declares (inside its folder);
    ``font_url`` makes each file's URL."""
    rules = []
    for face in brand.font_faces:
        rules.append(
            "@font-face { "
            f"font-family: {css_string(str(face['family']))}; "
            f"src: url({css_string(font_url(face['path']))}); "
            f"font-weight: {int(face.get('weight', 400))}; "
            f"font-style: {'italic' if face.get('style') == 'italic' else 'normal'}; }}"
        )
    return rules


def brand_css(brand: Brand, font_url: Callable[[Path], str] = Path.as_uri) -> str:
    """The brand's fonts and colours: its ``@font-face`` rules, then custom properties read by
    every layout (``--primary``... ``--font-body``, ``--font-heading``)."""
    colors = brand.data["colors"]
    fonts = brand.data.get("fonts", {})
    declarations = [
        f"--{name}: {css_color(str(value), f'colors.{name}')};"
        for name, value in colors.items()
        if re.fullmatch(r"[a-z]+", name)
    ]
    body = css_font_family(str(fonts.get("body", "sans-serif")), "fonts.body")
    heading = css_font_family(str(fonts.get("heading", "serif")), "fonts.heading")
    declarations.append(f"--font-body: {body};")
    declarations.append(f"--font-heading: {heading};")
    return "\n".join(
        [*font_face_rules(brand, font_url), ":root { " + " ".join(declarations) + " }"]
    )
