"""``briefkit doctor``: can this machine render briefs, and with what?

Each check reports a status and what was found, and says how to fix what is missing. Library
versions are read with ctypes, so a machine without Pango is diagnosed instead of crashing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from briefkit.errors import BriefkitError
from briefkit.render.brand import Brand, brand_placeholders, load_brand
from briefkit.render.css import GENERIC_FAMILIES
from briefkit.version import __version__
from briefkit.wording import INSTALL_SYSTEM_LIBRARIES

_FONT_FACE = re.compile(
    r"@font-face\s*{[^}]*font-family:\s*\"([^\"]+)\"[^}]*src:\s*url\(([^)]+)\)", re.S
)


class Status(StrEnum):
    OK = "ok"
    WARNING = "warning"
    PROBLEM = "problem"


@dataclass(frozen=True)
class Diagnosis:
    """One line of the diagnosis."""

    name: str
    status: Status
    detail: str


def _library(*names: str) -> ctypes.CDLL | None:
    for name in names:
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    return None


def _check_libraries() -> Iterator[Diagnosis]:
    pango = _library("libpango-1.0.so.0", "libpango-1.0.dylib")
    if pango is None:
        yield Diagnosis(
            "Pango", Status.PROBLEM, f"not found; install it: {INSTALL_SYSTEM_LIBRARIES}"
        )
    else:
        pango.pango_version_string.restype = ctypes.c_char_p
        version = pango.pango_version_string().decode()
        major, minor = (int(part) for part in version.split(".")[:2])
        status = Status.OK if (major, minor) >= (1, 44) else Status.PROBLEM
        yield Diagnosis("Pango", status, f"{version} (WeasyPrint needs 1.44 or newer)")
    harfbuzz = _library("libharfbuzz.so.0", "libharfbuzz.0.dylib")
    if harfbuzz is None:
        yield Diagnosis(
            "HarfBuzz", Status.PROBLEM, f"not found; install it: {INSTALL_SYSTEM_LIBRARIES}"
        )
    else:
        harfbuzz.hb_version_string.restype = ctypes.c_char_p
        yield Diagnosis("HarfBuzz", Status.OK, harfbuzz.hb_version_string().decode())
    if _library("libharfbuzz-subset.so.0", "libharfbuzz-subset.0.dylib") is None:
        yield Diagnosis(
            "HarfBuzz-subset",
            Status.WARNING,
            "not found: fonts are subset by fontTools, rendering is several times slower; "
            "install libharfbuzz-subset0",
        )
    else:
        yield Diagnosis("HarfBuzz-subset", Status.OK, "found (fast font subsetting)")


def _check_weasyprint() -> Diagnosis:
    try:
        from briefkit.render.engine import weasyprint_version
    except BriefkitError as error:
        return Diagnosis("WeasyPrint", Status.PROBLEM, error.message)
    return Diagnosis("WeasyPrint", Status.OK, weasyprint_version())


def _check_fonts(
    search_path: Sequence[Path], brand_fonts: dict[str, str], declared: set[str]
) -> Iterator[Diagnosis]:
    fonts_css = next((f / "fonts.css" for f in search_path if (f / "fonts.css").is_file()), None)
    shipped: set[str] = set()
    if fonts_css is None:
        yield Diagnosis("Fonts", Status.WARNING, "no fonts.css on the layout search path")
    else:
        faces = _FONT_FACE.findall(fonts_css.read_text(encoding="utf-8"))
        missing = [url for _, url in faces if not (fonts_css.parent / url.strip("'\"")).is_file()]
        shipped = {family for family, _ in faces}
        if missing:
            yield Diagnosis("Fonts", Status.PROBLEM, f"missing font files: {', '.join(missing)}")
        else:
            families = ", ".join(sorted(shipped))
            yield Diagnosis("Fonts", Status.OK, f"{len(faces)} faces shipped ({families})")
    from briefkit.render.fonts import FALLBACK_FAMILIES, shipped_font_dir

    yield Diagnosis(
        "Font fallback",
        Status.OK,
        f"{', '.join(FALLBACK_FAMILIES)} from {shipped_font_dir()}; the machine's fonts are "
        "never used, so every machine prints the same",
    )
    for role, families in sorted(brand_fonts.items()):
        if role == "faces" or not isinstance(families, str):
            continue
        first = families.split(",")[0].strip().strip("'\"")
        if first in shipped or first in declared:
            source = "shipped" if first in shipped else "declared by the brand"
            yield Diagnosis(f"Brand font ({role})", Status.OK, f"{first} ({source})")
        elif first.lower() in GENERIC_FAMILIES:
            yield Diagnosis(f"Brand font ({role})", Status.OK, f"{first} (Noto)")
        else:
            yield Diagnosis(
                f"Brand font ({role})",
                Status.WARNING,
                f"{first} is neither shipped nor declared by the brand, so Noto prints instead; "
                "add its font files to fonts.faces in the brand",
            )


def _check_placeholders(brand: Brand) -> Iterator[Diagnosis]:
    messages = brand_placeholders(brand)
    for message in messages:
        yield Diagnosis(
            "Brand placeholder", Status.WARNING, message.removeprefix(f"{brand.path}: ")
        )
    if not messages:
        yield Diagnosis("Brand placeholders", Status.OK, "none: names and contacts look real")


def _check_contrast(brand: Brand) -> Iterator[Diagnosis]:
    from briefkit.render.contrast import low_contrast

    pairs = low_contrast(brand)
    for pair in pairs:
        yield Diagnosis("Brand contrast", Status.WARNING, pair.message)
    if not pairs:
        yield Diagnosis("Brand contrast", Status.OK, "every colour pair meets WCAG AA")


def _check_schema_copy(folder: Path) -> Iterator[Diagnosis]:
    """The desk's copy of the brief schema (``.briefkit/``), when it is older than briefkit's."""
    from briefkit.authoring.schemas import is_stale, nearest_schema_copy, schema_version

    copy = nearest_schema_copy(folder.resolve())
    if copy is not None and is_stale(copy, "brief"):
        yield Diagnosis(
            "Schema copy",
            Status.WARNING,
            f"{copy} is version {schema_version(copy)}, older than this briefkit's; editors "
            "reject fields briefkit accepts: run `briefkit init` to refresh it",
        )


def diagnose(brand_path: Path | None, layout_dirs: Sequence[Path]) -> list[Diagnosis]:
    """Everything ``briefkit doctor`` reports, in order."""
    from briefkit.render.html import available_layouts, layout_search_path

    checks = [Diagnosis("briefkit", Status.OK, __version__)]
    checks.extend(_check_libraries())
    checks.append(_check_weasyprint())
    brand_fonts: dict[str, str] = {}
    declared: set[str] = set()
    brand: Brand | None = None
    try:
        brand = load_brand(brand_path)
        brand_fonts = dict(brand.data.get("fonts", {}))
        declared = {str(face["family"]) for face in brand.font_faces}
        checks.append(Diagnosis("Brand", Status.OK, f"{brand.name} ({brand.path})"))
    except BriefkitError as error:
        checks.append(Diagnosis("Brand", Status.PROBLEM, error.message))
    if brand is not None:
        checks.extend(_check_placeholders(brand))
        checks.extend(_check_contrast(brand))
    search_path = layout_search_path(layout_dirs)
    checks.extend(_check_fonts(search_path, brand_fonts, declared))
    layouts = available_layouts(layout_dirs)
    for name, layout in layouts.items():
        checks.append(Diagnosis(f"Layout {name}", Status.OK, str(layout.folder)))
    if not layouts:
        checks.append(Diagnosis("Layouts", Status.PROBLEM, "no layout found"))
    checks.extend(_check_schema_copy(Path.cwd()))
    return checks
