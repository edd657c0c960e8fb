"""Reading a brief written as plain text, Markdown or Word into blocks with their source lines.

Word files are read with python-docx: it exposes each paragraph's style name (``Heading 2``,
``List Bullet``, ``List Number``), which is exactly the structure an import needs, without
converting to HTML and parsing that again; the same library writes the Word fixtures of the tests.

A source is read in a child process that is killed at a time limit and capped in memory from
outside (:func:`briefkit.render.isolated.run_isolated`, as renders are), so a small file crafted
to be slow or to inflate cannot hold the machine. A Word file's archive entries are checked by
their uncompressed size before any is read, and a damaged file (malformed XML, a link to a
relationship it does not have, corrupt compressed data) is one error naming the file and place.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

from briefkit.authoring.markdown import read_markdown_blocks
from briefkit.errors import BriefkitError
from briefkit.files import read_file

# --- Blocks --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """One unit of the source: ``kind`` is heading, bullet, numbered or paragraph."""

    kind: str
    text: str
    line: int
    level: int = 0
    """Heading level (1 = title), or list nesting depth."""


_BULLET = re.compile(r"^(?P<indent>\s*)(?:[-*+•▪◦‣–]\s+)(?P<text>.+)$")
_NUMBERED = re.compile(r"^(?P<indent>\s*)(?P<number>\d{1,2})[.)]\s+(?P<text>.+)$")
_MD_HEADING = re.compile(r"^(?P<marks>#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
TERMINAL = ".!?…:;»”\"'’)"


def read_text_blocks(text: str, *, markdown: bool) -> list[Block]:
    """Blocks of a plain-text or Markdown source, with their 1-based line numbers.

    A line that continues the paragraph above (wrapped text) is joined to it: in Markdown any
    non-blank line after a paragraph line, in plain text a line that starts in lower case.
    """
    blocks: list[Block] = []
    previous_blank = True
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip():
            previous_blank = True
            continue
        heading = _MD_HEADING.match(line) if markdown else None
        bullet = _BULLET.match(line)
        numbered = _NUMBERED.match(line)
        if heading:
            blocks.append(Block("heading", heading["text"], number, len(heading["marks"])))
        elif bullet:
            depth = len(bullet["indent"].expandtabs(4)) // 2
            blocks.append(Block("bullet", bullet["text"].strip(), number, depth))
        elif numbered:
            blocks.append(Block("numbered", numbered["text"].strip(), number))
        else:
            stripped = line.strip()
            last = blocks[-1] if blocks else None
            continues = (
                last is not None
                and last.kind in ("paragraph", "bullet")
                and not previous_blank
                and (markdown or stripped[:1].islower())
            )
            if continues and last is not None:
                blocks[-1] = Block(last.kind, f"{last.text} {stripped}", last.line, last.level)
            else:
                blocks.append(Block("paragraph", stripped, number))
        previous_blank = False
    return blocks


IMPORT_SECONDS = 60.0
"""Wall time an import may take before its child process is stopped."""
IMPORT_MEMORY_MB = 1024
"""Address space the import's child process may use."""
MAX_UNPACKED_BYTES = 64 * 1_048_576
"""What a Word file's archive may hold, uncompressed, in all its entries together."""


def check_archive(path: Path, limit: int = MAX_UNPACKED_BYTES) -> None:
    """Refuse a Word file whose entries would inflate past ``limit`` (a zip bomb), judged by the
    sizes the archive declares, before anything is decompressed (reading stops at them)."""
    try:
        with zipfile.ZipFile(path) as archive:
            total = 0
            for entry in archive.infolist():
                total += entry.file_size
                if total > limit:
                    raise BriefkitError(
                        f"{path}: {entry.filename}: the archive inflates to more than "
                        f"{limit // 1_048_576} MiB; is this a brief?"
                    )
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise BriefkitError(f"{path}: not a Word (.docx) file: {exc}") from None


def _damage(path: Path, exc: BaseException, number: int | None = None) -> BriefkitError:
    """A damaged Word file as one error naming the file and, where known, the place."""
    where = f"paragraph {number}: " if number is not None else ""
    if isinstance(exc, KeyError):
        what = f"names the relationship {exc}, which the file does not have"
    elif isinstance(exc, SyntaxError):  # lxml's XMLSyntaxError, with the XML line
        what = f"malformed XML (line {exc.lineno}): {exc.msg}"
    else:
        what = f"{exc}"
    return BriefkitError(f"{path}: {where}damaged Word file: {what}")


_DAMAGE = (KeyError, ValueError, SyntaxError, zipfile.BadZipFile, zlib.error, EOFError)
"""What python-docx raises for a damaged file (lxml's XMLSyntaxError is a SyntaxError)."""


def read_docx_blocks(path: Path) -> list[Block]:
    """Blocks of a Word file; ``line`` is the paragraph's number in the document."""
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:  # pragma: no cover - a dependency
        raise BriefkitError("reading .docx needs python-docx (pip install python-docx)") from None
    check_archive(path)
    try:
        document = docx.Document(str(path))
    except PackageNotFoundError as exc:
        raise BriefkitError(f"{path}: not a Word (.docx) file: {exc}") from None
    except _DAMAGE as exc:
        raise _damage(path, exc) from None
    blocks: list[Block] = []
    number = 0
    try:
        for number, paragraph in enumerate(document.paragraphs, start=1):
            _add_paragraph(blocks, paragraph, number)
    except _DAMAGE as exc:
        raise _damage(path, exc, number) from None
    return blocks


def _add_paragraph(blocks: list[Block], paragraph: Any, number: int) -> None:
    """One paragraph of a Word file as a block (none for an empty one), by its style."""
    text = " ".join(paragraph.text.split())
    links = [link.url for link in paragraph.hyperlinks if link.url]
    for url in links:
        if url not in text:
            text = f"{text} {url}".strip()
    if not text:
        return
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    properties = paragraph._p.pPr
    numbered_list = properties is not None and properties.numPr is not None
    if style == "Title":
        blocks.append(Block("heading", text, number, 1))
    elif style.startswith("Heading"):
        level = int(style.split()[-1]) if style.split()[-1].isdigit() else 2
        blocks.append(Block("heading", text, number, level + 1))
    elif style.startswith("List Number"):
        blocks.append(Block("numbered", text, number))
    elif style.startswith("List Bullet") or numbered_list:
        depth = 1 if style.rstrip().endswith(("2", "3")) else 0
        blocks.append(Block("bullet", text, number, depth))
    else:
        numbered = _NUMBERED.match(text)
        bullet = _BULLET.match(text)
        if numbered:
            blocks.append(Block("numbered", numbered["text"], number))
        elif bullet:
            blocks.append(Block("bullet", bullet["text"], number))
        else:
            blocks.append(Block("paragraph", text, number))


SUFFIXES = (".txt", ".md", ".markdown", ".docx")


def read_blocks(
    path: Path,
    *,
    max_bytes: int = 10_485_760,
    seconds: float = IMPORT_SECONDS,
    megabytes: int = IMPORT_MEMORY_MB,
) -> list[Block]:
    """The blocks of a .txt, .md or .docx file, read in a child process stopped after
    ``seconds`` and capped at ``megabytes`` (raises :class:`BriefkitError` past either)."""
    from briefkit.render.isolated import run_isolated

    header, _ = run_isolated(
        _read_in_child, (path, max_bytes), seconds, megabytes, f"reading {path}"
    )
    return [Block(*fields) for fields in header["blocks"]]


def _read_in_child(path: Path, max_bytes: int) -> tuple[dict[str, Any], bytes]:
    return {"blocks": [astuple(block) for block in _read_blocks(path, max_bytes)]}, b""


def _read_blocks(path: Path, max_bytes: int) -> list[Block]:
    """The blocks of a .txt, .md or .docx file."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise BriefkitError(
            f"{path}: cannot import {suffix or 'a file without a suffix'}; "
            "use a .txt, .md or .docx file"
        )
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise BriefkitError(f"{path}: no such file") from None
    except OSError as exc:
        raise BriefkitError(f"{path}: cannot read: {exc.strerror}") from None
    if path.is_dir():
        raise BriefkitError(f"{path}: is a folder, not a file to import")
    if size > max_bytes:
        raise BriefkitError(f"{path}: larger than {max_bytes:,} bytes; is this a brief?")
    if suffix == ".docx":
        return read_docx_blocks(path)
    try:
        raw = read_file(path, max_bytes, regular_only=False)  # bounded, as a FIFO may be
    except OSError as exc:
        raise BriefkitError(f"{path}: cannot read: {exc.strerror}") from None
    if len(raw) > max_bytes:
        raise BriefkitError(f"{path}: larger than {max_bytes:,} bytes; is this a brief?")
    if b"\x00" in raw:
        raise BriefkitError(f"{path}: holds NUL bytes, so it is not text; save the brief as text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    controls = sum(1 for character in text if ord(character) < 32 and character not in "\t\n\r\f")
    if controls > max(8, len(text) // 100):
        raise BriefkitError(f"{path}: is mostly control characters, not text; is this a brief?")
    if suffix in (".md", ".markdown"):
        return [Block(*block) for block in read_markdown_blocks(text)]
    return read_text_blocks(text, markdown=False)
