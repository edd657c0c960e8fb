"""A finished render's outputs, in the parent, once its worker is done: bytes, or files.

A job without a target (or whose target is standard output or error, which only the CLI
writes) gives its documents back as bytes. Otherwise a PDF or HTML document is written
atomically; a PNG set is written into a private folder beside the target and its pages move
into place only once all of them exist, and then the pages of an earlier, longer set are
removed, so a set is replaced whole or not at all. Ctrl-C and SIGTERM are held off while files
move (SIGKILL cannot be: after one, the private folder may be left behind). This module never
writes to standard output or error.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from briefkit.errors import BriefkitError, Hint
from briefkit.files import is_stderr, is_stdout, resolve_output, write_atomically
from briefkit.render.jobs import BriefJob, Job, RenderResult
from briefkit.render.protocol import Done

_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def commit(job: Job, done: Done, documents: tuple[bytes, ...]) -> RenderResult | BriefkitError:
    """What a worker made of ``job`` (``done`` is its message, ``documents`` what followed it):
    written to the job's target, or handed back as bytes; or why nothing was written."""
    warnings, lost = done.warnings, done.lost
    if lost and not job.accept_warnings:
        return BriefkitError(
            f"{job.name}: not written: part of the document could not be drawn ({lost[0]})",
            hint=Hint.ACCEPT_WARNINGS,
        )
    warnings = (*warnings, *lost)
    _forward(warnings)
    try:
        by_format = _split(job, done, documents)
    except ValueError:
        return BriefkitError(f"{job.name}: the render worker sent an incomplete document")
    result = RenderResult(
        (),
        done.pages,
        list(job.findings),
        warnings,
        done.resources,
        contents=done.contents,
        contact_page=done.contact_page,
    )
    if job.target is None or is_stdout(job.target) or is_stderr(job.target):
        pdf, html = by_format.get("pdf"), by_format.get("html")
        return replace(
            result,
            pdf=pdf[0] if pdf else None,
            html=html[0] if html else None,
            png=by_format.get("png", ()),
        )
    source = _source(job)
    try:
        with signals_held():
            if job.formats == ("png",):
                paths = write_page_set(job.target, by_format["png"], source)
            else:
                resolve_output(job.target, [source] if source else [])
                write_atomically(job.target, by_format[job.formats[0]][0], protect=source)
                paths = (job.target,)
    except BriefkitError as error:
        return error
    return replace(result, paths=paths)


def _source(job: Job) -> Path | None:
    """The brief's file, which no output may overwrite."""
    if isinstance(job, BriefJob) and job.brief.path != "-":
        return Path(job.brief.path)
    return None


def _split(job: Job, done: Done, documents: tuple[bytes, ...]) -> dict[str, tuple[bytes, ...]]:
    """The documents by format: one PDF, one HTML document, the PNG pages (the rest)."""
    singles = sum(1 for name in job.formats if name != "png")
    pages = len(documents) - singles if "png" in job.formats else 0
    if len(documents) != done.documents or pages < 0 or ("png" in job.formats and not pages):
        raise ValueError("incomplete")
    found: dict[str, tuple[bytes, ...]] = {}
    position = 0
    for name in job.formats:
        count = pages if name == "png" else 1
        found[name] = documents[position : position + count]
        position += count
    return found


def _forward(warnings: tuple[str, ...]) -> None:
    """Log the worker's warnings in this process too, as WeasyPrint would have logged them."""
    logger = logging.getLogger("weasyprint")
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())  # as WeasyPrint itself sets up its logger
    for text in warnings:
        logger.warning("%s", text)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
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


def page_path(target: Path, number: int) -> Path:
    """Where page ``number`` of a PNG set named ``target`` goes: ``name-N.png`` beside it."""
    return target.with_name(f"{target.stem}-{number}{target.suffix}")


def write_page_set(target: Path, pages: Sequence[bytes], source: Path | None) -> tuple[Path, ...]:
    """Write a PNG set (``target``'s ``name-N.png``) into a private folder beside ``target``,
    move it into place, then remove the pages of an earlier, longer set. Every target is checked
    before the first page moves; ``source`` (the brief) is never overwritten. Call it within
    :func:`signals_held`."""
    targets = [page_path(target, number) for number in range(1, len(pages) + 1)]
    for page in targets:
        resolve_output(page, [source] if source else [])
    folder = target.parent if str(target.parent) else Path()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.stem}.", suffix=".tmp", dir=folder))
    except OSError as exc:
        raise BriefkitError(f"{target}: cannot write in {folder}: {exc.strerror or exc}") from None
    try:
        for page, image in zip(targets, pages, strict=True):
            (staging / page.name).write_bytes(image)
        for page in targets:
            (staging / page.name).replace(page)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    number = len(pages) + 1
    while _is_regular(page_path(target, number)):
        page_path(target, number).unlink()
        number += 1
    return tuple(targets)


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False
