"""The render worker: a child process that lays out briefs, and that the parent can kill.

Why a process of its own: WeasyPrint catches ``BaseException`` while it draws an SVG, so no
exception raised inside it (a timer, Ctrl-C) can be trusted to stop it; a hostile figure could
hold the CPU and the memory for as long as it liked. A worker is stopped from outside instead:
the parent (:mod:`briefkit.render.pool`) kills it at the time limit or on Ctrl-C, and the worker
limits its own address space (``RLIMIT_AS``) before each render.

Why a plain ``python -m briefkit.render.worker`` subprocess rather than :mod:`multiprocessing`:
the parent needs nothing but a pipe pair and a pid to kill; ``spawn`` and ``forkserver`` would
re-import the parent's ``__main__`` (the whole CLI) in every child, and ``fork`` copies a parent
that may hold threads and locks. What crosses the pipes is :mod:`briefkit.render.protocol`: jobs
pickled one way (the parent is trusted), typed data messages and documents the other way.

A worker's stdout and stdin are only the protocol: stray prints from libraries go to stderr. The
worker ignores SIGINT (the parent decides what Ctrl-C stops) and exits when the parent dies,
however it dies (the lifeline pipe, whose write end only the parent holds, reaches end of file).
"""

from __future__ import annotations

import errno
import gc
import os
import resource
import shutil
import signal
import sys
import threading
import traceback
from pathlib import Path
from typing import Any

from briefkit.errors import BriefkitError
from briefkit.render.protocol import (
    Bug,
    Done,
    Failed,
    OutOfMemory,
    Progress,
    Ready,
    Started,
    decode_job,
    read_frame,
    send,
)

TRACE_VARIABLE = "BRIEFKIT_WORKER_TRACE"
"""When set, a worker writes one line on stderr as it starts each job (for tests and debugging)."""


def _watch_lifeline(fd: int) -> None:
    """Exit as soon as the parent is gone: its end of the lifeline pipe closes with it.

    A parent that was killed (SIGKILL) cannot remove the worker's own temporary folder, so the
    worker removes it on its way out (only a folder the parent made for it)."""
    try:
        while os.read(fd, 1):
            pass
    except OSError:
        pass
    own = os.environ.get("TMPDIR", "")
    if Path(own).name.startswith("briefkit-worker-"):
        shutil.rmtree(own, ignore_errors=True)
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

    This is the one place where the layout engine starts: the font environment is set first
    (fontconfig must see it before WeasyPrint loads Pango), in this process only.
    """
    from briefkit.render.fonts import configure_fonts

    configure_fonts()  # fontconfig sees briefkit's fonts only, never the machine's
    from briefkit.render import engine

    return engine.Engine()


def serve(job_fd: int, reply_fd: int) -> None:
    """Answer jobs read from ``job_fd`` until it closes; replies go to ``reply_fd``."""
    # Loading the engine makes about 100,000 objects that live as long as the worker (WeasyPrint,
    # its fonts): no collection while they are made (the garbage kept is about 1.5 MB), then
    # frozen, so that the collections every render sets off no longer walk them (that walking
    # was about 5 % of a warm render).
    gc.disable()
    try:
        engine = _load_engine()
    except BriefkitError as error:
        # not about any brief: the machine cannot render (a missing library)
        hint = str(error.hint or "")
        send(reply_fd, Failed(error.message, hint=hint, machine=True, retire=True))
        return
    finally:
        gc.freeze()
        gc.enable()
    send(reply_fd, Ready(os.getpid()))
    trace = bool(os.environ.get(TRACE_VARIABLE))
    # The memory cap in force: set when a job asks for another one, not lifted between jobs
    # (lifting it and setting it again around every job made each render about 10 % slower).
    memory: int | None = None
    while True:
        frame = read_frame(job_fd)
        if frame is None:
            return
        job = decode_job(frame)
        if trace:
            print(f"briefkit-worker {os.getpid()}: rendering {job.name}", file=sys.stderr)
            sys.stderr.flush()
        send(reply_fd, Started())
        try:
            if job.memory_mb != memory:
                limit_memory(job.memory_mb)
                memory = job.memory_mb
            output = engine.run(job, lambda part: send(reply_fd, Progress(part)))
            done = Done(
                pages=output.pages,
                documents=len(output.documents),
                warnings=output.warnings,
                lost=output.lost,
                resources=output.resources,
                contents=output.contents,
                contact_page=output.contact_page,
            )
            send(reply_fd, done, output.documents)
        except BriefkitError as error:
            send(reply_fd, Failed(error.message, hint=str(error.hint or "")))
        except Exception as exc:
            if out_of_memory(exc):
                send(reply_fd, OutOfMemory())
                return
            details = "".join(traceback.format_exception(exc))
            send(reply_fd, Bug(f"{type(exc).__name__}: {exc}", details))
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
