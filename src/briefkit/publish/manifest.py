"""The build manifest: what each published output was made from, so a rebuild renders only what
changed. It lives in the out folder and names only published briefs."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefkit.files import write_atomically

MANIFEST_NAME = ".briefkit-manifest.json"
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


def hash_tree(paths: Iterable[Path]) -> str:
    """A content hash of files and folders (recursively), names included."""
    digest = hashlib.sha256()
    for root in paths:
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for path in files:
            digest.update(f"{path.as_posix()}\0{hash_file(path)}\0".encode())
    return digest.hexdigest()


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
        """The manifest in ``folder``; an empty one when it is missing, unreadable or from another
        format (everything is then rendered again)."""
        try:
            data = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                return cls()
            briefs = {
                key: PublishedEntry(value["source"], value["inputs"], list(value["outputs"]))
                for key, value in data["briefs"].items()
            }
            return cls(str(data.get("briefkit", "")), briefs)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
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
