"""The one wire format between the parent and a render worker: frames, typed messages, jobs.

Every frame is a 4-byte big-endian length and that many bytes. Trust runs one way:

- parent to worker: a job (:class:`~briefkit.render.jobs.BriefJob` or
  :class:`~briefkit.render.jobs.DigestJob`), pickled: the parent is trusted;
- worker to parent: the messages below, as JSON objects, and after a :class:`Done` the documents
  it announces as raw frames. The worker handles hostile input, so what it sends is decoded as
  data into these frozen dataclasses, never unpickled: an unknown type, an unknown or missing
  field, a value of the wrong type or another protocol version is a :class:`ProtocolError`.

Messages from the worker, in order: :class:`Ready` once (WeasyPrint loaded), then for each job
:class:`Started` (the parent's clock starts), any number of :class:`Progress` (a digest moved on to
its next part; the clock starts again), and one of :class:`Done`, :class:`Failed`,
:class:`OutOfMemory` or :class:`Bug`. This module imports nothing heavy.
"""

from __future__ import annotations

import json
import os
import pickle
import typing
from dataclasses import dataclass, fields, is_dataclass
from typing import Any, ClassVar

PROTOCOL_VERSION = 1
"""Bumped whenever a message changes; a worker of another version is refused at :class:`Ready`."""
MAX_FRAME_BYTES = 2**31 - 1
"""The largest frame the protocol carries (a 4-byte length)."""
MAX_MESSAGE_BYTES = 64 * 1024 * 1024
"""The largest message (not document) a worker may send: more is a broken worker."""


class ProtocolError(Exception):
    """A frame that is not part of the protocol (a broken or hostile worker)."""


@dataclass(frozen=True)
class Ready:
    """The worker loaded the layout engine and waits for jobs."""

    kind: ClassVar[str] = "ready"
    pid: int
    protocol: int = PROTOCOL_VERSION


@dataclass(frozen=True)
class Started:
    """The worker read a job and starts it: the parent's clock for the job starts now."""

    kind: ClassVar[str] = "started"


@dataclass(frozen=True)
class Progress:
    """The worker starts part ``part`` of a job of several parts (a digest's layout passes): the
    parent's clock starts again, so every part has the whole time limit and no more."""

    kind: ClassVar[str] = "progress"
    part: int


@dataclass(frozen=True)
class ContentsEntry:
    """One brief as a digest's table of contents lists it."""

    title: str
    date: str
    kind: str
    marking: str
    page: int


@dataclass(frozen=True)
class Done:
    """The job is done; ``documents`` raw frames follow (one PDF or HTML document, or one PNG
    image per page).

    ``lost`` is what WeasyPrint could not draw (its error-level log lines), ``warnings`` its other
    warnings, ``resources`` every file it read. A digest also says where each brief starts
    (``contents``) and where its contact page is.
    """

    kind: ClassVar[str] = "done"
    pages: int
    documents: int
    warnings: tuple[str, ...] = ()
    lost: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()
    contents: tuple[ContentsEntry, ...] = ()
    contact_page: int = 0


@dataclass(frozen=True)
class Failed:
    """A user error: the job cannot be rendered as given. ``hint`` names what the user may change
    (see :class:`~briefkit.errors.BriefkitError`); ``machine`` says the error is about this
    machine (a missing library), not the job; with ``retire`` the worker exits after it."""

    kind: ClassVar[str] = "failed"
    message: str
    hint: str = ""
    machine: bool = False
    retire: bool = False


@dataclass(frozen=True)
class OutOfMemory:
    """The job needed more memory than its limit; the worker exits after this message."""

    kind: ClassVar[str] = "out-of-memory"


@dataclass(frozen=True)
class Bug:
    """An internal error in briefkit, with the worker's traceback."""

    kind: ClassVar[str] = "bug"
    message: str
    traceback: str = ""


Message = Ready | Started | Progress | Done | Failed | OutOfMemory | Bug
MESSAGES: dict[str, type[Any]] = {
    cls.kind: cls for cls in (Ready, Started, Progress, Done, Failed, OutOfMemory, Bug)
}
"""Every message type by its name on the wire."""


def encode(message: Message) -> bytes:
    """``message`` as the JSON the wire carries (not yet framed)."""
    body = {"protocol": PROTOCOL_VERSION, "type": message.kind, **_plain(message)}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {item.name: _plain(getattr(value, item.name)) for item in fields(value)}
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


def decode(data: bytes) -> Message:
    """The message in ``data``; raises :class:`ProtocolError` for anything else."""
    try:
        body = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise ProtocolError("sent a message that is not JSON") from None
    if not isinstance(body, dict):
        raise ProtocolError("sent a message that is not an object")
    version = body.pop("protocol", None)
    if version != PROTOCOL_VERSION or isinstance(version, bool):
        raise ProtocolError(f"speaks protocol {version!r}, not {PROTOCOL_VERSION}")
    cls = MESSAGES.get(body.pop("type", None))
    if cls is None:
        raise ProtocolError("sent a message of an unknown type")
    result: Message = _build(cls, body)
    return result


_FIELD_TYPES: dict[type, dict[str, Any]] = {}


def _field_types(cls: type[Any]) -> dict[str, Any]:
    """The fields of message type ``cls`` and their types, worked out once per type (the
    annotations are strings to evaluate: that took longer than decoding the message)."""
    if cls not in _FIELD_TYPES:
        hints = typing.get_type_hints(cls)
        _FIELD_TYPES[cls] = {item.name: hints[item.name] for item in fields(cls)}
    return _FIELD_TYPES[cls]


def _build(cls: type[Any], body: Any) -> Any:
    if not isinstance(body, dict):
        raise ProtocolError(f"sent a {cls.__name__} that is not an object")
    hints = _field_types(cls)
    unknown = sorted(set(body) - hints.keys())
    if unknown:
        raise ProtocolError(f"sent a {cls.__name__} with unknown fields: {', '.join(unknown)}")
    values = {name: _value(hints[name], body[name], f"{cls.__name__}.{name}") for name in body}
    try:
        return cls(**values)
    except TypeError:
        raise ProtocolError(f"sent a {cls.__name__} with fields missing") from None


def _value(hint: Any, value: Any, where: str) -> Any:
    origin = typing.get_origin(hint)
    if origin is tuple:
        item = typing.get_args(hint)[0]
        if not isinstance(value, list):
            raise ProtocolError(f"sent {where} that is not a list")
        return tuple(_value(item, element, where) for element in value)
    if isinstance(hint, type) and is_dataclass(hint):
        return _build(hint, value)
    if hint is bool:
        ok = isinstance(value, bool)
    elif hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    elif hint is str:
        ok = isinstance(value, str)
    else:  # pragma: no cover - a message field of a type this decoder does not know
        raise TypeError(f"{where}: {hint!r} cannot cross the wire")
    if not ok:
        raise ProtocolError(f"sent {where} of the wrong type")
    return value


# -- frames ----------------------------------------------------------------------------------


def frame(data: bytes) -> bytes:
    """``data`` with its 4-byte length in front."""
    if len(data) > MAX_FRAME_BYTES:
        raise ValueError(f"a frame of {len(data):,} bytes is too large")
    return len(data).to_bytes(4, "big") + data


def encode_job(job: object) -> bytes:
    """A job as the worker receives it: pickled (the parent is trusted), framed."""
    return frame(pickle.dumps(job, pickle.HIGHEST_PROTOCOL))


def decode_job(data: bytes) -> Any:
    """A job the parent sent (in the worker)."""
    return pickle.loads(data)


def send(fd: int, message: Message, documents: tuple[bytes, ...] = ()) -> None:
    """Write ``message`` (and the documents a :class:`Done` announces) to ``fd``, blocking."""
    data = frame(encode(message)) + b"".join(frame(document) for document in documents)
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def read_frame(fd: int) -> bytes | None:
    """The next frame from blocking ``fd``; ``None`` at end of file."""
    header = _read_exactly(fd, 4)
    if header is None:
        return None
    return _read_exactly(fd, int.from_bytes(header, "big"))


def _read_exactly(fd: int, count: int) -> bytes | None:
    chunks = bytearray()
    while len(chunks) < count:
        chunk = os.read(fd, min(count - len(chunks), 1 << 20))
        if not chunk:
            return None
        chunks += chunk
    return bytes(chunks)


class Inbox:
    """What the parent has read from one worker, cut into messages and the documents that follow
    a :class:`Done` (read without blocking, a chunk at a time)."""

    def __init__(self) -> None:
        self.buffer = bytearray()
        self.done: Done | None = None
        self.documents: list[bytes] = []

    def feed(self, chunk: bytes) -> None:
        self.buffer += chunk

    def messages(self) -> typing.Iterator[tuple[Message, tuple[bytes, ...]]]:
        """Each complete message, with its documents (for a :class:`Done`, once all arrived)."""
        while len(self.buffer) >= 4:
            size = int.from_bytes(self.buffer[:4], "big")
            if self.done is None and size > MAX_MESSAGE_BYTES:
                raise ProtocolError("sent a message too large to be one")
            if len(self.buffer) < 4 + size:
                return
            data = bytes(self.buffer[4 : 4 + size])
            del self.buffer[: 4 + size]
            if self.done is not None:
                self.documents.append(data)
            else:
                message = decode(data)
                if not isinstance(message, Done):
                    yield message, ()
                    continue
                self.done = message
            if len(self.documents) == self.done.documents:
                done, documents = self.done, tuple(self.documents)
                self.done, self.documents = None, []
                yield done, documents
