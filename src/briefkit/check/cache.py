"""The result cache of ``briefkit check``: a re-check of unchanged briefs reads results, not briefs.

What a brief's content decides (a :class:`~briefkit.check.results.BriefResult`: its schema and
rule findings before suppressions, the summary the rules across briefs read) is kept per brief,
keyed by the brief's path and the hash of its bytes, the settings the verdict reads (lint
settings and limits, whether rules run, whether the file is certainly a brief), the schema and
briefkit's own code, and the hashes of every other file a rule read (figure images). Rules that
read today's date are never cached: the runner re-runs them, the suppressions and the
configuration's selection over every result, cached or not. Rules across briefs re-run from the
cached summaries.

Where: ``BRIEFKIT_CACHE_DIR``, else ``cache-dir`` in the configuration, else ``.briefkit_cache/``
at the desk's root (with a ``.gitignore`` of ``*``, as ruff's cache has). One JSON file, never
pickle (a cache folder is no more trusted than a brief), written atomically; an entry that does
not decode exactly is a miss, and a file of another format or another briefkit is ignored whole.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from briefkit.check.results import BriefResult, content_hash, dependency_state
from briefkit.desk.config import Config
from briefkit.desk.discovery import Candidate
from briefkit.errors import BriefkitError
from briefkit.files import read_file, write_atomically
from briefkit.findings import Edit, Finding, Fix, Severity

CACHE_ENV = "BRIEFKIT_CACHE_DIR"
DEFAULT_CACHE_DIR = ".briefkit_cache"
INDEX = "results-v1.json"
FORMAT = 1
MAX_INDEX_BYTES = 256 * 1_048_576
"""A cache file larger than this is not read (it is not ours, or not sane)."""


def cache_folder(root: Path, config: Config, environ: Mapping[str, str] = os.environ) -> Path:
    """Where the cache of the desk at ``root`` lives (see the module's documentation)."""
    if environ.get(CACHE_ENV):
        return Path(environ[CACHE_ENV])
    if config.cache_dir and config.path is not None:
        return config.path.parent / config.cache_dir
    return root / DEFAULT_CACHE_DIR


@cache
def tool_key() -> str:
    """What identifies this briefkit: its version, the brief schema, and the size and time of
    every module, so that an edited checkout never reads results of its former self."""
    from briefkit.assets import schema_path
    from briefkit.version import __version__

    package = Path(__file__).resolve().parents[1]
    parts = [__version__, content_hash(schema_path("brief").read_bytes())]
    for module in sorted(package.rglob("*.py")):
        stat = module.stat()
        parts.append(f"{module}:{stat.st_size}:{stat.st_mtime_ns}")
    return content_hash("\n".join(parts).encode("utf-8", "surrogateescape"))


class ResultCache:
    """The cache file of one desk, read on creation; :meth:`save` writes it when it changed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._entries = _read_entries(folder / INDEX)
        self._changed = False
        self._read: set[str] = set()
        """Paths read in this run: they exist, no need to look when saving."""
        self._settings: dict[tuple[int, bool, bool], str] = {}

    def settings_key(self, candidate: Candidate, rules: bool, certain: bool | None = None) -> str:
        """The part of the key that the settings of ``candidate`` make (``certain``: as if it
        were, or were not, certainly a brief)."""
        config = candidate.config
        memo = (id(config), rules, candidate.certain if certain is None else certain)
        if memo not in self._settings:
            lint = config.lint
            described = repr((lint.required_sections, lint.limits, lint.options, memo[1:]))
            self._settings[memo] = content_hash(f"{tool_key()}\n{described}".encode())
        return self._settings[memo]

    def get(self, path: str, digest: str, settings: str, max_bytes: int) -> BriefResult | None:
        """The cached result for the brief at ``path`` (absolute) whose bytes hash to
        ``digest``, or ``None``: nothing cached, another content or settings, a figure changed,
        or an entry that does not decode."""
        self._read.add(path)
        entry = self._entries.get(path)
        if not isinstance(entry, dict) or entry.get("hash") != digest:
            return None
        if entry.get("settings") != settings:
            return None
        try:
            result = _decode_result(entry)
        except (KeyError, TypeError, ValueError, IndexError):
            return None
        for image, state in result.dependencies:
            if dependency_state(Path(path).parent, image, max_bytes) != state:
                return None
        return result

    def put(self, path: str, digest: str, settings: str, result: BriefResult) -> None:
        self._entries[path] = {"hash": digest, "settings": settings, **_encode_result(result)}
        self._changed = True

    def save(self) -> None:
        """Write the cache file atomically if anything changed, without the entries of files
        that are gone; a cache that cannot be written is no error (the next run re-checks)."""
        if not self._changed:
            return
        entries = {
            path: entry
            for path, entry in self._entries.items()
            if path in self._read or Path(path).exists()
        }
        payload = {"format": FORMAT, "tool": tool_key(), "entries": entries}
        # ASCII: a file name that is not UTF-8 (surrogate escapes) round-trips as \\udcXX escapes.
        data = json.dumps(payload, separators=(",", ":")).encode("ascii")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# Automatically created by briefkit.\n*\n", encoding="utf-8")
            write_atomically(self.folder / INDEX, data)
        except (OSError, BriefkitError):
            return


def _read_entries(path: Path) -> dict[str, Any]:
    try:
        raw = read_file(path, MAX_INDEX_BYTES, regular_only=True)
        data = json.loads(raw)
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("tool") != tool_key():
        return {}
    entries = data.get("entries")
    return entries if isinstance(entries, dict) else {}


def _encode_result(result: BriefResult) -> dict[str, Any]:
    return {
        "skipped": result.skipped,
        "findings": [_encode_finding(finding) for finding in result.findings],
        "summary": result.summary,
        "dependencies": [list(pair) for pair in result.dependencies],
    }


def _decode_result(entry: dict[str, Any]) -> BriefResult:
    skipped, summary = entry["skipped"], entry["summary"]
    if not (skipped is None or isinstance(skipped, str)):
        raise TypeError("skipped")
    if not (summary is None or isinstance(summary, dict)):
        raise TypeError("summary")
    dependencies = tuple(
        (_str(image), _str(state)) for image, state in _list(entry["dependencies"])
    )
    findings = tuple(_decode_finding(row) for row in _list(entry["findings"]))
    return BriefResult(skipped, findings, summary, dependencies)


def _encode_finding(finding: Finding) -> list[Any]:
    fix = finding.fix
    encoded_fix = None
    if fix is not None:
        edits = [[e.offset, e.end_offset, e.text, e.line, e.column, e.end_line, e.end_column]
                 for e in fix.edits]  # fmt: skip
        encoded_fix = [fix.title, fix.safe, edits]
    f = finding
    return [f.code, f.rule, f.severity.value, f.message, f.pointer, f.line, f.column,
            f.end_line, f.end_column, f.offset, f.end_offset, encoded_fix]  # fmt: skip


def _decode_finding(row: Any) -> Finding:
    code, rule, severity, message, pointer, *numbers, fix = _list(row)
    line, column, end_line, end_column, offset, end_offset = (_int(n) for n in numbers)
    decoded_fix = None
    if fix is not None:
        title, safe, edits = _list(fix)
        if not isinstance(safe, bool):
            raise TypeError("safe")
        decoded_fix = Fix(_str(title), tuple(_decode_edit(edit) for edit in _list(edits)), safe)
    return Finding(_str(code), _str(rule), Severity(severity), _str(message), "", _str(pointer),
                   line, column, end_line=end_line, end_column=end_column, offset=offset,
                   end_offset=end_offset, fix=decoded_fix)  # fmt: skip


def _decode_edit(row: Any) -> Edit:
    offset, end_offset, text, line, column, end_line, end_column = _list(row)
    numbers = (_int(n) for n in (offset, end_offset, line, column, end_line, end_column))
    offset, end_offset, line, column, end_line, end_column = numbers
    return Edit(offset, end_offset, _str(text), line, column, end_line, end_column)


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError("list")
    return value


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("str")
    return value


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("int")
    return value
