"""Reading inputs within a size limit, where outputs may go, and writing them so that a failure
never leaves a partial file.

An input is read no further than one byte past its limit (:func:`read_file`); a file found by
walking a folder is opened only if it is a regular file, without blocking.

The output policy is the same for every command (``-o``, ``--output-file``, ``--report
FORMAT:PATH``): an output is a regular file, or ``-`` for standard output (``/dev/stdout`` is
taken as ``-``). Any other existing target that is not a regular file (a device such as
``/dev/null``, a FIFO, a socket, a folder) is refused, because renaming a file over it would
replace it. Missing folders are created. A target that is one of the command's inputs is refused.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path

from briefkit.errors import BriefkitError

STDOUT = "-"
"""The name of standard output as a target."""

_STDOUT_ALIASES = frozenset({"/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"})


STDERR = "/dev/stderr"
"""The name of standard error as a target: written to the stream, never replaced."""


def is_stderr(target: str | os.PathLike[str]) -> bool:
    """Whether ``target`` names standard error (exactly ``/dev/stderr``)."""
    return os.fspath(target) == STDERR


def is_stdout(target: str | os.PathLike[str]) -> bool:
    """Whether ``target`` names standard output (``-`` or ``/dev/stdout``)."""
    text = os.fspath(target)
    return text == STDOUT or text in _STDOUT_ALIASES


def resolve_output(
    target: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]] = ()
) -> Path | None:
    """Check ``target`` against the output policy: ``None`` for standard output, else its path.

    Raises :class:`BriefkitError` when the target exists and is not a regular file, or is one of
    ``inputs`` (the files the command reads: a report must never replace a brief).
    """
    if is_stdout(target):
        return None
    path = Path(target)
    _refuse_non_regular(path)
    for source in inputs:
        if os.fspath(source) == STDOUT:
            continue
        if _same_file(path, Path(source)):
            raise BriefkitError(
                f"{path}: the output would overwrite {source}, one of the inputs; choose another "
                "output path"
            )
    return path


def _refuse_non_regular(path: Path) -> None:
    """Refuse a target that exists and is not a regular file, judged by ``lstat``: a symbolic
    link is refused too (``/dev/stderr`` as a file would be replaced by renaming over it)."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise BriefkitError(f"{path}: cannot use as an output: {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        raise BriefkitError(f"{path}: is a folder; give a file name for the output")
    if stat.S_ISLNK(mode):
        raise BriefkitError(
            f"{path}: is a symbolic link; outputs are regular files, never written through a "
            "link ('-' is standard output, /dev/stderr standard error)"
        )
    if not stat.S_ISREG(mode):
        raise BriefkitError(
            f"{path}: is not a regular file (a device, FIFO or socket); outputs are regular "
            "files, or '-' for standard output"
        )


def _same_file(first: Path, second: Path) -> bool:
    try:
        return first.samefile(second)
    except OSError:
        return first.absolute() == second.absolute()


def write_atomically(target: Path, data: bytes, *, protect: Path | None = None) -> None:
    """Write ``data`` to ``target`` through a temporary file in the same folder, then rename.

    A failure at any point (a full disk, Ctrl-C) leaves no temporary file and ``target`` as it was.
    Missing folders are created. ``protect`` is a file that must never be overwritten (the brief
    being rendered); a target that exists and is not a regular file is refused (renaming over
    ``/dev/null`` as root would replace the device).
    """
    if protect is not None and _same_file(target, protect):
        raise BriefkitError(
            f"{target}: the output would overwrite the brief itself; choose another -o"
        )
    _refuse_non_regular(target)
    folder = target.parent if str(target.parent) else Path()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BriefkitError(
            f"{target}: cannot create the folder {folder}: {exc.strerror or exc}"
        ) from None
    import tempfile  # here: only commands that write a file need it (it loads `random`)

    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise BriefkitError(f"{target}: cannot write in {folder}: {exc.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).chmod(0o666 & ~_umask())
        Path(temporary).replace(target)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise BriefkitError(f"{target}: cannot write: {exc.strerror or exc}") from None
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class NotRegularFile(OSError):
    """A walked file that is not a regular file (a FIFO, a device, a socket)."""


def read_file(path: Path, limit: int, *, regular_only: bool) -> bytes:
    """At most ``limit + 1`` bytes of ``path`` (one more than allowed, so that a file over the
    limit is seen to be).

    ``regular_only`` (for files found by walking) opens without blocking and refuses anything
    but a regular file, so a FIFO in a folder cannot hang the run. A path named on the command
    line may be a FIFO or a process substitution, read with the same limit.
    """
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)
    if regular_only:
        flags |= os.O_NONBLOCK
    descriptor = os.open(path, flags)
    try:
        if regular_only and not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise NotRegularFile(0, "not a regular file")
        chunks = []
        remaining = limit + 1
        while remaining > 0:
            wanted = min(remaining, 1 << 20)
            chunk = os.read(descriptor, wanted)
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
            if regular_only and len(chunk) < wanted:
                break  # a regular file read short is at its end: no second call to learn it
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def stamp(path: Path) -> tuple[int, int]:
    """When ``path`` last changed and its size (``(0, -1)`` when it cannot be read): part of the
    key of a cache over a file's contents, so that a long-running process (a preview, a render
    worker) sees an edited layout, stylesheet or labels file."""
    try:
        status = path.stat()
    except OSError:
        return (0, -1)
    return (status.st_mtime_ns, status.st_size)


def inside(path: Path, roots: Sequence[Path]) -> Path | None:
    """``path`` with symbolic links and ``..`` resolved, if that stays inside one of ``roots``;
    ``None`` when it leads out of them or through a link that loops."""
    try:
        real = path.resolve()
        bases = [root.resolve() for root in roots]
    except (OSError, RuntimeError):  # a loop: RuntimeError up to Python 3.12, OSError after
        return None
    return real if any(real.is_relative_to(base) for base in bases) else None
