"""Start the service under uvicorn; SIGTERM drains it (``/ready`` answers 503, renders in
flight finish within the grace period) and the process exits 0."""

from __future__ import annotations

import logging
import os
import signal
import sys
import tempfile
from dataclasses import replace
from types import FrameType

import uvicorn

from briefkit.serve.app import make_app
from briefkit.serve.envelope import Envelope
from briefkit.serve.settings import ServeSettings


class _Server(uvicorn.Server):
    """uvicorn's server, telling the application that it drains as soon as a signal arrives."""

    def __init__(self, config: uvicorn.Config, app: Envelope) -> None:
        super().__init__(config)
        self.envelope = app

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        self.envelope.service.draining = True
        super().handle_exit(sig, frame)
        if sig == signal.SIGTERM:
            # A drain asked for by SIGTERM is a normal end: exit 0 (uvicorn would raise the
            # signal again once shut down). Ctrl-C still ends the process as interrupted.
            self._captured_signals.remove(sig)


def serve(settings: ServeSettings) -> None:
    """Run the service until it is stopped.

    The process works in an empty private folder: a brief in a request names figures relative
    to where it would stand (``request/0``), so no figure path of a request can reach a file of
    the machine (figures come only inside the brief).
    """
    settings = replace(
        settings,
        brands={name: path.resolve() for name, path in settings.brands.items()},
        layout_dirs=tuple(folder.resolve() for folder in settings.layout_dirs),
    )
    with tempfile.TemporaryDirectory(prefix="briefkit-serve-") as private:
        os.chdir(private)
        try:
            _run(settings)
        finally:
            os.chdir("/")


def _run(settings: ServeSettings) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log = logging.getLogger("briefkit.serve")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    app = make_app(settings)
    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=int(settings.grace_seconds) or 1,
        server_header=False,
        lifespan="on",
    )
    _Server(config, app).run()
