"""The one walk over a JSON value: every value inside it with its path, in document order.

It runs over every value of every brief checked, so it is written for speed: recursion (about
half the time of an explicit stack), exact types (what the JSON parser makes), a list rather than
a generator. Nesting deeper than the interpreter's stack allows (``max-depth`` may be raised to
500) falls back to an explicit stack, so no brief can exhaust it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Path = tuple[str | int, ...]


def walk(value: Any, path: Path = ()) -> list[tuple[Path, Any]]:
    """Every value inside ``value`` (itself first) with its path, in document order."""
    found: list[tuple[Path, Any]] = []
    try:
        _walk_into(value, path, found.append)
    except RecursionError:
        return _walk_iteratively(value, path)
    return found


def _walk_into(value: Any, path: Path, append: Callable[[tuple[Path, Any]], None]) -> None:
    append((path, value))
    kind = type(value)
    if kind is dict:
        for key, item in value.items():
            _walk_into(item, (*path, key), append)
    elif kind is list:
        for index, item in enumerate(value):
            _walk_into(item, (*path, index), append)


def _walk_iteratively(value: Any, path: Path) -> list[tuple[Path, Any]]:
    found: list[tuple[Path, Any]] = []
    pending: list[tuple[Path, Any]] = [(path, value)]
    while pending:
        path, current = pending.pop()
        found.append((path, current))
        if type(current) is dict:
            pending.extend([((*path, k), item) for k, item in reversed(current.items())])
        elif type(current) is list:
            pending.extend([((*path, i), current[i]) for i in range(len(current) - 1, -1, -1)])
    return found
