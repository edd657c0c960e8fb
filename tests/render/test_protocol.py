"""The worker's wire format: every message survives a round trip; anything else is refused."""

from __future__ import annotations

import json
import os

import pytest

from briefkit.render.protocol import (
    MESSAGES,
    PROTOCOL_VERSION,
    Bug,
    ContentsEntry,
    Done,
    Failed,
    Inbox,
    Message,
    OutOfMemory,
    Progress,
    ProtocolError,
    Ready,
    Started,
    decode,
    encode,
    frame,
    read_frame,
    send,
)

EXAMPLES: list[Message] = [
    Ready(pid=1234),
    Started(),
    Progress(part=3),
    Done(
        pages=2,
        documents=1,
        warnings=("a warning",),
        lost=("a figure",),
        resources=("file:///x.svg",),
        contents=(ContentsEntry("Title é", "3 November 2025", "Analysis", "TLP:AMBER", 3),),
        contact_page=9,
    ),
    Failed("rendering stopped", hint="render-seconds", machine=False, retire=True),
    OutOfMemory(),
    Bug("ValueError: x", "Traceback..."),
]


def test_every_message_type_has_an_example() -> None:
    assert {message.kind for message in EXAMPLES} == set(MESSAGES)


@pytest.mark.parametrize("message", EXAMPLES, ids=lambda message: message.kind)
def test_a_message_survives_a_round_trip(message: Message) -> None:
    assert decode(encode(message)) == message


def _body(message: Message) -> dict[str, object]:
    body: dict[str, object] = json.loads(encode(message))
    return body


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"surprise": 1}, "unknown fields: surprise"),
        ({"type": "exec"}, "unknown type"),
        ({"protocol": PROTOCOL_VERSION + 1}, "protocol"),
        ({"protocol": None}, "protocol"),
        ({"pages": "2"}, "Done.pages of the wrong type"),
        ({"pages": True}, "Done.pages of the wrong type"),
        ({"pages": -1}, "Done.pages of the wrong type"),
        ({"warnings": "one"}, "Done.warnings that is not a list"),
        ({"warnings": [1]}, "Done.warnings of the wrong type"),
        ({"contents": [{"title": "x"}]}, "ContentsEntry with fields missing"),
        ({"contents": [{**json.loads(encode(EXAMPLES[3]))["contents"][0], "x": 1}]}, "unknown"),
    ],
)
def test_anything_else_is_refused(change: dict[str, object], why: str) -> None:
    body = {**_body(EXAMPLES[3]), **change}
    with pytest.raises(ProtocolError, match=why):
        decode(json.dumps(body).encode())


def test_a_missing_field_and_non_objects_are_refused() -> None:
    body = _body(EXAMPLES[3])
    del body["documents"]
    with pytest.raises(ProtocolError, match="fields missing"):
        decode(json.dumps(body).encode())
    for data in (b"[1]", b"not json", b"\xff", b'"done"'):
        with pytest.raises(ProtocolError):
            decode(data)


def test_a_done_message_and_its_documents_cross_a_pipe_in_pieces() -> None:
    read, write = os.pipe()
    done = Done(pages=2, documents=2)
    send(write, Started())
    send(write, done, (b"%PDF-1", b"\x89PNG"))
    os.close(write)
    data = b""
    while chunk := os.read(read, 3):
        data += chunk
    os.close(read)
    inbox = Inbox()
    received = []
    for index in range(0, len(data), 5):  # a few bytes at a time, as a pipe may deliver them
        inbox.feed(data[index : index + 5])
        received.extend(inbox.messages())
    assert received == [(Started(), ()), (done, (b"%PDF-1", b"\x89PNG"))]


def test_an_oversized_message_is_refused_before_it_is_read() -> None:
    inbox = Inbox()
    inbox.feed((2**30).to_bytes(4, "big"))
    with pytest.raises(ProtocolError, match="too large"):
        list(inbox.messages())


def test_frames_read_back_whole() -> None:
    read, write = os.pipe()
    os.write(write, frame(b"job") + frame(b""))
    os.close(write)
    assert read_frame(read) == b"job"
    assert read_frame(read) == b""
    assert read_frame(read) is None
    os.close(read)
