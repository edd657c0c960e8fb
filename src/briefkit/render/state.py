"""Global state department: the one process-wide render pool, created on first use.

Nothing here runs at import. :func:`shared_pool` starts the pool's worker the first time a
:class:`~briefkit.Renderer` without a pool of its own renders (the worker stops when the pool is
collected or the process exits); :func:`close_shared_pool` stops it earlier. The font
environment is not global state of this process at all: each render worker sets its own.
"""

from __future__ import annotations

import threading

from briefkit.render.pool import RenderPool

_pool: RenderPool | None = None
_lock = threading.Lock()


def shared_pool() -> RenderPool:
    """The process's shared pool of one warm worker (made on first use)."""
    global _pool
    with _lock:
        if _pool is None:
            _pool = RenderPool(jobs=1)
        return _pool


def close_shared_pool() -> None:
    """Stop the shared pool's worker, if there is one; the next render starts a new one."""
    global _pool
    with _lock:
        if _pool is not None:
            _pool.close()
            _pool = None
