"""Gitignore-style patterns (``exclude``, ``include``) matched in time linear in the path.

A regular expression built from a glob such as ``*a*a*a*a*a*b`` backtracks exponentially on a
long name (pathspec takes seconds on a 30-character name). Here a pattern is split into path
segments: each segment is matched by :mod:`fnmatch`, whose translation does not backtrack
catastrophically, and ``**`` segments are matched by the greedy wildcard algorithm, which takes
at most segments × pattern-segments steps.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

_ANY_DEPTH = "**"

SegmentMatcher = Callable[[str], bool]


@lru_cache(maxsize=4096)
def _segment_matcher(segment: str) -> SegmentMatcher:
    if segment == "*":
        return lambda name: True
    if not any(character in segment for character in "*?[\\"):
        return segment.__eq__
    if "\\" in segment:  # gitignore escapes a wildcard with a backslash
        pieces = re.split(r"(\\.)", segment)
        parts = [
            re.escape(p[1]) if p.startswith("\\") else fnmatch.translate(p)[4:-3]
            for p in pieces
            if p
        ]
        compiled = re.compile("(?s:" + "".join(parts) + r")\Z")
    else:
        compiled = re.compile(fnmatch.translate(segment))
    return lambda name: compiled.match(name) is not None


@dataclass(frozen=True)
class Pattern:
    """One line of a gitignore-style list, compiled."""

    text: str
    segments: tuple[str, ...]
    negated: bool
    folders_only: bool

    def matches(self, parts: tuple[str, ...], is_folder: bool) -> bool:
        """Whether the path (its segments, relative to the patterns' base) matches."""
        if self.folders_only and not is_folder:
            return False
        return _match_segments(self.segments, parts)


def _match_segments(pattern: tuple[str, ...], parts: tuple[str, ...]) -> bool:
    """Greedy wildcard matching where ``**`` stands for any number of segments: O(n × m)."""
    p = t = 0
    star = -1
    mark = 0
    while t < len(parts):
        if p < len(pattern) and pattern[p] == _ANY_DEPTH:
            star, mark = p, t
            p += 1
        elif p < len(pattern) and _segment_matcher(pattern[p])(parts[t]):
            p += 1
            t += 1
        elif star >= 0:
            p = star + 1
            mark += 1
            t = mark
        else:
            return False
    while p < len(pattern) and pattern[p] == _ANY_DEPTH:
        p += 1
    return p == len(pattern)


def compile_pattern(line: str) -> Pattern | None:
    """A gitignore line compiled, or ``None`` for a blank line or a comment."""
    text = line.rstrip("\n").rstrip(" ") if not line.endswith("\\ ") else line.rstrip("\n")
    if not text or text.startswith("#"):
        return None
    negated = text.startswith("!")
    if negated or text.startswith(("\\!", "\\#")):
        text = text[1:]
    folders_only = text.endswith("/")
    text = text.rstrip("/")
    if not text:
        return None
    anchored = "/" in text
    segments = [segment for segment in text.lstrip("/").split("/") if segment]
    # Consecutive ** are one; a trailing ** matches what is inside, not the folder itself.
    collapsed: list[str] = []
    for segment in segments:
        if segment == _ANY_DEPTH and collapsed and collapsed[-1] == _ANY_DEPTH:
            continue
        collapsed.append(segment)
    if collapsed and collapsed[-1] == _ANY_DEPTH:
        collapsed[-1:] = ["*", _ANY_DEPTH]
    if not anchored:
        collapsed.insert(0, _ANY_DEPTH)
    return Pattern(line, tuple(collapsed), negated, folders_only)


class PatternList:
    """A gitignore-style list: the last pattern that matches a path decides."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.patterns = tuple(p for p in map(compile_pattern, lines) if p is not None)

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def match(self, relative: str, *, is_folder: bool = False) -> bool:
        """Whether ``relative`` (a ``/``-separated path below the base) is matched."""
        if not self.patterns:
            return False
        parts = tuple(part for part in relative.split("/") if part)
        matched = False
        for pattern in self.patterns:
            if pattern.negated == matched and pattern.matches(parts, is_folder):
                matched = not pattern.negated
        return matched
