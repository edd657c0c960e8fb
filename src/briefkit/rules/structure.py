"""The rule catalogue: every finding code briefkit can report, and the lint checks behind them.

A rule is one entry in :data:`RULES`. Rules whose ``check`` is ``None`` are reported by loading
(``BK00x``) or schema validation (``BK01x``); the others run in :func:`briefkit.lint_brief`.
Codes are stable: a code is never reused for a different rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from briefkit.document.brief import DEFAULT_LIMITS, LOAD_RULES, Brief, Limits
from briefkit.document.images import ImageProblem, inspect_image, resolve_inside
from briefkit.document.jsonsource import JsonPath, dotted
from briefkit.findings import Severity
from briefkit.render.markup import link_allowed, link_targets
from briefkit.validation.schema import SCHEMA_RULES


class Issue(NamedTuple):
    """What a check reports: where and what is wrong (the rule supplies code and severity)."""

    path: JsonPath
    message: str
    key: bool = False


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


Check = Callable[[Brief, LintConfig], Iterable[Issue]]
"""A lint check over one brief."""
CollectionCheck = Callable[[Sequence[Brief]], Iterable[tuple[Brief, Issue]]]
"""A check over every brief checked together (``briefkit check``): duplicate ids and the like."""


@dataclass(frozen=True)
class Rule:
    """One finding code, documented for ``briefkit rules`` with a bad and a good example."""

    code: str
    name: str
    severity: Severity
    summary: str
    explanation: str
    bad: str
    good: str
    check: Check | None = None
    check_collection: CollectionCheck | None = None


RULES: dict[str, Rule] = {}
"""Every rule by code, in code order."""


def register_rule(rule: Rule) -> None:
    if rule.code in RULES:
        raise RuntimeError(f"duplicate rule code {rule.code}")
    RULES[rule.code] = rule


def is_blank(value: Any) -> bool:
    """Whether ``value`` says nothing: absent, whitespace, or containers of nothing but blanks."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return all(is_blank(item) for item in value)
    if isinstance(value, dict):
        return all(is_blank(item) for item in value.values())
    return False


# --- Sections and metadata a publishable brief must have -------------------------------------

SECTIONS: dict[str, tuple[str, str, str]] = {
    "executive_summary": ("BK101", "Executive Summary", '["One or more paragraphs."]'),
    "key_developments": (
        "BK102",
        "Key Developments",
        '[{"label": "High-Level Meeting", "text": "..."}]',
    ),
    "strategic_implications": (
        "BK103",
        "Strategic Implications",
        '[{"title": "Security and Counterinsurgency", "points": ["..."]}]',
    ),
    "assessment": (
        "BK104",
        "Assessment",
        '{"summary": "...", "judgements": [{"label": "For Regional Security", "text": "..."}], '
        '"conclusion": "..."}',
    ),
    "discover_more": (
        "BK105",
        "Discover More",
        '[{"title": "...", "teaser": "...", "id": "other-brief-id"}]',
    ),
    "sources": ("BK106", "Sources", '[{"title": "...", "publisher": "...", "url": "https://..."}]'),
}
"""Body sections in reading order: key -> (code of its missing-section rule, heading, example)."""

DEFAULT_REQUIRED_SECTIONS: dict[str, tuple[str, ...]] = {
    "analysis": ("executive_summary", "key_developments", "strategic_implications", "assessment"),
    "situation": ("executive_summary", "key_developments"),
}
"""Sections each kind needs before it can be published (configurable per repository)."""


def _missing_section(section: str, heading: str, example: str) -> Check:
    def check(brief: Brief, config: LintConfig) -> Iterator[Issue]:
        if section not in config.sections_for(brief.kind):
            return
        value = brief.data.get(section)
        if not is_blank(value):
            return
        known = brief.kind in config.required_sections
        kind = f"{brief.kind} briefs" if known else "every brief"
        state = "is empty" if section in brief.data else "is missing"
        path: JsonPath = (section,) if section in brief.data else ()
        yield Issue(
            path,
            f'the {heading} section {state} (required for {kind}); add "{section}": {example}',
        )

    return check


_EMPTY = {"assessment": "{}"}

for _section, (_code, _heading, _example) in SECTIONS.items():
    register_rule(
        Rule(
            code=_code,
            name=f"missing-{_section.replace('_', '-')}",
            severity=Severity.ERROR,
            summary=f"The {_heading} section is missing or empty.",
            explanation=(
                f"A brief of a kind that requires the {_heading} section cannot be published "
                "without it. An empty list, an empty object or whitespace-only text counts as "
                "missing. Which sections each kind requires is set by `required-sections` in the "
                "configuration; by default an analysis brief needs Executive Summary, Key "
                "Developments, Strategic Implications and Assessment, and a situation brief needs "
                "Executive Summary and Key Developments."
            ),
            bad=f'{{"kind": "analysis", "{_section}": {_EMPTY.get(_section, "[]")}}}',
            good=f'{{"kind": "analysis", "{_section}": {_example}}}',
            check=_missing_section(_section, _heading, _example),
        )
    )

METADATA: dict[str, tuple[str, str, str, str]] = {
    "title": ("BK110", "missing-title", "title", '"Niger–Mali (AES): Coordination Moves Forward"'),
    "id": ("BK111", "missing-id", "id", '"niger-mali-aes-2025-10-02"'),
    "kind": ("BK112", "missing-kind", "kind", '"analysis"'),
    "date": ("BK113", "missing-date", "publication date", '"2025-10-02"'),
    "tlp": ("BK114", "missing-marking", "distribution marking (TLP)", '"TLP:CLEAR"'),
}
"""Metadata every brief needs: key -> (code, rule name, what it is, example value)."""


def _missing_field(key: str, what: str, example: str) -> Check:
    def check(brief: Brief, config: LintConfig) -> Iterator[Issue]:
        value = brief.data.get(key)
        if is_blank(value):
            state = "is empty" if key in brief.data else "is missing"
            path: JsonPath = (key,) if key in brief.data else ()
            yield Issue(path, f'the {what} {state}; add "{key}": {example}')

    return check


for _key, (_code, _name, _what, _example) in METADATA.items():
    register_rule(
        Rule(
            code=_code,
            name=_name,
            severity=Severity.ERROR,
            summary=f"The brief has no {_what}.",
            explanation=(
                f"Every brief needs its {_what}: it is printed on the cover, written into the "
                "PDF's metadata, or used to link briefs to each other. Whitespace-only text counts "
                "as missing."
            ),
            bad='{"' + _key + '": ""}',
            good='{"' + _key + '": ' + _example + "}",
            check=_missing_field(_key, _what, _example),
        )
    )


def _empty_fields(brief: Brief, config: LintConfig) -> Iterator[Issue]:
    """Blank text or empty lists inside sections that are otherwise filled in."""
    for key in (*SECTIONS, "subtitle", "region"):
        value = brief.data.get(key)
        if key not in brief.data or (key in SECTIONS and is_blank(value)):
            continue  # absent, or wholly blank: the missing-section rule speaks for it
        pending: list[tuple[JsonPath, Any]] = [((key,), value)]
        while pending:
            path, current = pending.pop()
            if isinstance(current, dict):
                pending.extend(((*path, name), item) for name, item in current.items())
            elif isinstance(current, list):
                if not current:
                    yield Issue(path, f"{dotted(path)} is an empty list; fill it in or remove it")
                pending.extend(((*path, index), item) for index, item in enumerate(current))
            elif isinstance(current, str) and not current.strip():
                yield Issue(path, f"{dotted(path)} is empty; write the text or remove the entry")


register_rule(
    Rule(
        code="BK120",
        name="empty-field",
        severity=Severity.ERROR,
        summary="Text or a list inside a section is empty.",
        explanation=(
            "A section can be filled in and still hold an empty label, a whitespace-only "
            "paragraph or a theme without points. Each such place would print as a blank line or "
            "a dangling bullet, so each is reported where it stands."
        ),
        bad='{"key_developments": [{"label": "Defence Coordination", "text": " "}]}',
        good=(
            '{"key_developments": [{"label": "Defence Coordination", '
            '"text": "Leaders highlighted closer joint military planning."}]}'
        ),
        check=_empty_fields,
    )
)


def _disallowed_links(brief: Brief, config: LintConfig) -> Iterator[Issue]:
    if "](" not in brief.all_text:
        return
    for path, text in brief.strings:
        if "](" not in text:  # no link syntax: skip the parser (most strings)
            continue
        for target in link_targets(text):
            if not link_allowed(target):
                yield Issue(
                    path,
                    f"{dotted(path)}: link to {target!r} is not allowed; links must start with "
                    "https:, http: or mailto: (the text is printed as typed)",
                )


register_rule(
    Rule(
        code="BK130",
        name="disallowed-link",
        severity=Severity.ERROR,
        summary="An inline link points somewhere a PDF must not link to.",
        explanation=(
            "Running text may contain [links](https://...). Only https:, http: and mailto: "
            "targets become links; javascript:, file:, data: and relative targets are printed "
            "as the literal text typed, and reported so the author can fix them."
        ),
        bad='{"executive_summary": ["See [the annex](file:///etc/passwd)."]}',
        good='{"executive_summary": ["See [the annex](https://example.org/annex)."]}',
        check=_disallowed_links,
    )
)


CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters a PDF cannot show (tab and line breaks excepted); dropped when rendering."""
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Bidirectional embedding, override and isolate controls, which reorder how text displays."""


_INVISIBLE = re.compile(f"{CONTROL_CHARACTERS.pattern[:-1]}{BIDI_CONTROLS.pattern[1:]}")


def _invisible_characters(brief: Brief, config: LintConfig) -> Iterator[Issue]:
    # The newlines joining the strings are allowed characters, so one search covers them all.
    if not _INVISIBLE.search(brief.all_text):
        return
    for path, text in brief.strings:
        for pattern, what in (
            (CONTROL_CHARACTERS, "a control character, which is dropped when rendering"),
            (BIDI_CONTROLS, "a bidirectional control, which can make text display out of order"),
        ):
            match = pattern.search(text)
            if match:
                yield Issue(
                    path, f"{dotted(path)}: U+{ord(match.group()):04X} is {what}; remove it"
                )


register_rule(
    Rule(
        code="BK121",
        name="invisible-character",
        severity=Severity.WARNING,
        summary="Text holds an invisible control or bidirectional-override character.",
        explanation=(
            "Text pasted from e-mails and web pages can carry characters nobody sees: control "
            "characters (U+0000 to U+001F, U+007F to U+009F, except tab and line breaks), which "
            "briefkit drops when rendering, and bidirectional embedding, override and isolate "
            "controls (U+202A to U+202E, U+2066 to U+2069), which can make a sentence display in "
            "a different order than it reads. Arabic or Hebrew text does not need them."
        ),
        bad='{"title": "Niger\u202e–Mali"}',
        good='{"title": "Niger–Mali"}',
        check=_invisible_characters,
    )
)


def _unsupported_characters(brief: Brief, config: LintConfig) -> Iterator[Issue]:
    from briefkit.render.glyphs import unsupported

    if not unsupported(brief.all_text):
        return
    for path, text in brief.strings:
        if path[:1] in (("$schema",), ("x-briefkit",)):
            continue
        missing = unsupported(text)
        if missing:
            shown = ", ".join(
                f"{character!r} (U+{ord(character):04X})" for character in missing[:3]
            )
            more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
            yield Issue(
                path,
                f"{dotted(path)}: {shown}{more} not in briefkit's fonts; each prints as an "
                "empty box (add a font that has it to the brand's fonts.faces)",
            )


register_rule(
    Rule(
        code="BK122",
        name="unsupported-character",
        severity=Severity.WARNING,
        summary="Text holds characters the shipped fonts cannot draw.",
        explanation=(
            "A render uses only the fonts briefkit ships (and those the brand declares), never "
            "the machine's, so that a brief prints the same everywhere. The shipped Noto fonts "
            "cover Latin scripts, Greek, Cyrillic, Arabic, symbols, arrows, mathematical signs and "
            "emoji (in black and white), not Chinese, Japanese or Korean. A character no shipped "
            "font has prints as an empty box; a brand can add a font for it (fonts.faces in "
            "brand.json)."
        ),
        bad='{"region": "East Africa 🌍"}',
        good='{"region": "East Africa"}',
        check=_unsupported_characters,
    )
)


def brief_folder(brief: Brief) -> Path:
    """The folder a brief's relative paths (figures) are resolved in: its own, or the current
    folder for a brief read from standard input."""
    return Path(brief.path).resolve().parent if brief.path != "-" else Path.cwd()


def _unusable_images(brief: Brief, config: LintConfig) -> Iterator[Issue]:
    figures = brief.data.get("figures")
    if not isinstance(figures, list):
        return
    folder = brief_folder(brief)
    for index, figure in enumerate(figures):
        image = figure.get("image") if isinstance(figure, dict) else None
        if not isinstance(image, str):
            continue
        path: JsonPath = ("figures", index, "image")
        try:
            inspect_image(
                resolve_inside(folder, image),
                max_bytes=config.limits.max_image_bytes,
                max_pixels=config.limits.max_image_pixels,
            )
        except ImageProblem as problem:
            yield Issue(path, f"{dotted(path)}: {problem.message}")
        except OSError as exc:
            yield Issue(path, f"{dotted(path)}: cannot read {image!r}: {exc.strerror}")


register_rule(
    Rule(
        code="BK140",
        name="unusable-image",
        severity=Severity.ERROR,
        summary="A figure's image is missing, outside the brief's folder, unsafe or too large.",
        explanation=(
            "Images are looked up relative to the brief, after following symlinks and '..', and "
            "must stay inside the brief's folder, so a brief cannot make the renderer read other "
            "files. They are recognised by content: SVG, PNG or JPEG only. An SVG may not declare "
            "a DOCTYPE or entities, contain scripts or HTML, or refer to any file or URL (every "
            "reference must be a #fragment or a data: URI). A file may have at most 10 MiB and "
            "40 million pixels by default (configurable). Checked by lint, so render never meets "
            "a missing or blocked image."
        ),
        bad='{"figures": [{"image": "../../etc/passwd", "caption": "...", "alt": "..."}]}',
        good='{"figures": [{"image": "figures/aes-map.svg", "caption": "...", "alt": "..."}]}',
        check=_unusable_images,
    )
)


# --- Codes reported while loading and validating (documentation only) ------------------------

_PRODUCED_ELSEWHERE: dict[str, tuple[str, str, str, str]] = {
    "BK001": (
        "The file is not valid JSON.",
        "briefkit reads briefs as strict JSON: no comments, no trailing commas, no NaN or "
        "Infinity. The finding points at the first character the parser could not accept.",
        '{"title": "Niger–Mali",}',
        '{"title": "Niger–Mali"}',
    ),
    "BK002": (
        "The file is not UTF-8.",
        "Briefs are UTF-8 text (a byte-order mark is accepted). Files saved as UTF-16 or in a "
        "legacy code page are reported at the first byte that is not UTF-8.",
        "(a file saved as Windows-1252)",
        "(the same file saved as UTF-8)",
    ),
    "BK003": (
        "A key appears twice in one object.",
        "Most JSON readers silently keep the last of two equal keys, so text the author wrote "
        "disappears. briefkit names both lines; keep one.",
        '{"title": "Draft title", "title": "Final title"}',
        '{"title": "Final title"}',
    ),
    "BK004": (
        "The file's top-level value is not a JSON object.",
        "A brief is one JSON object; an array, a string or a number at the top is not a brief.",
        '[{"title": "..."}]',
        '{"title": "..."}',
    ),
    "BK005": (
        "The file is larger than the size limit.",
        "Briefs are a few kilobytes. A file over the limit (1 MiB by default) is refused before "
        "it is parsed, so a stray export cannot exhaust memory.",
        "(a 200 MB file)",
        "(a brief of a few kilobytes)",
    ),
    "BK006": (
        "Values are nested too deeply.",
        "No brief needs more than a few levels of nesting. Deeper nesting than the limit "
        "(32 by default) is refused instead of exhausting the parser's stack.",
        '{"assessment": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["..."]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}',
        '{"assessment": {"summary": "..."}}',
    ),
    "BK007": (
        "The file cannot be read.",
        "The path does not exist, is a folder, or cannot be opened (permissions). Reported like "
        "any other finding so that one missing file does not hide the others' findings.",
        "briefkit lint drafts/missing.json",
        "briefkit lint drafts/niger-mali.json",
    ),
    "BK008": (
        "A list or a text is longer than the limits.",
        "A list may hold at most 500 items and a text at most 20,000 characters by default "
        "(configurable), so that a pasted dump cannot make checking or rendering run away.",
        '{"tags": ["tag-1", "tag-2", "... 10,000 more ..."]}',
        '{"tags": ["AES", "ECOWAS"]}',
    ),
    "BK190": (
        "A suppression in the brief matches no finding.",
        "A brief can switch rules off for itself in x-briefkit.ignore, with a reason. When the "
        "text changes and the rule no longer fires, the suppression is stale and would hide the "
        "next real problem, so it is reported.",
        '{"x-briefkit": {"ignore": [{"code": "BK153", "reason": "one-line flash"}]}}  '
        "(and the summary is now 80 words)",
        "(the suppression removed)",
    ),
    "BK010": (
        "The brief breaks a schema constraint not covered by a more specific code.",
        "Reserved for schema keywords that have no code of their own. The built-in brief schema "
        "produces none today; a customised schema may. The message names the constraint.",
        "(a value breaking a custom constraint)",
        "(the value as the constraint requires)",
    ),
    "BK011": (
        "A value has the wrong type.",
        "Each property has one JSON type in the schema; e.g. the executive summary is a list of "
        "paragraphs, not one string.",
        '{"executive_summary": "One paragraph."}',
        '{"executive_summary": ["One paragraph."]}',
    ),
    "BK012": (
        "A property is not in the schema.",
        "Unknown properties are errors so that typos surface instead of silently vanishing from "
        "the PDF. The message suggests the closest known name.",
        '{"executive_sumary": ["..."]}',
        '{"executive_summary": ["..."]}',
    ),
    "BK013": (
        "An object lacks a property it needs.",
        "Items inside sections have required parts, e.g. a key development needs a label and a "
        "text, and a related brief needs an id or a URL.",
        '{"key_developments": [{"label": "High-Level Meeting"}]}',
        '{"key_developments": [{"label": "High-Level Meeting", "text": "..."}]}',
    ),
    "BK014": (
        "A value is not one of the allowed values.",
        "Fields such as kind and tlp take one of a fixed list of values.",
        '{"tlp": "AMBER"}',
        '{"tlp": "TLP:AMBER"}',
    ),
    "BK015": (
        "A value does not have the required format.",
        "Dates are YYYY-MM-DD calendar dates, countries are ISO 3166-1 alpha-2 codes in upper "
        "case, ids are lower-case words joined by hyphens, links start with https://.",
        '{"date": "02/10/2025", "countries": ["ne"]}',
        '{"date": "2025-10-02", "countries": ["NE"]}',
    ),
    "BK016": (
        "A value is too short, too long, too small or too large.",
        "Schemas bound some lengths and counts; the brand schema, for instance, requires "
        "non-empty names. The message gives the bound.",
        '{"name": ""}  (in a brand file)',
        '{"name": "African Security Analysis"}',
    ),
    "BK017": (
        "A list that must hold distinct items repeats one.",
        "Countries and tags are sets: each is listed once, exactly as written (the check is on "
        "the values, not on their meaning).",
        '{"countries": ["NE", "NE"]}',
        '{"countries": ["NE"]}',
    ),
}

for _code, (_summary, _explanation, _bad, _good) in _PRODUCED_ELSEWHERE.items():
    register_rule(
        Rule(
            code=_code,
            name=LOAD_RULES.get(_code) or SCHEMA_RULES.get(_code) or "unused-suppression",
            severity=Severity.WARNING if _code == "BK190" else Severity.ERROR,
            summary=_summary,
            explanation=_explanation,
            bad=_bad,
            good=_good,
        )
    )

# The house-style and cross-file rules live in their own modules and register themselves here.
from briefkit.rules import collection, house_style  # noqa: E402, F401

_in_order = sorted(RULES.items())
RULES.clear()
RULES.update(_in_order)
