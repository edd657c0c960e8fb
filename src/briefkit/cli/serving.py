"""``briefkit serve``: the render and lint service (the work is in :mod:`briefkit.serve`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from briefkit.cli.common import LayoutDirsOption, config_finder, fail, user_errors
from briefkit.errors import EXIT_USAGE


def serve(
    host: Annotated[
        str | None,
        typer.Option("--host", help="Address to listen on. Default: 127.0.0.1 (this machine)."),
    ] = None,
    port: Annotated[
        int | None, typer.Option("--port", min=0, max=65535, help="Port. Default: 8000.")
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, max=64, help="Render workers (warm). Default: 1."),
    ] = None,
    queue: Annotated[
        int | None,
        typer.Option(
            "--queue", min=0, help="Requests that may wait for a worker (then 429). Default: 16."
        ),
    ] = None,
    token_file: Annotated[
        Path | None,
        typer.Option(
            "--token-file",
            help="Bearer tokens, one a line; requests without one of them get 401.",
        ),
    ] = None,
    brand: Annotated[
        list[str] | None,
        typer.Option(
            "--brand",
            metavar="NAME=PATH",
            help="A brand requests may name (repeatable); `default` is used when they name none.",
        ),
    ] = None,
    layout_dir: LayoutDirsOption = None,
) -> None:
    """Serve renders and lint over HTTP, for a portal, a CMS or authors without Pango.

    Settings: these flags, then [serve] in the briefkit.toml of this folder. Routes:
    POST /v1/render, /v1/lint, /v1/check; GET /v1/rules, /v1/layouts, /v1/brands, /health,
    /ready, /metrics, /openapi.json. SIGTERM drains: renders in flight finish, then exit 0.

    Example: briefkit serve --port 8000 --workers 2 --brand default=brands/acme
    """
    with user_errors():
        try:
            from briefkit.serve.run import serve as run
        except ImportError as exc:
            fail(
                f"the service needs its extra packages ({exc.name} is missing): "
                "pip install 'briefkit[serve]'",
                EXIT_USAGE,
            )
        from briefkit.serve.settings import build_settings

        config = config_finder(None).for_path(Path.cwd() / "briefkit.toml")
        settings = build_settings(
            config,
            host=host,
            port=port,
            workers=workers,
            queue=queue,
            token_file=token_file,
            brands=brand or (),
            layout_dirs=layout_dir or (),
        )
        run(settings)  # a broken brand stops the start (the service reads each brand once)
