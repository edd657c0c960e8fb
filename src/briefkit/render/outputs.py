"""Writing a finished render's outputs, in the parent, once its worker is done.

A PDF or HTML document is written atomically. A PNG set was written by the worker into a private
folder beside the target; its pages move into place only once all of them exist, and then the
pages of an earlier, longer set are removed, so a set is replaced whole or not at all. Ctrl-C and
SIGTERM are held off while files move (SIGKILL cannot be: after one, the private folder may be
left behind).
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import signal
import stat
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from briefkit.errors import BriefkitError
from briefkit.files import is_stderr, is_stdout, resolve_output, write_atomically
from briefkit.render.jobs import RenderJob, RenderResult

_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def commit(
    job: RenderJob, header: dict[str, Any], data: bytes | None
) -> RenderResult | BriefkitError:
    """Write what a worker made of ``job`` (``header`` is its ``done`` message, ``data`` the
    document that followed it) and say what was written, or why nothing was."""
    warnings = tuple(str(text) for text in header.get("warnings", ()))
    lost = tuple(str(text) for text in header.get("lost", ()))
    if lost and not job.accept_warnings:
        return BriefkitError(
            f"{job.name}: not written: part of the document could not be drawn ({lost[0]}); "
            "fix it, or pass --accept-warnings to write it anyway"
        )
    warnings = (*warnings, *lost)
    _forward(warnings)
    source = Path(job.brief.path) if job.brief.path != "-" else None
    try:
        with _signals_held():
            if job.output_format == "png":
                files = [str(name) for name in header.get("files", ())]
                paths = _move_pages(job, files, source)
            else:
                if data is None:
                    raise BriefkitError(f"{job.name}: the render worker sent no document")
                if is_stdout(job.target) or is_stderr(job.target):
                    # `-o -`: the document goes to the stream, whole, once it exists.
                    stream = sys.stdout if is_stdout(job.target) else sys.stderr
                    stream.buffer.write(data)
                    stream.buffer.flush()
                else:
                    resolve_output(job.target, [source] if source else [])
                    write_atomically(job.target, data, protect=source)
                paths = (job.target,)
    except BriefkitError as error:
        return error
    pages = int(header.get("pages", 0))
    resources = tuple(str(url) for url in header.get("resources", ()))
    return RenderResult(paths, pages, list(job.findings), warnings, resources)


def _forward(warnings: tuple[str, ...]) -> None:
    """Log the worker's warnings in this process too, as WeasyPrint would have logged them."""
    logger = logging.getLogger("weasyprint")
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())  # as WeasyPrint itself sets up its logger
    for text in warnings:
        logger.warning("%s", text)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM while outputs move into place, and write nothing if one came in
    before; one that arrives meanwhile takes effect right after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        if signal.sigpending() & set(_SIGNALS):
            raise KeyboardInterrupt  # replaced by the pending signal's own handler, below
        yield
    except KeyboardInterrupt:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        raise
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _move_pages(job: RenderJob, files: list[str], source: Path | None) -> tuple[Path, ...]:
    """Move a finished PNG set from the staging folder into place, then remove the pages of an
    earlier, longer set. Every target is checked before the first page moves."""
    staging = job.staging
    assert staging is not None
    expected = [job.page_path(number).name for number in range(1, len(files) + 1)]
    if files != expected or not all((staging / name).is_file() for name in files):
        raise BriefkitError(f"{job.name}: the render worker sent an incomplete PNG set")
    targets = [job.page_path(number) for number in range(1, len(files) + 1)]
    for target in targets:
        resolve_output(target, [source] if source else [])
    for name, target in zip(files, targets, strict=True):
        (staging / name).replace(target)
    number = len(files) + 1
    while _is_regular(job.page_path(number)):
        job.page_path(number).unlink()
        number += 1
    return tuple(targets)


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def remove_staging(job: RenderJob) -> None:
    """Remove the private folder of a PNG set, whatever it holds."""
    if job.staging is not None:
        shutil.rmtree(job.staging, ignore_errors=True)
