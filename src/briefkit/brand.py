"""The firm's brand: everything firm-specific that a layout prints, read from a brand file."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefkit.assets import default_brand_path
from briefkit.brief import load_document
from briefkit.errors import BriefkitError
from briefkit.findings import Finding, Severity
from briefkit.validate import schema_findings


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
    logo is missing or outside the brand's folder.
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
    logo = brand.logo
    if not logo.is_relative_to(brand.folder) or not logo.is_file():
        line, column = document.source.locate(("logo",))
        problem = (
            "is outside the brand's folder"
            if not logo.is_relative_to(brand.folder)
            else ("does not exist")
        )
        message = f"logo {document.data['logo']!r} {problem}"
        finding = Finding(
            "BK030", "brand-asset", Severity.ERROR, message, document.path, "/logo", line, column
        )
        raise BriefkitError(f"{document.path}:{line}:{column}: invalid brand: {message}", [finding])
    return brand
