"""A new brand folder, ready to edit: ``briefkit brand init``.

The brand file it writes is complete and valid, uses ``{name}`` and ``{short_name}`` in every text
that names the firm, and carries the placeholders ``briefkit doctor --brand`` reports until they
are replaced: contacts on reserved example domains, a fictional phone number, ``TODO`` texts.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from xml.sax.saxutils import escape

from briefkit.errors import BriefkitError, Hint
from briefkit.render.brand import BRAND_FILE, load_brand

LOGO_FILE = "logo.svg"
LOGO_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg")
"""The logo formats a brand may use (the brand schema's): SVG, PNG, JPEG."""
_COLOR = re.compile(r"#(?:[0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})")

_DISCLAIMERS = {
    "fr": (
        "Cette note repose sur des sources ouvertes et sur les informations propres de {name} à "
        "la date de publication. Elle ne constitue pas un conseil juridique ou financier."
    ),
    "pt": (
        "Esta nota baseia-se em fontes abertas e na informação própria da {name} à data de "
        "publicação. Não constitui aconselhamento jurídico nem de investimento."
    ),
    "ar": (
        "يستند هذا التقرير إلى مصادر مفتوحة وإلى معلومات {name} الخاصة حتى تاريخ النشر، "
        "ولا يُعدّ استشارة قانونية أو استثمارية."
    ),
}


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "firm"


def possessive(name: str, written: str | None = None) -> str:
    """``name``'s possessive in English, with a typographic apostrophe: "Acme Risk’s", but
    "Harbor Risk Partners’" (a name ending in s takes the apostrophe alone). ``written`` is how
    the text names the firm, when not by its name (``{name}``, filled in when printed)."""
    suffix = "\u2019" if name.rstrip().endswith(("s", "S")) else "\u2019s"
    return (name if written is None else written) + suffix


@dataclass(frozen=True)
class BrandChoices:
    """What ``brand init`` may be told besides the names; anything left ``None`` is a
    placeholder ``doctor --brand`` reports until it is replaced."""

    primary: str | None = None
    accent: str | None = None
    logo: Path | None = None
    email: str | None = None
    phone: str | None = None
    website: str | None = None


def _brief_url(website: str) -> str:
    """Where suggested briefs link: under the firm's website (its query and fragment dropped)."""
    parts = urlsplit(website)
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", "")) + "/briefs/{id}"


def brand_data(
    name: str, short_name: str, choices: BrandChoices = BrandChoices()
) -> dict[str, Any]:
    """The brand file of a new firm called ``name`` (``short_name``), placeholders included
    wherever ``choices`` gives nothing."""
    domain = f"{_slug(name)}.example"
    website = choices.website or f"https://{domain}"
    logo = LOGO_FILE if choices.logo is None else "logo" + choices.logo.suffix.lower()
    return {
        "name": name,
        "short_name": short_name,
        "logo": logo,
        "logo_alt": "{name} logo",
        "colors": {
            "primary": choices.primary or "#1F2937",
            "accent": choices.accent or "#B45309",
            "text": "#111827",
            "muted": "#6B7280",
            "panel": "#F3F4F6",
        },
        "fonts": {"body": '"Noto Sans", sans-serif', "heading": '"Noto Serif", serif'},
        "assessment_heading": "{name} Assessment",
        "contact": {
            "heading": "Contact us",
            "call_to_action": "Contact {short_name} to find out how we can support you.",
            "text": "TODO: what {name} offers its clients, in one or two sentences.",
            "email": choices.email or f"briefs@{domain}",
            "phone": choices.phone or "+44 20 7946 0000",
            "website": website,
        },
        "disclaimer": (
            f"This brief is based on open sources and {possessive(name, '{name}')} "
            "own reporting at the date of publication. It does not constitute legal or "
            "investment advice."
        ),
        "brief_url": _brief_url(website),
        "translations": {
            "fr": {
                "assessment_heading": "L’évaluation de {name}",
                "contact": {
                    "heading": "Nous contacter",
                    "call_to_action": "Contactez {short_name} pour savoir comment nous pouvons "
                    "vous accompagner.",
                    "text": "TODO : ce que {name} propose à ses clients, en une ou deux phrases.",
                },
                "disclaimer": _DISCLAIMERS["fr"],
            },
            "pt": {
                "assessment_heading": "Avaliação da {name}",
                "contact": {
                    "heading": "Contacte-nos",
                    "call_to_action": "Contacte a {short_name} para saber como a podemos apoiar.",
                    "text": "TODO: o que a {name} oferece aos seus clientes, numa ou duas frases.",
                },
                "disclaimer": _DISCLAIMERS["pt"],
            },
            "ar": {
                "assessment_heading": "تقييم {name}",
                "contact": {
                    "heading": "تواصلوا معنا",
                    "call_to_action": "تواصلوا مع {short_name} لمعرفة كيف يمكننا دعمكم.",
                    "text": "TODO: ما تقدّمه {name} لعملائها، في جملة أو جملتين.",
                },
                "disclaimer": _DISCLAIMERS["ar"],
            },
        },
    }


def logo_svg(name: str, short_name: str) -> str:
    """A plain placeholder logo: a dark square with a thin accent frame, no text, no reference."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64" '
        'role="img">\n'
        f"  <title>{escape(name)} ({escape(short_name)}): placeholder logo</title>\n"
        '  <rect x="2" y="2" width="60" height="60" rx="6" fill="#1F2937"/>\n'
        '  <rect x="9" y="9" width="46" height="46" rx="3" fill="none" stroke="#B45309" '
        'stroke-width="3"/>\n'
        "</svg>\n"
    )


def _check_choices(choices: BrandChoices) -> None:
    for field, value in (("primary", choices.primary), ("accent", choices.accent)):
        if value is not None and not _COLOR.fullmatch(value):
            raise BriefkitError(f"{field}: {value!r} is not a colour; write #rgb or #rrggbb")
    if choices.logo is not None:
        if choices.logo.suffix.lower() not in LOGO_SUFFIXES:
            raise BriefkitError(
                f"logo: {choices.logo} is not an SVG, PNG or JPEG file "
                f"({', '.join(LOGO_SUFFIXES)})",
                hint=Hint.LOGO,
            )
        if not choices.logo.is_file():
            raise BriefkitError(f"logo: {choices.logo} does not exist", hint=Hint.LOGO)


def write_brand_folder(
    folder: str | os.PathLike[str],
    name: str,
    short_name: str,
    choices: BrandChoices = BrandChoices(),
) -> Path:
    """Write a new brand into ``folder`` (created); return its brand file.

    ``choices.logo`` is copied in as ``logo.<ext>``; without it a plain placeholder logo is
    written. Refuses to overwrite an existing brand file or logo. The result is checked by
    loading it, and nothing is left behind when it does not load.
    """
    name, short_name = name.strip(), short_name.strip()
    if not name or not short_name:
        raise BriefkitError(
            "a brand needs a name and a short name that are not empty", hint=Hint.BRAND_NAMES
        )
    _check_choices(choices)
    target = Path(folder)
    data = brand_data(name, short_name, choices)
    brand_path = target / BRAND_FILE
    logo_path = target / str(data["logo"])
    for path in (brand_path, logo_path):
        if path.exists() or path.is_symlink():  # a dangling link too: never written through
            raise BriefkitError(f"{path} already exists; choose an empty folder")
    if target.exists() and not target.is_dir():
        raise BriefkitError(f"{target} is not a folder")
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    logo = (
        logo_svg(name, short_name).encode("utf-8")
        if choices.logo is None
        else choices.logo.read_bytes()
    )
    # Checked before anything is written: the brand is loaded from a staging folder first.
    with tempfile.TemporaryDirectory(prefix="briefkit-brand-") as staging:
        (Path(staging) / logo_path.name).write_bytes(logo)
        (Path(staging) / BRAND_FILE).write_text(text, encoding="utf-8")
        staged = Path(staging) / BRAND_FILE
        try:
            load_brand(staged)
        except BriefkitError as error:  # said of the file it would have been
            message = error.message.replace(str(staged), str(brand_path))
            found = [replace(finding, file=str(brand_path)) for finding in error.findings]
            raise BriefkitError(message, found) from None
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    try:
        for path, content in ((logo_path, logo), (brand_path, text.encode("utf-8"))):
            with path.open("xb") as stream:  # O_EXCL: fails on anything there, a link included
                written.append(path)
                stream.write(content)
    except OSError as exc:
        for path in written:
            path.unlink(missing_ok=True)
        raise BriefkitError(f"{target}: cannot write the brand: {exc.strerror or exc}") from None
    return brand_path
