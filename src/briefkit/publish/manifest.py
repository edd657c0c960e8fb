"""The build manifest: what each published output was made from, so a rebuild renders only what
changed. It lives in the out folder and names only published briefs."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefkit.document.brief import Brief, Limits
from briefkit.document.figures import read_figure
from briefkit.document.images import ImageProblem
from briefkit.document.invariants import ID_PATTERN
from briefkit.errors import BriefkitError
from briefkit.files import read_file, write_atomically
from briefkit.publish.outputs import MANIFEST_NAME, outputs_of
from briefkit.render.html import SHARED_STYLESHEETS, layout_search_path, resolve_layout

FORMAT = 1


def hash_json(value: Any) -> str:
    """A content hash of a JSON-able value (keys sorted, so equal values hash equal)."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def hash_file(path: Path) -> str:
    """A content hash of one file (``missing`` when it cannot be read). Never cached: a
    long-lived process may build again after a file changed."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


def hash_figure(folder: Path, name: str, limits: Limits) -> str:
    """A figure's content hash (a file's or an inline image's), read by the sandboxed image
    reader within ``limits``, the caps lint holds the brief to (``unusable`` for what lint
    refuses: a FIFO or ``/dev/zero`` is never read)."""
    try:
        _, data = read_figure(
            folder, name, max_bytes=limits.max_image_bytes, max_pixels=limits.max_image_pixels
        )
    except ImageProblem:
        return "unusable"
    return hash_json(data.hex())


def hash_figures(brief_path: Path, data: dict[str, Any], limits: Limits) -> str:
    """A content hash of a brief's figures, each read by the sandboxed image reader within
    ``limits`` (a desk's ``[limits]``): a figure lint accepts is hashed by its content, so a
    rebuild sees it change."""
    folder = brief_path.resolve().parent
    figures = data.get("figures")
    names = [
        item["image"]
        for item in (figures if isinstance(figures, list) else ())
        if isinstance(item, dict) and isinstance(item.get("image"), str)
    ]
    return hash_json([[name, hash_figure(folder, name, limits)] for name in names])


def hash_tree(paths: Iterable[Path]) -> str:
    """A content hash of files and folders (recursively), names included."""
    digest = hashlib.sha256()
    for root in paths:
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for path in files:
            digest.update(f"{path.as_posix()}\0{hash_file(path)}\0".encode())
    return digest.hexdigest()


MAX_MANIFEST_BYTES = 64 * 1_048_576


def _parsed(data: Any) -> Manifest | None:
    """``data`` as a manifest when it has exactly the shape a build writes, else ``None``."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    briefs = data.get("briefs")
    version = data.get("briefkit", "")
    if not isinstance(briefs, dict) or not isinstance(version, str):
        return None
    entries: dict[str, PublishedEntry] = {}
    for key, value in briefs.items():
        if not ID_PATTERN.fullmatch(key) or not isinstance(value, dict):
            return None
        source, inputs, outputs = value.get("source"), value.get("inputs"), value.get("outputs")
        if not isinstance(source, str) or not isinstance(inputs, str):
            return None
        if not isinstance(outputs, list) or not set(outputs) <= set(outputs_of(key)):
            return None
        entries[key] = PublishedEntry(source, inputs, list(outputs))
    return Manifest(version, entries)


@dataclass
class PublishedEntry:
    """One published brief in the manifest."""

    source: str
    inputs: str
    outputs: list[str]


@dataclass
class Manifest:
    """Published briefs by id, and the hash of what each one's outputs were made from."""

    version: str = ""
    briefs: dict[str, PublishedEntry] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        """The manifest in ``folder``; an empty one when it is missing, unreadable, from another
        format or not exactly the shape a build writes (everything is then rendered again).

        The manifest is input like any other (it may be committed, or edited): it is read only
        from a regular file, within a size limit, and each entry must name a brief id and only
        that brief's own outputs, so that no entry can make a build delete another file.
        """
        try:
            text = read_file(folder / MANIFEST_NAME, MAX_MANIFEST_BYTES, regular_only=True)
            if len(text) > MAX_MANIFEST_BYTES:
                return cls()
            data = json.loads(text.decode("utf-8"))
            return _parsed(data) or cls()
        except (OSError, ValueError, TypeError, RecursionError):
            return cls()

    def save(self, folder: Path) -> None:
        """Write the manifest atomically."""
        data = {
            "format": FORMAT,
            "briefkit": self.version,
            "briefs": {
                key: {"source": entry.source, "inputs": entry.inputs, "outputs": entry.outputs}
                for key, entry in sorted(self.briefs.items())
            },
        }
        text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
        write_atomically(folder / MANIFEST_NAME, text.encode("utf-8"))


PAGE_FILES = ("base.html", "screen.css", "site/nav.html")
"""Layout files of a brief's page besides its layout's and the shared stylesheets."""


def hash_layout(
    brief: Brief, layout_name: str | None, layout_dirs: Sequence[Path], cache: dict[str, str]
) -> str:
    """A hash of the layout files a brief is rendered with: the shared files and fonts on the
    search path, and its layout's folder (``layout_name``, else the one for its kind)."""
    try:
        layout = resolve_layout(brief, layout_name, layout_dirs)
    except BriefkitError:
        return "unknown-layout"
    if layout.name not in cache:
        paths: list[Path] = [layout.folder]
        for folder in layout_search_path(layout_dirs):
            for name in (*SHARED_STYLESHEETS, *PAGE_FILES, "parts.html", "labels.json", "fonts"):
                if (folder / name).exists():
                    paths.append(folder / name)
        cache[layout.name] = hash_tree(paths)
    return cache[layout.name]
