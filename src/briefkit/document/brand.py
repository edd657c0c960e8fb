"""The firm's brand: everything firm-specific that a layout prints, read from a brand file."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefkit.assets import default_brand_path
from briefkit.document.brief import DEFAULT_LIMITS, load_document
from briefkit.document.images import ImageProblem, inspect_image, resolve_inside
from briefkit.errors import BriefkitError
from briefkit.findings import Finding, Severity
from briefkit.validation.schema import schema_findings


@dataclass(frozen=True)
class Brand:
    """A validated brand file. ``folder`` is where its relative paths (the logo) are resolved."""

    path: Path
    data: dict[str, Any]

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def logo(self) -> Path:
        return (self.folder / str(self.data["logo"])).resolve()

    @property
    def name(self) -> str:
        return str(self.data["name"])


def load_brand(path: str | os.PathLike[str] | None = None) -> Brand:
    """Read and validate a brand file (the built-in brand when ``path`` is ``None``).

    Raises :class:`BriefkitError` naming the file and the place when the brand is not valid or its
    logo is missing, outside the brand's folder, or not a self-contained SVG, PNG or JPEG.
    """
    brand_path = Path(path) if path is not None else default_brand_path()
    document = load_document(brand_path)
    findings = schema_findings(document, "brand")
    if findings:
        first = findings[0]
        raise BriefkitError(
            f"{first.file}:{first.line}:{first.column}: invalid brand: {first.message}", findings
        )
    brand = Brand(brand_path.resolve(), document.data)
    try:
        inspect_image(
            resolve_inside(brand.folder, str(document.data["logo"])),
            max_bytes=DEFAULT_LIMITS.max_image_bytes,
            max_pixels=DEFAULT_LIMITS.max_image_pixels,
        )
    except ImageProblem as problem:
        line, column = document.source.locate(("logo",))
        message = f"logo: {problem.message}"
        finding = Finding(
            "BK140", "unusable-image", Severity.ERROR, message, document.path, "/logo", line, column
        )
        error = f"{document.path}:{line}:{column}: invalid brand: {message}"
        raise BriefkitError(error, [finding]) from None
    return brand
