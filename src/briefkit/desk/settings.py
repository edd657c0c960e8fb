"""What a desk fixes for every render: brand, layout, paper, PDF standard and the render limits.

Read from the configuration's top-level ``brand``, ``layout``, ``paper`` and ``standard`` keys
and its ``[limits]`` table; a command's flags override each one. Settings come in that order:
flags, then the configuration, then briefkit's defaults (:data:`DEFAULT_RENDER_LIMITS` and the
``None`` values here, which the renderer fills in).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from briefkit.assets import default_brand_path

DEMO_BRAND = "demo"
"""The reserved ``brand`` value (and ``--brand`` value) that names briefkit's built-in brand."""

MAX_RENDER_SECONDS = 86_400.0
"""The longest time limit a render may be given (a day); the limit is never off."""


def render_seconds_problem(seconds: float) -> str | None:
    """What is wrong with ``seconds`` as a render time limit (``None``: nothing): the one rule
    every way of setting it follows (``inf``, ``nan``, 0 or a negative number would turn the
    limit off)."""
    if math.isfinite(seconds) and 0 < seconds <= MAX_RENDER_SECONDS:
        return None
    return (
        f"must be a number of seconds above 0 and at most {MAX_RENDER_SECONDS:g}, not {seconds:g}"
    )


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


def brand_path(value: str | Path, relative_to: Path | None = None) -> Path:
    """The brand file or folder that ``value`` names: :data:`DEMO_BRAND` is the built-in brand's;
    any other value is a path, relative to ``relative_to`` (the folder of the file that names it)
    unless absolute."""
    if str(value) == DEMO_BRAND:
        return default_brand_path()
    path = Path(value)
    return relative_to / path if relative_to is not None and not path.is_absolute() else path


@dataclass(frozen=True)
class RenderDefaults:
    """A desk's render settings (``None``: not set, the renderer's own default applies)."""

    brand: Path | None = None
    """The desk's brand; ``None`` when the configuration names none (``render`` and ``preview``
    then use the demo brand and say so; ``build`` and ``digest`` refuse)."""
    layout: str | None = None
    paper: str | None = None
    standard: str | None = None
    limits: RenderLimits = DEFAULT_RENDER_LIMITS
