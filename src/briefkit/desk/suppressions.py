"""Suppressions in the configuration, each with its reason.

``select``, ``ignore`` and ``per-file-ignores`` switch rules off for many briefs at once, so they
need a reason as a brief's own ``x-briefkit.ignore`` entries do: an entry is
``{code = "BK150", reason = "..."}`` (the configuration schema requires both keys of a table).
A bare code string, the form before reasons, still works, so that no configuration breaks, but
it is an error finding at its line and column in the configuration file, so CI fails until a
reason is given. The codes are those of a brief's suppression: without a reason BK013 (a
missing required part), an empty reason BK015, a placeholder such as ``TODO`` BK150.

``select`` only suppresses what it leaves out: while it selects every rule (``"BK"``, the
default) its entries need no reason; a narrower one needs a reason on each entry, saying why
the rules it leaves out do not apply to this desk.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import partial
from typing import Any

from briefkit.desk.toml_places import Key, line_and_column, value_places
from briefkit.document.jsonsource import pointer_of
from briefkit.findings import Finding, Rule
from briefkit.rules.house_style import PLACEHOLDER
from briefkit.validation.suggestions import toml_key

SUPPRESSION_KEYS = ("select", "ignore", "per-file-ignores")
"""The configuration keys whose entries suppress findings."""

_ADVICE = {
    "select": "why the rules it leaves out do not apply here",
    "ignore": "why it does not apply here",
    "per-file-ignores": "why it does not apply to these files",
}


def entry_codes(entries: Any) -> tuple[str, ...]:
    """The codes of a list of suppression entries, bare strings or ``{code, reason}`` tables."""
    return tuple(entry["code"] if isinstance(entry, dict) else entry for entry in entries or ())


def _entries(table: dict[str, Any]) -> Iterator[tuple[Key, str, Any]]:
    """Each suppression entry of the table: its key path, the key it belongs to, the entry."""
    for key in ("select", "ignore"):
        for index, entry in enumerate(table.get(key, ())):
            yield (key, index), key, entry
    for pattern, entries in table.get("per-file-ignores", {}).items():
        for index, entry in enumerate(entries):
            yield ("per-file-ignores", pattern, index), "per-file-ignores", entry


def _selects_everything(codes: tuple[str, ...]) -> bool:
    from briefkit.rules.catalogue import RULES

    return all(any(code.startswith(entry) for entry in codes) for code in RULES)


def _problems(table: dict[str, Any]) -> Iterator[tuple[Key, str, str]]:
    """Each entry without a usable reason: where (the entry, or its reason), the code of the
    finding, and the message."""
    narrow_select = not _selects_everything(entry_codes(table.get("select", ("BK",))))
    for path, key, entry in _entries(table):
        if key == "select" and not narrow_select:
            continue
        code = entry["code"] if isinstance(entry, dict) else entry
        example = f'{{code = "{code}", reason = "{_ADVICE[key]}"}}'
        leaves_out = " leaves out every rule it does not name, and" if key == "select" else ""
        reason = entry.get("reason") if isinstance(entry, dict) else None
        if reason is None:
            yield path, "BK013", f'"{code}"{leaves_out} has no reason; write {example}'
        elif not reason.strip():
            yield (
                (*path, "reason"),
                "BK015",
                f"{json.dumps(reason)} is not a valid reason; write words saying why, "
                "not only spaces",
            )
        elif match := PLACEHOLDER.search(reason):
            yield (*path, "reason"), "BK150", f"placeholder {match.group()!r} left in the text"


def _rule(code: str) -> Rule:
    from briefkit.rules.catalogue import RULES

    return RULES[code]


def reason_findings(
    table: dict[str, Any], text: str, file: str, prefix: Key = ()
) -> tuple[Finding, ...]:
    """An error finding for each suppression of the configuration ``table`` without a usable
    reason, at its place in ``text`` (the file's text; ``prefix`` is where the table sits in it,
    ``("tool", "briefkit")`` in a pyproject.toml). Empty when every suppression has a reason."""
    problems = list(_problems(table))
    if not problems:
        return ()
    places = value_places(text) if text else {}
    return tuple(
        Finding.spanning(
            _rule(code),
            f"{toml_name(path)}: {message}",
            file,
            pointer_of(path),
            places.get((*prefix, *path), (0, 0)),
            partial(line_and_column, text),
        )
        for path, code, message in problems
    )


def toml_name(path: Key) -> str:
    """A key path as written in TOML: ``per-file-ignores."drafts/*.json"[0].reason``."""
    name = ""
    for part in path:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name += f".{toml_key(part)}" if name else toml_key(part)
    return name
