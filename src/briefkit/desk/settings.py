"""What a desk fixes for every render: brand, layout, paper, PDF standard and the render limits.

Read from the configuration's top-level ``brand``, ``layout``, ``paper`` and ``standard`` keys
and its ``[limits]`` table; a command's flags override each one. Settings come in that order:
flags, then the configuration, then briefkit's defaults (:data:`DEFAULT_RENDER_LIMITS` and the
``None`` values here, which the renderer fills in).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

DEMO_BRAND = "demo"
"""The reserved ``brand`` value (and ``--brand`` value) that names briefkit's built-in brand."""

MAX_RENDER_SECONDS = 86_400.0
"""The longest time limit a render may be given (a day); the limit is never off."""


@dataclass(frozen=True)
class RenderLimits:
    """Caps on one render, enforced from outside the render (the worker is killed past them)."""

    render_seconds: float = 60.0
    """Wall time a render may take before it is stopped."""
    render_memory_mb: int = 2048
    """Address space a render worker may use, in MiB (a render of the sample peaks near 400; sized
    so that a worker per core fits on a 2-core, 24 GB machine many times over)."""
    max_png_pixels: int = 300_000_000
    """Pixels in all pages of a PNG set together (about 330 A4 pages at 96 dpi, 8 at 600 dpi)."""


DEFAULT_RENDER_LIMITS = RenderLimits()

RENDER_LIMIT_KEYS = frozenset({"render-seconds", "render-memory-mb", "max-png-pixels"})
"""The keys of ``[limits]`` that are render limits (the others cap what a brief may hold)."""


@dataclass(frozen=True)
class BrandChoice:
    """Which brand a render uses: a file or folder, or the built-in demo brand, and whether it was
    named (by a flag or the configuration) or is the demo brand by default."""

    path: Path | None = None
    """The brand file or folder; ``None`` for the built-in demo brand."""
    named: bool = False
    """False when nobody named a brand: ``render`` and ``preview`` say so; ``build`` and
    ``digest`` refuse."""

    @property
    def is_default_demo(self) -> bool:
        return self.path is None and not self.named


def brand_choice(value: str | Path | None, relative_to: Path | None = None) -> BrandChoice:
    """The brand that ``value`` names: :data:`DEMO_BRAND` for the built-in brand, else a path
    (relative to ``relative_to``, the folder of the file that names it); ``None`` names none."""
    if value is None:
        return BrandChoice()
    if str(value) == DEMO_BRAND:
        return BrandChoice(None, named=True)
    path = Path(value)
    if relative_to is not None and not path.is_absolute():
        path = relative_to / path
    return BrandChoice(path, named=True)


@dataclass(frozen=True)
class RenderDefaults:
    """A desk's render settings (``None``: not set, the renderer's own default applies)."""

    brand: BrandChoice = field(default_factory=BrandChoice)
    layout: str | None = None
    paper: str | None = None
    standard: str | None = None
    limits: RenderLimits = DEFAULT_RENDER_LIMITS
