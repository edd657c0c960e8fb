"""Corrections offered in schema findings: the value the author most likely meant.

A date in another order, a country written as a name (in the brief's language), a renamed or
mis-cased marking, an id with spaces, a single value where a list belongs; and, for a value that
does not have the form a pattern asks for, what kind of value it is and how it is written.
"""

from __future__ import annotations

import datetime
import difflib
import importlib.util
import json
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefkit.document.jsonsource import JsonPath

if TYPE_CHECKING:
    from briefkit.document.brief import Document


@dataclass(frozen=True)
class ExpectedForm:
    """How a finding names a value a pattern governs: ``"x" is not a valid {kind}; write {form}``.

    ``example`` is a value the pattern accepts (a test holds every schema's patterns to it).
    """

    kind: str
    form: str
    example: str


_URL = ExpectedForm(
    "web address",
    "a full address starting with https://, with no spaces (write a space as %20)",
    "https://example.org/",
)
_LANGUAGE = ExpectedForm("language tag", 'a BCP 47 tag such as "en", "fr" or "pt-BR"', "pt-BR")
_RULE_CODE = ExpectedForm("rule code", 'BK and three digits, e.g. "BK153"', "BK153")
_FAMILY = r"""(?:"[A-Za-z0-9 ._-]+"|'[A-Za-z0-9 ._-]+'|[A-Za-z][A-Za-z0-9 -]*)"""
"""One family in a CSS font list: quoted, or a bare name."""

EXPECTED_FORMS: dict[str, ExpectedForm] = {
    # brief.schema.json
    "^[a-z0-9]+(?:-[a-z0-9]+)*$": ExpectedForm(
        "brief id",
        'lower-case letters and digits, in words joined by hyphens, e.g. "niger-mali-2025"',
        "niger-mali-aes-2025-10-02",
    ),
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": ExpectedForm(
        "date", 'YYYY-MM-DD, e.g. "2025-10-02"', "2025-10-02"
    ),
    "^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$": _LANGUAGE,
    "^[A-Z]{2}$": ExpectedForm(
        "ISO 3166-1 alpha-2 country code", 'two upper-case letters, e.g. "NE" for Niger', "NE"
    ),
    "^https?://": _URL,
    "^BK[0-9]{3}$": _RULE_CODE,
    "^[0-9a-f]{64}$": ExpectedForm(
        "section hash",
        "64 lower-case hexadecimal digits (a SHA-256), as briefkit edition new writes it",
        "ee95d544afe071673e2c6af505a27db9deed76542e8b3bcc6eeb35a375e10242",
    ),
    r"\S": ExpectedForm("reason", "words saying why, not only spaces", "a one-line flash update"),
    # brand.schema.json
    "^#(?:[0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})$": ExpectedForm("colour", "#rgb or #rrggbb", "#1F3A5F"),
    rf"^\s*{_FAMILY}(?:\s*,\s*{_FAMILY})*\s*$": (
        ExpectedForm(
            "font list",
            "family names and generic families separated by commas, e.g. 'Noto Sans', sans-serif",
            "'Noto Sans', sans-serif",
        )
    ),
    "^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$": ExpectedForm(
        "font family name",
        "up to 64 letters, digits, spaces, dots, hyphens and underscores, starting with a letter "
        "or digit",
        "Noto Sans SC",
    ),
    r"^[^\\:]+\.(?:ttf|otf|woff2?|TTF|OTF|WOFF2?)$": ExpectedForm(
        "font file",
        "a path inside the brand's folder, with / between folders, ending in .ttf, .otf, .woff "
        "or .woff2",
        "fonts/NotoSansSC-Regular.otf",
    ),
    r"^[^@\s]+@[^@\s]+$": ExpectedForm(
        "e-mail address", "name@domain, with no spaces", "briefs@example.org"
    ),
    r"^https?://.*\{id\}": ExpectedForm(
        "link to a brief by id",
        "an address starting with https:// in which {id} stands for the id, e.g. "
        '"https://example.org/briefs/{id}"',
        "https://example.org/briefs/{id}",
    ),
    # config.schema.json
    "^BK[0-9]{0,3}$": ExpectedForm(
        "rule code or prefix", 'BK and up to three digits, e.g. "BK105" or "BK1"', "BK1"
    ),
    "^[a-z0-9][a-z0-9_-]{0,63}$": ExpectedForm(
        "service brand name",
        "up to 64 lower-case letters, digits, - and _, starting with a letter or digit",
        "default",
    ),
    # labels.schema.json
    "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$": ExpectedForm(
        "language code", 'a lower-case BCP 47 tag such as "en", "fr" or "pt-BR"', "pt-BR"
    ),
    r"^[a-z_]+(\.[a-z_]+)?$": ExpectedForm(
        "label name",
        'lower-case letters and underscores, e.g. "key_developments"',
        "key_developments",
    ),
    r"^([^{}]|\{page\}|\{pages\})*$": ExpectedForm(
        "page label",
        'text in which {page} and {pages} are the only braces, e.g. "Page {page} of {pages}"',
        "Page {page} of {pages}",
    ),
}
"""What a finding says for each pattern of the schemas in ``schema/``, by the pattern's text.

Keyed by pattern, not by property: one pattern has one meaning wherever it is used (a colour is a
colour whatever the property's title), and a test fails for a pattern added without its words.
"""

_EXPECTED_BY_FORMAT = {"uri": _URL, "date": EXPECTED_FORMS["^[0-9]{4}-[0-9]{2}-[0-9]{2}$"]}


def expected_form(schema: dict[str, Any]) -> ExpectedForm | None:
    """The words for a value that breaks ``schema``'s pattern or format, if the schema has any
    (in either of its ``anyOf`` forms: a code string or a table with a code)."""
    for branch in schema.get("anyOf", ()):
        form = expected_form(branch)
        if form is not None:
            return form
    pattern = schema.get("pattern")
    if isinstance(pattern, str) and pattern in EXPECTED_FORMS:
        return EXPECTED_FORMS[pattern]
    return _EXPECTED_BY_FORMAT.get(str(schema.get("format")))


def wrapped_form(path: JsonPath, value: Any, items: Any, *, toml: bool = False) -> str:
    """How a single value is written as the list the schema wants, shown as the fixed JSON (or,
    with ``toml``, the fixed TOML line)."""
    name = path[-1] if path and isinstance(path[-1], str) else None
    if toml:
        key = f"{toml_key(name)} = " if name is not None else ""
    else:
        key = json.dumps(name) + ": " if name is not None else ""
    shown = shown_value(value, toml=toml)
    if isinstance(items, dict) and items.get("anyOf"):
        items = items["anyOf"][0]  # the preferred form comes first (a suppression's table)
    if isinstance(items, dict) and items.get("type") == "object":
        required = [str(item) for item in items.get("required", [])]
        first = required[0] if required else "text"
        first_schema = items.get("properties", {}).get(first)
        if isinstance(first_schema, dict) and not _fits(value, first_schema):
            form = expected_form(first_schema)  # not {code = 3}: the form a code takes
            shown = shown_value(form.example if form else "...", toml=toml)
        if toml:
            parts = [f"{toml_key(first)} = {shown}"]
            parts += [f'{toml_key(item)} = "..."' for item in required[1:]]
            return f"write it as a list of tables: {key}[{{ {', '.join(parts)} }}]"
        parts = [f"{json.dumps(first)}: {shown}"]
        parts += [f'{json.dumps(item)}: "..."' for item in required[1:]]
        return f"write it as a list of objects: {key}[{{{', '.join(parts)}}}]"
    if isinstance(items, dict) and not _fits(value, items):
        # Wrapping a value the items do not accept would suggest another mistake (select = [3]):
        # show the form an item takes instead.
        form = expected_form(items)
        example = shown_value(form.example if form else "...", toml=toml)
        each = f" (each a {form.kind})" if form else ""
        return f"write a list, e.g. {key}[{example}]{each}"
    return f"wrap it in a list: {key}[{shown}]"


def _fits(value: Any, items: dict[str, Any]) -> bool:
    """Whether ``value`` is an item the schema ``items`` accepts (a check of the plain schema)."""
    from jsonschema import Draft202012Validator  # only when a finding is being worded

    return bool(Draft202012Validator(items).is_valid(value))


def toml_key(key: str) -> str:
    """A key as TOML writes it: bare when it can be, quoted otherwise."""
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def number_text(value: float) -> str:
    """A number as an author wrote it (TOML's ``inf`` and ``nan`` included)."""
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    return repr(value)


_TLP_RENAMED = {"TLP:WHITE": "TLP:CLEAR"}
"""Markings TLP 2.0 renamed (August 2022)."""


def choice_replacement(value: Any, allowed: list[str]) -> tuple[str, str] | None:
    """The one allowed value ``value`` stands for, and why: ``"renamed"`` (a marking TLP 2.0
    renamed), ``"spelling"`` (the same value in other case or spacing) or ``"close"`` (a guess
    among similar values)."""
    if not isinstance(value, str):
        return None
    normal = value.strip().upper().replace(" ", "")
    renamed = _TLP_RENAMED.get(normal) or _TLP_RENAMED.get(f"TLP:{normal}")
    if renamed in allowed:
        return renamed, "renamed"
    for choice in allowed:
        if choice.upper().replace(" ", "") in (normal, f"TLP:{normal}"):
            return choice, "spelling"
    close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.6)
    return (close[0], "close") if close else None


def suggest_choice(value: Any, allowed: list[str]) -> str | None:
    """Advice for a value that is not one of ``allowed``: a renamed, mis-cased or misspelt one."""
    found = choice_replacement(value, allowed)
    if found is None:
        return None
    choice, why = found
    if why == "renamed":
        return f"TLP 2.0 renamed {str(value).strip()} to {choice}; write {json.dumps(choice)}"
    if why == "spelling":
        return f"write {json.dumps(choice)}"
    return f"did you mean {json.dumps(choice)}? (allowed: {', '.join(allowed)})"


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
    candidates = date_candidates(value)
    advice = f"{shown} is not written as YYYY-MM-DD (ISO 8601)"
    if len(candidates) == 1:
        return f"{advice}; write {json.dumps(candidates[0])}"
    if candidates:
        options = " or ".join(json.dumps(candidate) for candidate in candidates)
        return f"{advice}; write {options} (day and month are ambiguous)"
    return f'{advice}, e.g. "2025-10-02"'


def date_candidates(value: str) -> list[str]:
    """The real dates a date written in another order may mean, as YYYY-MM-DD (two when day and
    month could be either)."""
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
    return candidates


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
        # A fix too long to show whole is no fix to copy: say nothing rather than "abc…".
        return f"write {shown_value(slug)}" if slug and len(slug) <= SHOWN_CHARACTERS else None
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


SHOWN_CHARACTERS = 60
"""How much of a value a message shows; a longer one is cut there and ends in "…"."""


def shown_value(value: Any, *, toml: bool = False) -> str:
    """A value as JSON (or TOML), shortened for a one-line message: a long string keeps its
    quotes, ``"first 60 characters…"``."""
    if isinstance(value, str):
        return json.dumps(shortened(value), ensure_ascii=False)
    text = _toml_text(value) if toml else json.dumps(value, ensure_ascii=False, default=str)
    return shortened(text)


def shortened(text: str) -> str:
    """``text`` cut to its first :data:`SHOWN_CHARACTERS` characters and "…" when longer."""
    return text if len(text) <= SHOWN_CHARACTERS else text[:SHOWN_CHARACTERS] + "…"


def _toml_text(value: Any) -> str:
    """A value as TOML writes it (``json.dumps`` strings are TOML basic strings)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return number_text(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_text(item) for item in value) + "]"
    if isinstance(value, dict):
        items = ", ".join(f"{toml_key(str(k))} = {_toml_text(v)}" for k, v in value.items())
        return "{" + (f" {items} " if items else "") + "}"
    return json.dumps(str(value), ensure_ascii=False)
