"""What the lint rules share: the issue a check reports, the configuration it reads, the sections.

A check is a function ``(brief, config) -> Iterable[Issue]``; the rule that owns it (a
:class:`briefkit.findings.Rule`) supplies the code, name and severity of the findings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from briefkit.document.brief import DEFAULT_LIMITS, Brief, Limits
from briefkit.document.jsonsource import JsonPath


class Issue(NamedTuple):
    """What a check reports: where and what is wrong (the rule supplies code and severity)."""

    path: JsonPath
    message: str
    key: bool = False
    replacement: str | None = None
    """The value (a string) that fixes the issue when it replaces the value at ``path``, if the
    message names exactly one; :func:`briefkit.rules.lint.lint_brief` makes it a fix."""
    safe: bool = False
    """Whether that replacement keeps the brief's meaning (applied by ``--fix``)."""
    related: str = ""
    """The other brief's path, for a finding across briefs about two of them."""


SECTIONS: dict[str, tuple[str, str]] = {
    "executive_summary": ("Executive Summary", '["One or more paragraphs."]'),
    "key_developments": (
        "Key Developments",
        '[{"label": "High-Level Meeting", "text": "..."}]',
    ),
    "strategic_implications": (
        "Strategic Implications",
        '[{"title": "Security and Counterinsurgency", "points": ["..."]}]',
    ),
    "assessment": (
        "Assessment",
        '{"summary": "...", "judgements": [{"label": "For Regional Security", "text": "..."}], '
        '"conclusion": "..."}',
    ),
    "discover_more": (
        "Discover More",
        '[{"title": "...", "teaser": "...", "id": "other-brief-id"}]',
    ),
    "sources": ("Sources", '[{"title": "...", "publisher": "...", "url": "https://..."}]'),
}
"""Body sections in reading order: key -> (heading, an example of its value)."""

DEFAULT_REQUIRED_SECTIONS: dict[str, tuple[str, ...]] = {
    "analysis": ("executive_summary", "key_developments", "strategic_implications", "assessment"),
    "situation": ("executive_summary", "key_developments"),
}
"""Sections each kind needs before it can be published (configurable per repository)."""


@dataclass(frozen=True)
class RuleOptions:
    """Bounds of the length and count rules (``[tool.briefkit.options]``)."""

    summary_words: tuple[int, int] = (30, 250)
    key_developments: tuple[int, int] = (2, 8)
    strategic_implications: tuple[int, int] = (2, 6)
    title_max_chars: int = 120


@dataclass(frozen=True)
class LintConfig:
    """What the lint checks need to know beyond the brief itself."""

    required_sections: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: dict(DEFAULT_REQUIRED_SECTIONS)
    )
    limits: Limits = DEFAULT_LIMITS
    options: RuleOptions = field(default_factory=RuleOptions)
    today: date | None = None
    """The date "future" is measured from; ``None`` for the real today (tests fix it)."""

    def sections_for(self, kind: str | None) -> tuple[str, ...]:
        """Sections a brief of ``kind`` must have; with no valid kind, those every kind needs."""
        if kind is not None and kind in self.required_sections:
            return self.required_sections[kind]
        common = set.intersection(*(set(s) for s in self.required_sections.values()))
        return tuple(section for section in SECTIONS if section in common)


RuleCheck = Callable[[Brief, LintConfig], Iterable[Issue]]
"""A lint check over one brief: what a :class:`briefkit.findings.Rule` runs."""
