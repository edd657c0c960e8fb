"""Reading a brief written as plain text, Markdown or Word into blocks with their source lines.

Word files are read with python-docx: it exposes each paragraph's style name (``Heading 2``,
``List Bullet``, ``List Number``), which is exactly the structure an import needs, without
converting to HTML and parsing that again; the same library writes the Word fixtures of the tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

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


def read_docx_blocks(path: Path) -> list[Block]:
    """Blocks of a Word file; ``line`` is the paragraph's number in the document."""
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:  # pragma: no cover - a dependency
        raise BriefkitError("reading .docx needs python-docx (pip install python-docx)") from None
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise BriefkitError(f"{path}: not a Word (.docx) file: {exc}") from None
    blocks: list[Block] = []
    for number, paragraph in enumerate(document.paragraphs, start=1):
        text = " ".join(paragraph.text.split())
        links = [link.url for link in paragraph.hyperlinks if link.url]
        for url in links:
            if url not in text:
                text = f"{text} {url}".strip()
        if not text:
            continue
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
    return blocks


SUFFIXES = (".txt", ".md", ".markdown", ".docx")


def read_blocks(path: Path, *, max_bytes: int = 10_485_760) -> list[Block]:
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
    return read_text_blocks(text, markdown=suffix in (".md", ".markdown"))
