"""The parent's handle on one render worker process: start it, read its frames, kill it.

The pool (:mod:`briefkit.render.pool`) decides what each worker does; this module only knows the
process, its two pipes and its lifeline.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import briefkit
from briefkit.errors import BriefkitError
from briefkit.render.jobs import RenderJob

MAX_HEADER_BYTES = 64 * 1024 * 1024


@dataclass(eq=False)
class WorkerProcess:
    """One worker: its process, the lifeline's write end, and the job it is on."""

    process: subprocess.Popen[bytes]
    lifeline: int
    inbox: bytearray = field(default_factory=bytearray)
    outbox: bytearray = field(default_factory=bytearray)
    job: RenderJob | None = None
    deadline: float | None = None
    """When the running job must be done (set once the worker says it started it)."""
    start_by: float = 0.0
    """When the worker must have started the job it was given."""
    header: dict[str, Any] | None = None
    renders: int = 0
    ready: bool = False

    @property
    def reply_fd(self) -> int:
        assert self.process.stdout is not None
        return self.process.stdout.fileno()

    @property
    def job_fd(self) -> int:
        assert self.process.stdin is not None
        return self.process.stdin.fileno()

    def frames(self) -> Iterator[bytes]:
        """Complete frames received so far, removed from the inbox."""
        while len(self.inbox) >= 4:
            size = int.from_bytes(self.inbox[:4], "big")
            if self.header is None and size > MAX_HEADER_BYTES:
                raise WorkerBroken("sent a message too large to be one")
            if len(self.inbox) < 4 + size:
                return
            frame = bytes(self.inbox[4 : 4 + size])
            del self.inbox[: 4 + size]
            yield frame


class WorkerBroken(Exception):
    """A worker broke the protocol or died."""


def stop_workers(workers: list[WorkerProcess]) -> None:
    """Kill every worker and release its pipes (also run when a pool is garbage-collected)."""
    for worker in workers:
        kill_worker(worker)
    workers.clear()


def kill_worker(worker: WorkerProcess) -> None:
    """Kill the worker, wait for it, and close its pipes."""
    with contextlib.suppress(ProcessLookupError):
        worker.process.kill()
    worker.process.wait()
    for stream in (worker.process.stdin, worker.process.stdout):
        if stream is not None:
            with contextlib.suppress(OSError):
                stream.close()
    with contextlib.suppress(OSError):
        os.close(worker.lifeline)


def spawn_worker() -> WorkerProcess:
    """Start a render worker (``python -m briefkit.render.worker``) that dies with this process:
    it watches the read end of a lifeline pipe whose write end only this process holds."""
    lifeline_read, lifeline_write = os.pipe()
    package_root = str(Path(briefkit.__file__).resolve().parents[1])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        part for part in (package_root, env.get("PYTHONPATH", "")) if part
    )
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "briefkit.render.worker", str(lifeline_read)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            pass_fds=(lifeline_read,),
            env=env,
        )
    except OSError as exc:
        os.close(lifeline_write)
        raise BriefkitError(f"cannot start a render worker: {exc.strerror or exc}") from None
    finally:
        os.close(lifeline_read)
    worker = WorkerProcess(process, lifeline_write)
    os.set_blocking(worker.reply_fd, False)
    os.set_blocking(worker.job_fd, False)
    return worker
