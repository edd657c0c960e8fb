"""A PNG page set's wire format: what the service packs, the client unpacks, page for page."""

from __future__ import annotations

import io
import zipfile

import pytest

from briefkit.errors import BriefkitError
from briefkit.serve.pages import pack_pages, unpack_pages

PNG = b"\x89PNG\r\n\x1a\n"


def _pages(count: int) -> tuple[bytes, ...]:
    return tuple(PNG + f"page {number}".encode() for number in range(1, count + 1))


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("count", [1, 12])  # 12: page 10 sorts before 2 by name, not by number
@pytest.mark.parametrize("stem", ["niger-mali-aes-2025-10-02", "brief"])
def test_pages_come_back_as_packed_in_page_order(count: int, stem: str) -> None:
    pages = _pages(count)
    body = pack_pages(pages, stem)
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert archive.namelist() == [f"{stem}-{number}.png" for number in range(1, count + 1)]
    assert unpack_pages(body, "brief.json", max_bytes=10_000) == pages
    assert pack_pages(pages, stem) == body  # the same pages make the same bytes


@pytest.mark.parametrize(
    "body",
    [
        b"not a zip",
        _zip({}),
        _zip({"b-1.png": PNG, "b-3.png": PNG}),  # page 2 missing
        _zip({"b-1.png": PNG, "notes.txt": b"x"}),  # a name out of the pattern
        _zip({"b-1.png": PNG, "c-1.png": PNG}),  # page 1 twice
        _zip({"b-1.png": b"GIF89a"}),  # not a PNG
    ],
    ids=["not-zip", "empty", "gap", "stray", "twice", "not-png"],
)
def test_a_damaged_set_is_refused_naming_the_brief(body: bytes) -> None:
    with pytest.raises(BriefkitError) as caught:
        unpack_pages(body, "briefs/a.json", max_bytes=10_000)
    damaged = "briefs/a.json: the render service sent a damaged set of PNG pages"
    assert caught.value.message == damaged


def test_a_set_unpacking_past_the_cap_is_refused_before_it_is_read() -> None:
    body = pack_pages(_pages(3), "b")
    with pytest.raises(BriefkitError) as caught:
        unpack_pages(body, "a.json", max_bytes=20)
    assert caught.value.message == "a.json: the service's pages unpack past 20 bytes"
