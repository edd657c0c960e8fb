"""A pool of render workers: renders run in child processes that the parent can always stop.

:class:`RenderPool` starts workers (:mod:`briefkit.render.worker`), keeps them warm (fonts and
parsed stylesheets stay loaded between renders), hands each a job (a brief or a digest, see
:mod:`briefkit.render.jobs`) and enforces the limits from outside: past ``render-seconds`` the
worker is killed; a worker that crashes, runs out of memory or has served ``max_renders`` jobs
is replaced. Outputs are written in the parent (:mod:`briefkit.render.outputs`) only once a
worker has finished, so an interrupted or stopped render leaves every existing output as it was.

    with RenderPool(jobs=2) as pool:
        for job, outcome in pool.render_many(jobs):
            ...  # outcome is a RenderResult, or the BriefkitError that stopped that job

Calls to :meth:`RenderPool.render` from several threads take turns; :meth:`RenderPool.render_many`
is for one thread at a time. This module does not import WeasyPrint.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import signal
import threading
import time
import weakref
from collections.abc import Generator, Iterable

from briefkit.desk.settings import render_seconds_problem
from briefkit.errors import BriefkitError, Hint, RenderLimitError, worker_stopped
from briefkit.render.jobs import Job, RenderResult
from briefkit.render.outputs import commit
from briefkit.render.process import (
    WorkerBroken,
    WorkerProcess,
    kill_worker,
    spawn_worker,
    stop_workers,
)
from briefkit.render.protocol import (
    PROTOCOL_VERSION,
    Bug,
    Done,
    Failed,
    Message,
    OutOfMemory,
    Progress,
    ProtocolError,
    Ready,
    Started,
    encode_job,
)

DEFAULT_MAX_RENDERS = 100
"""Jobs a worker serves before it is replaced (a bound on what a long-lived worker accumulates)."""
START_SECONDS = 120.0
"""Time a new worker may take to load WeasyPrint before it is taken for broken."""


class RenderBug(Exception):
    """The worker failed in a way that is a bug in briefkit; carries the worker's traceback."""

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message)
        self.details = details


class RenderPool:
    """Up to ``jobs`` warm render workers, each replaced after a crash, a kill or
    ``max_renders`` renders.

    Use it as a context manager (or call :meth:`close`); workers also stop when the pool is
    garbage-collected and when the parent process exits, however it exits.
    """

    def __init__(self, jobs: int = 1, *, max_renders: int = DEFAULT_MAX_RENDERS) -> None:
        if jobs < 1:
            raise ValueError("a render pool needs at least one worker")
        self.jobs = jobs
        self.max_renders = max_renders
        self._workers: list[WorkerProcess] = []
        self._lock = threading.Lock()
        self._finalizer = weakref.finalize(self, stop_workers, self._workers)

    def __enter__(self) -> RenderPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop every worker."""
        stop_workers(self._workers)

    def start(self) -> None:
        """Start the workers now, so they load WeasyPrint while the caller does other work."""
        while len(self._workers) < self.jobs:
            self._workers.append(spawn_worker())

    @property
    def pids(self) -> tuple[int, ...]:
        """Process ids of the running workers."""
        return tuple(worker.process.pid for worker in self._workers)

    def render(self, job: Job) -> RenderResult:
        """Render one job in a worker and write its output; raises :class:`BriefkitError`."""
        with self._lock, contextlib.closing(self.render_many([job])) as outcomes:
            _, outcome = next(outcomes)
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    def render_many(
        self, jobs: Iterable[Job]
    ) -> Generator[tuple[Job, RenderResult | BriefkitError | RenderBug], None, None]:
        """Render ``jobs`` on up to ``jobs`` workers at once; yield each with its outcome as it
        finishes (a :class:`RenderResult`, or the error that stopped it).

        If the caller stops iterating, or an interrupt arrives, the jobs still running are killed
        and nothing more is written.
        """
        # Taken one at a time as workers free up, so that a caller's generator (linting the
        # next brief, say) runs while the first renders are already under way.
        pending = iter(jobs)
        exhausted = False
        busy: dict[int, WorkerProcess] = {}
        selector = selectors.DefaultSelector()
        try:
            while True:
                while not exhausted and len(busy) < self.jobs:
                    job = next(pending, None)
                    if job is None:
                        exhausted = True
                        break
                    try:
                        job = self._prepare(job)
                    except BriefkitError as error:
                        yield job, error
                        continue
                    worker = self._idle_worker(busy)
                    self._assign(worker, job, selector)
                    busy[worker.reply_fd] = worker
                if exhausted and not busy:
                    break
                for worker in list(busy.values()):
                    stopped = self._check_deadline(worker)
                    if stopped is not None:
                        worker.renders = self.max_renders  # killed: its job may still be running
                        yield self._finish(worker, busy, selector, stopped)
                if not busy:
                    continue
                for key, _ in selector.select(self._wait_seconds(busy)):
                    ready = busy.get(key.fd) if key.data == "reply" else key.data
                    if ready is None or ready.job is None:
                        continue
                    outcome = self._service(ready, key.data == "reply", selector)
                    if outcome is not None:
                        yield self._finish(ready, busy, selector, outcome)
        finally:
            for worker in busy.values():
                self._discard(worker)
            selector.close()

    # -- workers -------------------------------------------------------------------------------

    def _idle_worker(self, busy: dict[int, WorkerProcess]) -> WorkerProcess:
        for worker in list(self._workers):
            if worker.reply_fd in busy:
                continue
            if worker.process.poll() is not None:  # died while idle
                self._discard(worker)
                continue
            return worker
        worker = spawn_worker()
        self._workers.append(worker)
        return worker

    def _discard(self, worker: WorkerProcess) -> None:
        kill_worker(worker)
        if worker in self._workers:
            self._workers.remove(worker)

    # -- one job -------------------------------------------------------------------------------

    @staticmethod
    def _prepare(job: Job) -> Job:
        problem = render_seconds_problem(job.limits.render_seconds)
        if problem is not None:
            raise BriefkitError(f"{job.name}: the render time limit {problem}")
        return job

    @staticmethod
    def _assign(worker: WorkerProcess, job: Job, selector: selectors.BaseSelector) -> None:
        worker.job = job
        worker.deadline = None
        worker.start_by = time.monotonic() + START_SECONDS
        worker.outbox = bytearray(encode_job(job))
        selector.register(worker.reply_fd, selectors.EVENT_READ, "reply")
        selector.register(worker.job_fd, selectors.EVENT_WRITE, worker)

    @staticmethod
    def _wait_seconds(busy: dict[int, WorkerProcess]) -> float:
        now = time.monotonic()
        ends = [
            worker.deadline if worker.deadline is not None else worker.start_by
            for worker in busy.values()
        ]
        return max(0.0, min(ends) - now)

    @staticmethod
    def _check_deadline(worker: WorkerProcess) -> BriefkitError | None:
        job = worker.job
        assert job is not None
        now = time.monotonic()
        if worker.deadline is not None and now >= worker.deadline:
            return RenderLimitError.time(job.name, job.seconds)
        if worker.deadline is None and now >= worker.start_by:
            return BriefkitError(
                f"{job.name}: the render worker did not start within {START_SECONDS:g} s",
                hint=Hint.DOCTOR,
            )
        return None

    def _service(
        self, worker: WorkerProcess, readable: bool, selector: selectors.BaseSelector
    ) -> RenderResult | BriefkitError | RenderBug | None:
        job = worker.job
        assert job is not None
        try:
            if not readable:
                written = os.write(worker.job_fd, worker.outbox)
                del worker.outbox[:written]
                if not worker.outbox:
                    selector.unregister(worker.job_fd)
                return None
            chunk = os.read(worker.reply_fd, 1 << 20)
            if not chunk:
                raise WorkerBroken("stopped")
            worker.inbox.feed(chunk)
            for message, documents in worker.inbox.messages():
                outcome = self._receive(worker, message, documents)
                if outcome is not None:
                    return outcome
        except BlockingIOError:
            return None
        except ProtocolError as exc:
            return self._crash(worker, str(exc))
        except (WorkerBroken, BrokenPipeError, ValueError) as exc:
            return self._crash(worker, str(exc))
        return None

    def _receive(
        self, worker: WorkerProcess, message: Message, documents: tuple[bytes, ...]
    ) -> RenderResult | BriefkitError | RenderBug | None:
        job = worker.job
        assert job is not None
        if isinstance(message, Ready):
            if message.protocol != PROTOCOL_VERSION:  # pragma: no cover - decode refuses it
                raise ProtocolError(f"speaks protocol {message.protocol}")
            worker.ready = True
        elif isinstance(message, Started | Progress):
            worker.deadline = time.monotonic() + job.seconds
        elif isinstance(message, Done):
            return commit(job, message, documents)
        elif isinstance(message, Failed):
            if message.retire:
                worker.renders = self.max_renders
            about = "" if message.machine else f"{job.name}: "
            hint = Hint(message.hint) if message.hint in set(Hint) else None
            return BriefkitError(f"{about}{message.message}", hint=hint)
        elif isinstance(message, OutOfMemory):
            worker.renders = self.max_renders
            return RenderLimitError.memory(job.name, job.memory_mb)
        elif isinstance(message, Bug):
            return RenderBug(f"{job.name}: {message.message}", message.traceback)
        return None

    def _crash(self, worker: WorkerProcess, what: str) -> BriefkitError:
        job = worker.job
        assert job is not None
        worker.renders = self.max_renders
        with contextlib.suppress(ProcessLookupError):
            worker.process.kill()
        code = worker.process.wait()
        how = f"killed by {signal.Signals(-code).name}" if code < 0 else f"exit status {code}"
        if what == "stopped":
            return worker_stopped(job.name, how, job.memory_mb)
        return BriefkitError(f"{job.name}: the render worker {what} ({how}); nothing was written")

    def _finish(
        self,
        worker: WorkerProcess,
        busy: dict[int, WorkerProcess],
        selector: selectors.BaseSelector,
        outcome: RenderResult | BriefkitError | RenderBug,
    ) -> tuple[Job, RenderResult | BriefkitError | RenderBug]:
        job = worker.job
        assert job is not None
        for fd in (worker.reply_fd, worker.job_fd):
            with contextlib.suppress(KeyError, ValueError):
                selector.unregister(fd)
        del busy[worker.reply_fd]
        worker.job = None
        worker.renders += 1
        if worker.renders >= self.max_renders or worker.process.poll() is not None:
            self._discard(worker)
        return job, outcome
