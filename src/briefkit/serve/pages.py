"""The one wire format of a PNG page set: a zip of ``<stem>-N.png``, written by the service
(:func:`pack_pages`) and read back by ``render --server`` (:func:`unpack_pages`).

Imports only the standard library and briefkit's error type, so the client stays free of the
service's packages.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable

from briefkit.errors import BriefkitError

PAGE_NAME = re.compile(r"(?:.*/)?[^/]*-([0-9]{1,5})\.png")
"""A page's name in the zip; its group is the page's number, from 1."""
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def pack_pages(pages: Iterable[bytes], stem: str) -> bytes:
    """``pages`` in a zip, stored (PNG is compressed already) as ``stem-1.png``, ``stem-2.png``...
    with a fixed date, so the same pages make the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, page in enumerate(pages, 1):
            info = zipfile.ZipInfo(f"{stem}-{number}.png", date_time=(1980, 1, 1, 0, 0, 0))
            archive.writestr(info, page, zipfile.ZIP_STORED)
    return buffer.getvalue()


def unpack_pages(body: bytes, name: str, max_bytes: int) -> tuple[bytes, ...]:
    """The PNG pages packed in ``body`` by :func:`pack_pages`, in page order. Raises
    :class:`BriefkitError` naming ``name`` when it is not such a zip (a name out of the pattern,
    a page missing or twice, a page that is not a PNG) or unpacks past ``max_bytes``."""
    damaged = BriefkitError(f"{name}: the render service sent a damaged set of PNG pages")
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            entries = archive.infolist()
            numbers = [PAGE_NAME.fullmatch(entry.filename) for entry in entries]
            if not entries or None in numbers:
                raise damaged
            order = sorted(int(match[1]) for match in numbers if match)
            if order != list(range(1, len(entries) + 1)):
                raise damaged
            if sum(entry.file_size for entry in entries) > max_bytes:
                raise BriefkitError(f"{name}: the service's pages unpack past {max_bytes:,} bytes")
            by_number = {
                int(match[1]): entry for match, entry in zip(numbers, entries, strict=True) if match
            }
            pages = tuple(archive.read(by_number[number]) for number in order)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise damaged from None
    if not all(page.startswith(PNG_SIGNATURE) for page in pages):
        raise damaged
    return pages
