"""A new brand folder, ready to edit: ``briefkit brand init``.

The brand file it writes is complete and valid, uses ``{name}`` and ``{short_name}`` in every text
that names the firm, and carries the placeholders ``briefkit doctor --brand`` reports until they
are replaced: contacts on reserved example domains, a fictional phone number, ``TODO`` texts.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from briefkit.errors import BriefkitError
from briefkit.render.brand import BRAND_FILE, load_brand

LOGO_FILE = "logo.svg"

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


def brand_data(name: str, short_name: str) -> dict[str, Any]:
    """The brand file of a new firm called ``name`` (``short_name``), placeholders included."""
    domain = f"{_slug(name)}.example"
    return {
        "name": name,
        "short_name": short_name,
        "logo": LOGO_FILE,
        "logo_alt": "{name} logo",
        "colors": {
            "primary": "#1F2937",
            "accent": "#B45309",
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
            "email": f"briefs@{domain}",
            "phone": "+44 20 7946 0000",
            "website": f"https://{domain}",
        },
        "disclaimer": (
            "This brief is based on open sources and {name}'s own reporting at the date of "
            "publication. It does not constitute legal or investment advice."
        ),
        "brief_url": f"https://{domain}/briefs/{{id}}",
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


def write_brand_folder(folder: str | os.PathLike[str], name: str, short_name: str) -> Path:
    """Write a new brand into ``folder`` (created); return its brand file.

    Refuses to overwrite an existing brand file or logo. The result is checked by loading it.
    """
    name, short_name = name.strip(), short_name.strip()
    if not name or not short_name:
        raise BriefkitError("a brand needs a --name and a --short-name that are not empty")
    target = Path(folder)
    brand_path = target / BRAND_FILE
    logo_path = target / LOGO_FILE
    for path in (brand_path, logo_path):
        if path.exists():
            raise BriefkitError(f"{path} already exists; choose an empty folder")
    if target.exists() and not target.is_dir():
        raise BriefkitError(f"{target} is not a folder")
    target.mkdir(parents=True, exist_ok=True)
    text = json.dumps(brand_data(name, short_name), ensure_ascii=False, indent=2) + "\n"
    logo_path.write_text(logo_svg(name, short_name), encoding="utf-8")
    brand_path.write_text(text, encoding="utf-8")
    load_brand(brand_path)
    return brand_path
