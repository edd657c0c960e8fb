"""The parent's handle on one render worker process: start it, read its frames, kill it.

The pool (:mod:`briefkit.render.pool`) decides what each worker does; this module only knows the
process, its two pipes, its lifeline and its private temporary folder: every worker runs with
``TMPDIR`` set to a folder of its own, which the parent removes when the worker ends however it
ends (killed at a limit, on Ctrl-C, or stopped), so nothing WeasyPrint or a library left there
outlives it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import briefkit
from briefkit.errors import BriefkitError
from briefkit.render.jobs import Job
from briefkit.render.protocol import Inbox


@dataclass(eq=False)
class WorkerProcess:
    """One worker: its process, the lifeline's write end, and the job it is on."""

    process: subprocess.Popen[bytes]
    lifeline: int
    temporary: Path
    """The worker's own temporary folder (its ``TMPDIR``), removed when it ends."""
    inbox: Inbox = field(default_factory=Inbox)
    outbox: bytearray = field(default_factory=bytearray)
    job: Job | None = None
    deadline: float | None = None
    """When the running job (or part of it) must be done (set once the worker says it started)."""
    start_by: float = 0.0
    """When the worker must have started the job it was given."""
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
    shutil.rmtree(worker.temporary, ignore_errors=True)


def spawn_worker() -> WorkerProcess:
    """Start a render worker (``python -m briefkit.render.worker``) that dies with this process:
    it watches the read end of a lifeline pipe whose write end only this process holds."""
    temporary = Path(tempfile.mkdtemp(prefix="briefkit-worker-"))
    lifeline_read, lifeline_write = os.pipe()
    package_root = str(Path(briefkit.__file__).resolve().parents[1])
    env = dict(os.environ)
    env["TMPDIR"] = str(temporary)
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
        shutil.rmtree(temporary, ignore_errors=True)
        raise BriefkitError(f"cannot start a render worker: {exc.strerror or exc}") from None
    finally:
        os.close(lifeline_read)
    worker = WorkerProcess(process, lifeline_write, temporary)
    os.set_blocking(worker.reply_fd, False)
    os.set_blocking(worker.job_fd, False)
    return worker
