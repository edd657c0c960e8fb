"""Completion the schema cannot give: the ids of the desk's briefs for ``discover_more[].id``,
ISO 3166-1 codes with their names for ``countries``, TLP markings with what each allows.

The buffer is usually not valid JSON while the author types, so the place of the cursor is found
by reading the tokens before it (:func:`value_path`), not by parsing the whole text.
"""

from __future__ import annotations

import importlib.util
import json
import re
from functools import cache
from pathlib import Path

from lsprotocol import types

from briefkit.document.jsonsource import JsonPath
from briefkit.lsp.positions import Lines

TLP_MEANINGS = {
    "TLP:CLEAR": "Disclosure is not limited: may be shared publicly.",
    "TLP:GREEN": "Limited disclosure: the recipients' community, not public channels.",
    "TLP:AMBER": "Limited disclosure: the recipients' organisation and its clients, "
    "on a need-to-know basis.",
    "TLP:AMBER+STRICT": "Limited disclosure: the recipients' organisation only.",
    "TLP:RED": "For the eyes and ears of the individual recipients only; no further disclosure.",
}
"""TLP 2.0's definitions (FIRST), in a line each."""

_TOKEN = re.compile(r'\s+|(?P<string>")|(?P<punct>[{}\[\],:])|(?P<other>[^\s"{}\[\],:]+)')


def value_path(prefix: str) -> tuple[JsonPath | None, int | None]:
    """The path of the value being typed at the end of ``prefix`` (``None`` when the cursor is
    at a key or outside any value) and where its open string starts, if it is inside one."""
    stack: list[list[object]] = []  # [path, key or index, is_object, expecting_key]
    position, string_start = 0, None
    while position < len(prefix):
        match = _TOKEN.match(prefix, position)
        if match is None:
            break
        position = match.end()
        if match.group("string"):
            end = _string_end(prefix, position)
            if end is None:
                string_start = match.start()
                break
            if stack and stack[-1][2] and stack[-1][3]:
                stack[-1][1], stack[-1][3] = json.loads(prefix[match.start() : end]), False
            position = end
        elif (char := match.group("punct")) in ("{", "["):
            path: JsonPath = _here(stack) or ()
            stack.append([path, None if char == "{" else 0, char == "{", char == "{"])
        elif char in ("}", "]"):
            if stack:
                stack.pop()
        elif char == "," and stack:
            if stack[-1][2]:
                stack[-1][3] = True
            else:
                stack[-1][1] = int(str(stack[-1][1])) + 1
    if not stack or (stack[-1][2] and stack[-1][3]):
        return None, string_start
    return _here(stack), string_start


def _here(stack: list[list[object]]) -> JsonPath | None:
    if not stack:
        return None
    path, key = stack[-1][0], stack[-1][1]
    assert isinstance(path, tuple)
    return (*path, key) if isinstance(key, (str, int)) else None


def _string_end(text: str, start: int) -> int | None:
    """The offset after the closing quote of a string whose content starts at ``start``."""
    index = start
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == '"':
            return index + 1
        if char == "\n":
            return None
        index += 1
    return None


def completions(
    lines: Lines, offset: int, desk_briefs: dict[str, str]
) -> list[types.CompletionItem]:
    """The values to offer at ``offset`` (``desk_briefs``: id → title), each replacing the
    string being typed with its JSON form."""
    path, string_start = value_path(lines.text[:offset])
    if path is None:
        return []
    if len(path) == 3 and path[0] == "discover_more" and path[2] == "id":
        choices = dict(sorted(desk_briefs.items()))
        kind = types.CompletionItemKind.Reference
    elif len(path) == 2 and path[0] == "countries":
        choices = country_names()
        kind = types.CompletionItemKind.EnumMember
    elif path == ("tlp",):
        choices = TLP_MEANINGS
        kind = types.CompletionItemKind.EnumMember
    else:
        return []
    start = string_start if string_start is not None else offset
    end = (
        offset + 1
        if string_start is not None and lines.text[offset : offset + 1] == '"'
        else offset
    )
    where = lines.range(start, end)
    return [
        types.CompletionItem(
            label=value,
            kind=kind,
            detail=detail,
            filter_text=json.dumps(value),
            sort_text=f"{index:05d}",
            text_edit=types.TextEdit(range=where, new_text=json.dumps(value, ensure_ascii=False)),
        )
        for index, (value, detail) in enumerate(choices.items())
    ]


@cache
def country_names() -> dict[str, str]:
    """ISO 3166-1 alpha-2 codes and their names (pycountry's database, read directly), with
    Kosovo's ``XK`` as lint accepts it."""
    spec = importlib.util.find_spec("pycountry")
    names: dict[str, str] = {}
    if spec is not None and spec.submodule_search_locations:
        folder = Path(next(iter(spec.submodule_search_locations)))
        database = folder / "databases" / "iso3166-1.json"
        for entry in json.loads(database.read_text(encoding="utf-8"))["3166-1"]:
            names[entry["alpha_2"]] = entry.get("common_name") or entry["name"]
    names.setdefault("XK", "Kosovo")
    return dict(sorted(names.items()))
