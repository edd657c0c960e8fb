"""Standalone HTML: one file for the web and e-mail, with every asset inside it.

The layout's stylesheets are inlined, the logo and figures are ``data:`` URLs, and the shipped
fonts are subset to the characters the brief uses and embedded as WOFF2, so a 2 MB font family
costs a few tens of kilobytes. The file refers to nothing outside itself.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from pathlib import Path

from briefkit.files import inside
from briefkit.render.brand import Brand
from briefkit.render.css import brand_css
from briefkit.render.html import RenderedHtml, first_on_path
from briefkit.render.policy import with_content_security_policy
from briefkit.render.subset import subset_woff2

_FONT_URL = re.compile(r"url\(\s*['\"]?([^'\")]+\.(?:ttf|otf))['\"]?\s*\)")
_TAG = re.compile(r"<[^>]+>")

SCREEN_STYLESHEET = "screen.css"
"""How the document reads on a screen, a phone's included; the first found on the layout search
path, after the layout's own stylesheet (PDFs never read it)."""


def _characters(html: str) -> str:
    """Every character a reader can see in the document, plus ASCII for safety."""
    import html as html_module

    text = html_module.unescape(_TAG.sub(" ", html))
    return "".join(sorted(set(text) | {chr(code) for code in range(0x20, 0x7F)}))


def _subset_woff2(path: Path, characters: str) -> str:
    """The font at ``path`` reduced to ``characters``, as a WOFF2 ``data:`` URL."""
    return "data:font/woff2;base64," + base64.b64encode(subset_woff2(path, characters)).decode()


def _inline_fonts(css: str, folder: Path, characters: str) -> str:
    def replace(match: re.Match[str]) -> str:
        font = inside(folder / match.group(1), [folder])
        if font is None or not font.is_file():
            return "url()"
        return f'url("{_subset_woff2(font, characters)}") format("woff2")'

    return _FONT_URL.sub(replace, css)


def embedded_fonts(html: str, search_path: Sequence[Path], brand: Brand) -> str:
    """The layouts' ``fonts.css`` and the brand's fonts and colours (:func:`brand_css`), every
    font a WOFF2 ``data:`` URL subset to the characters of ``html``: what a page made outside
    the layouts (the site's index) needs to set its text in briefkit's fonts."""
    characters = _characters(html)
    parts = []
    fonts = first_on_path("fonts.css", search_path)
    if fonts is not None:
        parts.append(_inline_fonts(fonts.read_text(encoding="utf-8"), fonts.parent, characters))
    parts.append(brand_css(brand, font_url=lambda font: _subset_woff2(font, characters)))
    return "\n".join(parts)


def standalone_html(rendered: RenderedHtml, brand: Brand) -> str:
    """``rendered`` (made with ``inline_assets=True``) as one self-contained HTML document."""
    characters = _characters(rendered.html)
    parts = []
    for path in rendered.shared_stylesheets:
        css = path.read_text(encoding="utf-8")
        if path.name == "fonts.css":
            css = _inline_fonts(css, path.parent, characters)
        parts.append(css)
    parts.append(rendered.layout.stylesheet.read_text(encoding="utf-8"))
    parts.append(brand_css(brand, font_url=lambda font: _subset_woff2(font, characters)))
    screen = first_on_path(SCREEN_STYLESHEET, rendered.search_path)
    if screen is not None:
        parts.append(screen.read_text(encoding="utf-8"))
    style = "<style>\n" + "\n".join(parts).replace("</", "<\\/") + "\n</style>\n"
    return with_content_security_policy(rendered.html.replace("</head>", style + "</head>", 1))
