"""Run one function in a child process that is stopped from outside (``briefkit import`` reads
its source this way; every layout, a digest's included, runs on the render pool instead).

WeasyPrint or a parser cannot be trusted to stop from inside, so the parent kills the child at the
time limit; the child caps its own memory; it ignores Ctrl-C (the parent stops it); and it answers
with JSON and bytes, read as data, never unpickled.
"""

from __future__ import annotations

import json
import logging
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from briefkit.errors import BriefkitError
from briefkit.render.worker import limit_memory, out_of_memory

LayoutFunction = Callable[..., tuple[dict[str, Any], bytes]]
"""What runs in the child: returns a JSON-able header and the document's bytes."""


def _child(
    send: Connection, function: LayoutFunction, args: Any, megabytes: int, what: str
) -> None:
    """Run ``function`` here, Ctrl-C ignored and memory capped; send a header, then bytes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    limit_memory(megabytes)
    records: list[str] = []

    class Collector(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    logging.getLogger("weasyprint").addHandler(Collector(logging.WARNING))
    try:
        header, data = function(*args)
        send.send_bytes(json.dumps({**header, "warnings": records}).encode("utf-8"))
        send.send_bytes(data)
    except BriefkitError as error:
        send.send_bytes(json.dumps({"error": error.message}).encode("utf-8"))
    except Exception as exc:
        message = f"internal error: {type(exc).__name__}: {exc} (this is a bug in briefkit)"
        if out_of_memory(exc):
            message = (
                f"{what} needed more than {megabytes:,} MiB of memory and was stopped; nothing "
                "was written"
            )
        send.send_bytes(json.dumps({"error": message}).encode("utf-8"))
    finally:
        send.close()


def run_isolated(
    function: LayoutFunction, args: Any, seconds: float, megabytes: int, what: str
) -> tuple[dict[str, Any], bytes]:
    """``function(*args)`` in a child process killed after ``seconds`` and capped at
    ``megabytes`` of memory; its header (with the WeasyPrint ``warnings`` it logged) and bytes.

    ``what`` names the work in messages ("laying out the digest"). Raises
    :class:`BriefkitError` when the child fails, passes a limit or dies.
    """
    from multiprocessing import get_context

    # "spawn": a fresh interpreter for each run, as the check pool uses; no fork server is left
    # running, and nothing of this process (threads, locks, open files) is copied into the
    # child that reads an untrusted file.
    context = get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(
        target=_child, args=(send, function, args, megabytes, what), daemon=True
    )
    process.start()
    send.close()
    try:
        if not receive.poll(seconds):
            raise BriefkitError(
                f"{what} took longer than {seconds:g} s and was stopped; nothing was written"
            )
        header: dict[str, Any] = json.loads(receive.recv_bytes())
        if "error" in header:
            raise BriefkitError(str(header["error"]))
        return header, receive.recv_bytes()
    except EOFError:
        raise BriefkitError(f"{what} stopped without an answer; nothing was written") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receive.close()
