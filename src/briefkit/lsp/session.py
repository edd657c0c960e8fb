"""What the server knows: the open buffers, and the findings for each at its current version.

Nothing here speaks the protocol: buffers are named by path, findings are briefkit's own. A
buffer is linted when it is a brief (the desk's rule) or does not parse yet (half-typed JSON is
the normal state of a buffer, and its syntax findings are what the author needs).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from briefkit.check.buffers import lint_text
from briefkit.desk.config import CONFIG_FILE, ConfigFinder
from briefkit.desk.detection import decide
from briefkit.desk.discovery import repository_root
from briefkit.desk.repository import context_briefs, path_key
from briefkit.errors import BriefkitError
from briefkit.findings import Finding
from briefkit.lsp.configuration import broken_configuration, configuration_findings

DETECT_LIMIT = 1024 * 1024
"""Buffers larger than this are briefs only if they name the brief schema near their start (as
files walked on disk are); lint then reports the size."""


@dataclass
class Buffer:
    """One open document: its path, its text and the version the editor gave it."""

    path: str
    text: str
    version: int
    findings: list[Finding] | None = None
    """The findings for this version, ``None`` until linted."""


@dataclass
class Session:
    """The open buffers of one editor, by path, and the desk's configuration."""

    buffers: dict[str, Buffer] = field(default_factory=dict)
    finder: ConfigFinder = field(default_factory=ConfigFinder)

    def open(self, path: str, text: str, version: int) -> None:
        self.buffers[path_key(path)] = Buffer(path, text, version)
        self._changed(path)

    def change(self, path: str, text: str, version: int) -> None:
        buffer = self.buffers.get(path_key(path))
        if buffer is None:
            self.open(path, text, version)
            return
        buffer.text, buffer.version, buffer.findings = text, version, None
        self._changed(path)

    def close(self, path: str) -> None:
        self.buffers.pop(path_key(path), None)
        self._changed(path)

    def saved(self, path: str) -> None:
        self._changed(path)

    def _changed(self, path: str) -> None:
        """A change to one buffer may change what the others say (a link now resolves, an id is
        now a duplicate; a configuration rules them all): their findings are computed again."""
        if is_configuration(path):
            self.finder = ConfigFinder()
        for buffer in self.buffers.values():
            if path_key(buffer.path) != path_key(path):
                buffer.findings = None

    def findings(self, path: str) -> list[Finding]:
        """The findings for the open buffer at ``path`` (none for a closed one)."""
        buffer = self.buffers.get(path_key(path))
        if buffer is None:
            return []
        if buffer.findings is None:
            buffer.findings = self._lint(buffer)
        return buffer.findings

    def _lint(self, buffer: Buffer) -> list[Finding]:
        if is_configuration(buffer.path):
            return configuration_findings(buffer.text, buffer.path)
        if not is_brief_text(buffer.text):
            return []
        overlay = {
            other.path: other.text
            for other in self.buffers.values()
            if other is not buffer and other.path.endswith(".json")
        }
        try:
            return lint_text(buffer.text, buffer.path, overlay, finder=self.finder)
        except BriefkitError as error:  # a broken configuration: said on the configuration
            return [broken_configuration(buffer.path, str(error))]

    def desk_briefs(self, path: str) -> dict[str, str]:
        """The ids of the desk's briefs (the open buffers where newer) and their titles."""
        titles: dict[str, str] = {}
        folder = Path(path).parent
        root = repository_root(folder if folder.exists() else Path(), self.finder)
        try:
            briefs = context_briefs(
                [root] if root else [], self.finder, {path_key(path)}, tracked_only=False
            )
        except BriefkitError:
            briefs = []
        for brief in briefs:
            titles[brief.id] = _title(brief.data)
        for buffer in self.buffers.values():
            if buffer.path.endswith(".json") and path_key(buffer.path) != path_key(path):
                data = _parsed(buffer.text)
                if isinstance(data, dict) and isinstance(data.get("id"), str):
                    titles[data["id"]] = _title(data)
        current = self.buffers.get(path_key(path))
        own = _parsed(current.text) if current is not None else None
        if isinstance(own, dict) and isinstance(own.get("id"), str):
            titles.pop(own["id"], None)  # a brief does not link to itself
        return titles


def is_configuration(path: str) -> bool:
    return Path(path).name == CONFIG_FILE


def is_brief_text(text: str) -> bool:
    """Whether a buffer is linted as a brief: it is one, it does not parse as JSON yet, or it is
    too large to be one."""
    if len(text) > DETECT_LIMIT:
        return True  # lint reports the size: one finding, not silence
    raw = text.encode("utf-8", "surrogatepass")
    return decide(raw, DETECT_LIMIT, json.loads) is not False


def _parsed(text: str) -> object:
    try:
        return json.loads(text)
    except ValueError:
        return None


def _title(data: dict[str, object]) -> str:
    title = data.get("title")
    return title if isinstance(title, str) else ""
