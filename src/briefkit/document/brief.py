"""Load a brief: the file's bytes become a :class:`Brief`, data plus source positions."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, BinaryIO, Self, TypeVar

from briefkit.document.figures import inline_bytes, inline_length, is_inline_figure
from briefkit.document.jsonsource import (
    JsonPath,
    JsonProblem,
    SourceText,
    dotted,
    parse_json,
    pointer_of,
    walk,
)
from briefkit.document.text import fold_ascii
from briefkit.errors import BriefkitError
from briefkit.files import read_file
from briefkit.findings import Edit, Finding, Fix, Rule, Severity


@dataclass(frozen=True)
class Limits:
    """Caps that keep a hostile or broken brief from costing unbounded time or memory to read:
    far above what a real brief needs, each can be changed in the configuration. The caps on a
    render are with the render settings (``briefkit.desk.settings.RenderLimits``)."""

    max_file_bytes: int = 1_048_576
    """Size of a brief file."""
    max_depth: int = 32
    """Nesting of objects and arrays."""
    max_list_items: int = 500
    """Items in any one list."""
    max_string_chars: int = 20_000
    """Characters in any one string."""
    max_image_bytes: int = 10_485_760
    """Size of an image file (figures, logo)."""
    max_image_pixels: int = 40_000_000
    """Width × height of a PNG or JPEG image."""

    @property
    def max_read_bytes(self) -> int:
        """The most bytes read of a brief: its own, plus inline figures up to one image."""
        return self.max_file_bytes + inline_length(self.max_image_bytes)


DEFAULT_LIMITS = Limits()


LOAD_RULES: tuple[Rule, ...] = (
    Rule(
        "BK001",
        "invalid-json",
        Severity.ERROR,
        "The file is not valid JSON.",
        "briefkit reads briefs as strict JSON: no comments, no trailing commas, no NaN or "
        "Infinity. The finding points at the first character the parser could not accept.",
        '{"title": "Niger–Mali",}',
        '{"title": "Niger–Mali"}',
    ),
    Rule(
        "BK002",
        "invalid-encoding",
        Severity.ERROR,
        "The file is not UTF-8.",
        "Briefs are UTF-8 text (a byte-order mark is accepted). Files saved as UTF-16 or in a "
        "legacy code page are reported at the first byte that is not UTF-8.",
        '{"title": "Niger–Mali"}  (saved as Windows-1252)',
        '{"title": "Niger–Mali"}  (saved as UTF-8)',
    ),
    Rule(
        "BK003",
        "duplicate-key",
        Severity.ERROR,
        "A key appears twice in one object.",
        "Most JSON readers silently keep the last of two equal keys, so text the author wrote "
        "disappears. briefkit names both lines; keep one.",
        '{"title": "Draft title", "title": "Final title"}',
        '{"title": "Final title"}',
    ),
    Rule(
        "BK004",
        "not-an-object",
        Severity.ERROR,
        "The file's top-level value is not a JSON object.",
        "A brief is one JSON object; an array, a string or a number at the top is not a brief.",
        '[{"title": "..."}]',
        '{"title": "..."}',
    ),
    Rule(
        "BK005",
        "file-too-large",
        Severity.ERROR,
        "The file is larger than the size limit.",
        "Briefs are a few kilobytes. A file over the limit "
        f"({DEFAULT_LIMITS.max_file_bytes // 1_048_576} MiB by default) is refused before it is "
        "parsed, so a stray export cannot exhaust memory.",
        '{"title": "Niger–Mali"}  (padded to 2 MiB)',
        '{"title": "Niger–Mali"}',
    ),
    Rule(
        "BK006",
        "too-deep",
        Severity.ERROR,
        "Values are nested too deeply.",
        "No brief needs more than a few levels of nesting. Deeper nesting than the limit "
        f"({DEFAULT_LIMITS.max_depth} by default) is refused instead of exhausting the parser's "
        "stack.",
        '{"assessment": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["..."]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}',
        '{"assessment": {"summary": "..."}}',
    ),
    Rule(
        "BK007",
        "unreadable-file",
        Severity.ERROR,
        "The file cannot be read.",
        "The path does not exist, is a folder, or cannot be opened (permissions). Reported like "
        "any other finding so that one missing file does not hide the others' findings.",
        "briefkit lint drafts/missing.json",
        "briefkit lint drafts/niger-mali.json",
    ),
    Rule(
        "BK008",
        "limit-exceeded",
        Severity.ERROR,
        "A list or a text is longer than the limits.",
        f"A list may hold at most {DEFAULT_LIMITS.max_list_items:,} items and a text at most "
        f"{DEFAULT_LIMITS.max_string_chars:,} characters by default (configurable), so that a "
        "pasted dump cannot make checking or rendering run away.",
        '{"tags": ["tag-1", "tag-2", "... 10,000 more ..."]}',
        '{"tags": ["AES", "ECOWAS"]}',
    ),
)
"""The problems that stop a file from being read at all."""

_INLINE_MARK = re.compile(rb'"[Dd][Aa][Tt][Aa]:')
"""Where an inline figure may start: a file over the size limit without one is not parsed."""
_LOAD_RULES = {rule.code: rule for rule in LOAD_RULES}
T = TypeVar("T")
"""The load rules by code: a load finding's name and severity are its rule's."""


def read_stream(stream: BinaryIO, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """At most one byte more than a brief may have, from ``stream`` (standard input, a FIFO):
    enough for :func:`parse_brief` to report a file that is too large, never more."""
    return stream.read(limits.max_read_bytes + 1)


@dataclass(frozen=True)
class Document:
    """A parsed JSON file: its top-level object (``data``, not yet known to match any schema)
    and where each value stands in the text."""

    path: str
    data: dict[str, Any]
    source: SourceText

    @cached_property
    def values(self) -> tuple[tuple[JsonPath, Any], ...]:
        """Every value with its path, in document order: the one walk over a document."""
        return tuple(walk(self.data))

    @cached_property
    def strings(self) -> tuple[tuple[JsonPath, str], ...]:
        """Every string value with its path, in document order (computed once per document)."""
        return tuple([(path, value) for path, value in self.values if isinstance(value, str)])

    @cached_property
    def all_text(self) -> str:
        """Every string joined by newlines: rules search it first and skip briefs without a hit."""
        return "\n".join([text for _, text in self.strings])

    @cached_property
    def text_bytes(self) -> bytes:
        """:attr:`all_text` in UTF-8, where ASCII text is found faster (see :func:`fold_ascii`)."""
        return self.all_text.encode("utf-8", "surrogatepass")

    @cached_property
    def lowered_bytes(self) -> bytes:
        """:attr:`text_bytes` lowered for searches without regard to case (:func:`fold_ascii`)."""
        return fold_ascii(self.text_bytes)

    def derived(self, make: Callable[[Self], T]) -> T:
        """``make(self)``, worked out once per document: rules that read the same finding of a
        brief (``make`` a module-level function) share it, and it goes with the document."""
        memo: dict[Callable[[Self], Any], Any] = self.__dict__.setdefault("_derived", {})
        if make not in memo:
            memo[make] = make(self)
        result: T = memo[make]
        return result

    def __getstate__(self) -> dict[str, Any]:
        return {"path": self.path, "data": self.data, "source": self.source}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)

    def finding(
        self,
        rule: Rule,
        message: str,
        path: JsonPath = (),
        *,
        key: bool = False,
        fix: Fix | None = None,
    ) -> Finding:
        """A finding of ``rule`` at ``path`` in this brief (its key when ``key``), spanning the
        whole value or key; code, name and severity are the rule's."""
        span = self.source.span(path, key=key)
        return Finding.spanning(
            rule, message, self.path, pointer_of(path), span, self.source.position, fix=fix
        )

    def edit(self, start: int, end: int, text: str) -> Edit:
        """An edit replacing this document's text from ``start`` to ``end`` with ``text``."""
        line, column = self.source.position(start)
        end_line, end_column = self.source.position(end)
        return Edit(start, end, text, line, column, end_line, end_column)


DocumentT = TypeVar("DocumentT", bound=Document)


class Brief(Document):
    """A parsed brief (see :class:`Document`)."""

    @property
    def kind(self) -> str | None:
        kind = self.data.get("kind")
        return kind if isinstance(kind, str) else None

    @property
    def id(self) -> str:
        """The brief's ``id``, else its file name without the suffix: what its outputs are named
        after (``<id>.pdf``) and how other briefs link to it."""
        value = self.data.get("id")
        text = value.strip() if isinstance(value, str) else ""
        return text or Path(self.path).stem

    @property
    def folder(self) -> Path:
        """Where the brief's relative paths (figures) are resolved: its own folder, or the current
        folder for a brief read from standard input."""
        return Path(self.path).resolve().parent if self.path != "-" else Path.cwd()

    @property
    def language(self) -> str:
        language = self.data.get("language")
        return language if isinstance(language, str) and language.strip() else "en"


def _load_finding(code: str, message: str, name: str, line: int = 1, column: int = 1) -> Finding:
    rule = _LOAD_RULES[code]
    return Finding(rule.code, rule.name, rule.severity, message, name, "", line, column)


def _problem_finding(problem: JsonProblem, name: str, source: SourceText) -> Finding:
    """A load finding spanning the character at fault, with its fix when deleting it is one."""
    if problem.offset < 0:
        return _load_finding(problem.code, problem.message, name, problem.line, problem.column)
    end = min(problem.offset + 1, len(source.text))
    fix = None
    if problem.deletes:
        end_line, end_column = source.position(end)
        edit = Edit(problem.offset, end, "", problem.line, problem.column, end_line, end_column)
        fix = Fix("delete the stray ','", (edit,), safe=True)
    rule = _LOAD_RULES[problem.code]
    span = (problem.offset, end)
    return Finding.spanning(rule, problem.message, name, "", span, source.position, fix=fix)


def _load_error(
    name: str, code: str, message: str, line: int = 1, column: int = 1
) -> BriefkitError:
    finding = _load_finding(code, message, name, line, column)
    return BriefkitError(f"{name}:{line}:{column}: {message}", [finding])


def _too_large(name: str, limits: Limits) -> BriefkitError:
    message = f"the file is larger than {limits.max_file_bytes:,} bytes (inline figures aside)"
    return _load_error(name, "BK005", f"{message}; a brief is far smaller")


def load_brief(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> Brief:
    """Read and parse the brief at ``path``.

    Raises :class:`BriefkitError` with located findings when the file cannot be read or is not a
    strict JSON object.
    """
    return _parse(_read(path, limits), os.fspath(path), limits, Brief)


def load_document(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read and parse any strict JSON object file (a brief, a brand)."""
    return _parse(_read(path, limits), os.fspath(path), limits, Document)


def _read(path: str | os.PathLike[str], limits: Limits) -> bytes:
    name = os.fspath(path)
    try:
        raw = read_file(Path(path), limits.max_read_bytes, regular_only=False)
    except FileNotFoundError:
        raise _load_error(name, "BK007", "no such file") from None
    except IsADirectoryError:
        raise _load_error(name, "BK007", "is a folder, not a brief file") from None
    except OSError as exc:
        raise _load_error(name, "BK007", f"cannot read the file: {exc.strerror or exc}") from None
    return raw


def parse_brief(raw: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> Brief:
    """Parse the bytes of a brief; ``name`` is how findings refer to it (``-`` for stdin)."""
    return _parse(raw, name, limits, Brief)


def parse_document(raw: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Parse the bytes of a strict JSON object file."""
    return _parse(raw, name, limits, Document)


def _parse(raw: bytes, name: str, limits: Limits, kind: type[DocumentT]) -> DocumentT:
    # Inline figures are not counted (the image limit bounds them): a file over the limit that
    # may hold some is parsed, then measured without them.
    over = len(raw) > limits.max_file_bytes
    if over and (len(raw) > limits.max_read_bytes or not _INLINE_MARK.search(raw)):
        raise _too_large(name, limits)
    value, source, problems = parse_json(raw, max_depth=limits.max_depth)
    if problems:
        findings = [_problem_finding(problem, name, source) for problem in problems]
        first = findings[0]
        raise BriefkitError(f"{name}:{first.line}:{first.column}: {first.message}", findings)
    if not isinstance(value, dict):
        line, column = source.locate(())
        message = f"a brief is a JSON object ({{...}}) at the top, not {json_type(value)}"
        raise _load_error(name, "BK004", message, line, column)
    if over and len(raw) - inline_bytes(value) > limits.max_file_bytes:
        raise _too_large(name, limits)
    document = kind(name, value, source)
    findings = _limit_findings(document, limits)
    if findings:
        first = findings[0]
        raise BriefkitError(f"{name}:{first.line}:{first.column}: {first.message}", findings)
    return document


def _limit_findings(document: Document, limits: Limits) -> list[Finding]:
    """Lists and strings over the caps, each reported where it starts."""
    text = document.source.text
    # A longer string needs a longer text, and a longer list as many commas: most briefs are
    # cleared without a walk over their values.
    if len(text) <= limits.max_string_chars and text.count(",") < limits.max_list_items:
        return []
    rule = _LOAD_RULES["BK008"]
    findings: list[Finding] = []
    for path, value in document.values:
        message = ""
        if isinstance(value, list) and len(value) > limits.max_list_items:
            message = f"{len(value):,} items; a list may hold at most {limits.max_list_items:,}"
        elif isinstance(value, str) and len(value) > limits.max_string_chars:
            if is_inline_figure(path, value):
                continue  # the image limit bounds it
            message = (
                f"{len(value):,} characters; a text may have at most {limits.max_string_chars:,}"
            )
        if message:
            findings.append(document.finding(rule, f"{dotted(path)}: {message}", path))
    findings.sort(key=lambda finding: finding.sort_key)
    return findings


def json_type(value: Any) -> str:
    """The JSON name of a Python value's type, with an article, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"
