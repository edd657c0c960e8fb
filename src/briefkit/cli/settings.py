"""Render settings from a command's flags over the desk's configuration: flags first, then the
configuration, then briefkit's defaults; and what a command says or refuses when no brand is
named anywhere (the words name flags, so they live here, not in the library)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from briefkit.cli.common import EXIT_USAGE, fail, warn
from briefkit.desk.config import Config
from briefkit.desk.settings import DEMO_BRAND, brand_path

DEMO_NOTICE = (
    "no brand is named, so briefkit's demo brand (a fictional firm and its contacts) is used; "
    'set `brand` in briefkit.toml (a brand folder, or "demo") or pass --brand; '
    "`briefkit brand init DIR` makes one"
)
"""Said once by ``render``, ``preview`` and ``import`` when they fall back to the demo brand."""


def chosen_brand(flag: Path | None, config: Config) -> Path | None:
    """``--brand`` (``demo`` for the built-in brand), else the desk's ``brand``; ``None`` when
    neither names one."""
    if flag is not None:
        return brand_path(flag)
    return config.render.brand


def say_demo_brand() -> None:
    """One warning line: the demo brand stands in for a brand nobody named."""
    warn(DEMO_NOTICE)


def required_brand(flag: Path | None, config: Config, command: Literal["build", "digest"]) -> Path:
    """The brand a ``build`` or ``digest`` publishes with; exit 2 when none is named, since a
    client must never receive the demo firm's pages by accident."""
    chosen = chosen_brand(flag, config)
    if chosen is None:
        where = config.path if config.path is not None else Path("briefkit.toml")
        fail(
            f'{command} needs a brand: set brand = "PATH" in {where} or pass --brand PATH '
            f"(--brand {DEMO_BRAND} for briefkit's demo brand)",
            EXIT_USAGE,
        )
    return chosen


def chosen_value(flag: str | None, configured: str | None, default: str) -> str:
    """A flag's value, else the configuration's, else briefkit's default."""
    return flag if flag is not None else configured if configured is not None else default
