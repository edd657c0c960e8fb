"""What rendering and publishing rely on, checked where each value is used, whatever a brief
suppresses.

Lint reports bad ids, link targets and markings as findings, and those findings cannot be
suppressed (:data:`~briefkit.findings.UNSILENCEABLE`). The code that turns a brief into files and
links does not trust that, though: an id becomes a file name only through :func:`output_name`
and :func:`confined`, a URL becomes a link only through :func:`link_target`, and a marking is
compared only after :func:`tlp_marking`. Each refuses what lint would have reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from briefkit.document.figures import inline_uri, is_inline, read_figure
from briefkit.document.images import ImageProblem, resolve_inside
from briefkit.document.markings import TLP_MARKINGS
from briefkit.errors import BriefkitError

if TYPE_CHECKING:
    from briefkit.document.brief import Limits

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
"""The brief schema's ``id`` pattern: what an output file may be named after."""

MAX_NAME_LENGTH = 200
"""Longer ids would not fit a file name (255 bytes) with a suffix and a page number."""

RESERVED_NAMES = frozenset({"index", "feed", "sitemap"})
"""Names of the files a site writes itself (``index.html``, ``feed.xml``, ``sitemap.xml``): no
brief's output may take one."""

LINK_SCHEMES = frozenset({"https", "http", "mailto"})
"""The only schemes a link in any output may have."""


def output_name(brief_id: object, *, reserved: frozenset[str] = RESERVED_NAMES) -> str:
    """``brief_id`` as the stem of an output file name; raises :class:`BriefkitError` for an id
    that is not lower-case words joined by hyphens (``../x``, ``/abs``, ``javascript:...``), too
    long, or one of the ``reserved`` names."""
    shown = repr(brief_id) if not isinstance(brief_id, str) else repr(brief_id[:60])
    if not isinstance(brief_id, str) or not ID_PATTERN.fullmatch(brief_id):
        raise BriefkitError(
            f"id {shown} cannot name an output file: ids are lower-case words joined by hyphens"
        )
    if len(brief_id) > MAX_NAME_LENGTH:
        raise BriefkitError(f"id {shown}... is too long to name an output file")
    if brief_id in reserved:
        raise BriefkitError(f"id {shown} is reserved: the site writes {brief_id} itself")
    return brief_id


def confined(folder: Path, name: str) -> Path:
    """``name`` inside ``folder`` (resolved), checked to be a plain file name: no separator, no
    ``..``, no NUL. Raises :class:`BriefkitError` otherwise. The last component is not followed:
    replacing or deleting it never reaches outside ``folder``, even when it is a link."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name:
        raise BriefkitError(f"{name!r} is not a file name inside {folder}")
    try:
        base = folder.resolve()
    except (OSError, RuntimeError):
        raise BriefkitError(f"{folder}: cannot resolve the folder") from None
    if (base / name).parent != base:
        raise BriefkitError(f"{folder / name}: leads outside {folder}; nothing is written there")
    return folder / name


SITE_PAGE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\.(?:html|pdf)")
"""A relative link from one page of a site to another brief's page or PDF."""


def link_target(url: object) -> str | None:
    """``url`` when it may become a link (``https``, ``http`` or ``mailto``, with something after
    the scheme, or a site's own ``<id>.html``/``<id>.pdf``), else ``None``: the caller shows it
    as text or leaves it out."""
    if not isinstance(url, str):
        return None
    text = url.strip()
    if SITE_PAGE.fullmatch(text):
        return text
    if not text or any(ord(char) < 0x20 or ord(char) == 0x7F for char in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in LINK_SCHEMES:
        return None
    if parts.scheme.lower() == "mailto":
        return text if parts.path else None
    return text if parts.netloc else None


def tlp_marking(value: object) -> str:
    """The TLP marking ``value`` names exactly; ``""`` for none; ``TLP:RED`` for anything else:
    an unknown or misspelled marking (``"TLP:RED "``, ``"tlp:amber"``, ``5``) is never read as a
    weaker one."""
    if value is None or value == "":
        return ""
    return value if isinstance(value, str) and value in TLP_MARKINGS else "TLP:RED"


def figure_url(
    folder: Path,
    image: object,
    file_url: Callable[[Path], str] | None,
    *,
    limits: Limits,
    index: int | None = None,
) -> str:
    """A figure's URL in a document: ``file_url`` of its file, inside the brief's folder; or, for
    an inline figure or without ``file_url`` (a document that stands alone), its image as a
    ``data:`` URI once the image checks passed (whatever lint was told to ignore).

    ``limits`` are the caps the brief was linted within (a desk's ``[limits]``), so a render
    refuses no figure lint accepted. Messages name the figure as lint does (``figures[0].image``
    for ``index`` 0).
    """
    where = "figure" if index is None else f"figures[{index}].image"
    name = image if isinstance(image, str) else ""
    try:
        if file_url is not None and not is_inline(image):
            return file_url(resolve_inside(folder, name))
        info, data = read_figure(
            folder, name, max_bytes=limits.max_image_bytes, max_pixels=limits.max_image_pixels
        )
    except ImageProblem as problem:
        raise BriefkitError(f"{where}: {problem.message}") from None
    except OSError as exc:
        raise BriefkitError(f"{where}: cannot read {name!r}: {exc.strerror or exc}") from None
    return inline_uri(info, data)


def card_link(item: dict[str, Any], brief_url: str) -> str:
    """A discover-more card's link: its URL when the scheme is allowed, else the brand's page
    for its id when the id is an id; else none."""
    url = item.get("url")
    if url:
        return link_target(url) or ""
    brief_id = item.get("id")
    if brief_url and isinstance(brief_id, str) and ID_PATTERN.fullmatch(brief_id):
        return link_target(brief_url.replace("{id}", brief_id)) or ""
    return ""
