"""House-style rules (BK15x): placeholders, repeats, dates, lengths, countries, links.

Joined into the catalogue by :mod:`briefkit.rules.catalogue`.
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from briefkit.document.brief import Brief
from briefkit.document.jsonsource import JsonPath, dotted
from briefkit.document.markup import link_targets
from briefkit.document.text import is_blank
from briefkit.findings import Rule, Severity
from briefkit.rules.model import Issue, LintConfig, RuleOptions
from briefkit.wording import plural

# --- Placeholders --------------------------------------------------------------------------

PLACEHOLDER = re.compile(r"\b(?:TODO|TBD|TBC|FIXME|XXX+)\b|(?i:lorem ipsum)")

_DEFAULTS = RuleOptions()
"""The defaults the explanations quote (the configuration can change them)."""
_rules: list[Rule] = []


_PLACEHOLDER_HINTS = ("TODO", "TBD", "TBC", "FIXME", "XXX")
_PLACEHOLDER_BYTES = tuple(hint.encode() for hint in _PLACEHOLDER_HINTS)


def _may_hold_placeholder(text: str) -> bool:
    """Plain substring tests: much faster than the regular expression on a whole brief."""
    return any(hint in text for hint in _PLACEHOLDER_HINTS) or "lorem ipsum" in text.lower()


def _placeholders(brief: Brief, config: LintConfig) -> Iterator[Issue]:
    found = any(hint in brief.text_bytes for hint in _PLACEHOLDER_BYTES)
    if not found and b"lorem ipsum" not in brief.lowered_bytes:
        return
    for path, text in brief.strings:
        if not _may_hold_placeholder(text):
            continue
        match = PLACEHOLDER.search(text)
        if match and path[:1] != ("$schema",):
            yield Issue(path, f"{dotted(path)}: placeholder {match.group()!r} left in the text")


_rules.append(
    Rule(
        "BK150",
        "placeholder-text",
        Severity.ERROR,
        "Placeholder text (TODO, TBD, TBC, FIXME, XXX, lorem ipsum) is left in the brief.",
        "Drafts carry markers for what is still to write. A brief that still holds one is not "
        "finished. Markers are matched in capitals (TODO, TBD, TBC, FIXME, XXX) so that the word "
        "'todo' in prose is not reported; 'lorem ipsum' in any case.",
        '{"key_developments": [{"label": "Defence Coordination", "text": "TBD after the call"}]}',
        '{"key_developments": [{"label": "Defence Coordination", "text": "Leaders highlighted '
        'closer joint military planning."}]}',
        _placeholders,
    )
)

# --- Duplicated bullets ----------------------------------------------------------------------

LISTS: tuple[JsonPath, ...] = (
    ("executive_summary",),
    ("key_developments",),
    ("assessment", "judgements"),
    ("discover_more",),
)


def _words(value: Any) -> list[str]:
    if isinstance(value, dict):
        value = " ".join([item for item in value.values() if isinstance(item, str)])
    return str(value).split()


def _lists(brief: Brief) -> Iterator[tuple[JsonPath, list[Any]]]:
    for path in LISTS:
        value: Any = brief.data
        for part in path:
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, list):
            yield path, value
    implications = brief.data.get("strategic_implications")
    if isinstance(implications, list):
        for index, theme in enumerate(implications):
            if isinstance(theme, dict) and isinstance(theme.get("points"), list):
                yield ("strategic_implications", index, "points"), theme["points"]


def _duplicates(brief: Brief, config: LintConfig) -> Iterator[Issue]:
    # Items are compared by their words joined by one space and case-folded. Case folding never
    # makes or removes a space (a test checks every character), so equal items have as many
    # words: only items that share their number of words with another are folded and compared.
    for path, items in _lists(brief):
        words = [_words(item) for item in items]
        counts: dict[int, int] = {}
        for item_words in words:
            counts[len(item_words)] = counts.get(len(item_words), 0) + 1
        seen: dict[str, int] = {}
        for index, item_words in enumerate(words):
            if not item_words or counts[len(item_words)] == 1:
                continue
            key = " ".join(item_words).casefold()
            if key in seen:
                yield Issue(
                    (*path, index),
                    f"{dotted((*path, index))} repeats {dotted((*path, seen[key]))}; remove one",
                )
            else:
                seen[key] = index


_rules.append(
    Rule(
        "BK151",
        "duplicate-bullet",
        Severity.WARNING,
        "The same bullet or paragraph appears twice in one list.",
        "Copy and paste leaves the same key development, point, judgement or paragraph twice. "
        "Items are compared ignoring case and spacing.",
        '{"strategic_implications": [{"title": "Regional Diplomacy", "points": ["A.", "A."]}]}',
        '{"strategic_implications": [{"title": "Regional Diplomacy", "points": ["A.", "B."]}]}',
        _duplicates,
    )
)

# --- Dates --------------------------------------------------------------------------------------


def _future_date(brief: Brief, config: LintConfig) -> Iterator[Issue]:
    value = brief.data.get("date")
    if not isinstance(value, str):
        return
    try:
        published = date.fromisoformat(value)
    except ValueError:
        return  # the schema reports dates that are not real (BK015)
    today = config.today or date.today()
    if published > today:
        yield Issue(
            ("date",),
            # Not today's date in the message: it would change a finding's text every day.
            f"date: {value} is in the future; use the publication date",
        )


_rules.append(
    Rule(
        "BK152",
        "future-date",
        Severity.WARNING,
        "The publication date is in the future.",
        "A brief is dated the day it is published. A date in the future is usually a typo in "
        "the year or month. (A date that does not exist, such as 2025-02-30, is BK015.)",
        '{"date": "2052-10-02"}',
        '{"date": "2025-10-02"}',
        _future_date,
        dated=True,
    )
)

# --- Lengths and counts ------------------------------------------------------------------------


_WORD = re.compile(r"\w+")


def _summary_length(brief: Brief, config: LintConfig) -> Iterator[Issue]:
    summary = brief.data.get("executive_summary")
    if not isinstance(summary, list) or is_blank(summary):
        return
    words = sum(len(_WORD.findall(text)) for text in summary if isinstance(text, str))
    low, high = config.options.summary_words
    if not low <= words <= high:
        yield Issue(
            ("executive_summary",),
            f"executive_summary has {plural(words, 'word')}; keep it between {low} and {high}",
        )


def _count_rule(key: str, option: str, what: str) -> Any:
    def check(brief: Brief, config: LintConfig) -> Iterator[Issue]:
        items = brief.data.get(key)
        if not isinstance(items, list) or is_blank(items):
            return
        low, high = getattr(config.options, option)
        if not low <= len(items) <= high:
            count = plural(len(items), what)
            yield Issue((key,), f"{key} has {count}; write between {low} and {high}")

    return check


def _long_title(brief: Brief, config: LintConfig) -> Iterator[Issue]:
    title = brief.data.get("title")
    limit = config.options.title_max_chars
    if isinstance(title, str) and len(title.strip()) > limit:
        yield Issue(("title",), f"title has {len(title.strip())} characters; keep it to {limit}")


for _code, _name, _summary, _explanation, _bad, _good, _check in (
    (
        "BK153",
        "summary-length",
        "The executive summary is too short or too long.",
        "An executive summary is read instead of the brief: long enough to carry the judgement, "
        "short enough to read in a minute. Bounds are words over all its paragraphs, "
        f"{_DEFAULTS.summary_words[0]} to {_DEFAULTS.summary_words[1]} by default "
        "(options.summary-words).",
        '{"executive_summary": ["Tiani visited Bamako."]}',
        '{"executive_summary": ["On October 2, 2025, Niger’s presidency announced General '
        "Abdourahamane Tiani’s working visit to Bamako. The discussions with Malian leadership "
        "focused on defence cooperation, sovereignty consolidation, and joint economic initiatives "
        'under the framework of the Alliance of Sahel States (AES)."]}',
        _summary_length,
    ),
    (
        "BK154",
        "key-developments-count",
        "There are too few or too many key developments.",
        "Key developments are the few facts a reader must know: "
        f"{_DEFAULTS.key_developments[0]} to {_DEFAULTS.key_developments[1]} by default "
        "(options.key-developments). More belong in the body or in a second brief.",
        '{"key_developments": [{"label": "Meeting", "text": "..."}]}',
        '{"key_developments": [{"label": "Meeting", "text": "..."}, '
        '{"label": "Defence", "text": "..."}]}',
        _count_rule("key_developments", "key_developments", "item"),
    ),
    (
        "BK155",
        "implications-count",
        "There are too few or too many strategic implications.",
        "Strategic implications are numbered themes: "
        f"{_DEFAULTS.strategic_implications[0]} to {_DEFAULTS.strategic_implications[1]} by "
        "default (options.strategic-implications).",
        '{"strategic_implications": [{"title": "Everything", "points": ["..."]}]}',
        '{"strategic_implications": [{"title": "Security", "points": ["..."]}, '
        '{"title": "Trade", "points": ["..."]}]}',
        _count_rule("strategic_implications", "strategic_implications", "theme"),
    ),
    (
        "BK156",
        "long-title",
        "The title is longer than the limit.",
        "Titles are printed on the cover and in the PDF's metadata and listed in discover-more "
        f"cards; {_DEFAULTS.title_max_chars} characters at most by default "
        "(options.title-max-chars).",
        '{"title": "Niger–Mali (AES): Security and Economic Coordination Moves Forward as Leaders '
        'Meet in Bamako to Discuss Defence, Sovereignty, Trade, Energy and Currency"}',
        '{"title": "Niger–Mali (AES): Security and Economic Coordination Moves Forward"}',
        _long_title,
    ),
):
    _rules.append(Rule(_code, _name, Severity.WARNING, _summary, _explanation, _bad, _good, _check))

# --- Countries ---------------------------------------------------------------------------------


@cache
def iso_country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes, from pycountry's database file.

    The JSON file is read directly: importing the pycountry package costs more start-up time than
    the rest of ``briefkit lint`` together, and only this list is needed.
    """
    spec = importlib.util.find_spec("pycountry")
    assert spec is not None and spec.submodule_search_locations
    database = Path(next(iter(spec.submodule_search_locations))) / "databases" / "iso3166-1.json"
    entries = json.loads(database.read_text(encoding="utf-8"))["3166-1"]
    return frozenset(entry["alpha_2"] for entry in entries) | USER_ASSIGNED_COUNTRIES


USER_ASSIGNED_COUNTRIES = frozenset({"XK"})
"""Codes ISO leaves to users that are in wide use for a country: XK, Kosovo (EU, IMF, World Bank,
and Unicode's locale data, which names it in every language briefkit prints)."""


NOT_ON_MAP = frozenset(
    {"BQ", "BV", "CC", "CX", "GF", "GI", "GP", "MQ", "RE", "SJ", "TK", "TV", "UM", "YT"}
)
"""ISO 3166-1 codes with no shape of their own in the locator map's boundaries
(:mod:`briefkit.geography`): French overseas departments are part of France in Natural Earth, and
a few islands are too small for 1:50m. Written out so that lint never loads the boundaries (nor
the module that reads them); ``tests/test_geography.py`` checks it against the file."""


COUNTRY_PLACEHOLDER = "ZZ"
"""The code ``briefkit new`` writes for the countries to fill in: ISO 3166-1 leaves ZZ to users,
and it is widely used for an unknown country."""


def _unknown_countries(brief: Brief, config: LintConfig) -> Iterator[Issue]:
    countries = brief.data.get("countries")
    if not isinstance(countries, list):
        return
    known = iso_country_codes()
    for index, code in enumerate(countries):
        if code == COUNTRY_PLACEHOLDER:
            yield Issue(
                ("countries", index),
                f"countries[{index}]: {code!r} is a placeholder (briefkit new writes it); put "
                "the codes of the countries the brief covers, or remove countries",
            )
        elif isinstance(code, str) and len(code) == 2 and code.isupper() and code not in known:
            yield Issue(
                ("countries", index),
                f"countries[{index}]: {code!r} is not an ISO 3166-1 country code",
            )


_rules.append(
    Rule(
        "BK157",
        "unknown-country",
        Severity.ERROR,
        "A country code is not an assigned ISO 3166-1 alpha-2 code.",
        "Two capital letters are not enough: the code must be assigned (checked against "
        "pycountry's copy of ISO 3166-1), or be XK, which ISO leaves to users and the EU, the IMF "
        "and the World Bank use for Kosovo. Common slips: UK for GB, EL for GR.",
        '{"countries": ["UK"]}',
        '{"countries": ["GB"]}',
        _unknown_countries,
    )
)


def _countries_off_the_map(brief: Brief, config: LintConfig) -> Iterator[Issue]:
    countries = brief.data.get("countries")
    if not isinstance(countries, list) or brief.data.get("map") is False:
        return
    for index, code in enumerate(countries):
        if isinstance(code, str) and code in NOT_ON_MAP:
            yield Issue(
                ("countries", index),
                f"countries[{index}]: {code!r} has no shape of its own on the locator map; the "
                'map leaves it out (name the country it belongs to, or set "map": false)',
            )


_rules.append(
    Rule(
        "BK159",
        "country-not-on-map",
        Severity.WARNING,
        "A country has no shape of its own in the map data, so the locator map cannot show it.",
        "The locator map is drawn from Natural Earth's 1:50m countries, which ship with briefkit. "
        "A few ISO 3166-1 codes have no shape there: French overseas departments (GF, GP, MQ, "
        "RE, YT) are part of France, and some islands (BV, CC, CX, TK, TV, UM) are too small for "
        "that scale. The map is drawn from the brief's other countries, or left out.",
        '{"countries": ["GF"]}',
        '{"countries": ["FR"], "region": "French Guiana"}',
        _countries_off_the_map,
    )
)

# --- Links -----------------------------------------------------------------------------------


def _insecure_links(brief: Brief, config: LintConfig) -> Iterator[Issue]:
    if b"http://" not in brief.lowered_bytes:
        return
    for path, text in brief.strings:
        if path[-1:] == ("url",) and text.lower().startswith("http://"):
            # Unsafe: the site may not answer on https.
            fixed = "https://" + text[len("http://") :]
            message = f"{dotted(path)}: {text!r} is not https; use https://"
            yield Issue(path, message, replacement=fixed)
        elif "](" in text:
            for target in link_targets(text):
                if target.lower().startswith("http://"):
                    yield Issue(path, f"{dotted(path)}: link {target!r} is not https; use https://")


_rules.append(
    Rule(
        "BK158",
        "insecure-link",
        Severity.WARNING,
        "A source or link uses http:// instead of https://.",
        "Readers follow links from a client document; plain http can be intercepted or "
        "rewritten on the way. Sources, related briefs and inline links should use https.",
        '{"sources": [{"title": "Communiqué", "url": "http://example.org/c"}]}',
        '{"sources": [{"title": "Communiqué", "url": "https://example.org/c"}]}',
        _insecure_links,
    )
)


RULES: tuple[Rule, ...] = tuple(_rules)
