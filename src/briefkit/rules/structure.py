"""Structural rules (BK10x to BK14x): what a publishable brief must hold, and what it must not.

Required sections and metadata, empty fields, disallowed links, invisible and unprintable
characters, unusable images. Joined into the catalogue by :mod:`briefkit.rules.catalogue`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from briefkit.document.brief import DEFAULT_LIMITS, Brief
from briefkit.document.figures import read_figures
from briefkit.document.images import MAX_SVG_ELEMENTS
from briefkit.document.jsonsource import JsonPath, dotted
from briefkit.document.markup import link_allowed, link_targets
from briefkit.document.text import BIDI_CONTROLS, CONTROL_CHARACTERS, is_blank
from briefkit.findings import Rule, Severity
from briefkit.rules.model import DEFAULT_REQUIRED_SECTIONS, SECTIONS, Issue, LintConfig, RuleCheck
from briefkit.validation.schema import brief_properties, suggest_property

_rules: list[Rule] = []


def _missing_section(section: str, code: str, heading: str, example: str) -> RuleCheck:
    def check(brief: Brief, config: LintConfig) -> Iterator[Issue]:
        if section not in config.sections_for(brief.kind):
            return
        value = brief.data.get(section)
        if not is_blank(value):
            return
        if section not in brief.data and _misspelt(brief, section):
            return  # the schema reports the misspelt key, with this section as its correction
        known = brief.kind in config.required_sections
        kind = f"{brief.kind} briefs" if known else "every brief"
        state = "is empty" if section in brief.data else "is missing"
        path: JsonPath = (section,) if section in brief.data else ()
        yield Issue(
            path,
            f'the {heading} section {state} (required for {kind}); add "{section}": {example}, '
            f'or if the brief deliberately has none, add "x-briefkit": {{"ignore": '
            f'[{{"code": "{code}", "reason": "..."}}]}}',
        )

    return check


def _misspelt(brief: Brief, section: str) -> bool:
    """Whether an unknown key of the brief is a misspelling of ``section``."""
    known = brief_properties()
    return any(key not in known and suggest_property(key, known) == section for key in brief.data)


_EMPTY = {"assessment": "{}"}


def _needs(kind: str) -> str:
    headings = [SECTIONS[section][0] for section in DEFAULT_REQUIRED_SECTIONS[kind]]
    return f"{', '.join(headings[:-1])} and {headings[-1]}" if len(headings) > 1 else headings[0]


_DEFAULT_NEEDS = ", and ".join(
    f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} brief needs {_needs(kind)}"
    for kind in DEFAULT_REQUIRED_SECTIONS
)
"""How the default required-sections read in a sentence (the explanations quote them)."""
_MISSING_SECTION_CODES = {
    "executive_summary": "BK101",
    "key_developments": "BK102",
    "strategic_implications": "BK103",
    "assessment": "BK104",
    "discover_more": "BK105",
    "sources": "BK106",
}

for _section, (_heading, _example) in SECTIONS.items():
    _code = _MISSING_SECTION_CODES[_section]
    _rules.append(
        Rule(
            code=_code,
            name=f"missing-{_section.replace('_', '-')}",
            severity=Severity.ERROR,
            summary=f"The {_heading} section is missing or empty.",
            explanation=(
                f"A brief of a kind that requires the {_heading} section cannot be published "
                "without it. An empty list, an empty object or whitespace-only text counts as "
                "missing. Which sections each kind requires is set by `required-sections` in the "
                f"configuration; by default {_DEFAULT_NEEDS}."
            ),
            bad=f'{{"kind": "analysis", "{_section}": {_EMPTY.get(_section, "[]")}}}',
            good=f'{{"kind": "analysis", "{_section}": {_example}}}',
            check=_missing_section(_section, _code, _heading, _example),
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

_WITHOUT = {
    key: "{"
    + ", ".join(f'"{other}": {value[3]}' for other, value in METADATA.items() if other != key)
    + "}"
    for key in METADATA
}
"""Each rule's bad example: a brief with all the metadata but the one the rule is about."""


def _missing_field(key: str, what: str, example: str) -> RuleCheck:
    def check(brief: Brief, config: LintConfig) -> Iterator[Issue]:
        value = brief.data.get(key)
        if is_blank(value):
            state = "is empty" if key in brief.data else "is missing"
            path: JsonPath = (key,) if key in brief.data else ()
            yield Issue(path, f'the {what} {state}; add "{key}": {example}')

    return check


for _key, (_code, _name, _what, _example) in METADATA.items():
    _rules.append(
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
            bad=_WITHOUT[_key],
            good='{"' + _key + '": ' + _example + "}",
            check=_missing_field(_key, _what, _example),
        )
    )


def _empty_fields(brief: Brief, config: LintConfig) -> Iterator[Issue]:
    """Blank text or empty lists inside sections that are otherwise filled in."""
    filled = {
        key
        for key in (*SECTIONS, "subtitle", "region")
        # absent, or wholly blank: the missing-section rule speaks for it
        if key in brief.data and not (key in SECTIONS and is_blank(brief.data[key]))
    }
    for path, current in brief.values:
        if not path or path[0] not in filled:
            continue
        if isinstance(current, list) and not current:
            yield Issue(path, f"{dotted(path)} is an empty list; fill it in or remove it")
        elif isinstance(current, str) and not current.strip():
            yield Issue(path, f"{dotted(path)} is empty; write the text or remove the entry")


_rules.append(
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
    if b"](" not in brief.text_bytes:
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


_rules.append(
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


_INVISIBLE = re.compile(f"{CONTROL_CHARACTERS.pattern[:-1]}{BIDI_CONTROLS.pattern[1:]}")


def _invisible_characters(brief: Brief, config: LintConfig) -> Iterator[Issue]:
    # Every character searched for is unprintable (a test checks them all), and isprintable()
    # is far faster than the search: text that passes it needs none. The newlines joining the
    # strings are allowed characters, so one search covers them all.
    text = brief.all_text
    if text.replace("\n", " ").isprintable() or not _INVISIBLE.search(text):
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


_rules.append(
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
    from briefkit.glyphs import unsupported

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


_rules.append(
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
        bad='{"region": "East Africa 東非"}',
        good='{"region": "East Africa"}',
        known_problems=(
            "Lint does not know the brand a brief will be rendered with, so a character that only "
            "a font of the brand's (fonts.faces) can draw is still reported; the render draws it."
        ),
        check=_unsupported_characters,
    )
)


def _unusable_images(brief: Brief, config: LintConfig) -> Iterator[Issue]:
    limits = config.limits
    for figure in read_figures(
        brief.data,
        brief.folder,
        max_bytes=limits.max_image_bytes,
        max_pixels=limits.max_image_pixels,
    ):
        if figure.problem is not None:
            yield Issue(figure.path, figure.problem)


_rules.append(
    Rule(
        code="BK140",
        name="unusable-image",
        severity=Severity.ERROR,
        summary="A figure's image is missing, outside the brief's folder, unsafe or too large.",
        explanation=(
            "Images are looked up relative to the brief, after following symlinks and '..', and "
            "must stay inside the brief's folder, so a brief cannot make the renderer read other "
            "files. An image may instead be inline, as a data:image/png, data:image/jpeg or "
            "data:image/svg+xml URI in base64 (checked alike; its declared type must match its "
            "content). They are recognised by content: SVG, PNG or JPEG only. An SVG may not "
            "declare a DOCTYPE or entities, contain scripts or HTML, or refer to any file or URL "
            "(every reference must be a #fragment or a data: image, itself checked; CSS is read "
            "with a real tokenizer), loop through its references, or expand them into more than "
            f"{MAX_SVG_ELEMENTS:,} drawn elements (a <use> bomb). A file may have at most "
            f"{DEFAULT_LIMITS.max_image_bytes // 1_048_576} MiB and "
            f"{DEFAULT_LIMITS.max_image_pixels // 1_000_000} million pixels by default "
            "(configurable). Checked by lint, so render never meets a missing or blocked image."
        ),
        bad='{"figures": [{"image": "../../etc/passwd", "caption": "...", "alt": "..."}]}',
        good='{"figures": [{"image": "figures/aes-map.svg", "caption": "...", "alt": "..."}]}',
        known_problems=(
            "An SVG pattern that tiles a shape many times is not counted as drawn elements; such "
            "a figure passes lint and is stopped by the render's time limit instead."
        ),
        check=_unusable_images,
    )
)

RULES: tuple[Rule, ...] = tuple(_rules)
"""The structural rules: required sections and metadata, empty fields, links, characters, images."""
