"""The font environment of a render: only the fonts briefkit ships, never the machine's.

Pango finds fonts through fontconfig, and fontconfig reads its configuration once per
configuration object from the file named by ``FONTCONFIG_FILE``. :func:`configure_fonts` writes a
configuration that lists only briefkit's font folder (plus folders a caller adds) and points
``FONTCONFIG_FILE`` at it, so a character the layout's fonts lack falls back to a shipped font
(symbols, arrows, mathematical signs, monochrome emoji) and never to whatever the machine has:
the same brief gives the same PDF bytes on every machine with the same briefkit, WeasyPrint, Pango,
HarfBuzz, FreeType and fontconfig.

Call it before WeasyPrint is imported (``briefkit.pdf`` does; a render worker process calls it
first thing). Fonts a brand declares with ``@font-face`` are added by WeasyPrint on top of this
configuration. This module imports neither WeasyPrint nor Pango.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from briefkit.assets import layouts_dir

FALLBACK_FAMILIES = (
    "Noto Sans Symbols",
    "Noto Sans Symbols 2",
    "Noto Sans Math",
    "Noto Emoji",
)
"""Shipped families tried, in this order, for a character the requested family cannot draw."""

GENERIC_FAMILIES = {
    "sans-serif": "Noto Sans",
    "serif": "Noto Serif",
    "monospace": "Noto Sans",
    "system-ui": "Noto Sans",
    "cursive": "Noto Serif",
    "fantasy": "Noto Serif",
    "emoji": "Noto Emoji",
    "math": "Noto Sans Math",
}
"""What the CSS generic families mean in a render (fontconfig's own defaults are not loaded)."""

ENVIRONMENT_CLEARED = ("FONTCONFIG_PATH", "FONTCONFIG_SYSROOT")
"""Variables that would let the machine's configuration back in."""

FONT_LANGUAGE = "en"
"""fontconfig's default language (``FC_LANG``), fixed so that the machine's locale cannot change
which fallback font is picked when several could draw a character."""


def shipped_font_dir() -> Path:
    """The folder of fonts shipped with the built-in layouts."""
    return (layouts_dir() / "fonts").resolve()


def fontconfig_xml(font_dirs: Sequence[Path], cache_dir: Path) -> str:
    """A fontconfig configuration that knows only ``font_dirs``; no system file is included."""
    lines = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
        "<!-- Written by briefkit: a render sees these fonts and no other. -->",
        "<fontconfig>",
    ]
    lines += [f"  <dir>{escape(str(folder))}</dir>" for folder in font_dirs]
    lines.append(f"  <cachedir>{escape(str(cache_dir))}</cachedir>")
    for generic, family in GENERIC_FAMILIES.items():
        lines.append(
            f'  <alias binding="same"><family>{generic}</family>'
            f"<prefer><family>{family}</family></prefer></alias>"
        )
    fallbacks = "".join(f"<string>{family}</string>" for family in FALLBACK_FAMILIES)
    lines += [
        '  <match target="pattern">',
        f'    <edit name="family" mode="append_last" binding="weak">{fallbacks}</edit>',
        "  </match>",
        "  <config><rescan><int>0</int></rescan></config>",
        "</fontconfig>",
        "",
    ]
    return "\n".join(lines)


def _cache_root() -> Path:
    """A private folder for the configuration file and fontconfig's cache of the shipped fonts."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folder = Path(base) / "briefkit" / "fontconfig"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".probe-"):
            pass
    except OSError:
        # A read-only or missing home: one private folder per user in the temporary folder
        # (the files in it are named by their content, so processes can share them), unless
        # someone else made that folder first; then a fresh one for this process.
        folder = Path(tempfile.gettempdir()) / f"briefkit-fonts-{os.getuid()}"
        try:
            folder.mkdir(mode=0o700, exist_ok=True)
            info = folder.lstat()
            if info.st_uid != os.getuid() or not folder.is_dir() or folder.is_symlink():
                raise PermissionError(folder)
        except OSError:
            folder = Path(tempfile.mkdtemp(prefix="briefkit-fonts-"))
    return folder


def configure_fonts(extra_dirs: Sequence[Path] = ()) -> Path:
    """Make every later fontconfig configuration in this process (and its children) see only
    briefkit's fonts, plus ``extra_dirs``; return the configuration file.

    Must run before WeasyPrint builds a ``FontConfiguration``; it is cheap and idempotent, so call
    it before importing WeasyPrint. The file is named by its content and written atomically, so
    processes sharing a cache folder never see a half-written one.
    """
    font_dirs = [shipped_font_dir(), *(Path(folder).resolve() for folder in extra_dirs)]
    root = _cache_root()
    xml = fontconfig_xml(font_dirs, root / "cache")
    digest = hashlib.sha256(xml.encode("utf-8")).hexdigest()[:16]
    path = root / f"fonts-{digest}.conf"
    if not path.is_file() or path.read_text(encoding="utf-8") != xml:
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=root, prefix=".fonts-", suffix=".conf", delete=False
        ) as handle:
            handle.write(xml)
        Path(handle.name).replace(path)
    for name in ENVIRONMENT_CLEARED:
        os.environ.pop(name, None)
    os.environ["FONTCONFIG_FILE"] = str(path)
    os.environ["FC_LANG"] = FONT_LANGUAGE
    return path
