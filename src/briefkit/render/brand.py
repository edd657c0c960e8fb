"""The firm's brand: everything firm-specific that a layout prints, read from a brand file.

Also what is still placeholder in a brand (:func:`brand_placeholders`): a demonstration brand,
contacts on reserved example domains or fictional phone ranges, ``TODO`` texts, and translations
that still carry another firm's name. Those are warnings for ``render`` and ``doctor``, not lint
rules, since the brand is not part of the brief.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefkit.assets import default_brand_path
from briefkit.document.brief import DEFAULT_LIMITS, load_document
from briefkit.document.images import ImageProblem, inspect_image, resolve_inside
from briefkit.errors import BriefkitError
from briefkit.files import inside
from briefkit.validation.schema import schema_findings


@dataclass(frozen=True)
class Brand:
    """A validated brand file. ``folder`` is where its relative paths (the logo) are resolved."""

    path: Path
    data: dict[str, Any]

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def logo(self) -> Path:
        return (self.folder / str(self.data["logo"])).resolve()

    @property
    def name(self) -> str:
        return str(self.data["name"])

    @property
    def short_name(self) -> str:
        return str(self.data["short_name"])

    @property
    def demo(self) -> bool:
        """Whether the brand says it is a demonstration brand (the built-in one is)."""
        return bool(self.data.get("demo", False))

    @property
    def font_faces(self) -> list[dict[str, Any]]:
        """The font files the brand declares, each with its resolved ``path`` (``None`` when it
        leads out of the brand's folder or loops: :func:`load_brand` refuses such a brand)."""
        return [
            {**face, "path": inside(self.folder / str(face["src"]), [self.folder])}
            for face in self.data.get("fonts", {}).get("faces", ())
        ]


BRAND_FILE = "brand.json"
"""The file a brand folder holds."""


def brand_file(path: str | os.PathLike[str]) -> Path:
    """A brand file, or the ``brand.json`` of a brand folder."""
    candidate = Path(path)
    return candidate / BRAND_FILE if candidate.is_dir() else candidate


def load_brand(path: str | os.PathLike[str] | None = None) -> Brand:
    """Read and validate a brand file or folder (the built-in brand when ``path`` is ``None``).

    Raises :class:`BriefkitError` naming the file and the place when the brand is not valid, its
    logo is missing, outside the brand's folder, or not a self-contained SVG, PNG or JPEG, or a
    font file it declares is missing or outside its folder.
    """
    brand_path = brand_file(path) if path is not None else default_brand_path()
    document = load_document(brand_path)
    findings = schema_findings(document, "brand")
    if findings:
        first = findings[0]
        where = f"{first.file}:{first.line}:{first.column}: invalid brand: {first.message}"
        more = f" (and {len(findings) - 1} more above)" if len(findings) > 1 else ""
        raise BriefkitError(where + more, findings)
    brand = Brand(brand_path.resolve(), document.data)
    try:
        inspect_image(
            resolve_inside(brand.folder, str(document.data["logo"])),
            max_bytes=DEFAULT_LIMITS.max_image_bytes,
            max_pixels=DEFAULT_LIMITS.max_image_pixels,
        )
    except ImageProblem as problem:
        from briefkit.rules.catalogue import RULES  # only for a logo that cannot be used

        rule = RULES["BK140"]  # unusable-image: a brand's logo is held to a figure's rules
        message = f"logo: {problem.message}"
        finding = document.finding(rule, message, ("logo",))
        error = f"{document.path}:{finding.line}:{finding.column}: invalid brand: {message}"
        raise BriefkitError(error, [finding]) from None
    for index, face in enumerate(brand.font_faces):
        font: Path | None = face["path"]
        if font is None or not font.is_file():
            line, column = document.source.locate(("fonts", "faces", index, "src"))
            where = (
                "leads outside the brand's folder (or through a link that loops)"
                if font is None
                else "does not exist"
            )
            raise BriefkitError(
                f"{document.path}:{line}:{column}: invalid brand: fonts.faces[{index}].src: "
                f"{face['src']!r} {where}; font files must be inside the brand's folder"
            )
    return brand


RESERVED_DOMAINS = ("example", "example.com", "example.net", "example.org", "test", "invalid")
"""Domains reserved for documentation (RFC 2606, RFC 6761): no firm can be reached there."""

FICTIONAL_PHONE_NUMBERS = (
    # United Kingdom, Ofcom's numbers for drama: London, other cities, mobiles, 01632.
    r"\+?44\s*\(?0?\)?\s*20\s*7946\s*0\d{3}",
    r"\+?44\s*\(?0?\)?\s*1[1-9]1\s*49[68]\s*0\d{3}",
    r"\+?44\s*\(?0?\)?\s*7700\s*900\s*\d{3}",
    r"\+?44\s*\(?0?\)?\s*1632\s*960\s*\d{3}",
    # North America: 555-0100 to 555-0199.
    r"\+?1[\s.-]*\(?\d{3}\)?[\s.-]*555[\s.-]*01\d{2}",
    # France, ARCEP's numbers for fiction.
    r"\+?33\s*\(?0?\)?\s*[1-5]\s*99\s*00",
    r"\+?33\s*\(?0?\)?\s*6\s*39\s*98",
    # Australia, ACMA's numbers for fiction.
    r"\+?61\s*4\s*91\s*570\s*\d{3}",
    r"\+?61\s*\(?0?\)?\s*[2378]\s*5550\s*\d{4}",
)
"""Phone ranges set aside for films and examples, as patterns over the number as printed."""

_FICTIONAL_PHONE = re.compile("|".join(f"(?:{pattern})" for pattern in FICTIONAL_PHONE_NUMBERS))
_PLACEHOLDER_DIGITS = re.compile(r"(\d)(?:[\s.-]*\1){5,}")
"""Six or more of the same digit in a row ("+351 21 000 0000"): not a number anyone answers."""

DEMO_BRAND_NAMES = ("African Security Analysis", "ASA")
"""Names of the built-in demonstration brand, which a copied brand must not keep."""

HOW_TO_MAKE_A_BRAND = (
    "make your own with `briefkit brand init` and name it as the desk's brand (`brand` in "
    "briefkit.toml)"
)


def _reserved_domain(host: str) -> bool:
    host = host.lower().rstrip(".")
    return any(host == domain or host.endswith("." + domain) for domain in RESERVED_DOMAINS)


def _host(url: str) -> str:
    match = re.match(r"^[a-z][a-z0-9+.-]*://([^/:?#@]+@)?([^/:?#]+)", url, re.IGNORECASE)
    return match.group(2) if match else ""


def _brand_texts(data: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Every text of a brand with its dotted field name, translations included."""
    for key in ("assessment_heading", "disclaimer", "logo_alt"):
        if isinstance(data.get(key), str):
            yield key, data[key]
    for key in ("heading", "call_to_action", "text"):
        yield f"contact.{key}", str(data["contact"][key])
    for language, texts in sorted(data.get("translations", {}).items()):
        for key in ("assessment_heading", "disclaimer"):
            if isinstance(texts.get(key), str):
                yield f"translations.{language}.{key}", texts[key]
        for key, value in sorted(texts.get("contact", {}).items()):
            yield f"translations.{language}.contact.{key}", str(value)


def brand_placeholders(brand: Brand) -> list[str]:
    """What in ``brand`` is still an example, each as a message naming the field and the fix.

    A demonstration brand; an e-mail, website or brief link on a reserved example domain; a phone
    number in a fictional range; a text still saying ``TODO``; a text naming the demonstration
    brand when the brand has another name.
    """
    data = brand.data
    prefix = f"{brand.path}: "
    messages: list[str] = []
    # Each message starts with the file and the field: "<file>: <field>: ...".
    if brand.demo:
        messages.append(
            f"{prefix}demo: {brand.name!r} is a demonstration brand, not a real firm; "
            + HOW_TO_MAKE_A_BRAND
        )
    contact = data["contact"]
    email = str(contact["email"])
    if _reserved_domain(email.rpartition("@")[2]):
        messages.append(
            f"{prefix}contact.email: {email} is on a reserved example domain; "
            "put the firm's real address"
        )
    for field, url in (
        ("contact.website", contact["website"]),
        ("brief_url", data.get("brief_url")),
    ):
        if isinstance(url, str) and _reserved_domain(_host(url)):
            messages.append(
                f"{prefix}{field}: {url} is on a reserved example domain; put the firm's real one"
            )
    phone = str(contact["phone"])
    if _FICTIONAL_PHONE.search(phone) or _PLACEHOLDER_DIGITS.search(phone):
        messages.append(
            f"{prefix}contact.phone: {phone} is a fictional number; put the firm's real one"
        )
    own_names = {brand.name.casefold(), brand.short_name.casefold()}
    others = [name for name in DEMO_BRAND_NAMES if name.casefold() not in own_names]
    for field, text in _brand_texts(data):
        if "TODO" in text:
            messages.append(f"{prefix}{field}: still says TODO; write the firm's text")
        for other in others:
            if re.search(rf"(?<!\w){re.escape(other)}(?!\w)", text):
                messages.append(
                    f"{prefix}{field}: names {other!r}, not this brand ({brand.name}); "
                    "write {name} or {short_name} instead"
                )
                break
    return messages


def brand_warning(brand: Brand) -> str | None:
    """One line for a render: which fields of ``brand`` are still placeholders, and the fix."""
    messages = brand_placeholders(brand)
    if not messages:
        return None
    fields = list(dict.fromkeys(message.split(": ", 2)[1] for message in messages))
    what = (
        f"{brand.name!r} is a demonstration brand"
        if brand.demo
        else f"brand {brand.name!r} is not finished"
    )
    shown = [field for field in fields if field != "demo"]
    details = f" (placeholders in {', '.join(shown)})" if shown else ""
    doctor = f"see `briefkit brand check {brand.folder}`"
    fix = HOW_TO_MAKE_A_BRAND if brand.demo else doctor
    return f"{brand.path}: {what}{details}; {fix}"


BRAND_TEXTS = ("name", "assessment_heading", "disclaimer")
CONTACT_TEXTS = ("heading", "call_to_action", "text")
"""Brand texts (and contact texts) that may say {name} and {short_name}."""


_FRENCH_ELISION = re.compile(r"\b([Dd])(?:['’]|e )(?=\{(?:name|short_name)\})")
"""French ``d’{name}`` or ``de {name}``: which one depends on the name's first letter."""
_FRENCH_VOWELS = frozenset("aeiouy")
_LATIN_LETTER = re.compile(
    r"LATIN (?:CAPITAL|SMALL) (?:LETTER|LIGATURE) (?:DOTLESS )?([A-Z]|AE|OE|IJ)(?: WITH .*)?"
)
"""The Unicode name of a Latin letter, its base letter in the group: "LATIN CAPITAL LETTER O WITH
STROKE" (Ø), "LATIN CAPITAL LIGATURE OE" (Œ). Eth, schwa and the like are not matched."""


def _base_letter(char: str) -> str:
    """The Latin letter ``char`` is written on, in lower case ("o" for Ø, Ō and Ó; "a" for Æ),
    or "" for a character that is not a Latin letter (a digit, punctuation, another script).

    Unicode decomposition strips accents (Å is A and a ring); letters that do not decompose
    (Ø, Ł, Æ, Œ) are read from their Unicode names.
    """
    decomposed = unicodedata.normalize("NFKD", char)[:1]
    match = _LATIN_LETTER.fullmatch(unicodedata.name(decomposed, ""))
    return match.group(1)[0].lower() if match else ""


def fill_brand_placeholders(text: str, data: dict[str, Any], language: str = "en") -> str:
    """``{name}`` and ``{short_name}`` in a brand text replaced by the brand's names, so that a
    copied brand renamed in one place is renamed everywhere. In French, ``d’`` and ``de``
    before a name follow the name's first letter, accents aside: "Évaluation d’Acme",
    "Évaluation d’Ørsted", "Évaluation de Sahel Risk Partners". Before an H, a digit, punctuation
    or a letter of another script they stay as the author wrote them."""
    names = {"name": str(data["name"]), "short_name": str(data["short_name"])}
    if language.split("-")[0] == "fr":

        def elide(match: re.Match[str]) -> str:
            following = text[match.end() + 1 :].split("}", 1)[0]
            first = _base_letter(names.get(following, "")[:1])
            if first in _FRENCH_VOWELS:
                return f"{match.group(1)}’"
            # H (mute or aspirated), digits, punctuation, other scripts: as the author wrote.
            return f"{match.group(1)}e " if first and first != "h" else match.group()

        text = _FRENCH_ELISION.sub(elide, text)
    return text.replace("{name}", names["name"]).replace("{short_name}", names["short_name"])


def localised_brand(data: dict[str, Any], language: str) -> dict[str, Any]:
    """The brand's texts in ``language`` where the brand translates them, placeholders filled."""
    data = {"logo_alt": data["name"], "disclaimer": "", "brief_url": "", **data}
    # Language tags are case-insensitive (BCP 47): "FR" and "fr-ca" find "fr" and "fr-CA".
    translations = {tag.lower(): texts for tag, texts in data.get("translations", {}).items()}
    language = language.lower()
    override = translations.get(language) or translations.get(language.split("-")[0]) or {}
    contact = {**data["contact"], **override.get("contact", {})}
    merged = {**data, **{k: v for k, v in override.items() if k != "contact"}, "contact": contact}
    for key in (*BRAND_TEXTS, "logo_alt"):
        merged[key] = fill_brand_placeholders(str(merged[key]), data, language)
    for key in CONTACT_TEXTS:
        contact[key] = fill_brand_placeholders(str(contact[key]), data, language)
    return merged
