"""Findings: what every check produces and every output format consumes.

This module sits under every pipeline step, so it imports nothing of briefkit's: what a rule's
check is given and returns is described here by its shape (:class:`Located`), and the lint
steps above fill it in (:data:`briefkit.rules.model.RuleCheck`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol


class Severity(StrEnum):
    """How much a finding matters; an ``error`` makes a brief not publishable."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is worse, so that severities compare as a reader expects."""
        return _RANKS[self]


_RANKS = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text from ``offset`` to ``end_offset`` with ``text``.

    Offsets are 0-based and count code points of the decoded file (a byte-order mark is not
    counted); lines and columns are 1-based and count code points too. Only the LSP and SARIF
    adapters convert to UTF-16 units. An insertion has ``offset == end_offset``.
    """

    offset: int
    end_offset: int
    text: str
    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True, slots=True)
class Fix:
    """A change that resolves a finding: edits at located spans of the finding's file.

    ``safe`` fixes keep the brief's meaning and are applied by ``--fix``; unsafe ones (a guess
    among close values, a changed id that links may name) need ``--unsafe-fixes`` too. A fix with
    more than one plausible outcome is never made: the finding then carries none.
    """

    title: str
    """What the fix does, in a few words, e.g. ``replace "TLP:WHITE" with "TLP:CLEAR"``."""
    edits: tuple[Edit, ...]
    safe: bool


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place in one file.

    ``pointer`` is a JSON Pointer (RFC 6901) into the brief, ``""`` for the whole document;
    ``line`` and ``column`` are 1-based and count characters (code points), as editors and CI
    annotations do. The span of the offending token or value runs from (``line``, ``column``) to
    (``end_line``, ``end_column``), exclusive, and from ``offset`` to ``end_offset`` in code
    points of the decoded text; ``end_line`` 0 and ``offset`` -1 mean "not known" (a finding
    about a file that could not be read). ``fix`` resolves the finding, when one is certain.
    ``related`` is the other brief of a finding across briefs (the first holder of a duplicated
    id), ``""`` for none: with code, file and pointer it identifies the finding in fingerprints.
    """

    code: str
    rule: str
    severity: Severity
    message: str
    file: str
    pointer: str = ""
    line: int = 1
    column: int = 1
    end_line: int = 0
    end_column: int = 0
    offset: int = -1
    end_offset: int = -1
    fix: Fix | None = None
    related: str = ""

    @classmethod
    def spanning(
        cls,
        rule: Rule,
        message: str,
        file: str,
        pointer: str,
        span: tuple[int, int],
        position: Callable[[int], tuple[int, int]],
        *,
        fix: Fix | None = None,
    ) -> Finding:
        """A finding of ``rule`` (its code, name and severity) at ``pointer`` in ``file``,
        spanning the code points ``span`` (start, end) of the file's text; ``position`` gives
        the 1-based line and column of an offset in that text. How a brief (JSON) and a
        configuration (TOML) place their findings alike."""
        start, end = span
        line, column = position(start)
        end_line, end_column = position(end)
        return cls(
            rule.code,
            rule.name,
            rule.severity,
            message,
            file,
            pointer,
            line,
            column,
            end_line=end_line,
            end_column=end_column,
            offset=start,
            end_offset=end,
            fix=fix,
        )

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.code)


def has_errors(findings: list[Finding] | tuple[Finding, ...]) -> bool:
    """Whether any finding makes the brief not publishable."""
    return any(finding.severity is Severity.ERROR for finding in findings)


def error_count(findings: list[Finding] | tuple[Finding, ...]) -> int:
    """How many findings are errors."""
    return sum(1 for finding in findings if finding.severity is Severity.ERROR)


class Located(Protocol):
    """What a check reports: the place in the brief (a JSON path) and what is wrong there;
    ``key`` marks the member's name rather than its value; ``replacement`` is the value that
    fixes it, ``safe`` or not; ``related`` the other brief's path for a finding across briefs
    (``briefkit.rules.model.Issue``)."""

    @property
    def path(self) -> tuple[str | int, ...]: ...

    @property
    def message(self) -> str: ...

    @property
    def key(self) -> bool: ...

    @property
    def replacement(self) -> str | None: ...

    @property
    def safe(self) -> bool: ...

    @property
    def related(self) -> str: ...


@dataclass(frozen=True)
class Rule:
    """One finding code, with everything there is to know about it in one place.

    The code, name and severity are what findings carry; summary, explanation, the bad and good
    examples and the known problems are what ``briefkit rules CODE`` prints. A rule whose checks
    are both ``None`` is reported by the step that defines it (loading or schema validation).
    Codes are stable: a code is never reused for a different rule.
    """

    code: str
    name: str
    severity: Severity
    summary: str
    explanation: str
    bad: str
    good: str
    check: Callable[..., Iterable[Located]] | None = None
    """A lint check over one brief: ``(brief, lint configuration) -> issues``."""
    check_collection: Callable[..., Iterable[tuple[Any, Located]]] | None = None
    """A check over all briefs checked together (``briefkit check``), duplicate ids and such:
    ``(briefs) -> (brief, issue) pairs``."""
    known_problems: str = ""
    """Where the rule is known to be wrong (false positives, what it cannot see)."""
    dated: bool = False
    """The verdict depends on today's date (a date "in the future"): the rule is re-run on every
    check, never taken from the result cache."""


UNSILENCEABLE = frozenset({"BK011", "BK013", "BK014", "BK015", "BK130", "BK140", "BK191"})
"""Codes no suppression silences and no configuration ignores or lowers: the types, required
parts, allowed values, formats, link targets and figures that rendering and publishing rely on
(and the finding that says a brief tried to suppress one). A brief with any of them is not
rendered."""
