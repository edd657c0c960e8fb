"""Corrections offered in schema findings: the value the author most likely meant.

A date in another order, a country written as a name (in the brief's language), a renamed or
mis-cased marking, an id with spaces, a single value where a list belongs.
"""

from __future__ import annotations

import difflib
import importlib.util
import json
import re
import unicodedata
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefkit.document.jsonsource import JsonPath

if TYPE_CHECKING:
    from briefkit.document.brief import Document


def wrapped_form(path: JsonPath, value: Any, items: Any) -> str:
    """How a single value is written as the list the schema wants, shown as the fixed JSON."""
    key = json.dumps(path[-1]) + ": " if path and isinstance(path[-1], str) else ""
    if isinstance(items, dict) and items.get("type") == "object":
        required = [str(name) for name in items.get("required", [])]
        first = required[0] if required else "text"
        parts = [f"{json.dumps(first)}: {shown_value(value)}"]
        parts += [f'{json.dumps(name)}: "..."' for name in required[1:]]
        return f"write it as a list of objects: {key}[{{{', '.join(parts)}}}]"
    return f"wrap it in a list: {key}[{shown_value(value)}]"


_TLP_RENAMED = {"TLP:WHITE": "TLP:CLEAR"}
"""Markings TLP 2.0 renamed (August 2022)."""


def suggest_choice(value: Any, allowed: list[str]) -> str | None:
    """Advice for a value that is not one of ``allowed``: a renamed, mis-cased or misspelt one."""
    if not isinstance(value, str):
        return None
    normal = value.strip().upper().replace(" ", "")
    renamed = _TLP_RENAMED.get(normal) or _TLP_RENAMED.get(f"TLP:{normal}")
    if renamed in allowed:
        return f"TLP 2.0 renamed {value.strip()} to {renamed}; write {json.dumps(renamed)}"
    for choice in allowed:
        if choice.upper().replace(" ", "") in (normal, f"TLP:{normal}"):
            return f"write {json.dumps(choice)}"
    close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.6)
    if close:
        return f"did you mean {json.dumps(close[0])}? (allowed: {', '.join(allowed)})"
    return None


def is_date(schema: dict[str, Any]) -> bool:
    return schema.get("format") == "date"


_DAY_MONTH_YEAR = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")
_YEAR_MONTH_DAY = re.compile(r"^\s*(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})\s*$")


def date_advice(value: Any, keyword: str) -> str:
    """One diagnosis for a date: its shape when that is wrong, else that the day does not exist."""
    shown = shown_value(value)
    if not isinstance(value, str):
        return f"{shown} is not a date; write it as YYYY-MM-DD"
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return f"{shown} is not a real calendar date (no such day); check the month and day"
    candidates: list[str] = []
    match = _DAY_MONTH_YEAR.match(value)
    if match:
        first, second, year = (int(part) for part in match.groups())
        for day, month in ((first, second), (second, first)):
            iso = _iso(year, month, day)
            if iso and iso not in candidates:
                candidates.append(iso)
    match = _YEAR_MONTH_DAY.match(value)
    if match:
        iso = _iso(*(int(part) for part in match.groups()))
        if iso:
            candidates.append(iso)
    advice = f"{shown} is not written as YYYY-MM-DD (ISO 8601)"
    if len(candidates) == 1:
        return f"{advice}; write {json.dumps(candidates[0])}"
    if candidates:
        options = " or ".join(json.dumps(candidate) for candidate in candidates)
        return f"{advice}; write {options} (day and month are ambiguous)"
    return f'{advice}, e.g. "2025-10-02"'


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def suggest_format(value: Any, schema: dict[str, Any], brief: Document) -> str | None:
    """A corrected value for a country code or an id that does not match its pattern."""
    if not isinstance(value, str):
        return None
    pattern = schema.get("pattern")
    if pattern == "^[A-Z]{2}$":
        language = brief.data.get("language")
        code = country_code(value, language if isinstance(language, str) else "en")
        return f"write {json.dumps(code)}" if code else None
    if pattern == "^[a-z0-9]+(?:-[a-z0-9]+)*$":
        slug = slugify(value)
        return f"write {json.dumps(slug)}" if slug else None
    return None


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens, as brief ids are written."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    return "-".join(re.findall(r"[a-z0-9]+", bare))


def country_code(name: str, language: str = "en") -> str | None:
    """The ISO 3166-1 alpha-2 code of a country written as a name (in ``language`` or English),
    an alpha-3 code or a lower-case code; ``None`` when nothing matches."""
    key = " ".join(name.split()).casefold()
    return _country_names(language.split("-")[0].lower()).get(key)


@cache
def _country_names(language: str) -> dict[str, str]:
    """Country names in ``language`` and in English, alpha-3 and alpha-2 codes -> alpha-2 code.

    Loaded only when a brief has a country that is not a code, so ``lint`` of a clean brief
    never pays for it.
    """
    from babel import Locale, UnknownLocaleError

    names: dict[str, str] = {}
    spec = importlib.util.find_spec("pycountry")
    if spec is not None and spec.submodule_search_locations:
        folder = Path(next(iter(spec.submodule_search_locations))) / "databases"
        for entry in json.loads((folder / "iso3166-1.json").read_text("utf-8"))["3166-1"]:
            code = entry["alpha_2"]
            for field in ("name", "common_name", "official_name", "alpha_3", "alpha_2"):
                if field in entry:
                    names.setdefault(entry[field].casefold(), code)
    for tag in dict.fromkeys(("en", language)):
        try:
            territories = Locale.parse(tag).territories
        except (UnknownLocaleError, ValueError):
            continue
        for code, title in territories.items():
            if len(code) == 2 and code.isalpha():
                names.setdefault(title.casefold(), code)
    return names


def shown_value(value: Any) -> str:
    """A value as JSON, shortened for a one-line message."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."
