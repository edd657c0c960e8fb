"""The render worker: a child process that lays out briefs, and that the parent can kill.

Why a process of its own: WeasyPrint catches ``BaseException`` while it draws an SVG, so no
exception raised inside it (a timer, Ctrl-C) can be trusted to stop it; a hostile figure could
hold the CPU and the memory for as long as it liked. A worker is stopped from outside instead:
the parent (:mod:`briefkit.render.pool`) kills it at the time limit or on Ctrl-C, and the worker
limits its own address space (``RLIMIT_AS``) before each render.

Why a plain ``python -m briefkit.render.worker`` subprocess rather than :mod:`multiprocessing`:
the parent needs nothing but a pipe pair and a pid to kill; ``spawn`` and ``forkserver`` would
re-import the parent's ``__main__`` (the whole CLI) in every child, and ``fork`` copies a parent
that may hold threads and locks. The protocol is small and one-directional in trust:

- parent to worker: a :class:`~briefkit.render.jobs.RenderJob`, pickled (the parent is trusted);
- worker to parent: JSON headers, and the document bytes as a raw frame after a ``done`` header.
  The worker handles hostile input, so what it sends is parsed as data, never unpickled.

Every frame is a 4-byte big-endian length and that many bytes. Messages from the worker:
``ready`` (WeasyPrint loaded), ``started`` (a job was read; the parent's clock starts), ``done``,
``error`` (a user error: ``message``; with ``any``, one that is not about the job) and ``bug``
(an internal error: ``message``, ``traceback``). With ``retire`` set, the worker exits after that
message (its memory may be in a bad state).

A worker's stdout and stdin are only the protocol: stray prints from libraries go to stderr. The
worker ignores SIGINT (the parent decides what Ctrl-C stops) and exits when the parent dies,
however it dies (the lifeline pipe, whose write end only the parent holds, reaches end of file).
"""

from __future__ import annotations

import errno
import json
import os
import pickle
import resource
import signal
import sys
import threading
import traceback
from typing import Any

from briefkit.errors import BriefkitError

MAX_FRAME_BYTES = 2**31 - 1
"""The largest frame the protocol carries (a 4-byte length)."""
TRACE_VARIABLE = "BRIEFKIT_WORKER_TRACE"
"""When set, a worker writes one line on stderr as it starts each job (for tests and debugging)."""


def encode_frame(data: bytes) -> bytes:
    """``data`` with its 4-byte length in front."""
    if len(data) > MAX_FRAME_BYTES:
        raise ValueError(f"a frame of {len(data):,} bytes is too large")
    return len(data).to_bytes(4, "big") + data


def _read_exactly(fd: int, count: int) -> bytes | None:
    chunks = bytearray()
    while len(chunks) < count:
        chunk = os.read(fd, min(count - len(chunks), 1 << 20))
        if not chunk:
            return None
        chunks += chunk
    return bytes(chunks)


def _read_frame(fd: int) -> bytes | None:
    header = _read_exactly(fd, 4)
    if header is None:
        return None
    return _read_exactly(fd, int.from_bytes(header, "big"))


def _send(fd: int, message: dict[str, Any], payload: bytes | None = None) -> None:
    if payload is not None:
        message = {**message, "payload": len(payload)}
    data = encode_frame(json.dumps(message).encode("utf-8"))
    if payload is not None:
        data += encode_frame(payload)
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _watch_lifeline(fd: int) -> None:
    """Exit as soon as the parent is gone: its end of the lifeline pipe closes with it."""
    try:
        while os.read(fd, 1):
            pass
    except OSError:
        pass
    os._exit(1)


def limit_memory(megabytes: int | None) -> None:
    """Cap this process's address space (``None``: lift the cap); allocations past it fail, as a
    MemoryError in Python, as a crash in a C library that does not check."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = hard if megabytes is None else megabytes * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


def out_of_memory(exc: BaseException) -> bool:
    """Whether ``exc`` (or what caused it) is an allocation that failed at the memory ceiling.
    Python raises MemoryError; C code that fails to allocate may raise SystemError, or OSError
    with ENOMEM when the failure is in a system call."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, MemoryError | SystemError):
            return True
        if isinstance(current, OSError) and current.errno == errno.ENOMEM:
            return True
        current = current.__cause__ or current.__context__
    return False


def _load_engine() -> Any:
    """Everything a render needs, loaded once per worker before the first job.

    This is the one place where the worker starts the layout engine: anything that must happen
    before WeasyPrint loads Pango and fontconfig (the font environment) goes here, first.
    """
    from briefkit.render.fonts import configure_fonts

    configure_fonts()  # fontconfig sees briefkit's fonts only, never the machine's
    from briefkit.render import engine

    return engine.Engine()


def serve(job_fd: int, reply_fd: int) -> None:
    """Answer jobs read from ``job_fd`` until it closes; replies go to ``reply_fd``."""
    try:
        engine = _load_engine()
    except BriefkitError as error:
        # not about any brief: the machine cannot render (a missing library)
        _send(reply_fd, {"type": "error", "message": error.message, "retire": True, "any": True})
        return
    _send(reply_fd, {"type": "ready", "pid": os.getpid()})
    trace = bool(os.environ.get(TRACE_VARIABLE))
    # The memory cap in force: set when a job asks for another one, not lifted between jobs
    # (lifting it and setting it again around every job made each render about 10 % slower).
    memory: int | None = None
    while True:
        frame = _read_frame(job_fd)
        if frame is None:
            return
        job = pickle.loads(frame)
        if trace:
            print(f"briefkit-worker {os.getpid()}: rendering {job.name}", file=sys.stderr)
            sys.stderr.flush()
        _send(reply_fd, {"type": "started"})
        try:
            if job.limits.render_memory_mb != memory:
                limit_memory(job.limits.render_memory_mb)
                memory = job.limits.render_memory_mb
            output = engine.run(job)
        except BriefkitError as error:
            _send(reply_fd, {"type": "error", "message": error.message})
        except Exception as exc:
            if out_of_memory(exc):
                message = (
                    f"rendering needed more than {job.limits.render_memory_mb:,} MiB of memory "
                    "and was stopped; nothing was written (raise render-memory-mb in "
                    "[tool.briefkit.limits])"
                )
                _send(reply_fd, {"type": "error", "message": message, "retire": True})
                return
            details = "".join(traceback.format_exception(exc))
            message = f"{type(exc).__name__}: {exc}"
            _send(reply_fd, {"type": "bug", "message": message, "traceback": details})
        else:
            reply = {
                "type": "done",
                "pages": output.pages,
                "files": list(output.files),
                "warnings": list(output.warnings),
                "lost": list(output.lost),
                "resources": list(output.resources),
            }
            _send(reply_fd, reply, output.data)
        finally:
            del job


def main(argv: list[str] | None = None) -> None:
    """Entry point: ``python -m briefkit.render.worker LIFELINE_FD``."""
    args = sys.argv[1:] if argv is None else argv
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if args:
        lifeline = int(args[0])
        threading.Thread(target=_watch_lifeline, args=(lifeline,), daemon=True).start()
    # Keep the protocol's pipes to ourselves: anything a library prints goes to stderr.
    job_fd, reply_fd = os.dup(0), os.dup(1)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.dup2(2, 1)
    serve(job_fd, reply_fd)


if __name__ == "__main__":
    main()
