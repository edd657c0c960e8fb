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
    """The brand's font list for ``role`` (``body``, ``heading`` or ``label``, which defaults to
    the body font), validated and escaped."""
    fonts = brand.data.get("fonts", {})
    if role == "label" and "label" not in fonts:
        role = "body"
    default = "serif" if role == "heading" else "sans-serif"
    return css_font_family(str(fonts.get(role, default)), f"fonts.{role}")


def brand_colors(brand: Brand) -> dict[str, str]:
    """Every colour of the brand palette, validated, the optional ones (``rule``,
    ``on_primary``...) at their schema defaults when the brand leaves them out."""
    from briefkit.validation.schema import load_schema

    known = load_schema("brand")["properties"]["colors"]["properties"]
    given = brand.data["colors"]
    colors = {name: given.get(name, field.get("default")) for name, field in known.items()}
    colors.update(given)
    return {
        name: css_color(str(value), f"colors.{name}")
        for name, value in colors.items()
        if value is not None
    }


def brand_color(brand: Brand, name: str) -> str:
    """One of the brand's colours, validated."""
    return brand_colors(brand)[name]


def brand_properties(brand: Brand) -> str:
    """The ``:root`` rule every layout reads: each colour as ``--name`` (``on_primary`` as
    ``--on-primary``) and the fonts as ``--font-body``, ``--font-heading``, ``--font-label``."""
    declarations = [
        f"--{name.replace('_', '-')}: {value};"
        for name, value in brand_colors(brand).items()
        if re.fullmatch(r"[a-z]+(?:_[a-z]+)*", name)
    ]
    declarations.extend(
        f"--font-{role}: {brand_font(brand, role)};" for role in ("body", "heading", "label")
    )
    return ":root { " + " ".join(declarations) + " }"


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
    """The brand's fonts and colours: its ``@font-face`` rules, then :func:`brand_properties`."""
    return "\n".join([*font_face_rules(brand, font_url), brand_properties(brand)])


def page_number_content(label: str, total: int | None = None) -> str:
    """CSS ``content`` for a label like "Page {page} of {pages}": the page counter, and for
    ``{pages}`` the pages counter, or ``total`` when given (a digest counts across its parts).
    The rest is text, escaped (labels are validated; an unclosed brace is still only text)."""
    parts: list[str] = []
    rest = label if total is None else label.replace("{pages}", str(total))
    while rest:
        index = rest.find("{")
        if index < 0:
            parts.append(css_string(rest))
            break
        if index:
            parts.append(css_string(rest[:index]))
        end = rest.find("}", index)
        if end < 0:
            parts.append(css_string(rest[index:]))
            break
        name = rest[index + 1 : end]
        parts.append(f"counter({name})" if name in ("page", "pages") else css_string(name))
        rest = rest[end + 1 :]
    return " ".join(parts) or '""'


def page_number_rule(
    page_size: str, label: str, brand: Brand, *, script_font: str = "", total: int | None = None
) -> str:
    """The ``@page`` rule that sets the paper and prints the page number at the bottom right, in
    the brand's muted colour and body font (``script_font`` first, e.g. for Arabic)."""
    return (
        f"@page {{ size: {page_size}; @bottom-right {{ "
        f"content: {page_number_content(label, total)}; "
        f"color: {brand_color(brand, 'muted')}; "
        f"font-family: {script_font}{brand_font(brand)}; }} }}"
    )
