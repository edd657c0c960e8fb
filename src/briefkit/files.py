"""Writing output files so that a failure never leaves a partial file or damages an old one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from briefkit.errors import BriefkitError


def write_atomically(target: Path, data: bytes, *, protect: Path | None = None) -> None:
    """Write ``data`` to ``target`` through a temporary file in the same folder, then rename.

    A failure at any point (a full disk, Ctrl-C) leaves no temporary file and ``target`` as it was.
    ``protect`` is a file that must never be overwritten (the brief being rendered).
    """
    folder = target.parent if str(target.parent) else Path()
    if protect is not None and target.resolve() == protect.resolve():
        raise BriefkitError(
            f"{target}: the output would overwrite the brief itself; choose another -o"
        )
    if not folder.is_dir():
        raise BriefkitError(f"{target}: the output folder {folder} does not exist")
    if target.is_dir():
        raise BriefkitError(f"{target}: is a folder; give a file name with -o")
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
            raise BriefkitError(f"{target}: cannot write the PDF: {exc.strerror or exc}") from None
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
