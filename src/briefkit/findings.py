"""Findings: what every check produces and every output format consumes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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
class Finding:
    """One problem at one place in one file.

    ``pointer`` is a JSON Pointer (RFC 6901) into the brief, ``""`` for the whole document;
    ``line`` and ``column`` are 1-based and count characters, as editors and CI annotations do.
    """

    code: str
    rule: str
    severity: Severity
    message: str
    file: str
    pointer: str = ""
    line: int = 1
    column: int = 1

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.code)


def has_errors(findings: list[Finding] | tuple[Finding, ...]) -> bool:
    """Whether any finding makes the brief not publishable."""
    return any(finding.severity is Severity.ERROR for finding in findings)
