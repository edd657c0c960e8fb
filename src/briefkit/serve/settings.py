"""What a service may do, fixed at start: its address, workers, queue, limits, tokens, brands.

Settings come from the command's flags, then the ``[serve]`` table of the configuration found
at the folder the service starts in, then the defaults here. A request can lower a limit, never
raise one, and can name only the brands and layouts configured here, never a path.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from briefkit.desk.config import Config
from briefkit.desk.settings import DEMO_BRAND, RenderLimits, brand_path
from briefkit.errors import EXIT_USAGE, BriefkitError
from briefkit.files import read_file

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024
"""Largest request body accepted (the CLI reads a brief file up to its own, larger, cap)."""
DEFAULT_QUEUE = 16
"""Requests that may wait for a free worker; one more is told to come back (429)."""
DEFAULT_REQUEST_SECONDS = 90.0
"""The whole request's deadline, queue time included: a render starts only if it can finish
before it (its time limit is cut to what is left), and a request still queued at it gets 503."""
DEFAULT_GRACE_SECONDS = 60.0
"""After SIGTERM, how long renders in flight may take to finish before the service exits."""
DEFAULT_MAX_RENDERS = 200
"""Renders a worker serves before it is replaced."""
TOKEN_PATTERN = re.compile(r"[\x21-\x7e]{16,512}")
"""A bearer token: 16 to 512 visible ASCII characters (RFC 6750's b64token is narrower)."""
BRAND_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


class ServeError(BriefkitError):
    """A setting of the service is wrong: it does not start (exit 2)."""

    exit_code = EXIT_USAGE


@dataclass(frozen=True)
class ServeSettings:
    """Everything the service fixes at start (see the module's docstring)."""

    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    workers: int = 1
    queue: int = DEFAULT_QUEUE
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    request_seconds: float = DEFAULT_REQUEST_SECONDS
    grace_seconds: float = DEFAULT_GRACE_SECONDS
    max_renders: int = DEFAULT_MAX_RENDERS
    tokens: tuple[str, ...] = ()
    """Accepted bearer tokens; none: no authentication."""
    open_probes: bool = True
    """Whether ``/health``, ``/ready`` and ``/metrics`` answer without a token."""
    brands: Mapping[str, Path] = field(default_factory=dict)
    """Brand name to brand file or folder."""
    layout_dirs: tuple[Path, ...] = ()
    limits: RenderLimits = field(default_factory=RenderLimits)
    config: Config = field(default_factory=Config)

    def default_brand(self) -> str | None:
        """The brand a request that names none gets: ``default``, else the only one."""
        if "default" in self.brands:
            return "default"
        if len(self.brands) == 1:
            return next(iter(self.brands))
        return None


def read_tokens(path: Path) -> tuple[str, ...]:
    """The tokens in ``path``: one a line; blank lines and ``#`` comments are passed over."""
    text = read_file(path, 1024 * 1024, regular_only=False).decode("utf-8", "replace")
    tokens: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        token = line.strip()
        if not token or token.startswith("#"):
            continue
        if not TOKEN_PATTERN.fullmatch(token):
            raise ServeError(
                f"{path}:{number}: a token is 16 to 512 visible ASCII characters, no spaces"
            )
        tokens.append(token)
    if not tokens:
        raise ServeError(f"{path}: no token in the file; write one token a line")
    return tuple(tokens)


def parse_brand_options(values: Sequence[str]) -> dict[str, str]:
    """``NAME=PATH`` options as a mapping; raises :class:`ServeError` for a bad one."""
    brands: dict[str, str] = {}
    for value in values:
        name, sign, path = value.partition("=")
        if not sign or not path:
            raise ServeError(f"brand {value!r}: write NAME=PATH, e.g. default=brands/acme")
        if not BRAND_NAME.fullmatch(name):
            raise ServeError(
                f"brand name {name!r}: use lower-case letters, digits, - and _ (at most 64)"
            )
        if name in brands:
            raise ServeError(f"brand {name!r} is named twice")
        brands[name] = path
    return brands


def build_settings(
    config: Config,
    *,
    host: str | None = None,
    port: int | None = None,
    workers: int | None = None,
    queue: int | None = None,
    token_file: Path | None = None,
    brands: Sequence[str] = (),
    layout_dirs: Sequence[Path] = (),
) -> ServeSettings:
    """The service's settings: these arguments (the command's flags) over ``config.serve``."""
    table = config.serve
    folder = config.path.parent if config.path is not None else config.root
    named: dict[str, Path] = {
        name: brand_path(value, folder) for name, value in table.get("brands", {}).items()
    }
    named.update({name: brand_path(value) for name, value in parse_brand_options(brands).items()})
    if not named:
        # No brand configured for the service: the desk's own, else the demo brand.
        named = {"default": config.render.brand or brand_path(DEMO_BRAND)}
    configured_token_file = table.get("token-file")
    if token_file is None and configured_token_file:
        token_file = folder / configured_token_file
    settings = ServeSettings(
        host=host or table.get("host", DEFAULT_HOST),
        port=port if port is not None else table.get("port", DEFAULT_PORT),
        workers=workers if workers is not None else table.get("workers", 1),
        queue=queue if queue is not None else table.get("queue", DEFAULT_QUEUE),
        max_body_bytes=table.get("max-body-bytes", DEFAULT_MAX_BODY_BYTES),
        request_seconds=float(table.get("request-seconds", DEFAULT_REQUEST_SECONDS)),
        grace_seconds=float(table.get("grace-seconds", DEFAULT_GRACE_SECONDS)),
        max_renders=table.get("max-renders", DEFAULT_MAX_RENDERS),
        tokens=read_tokens(token_file) if token_file is not None else (),
        open_probes=table.get("open-probes", True),
        brands=named,
        layout_dirs=tuple(layout_dirs)
        or tuple(folder / value for value in table.get("layout-dirs", ())),
        limits=config.render.limits,
        config=config,
    )
    return validated(settings)


def validated(settings: ServeSettings) -> ServeSettings:
    """``settings`` if every value is in range; raises :class:`ServeError` naming the first
    that is not."""
    checks = (
        ("workers", settings.workers, 1, 64),
        ("queue", settings.queue, 0, 10_000),
        ("port", settings.port, 0, 65_535),
        ("max-renders", settings.max_renders, 1, 1_000_000),
        ("max-body-bytes", settings.max_body_bytes, 1024, 256 * 1024 * 1024),
    )
    for name, value, low, high in checks:
        if not low <= value <= high:
            raise ServeError(f"serve: {name} must be between {low} and {high}, not {value}")
    for name, seconds in (
        ("request-seconds", settings.request_seconds),
        ("grace-seconds", settings.grace_seconds),
    ):
        if not 0 < seconds <= 86_400:
            raise ServeError(f"serve: {name} must be above 0 and at most 86400, not {seconds:g}")
    return replace(settings)
