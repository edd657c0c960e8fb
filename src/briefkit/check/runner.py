"""``briefkit check``: every brief under some paths, with the repository's configuration.

Files are found (folders walked, excludes honoured), each brief is loaded and linted under the
configuration that applies to it, then the collection rules run over all of them together. The
result is one list of findings for every reporter. A large set is linted on all cores.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from briefkit.check.config import Config, ConfigFinder
from briefkit.document.brief import Brief, load_brief, parse_brief
from briefkit.errors import BriefkitError
from briefkit.findings import Finding
from briefkit.rules.catalogue import RULES
from briefkit.rules.collection import COLLECTION_KEYS
from briefkit.rules.lint import lint_brief

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

PARALLEL_FROM = 200
"""Below this many files, starting worker processes costs more than it saves."""


@dataclass(frozen=True)
class CheckResult:
    """The findings over all checked files, sorted, and the files checked."""

    findings: list[Finding]
    files: list[str]


def apply_config(findings: Iterable[Finding], config: Config, file: Path | None) -> list[Finding]:
    """Drop the findings the configuration does not select for ``file``; set their severities."""
    kept = []
    for finding in findings:
        if not config.enabled(finding.code, file):
            continue
        severity = config.severity_of(finding.code, finding.severity)
        kept.append(
            finding if severity is finding.severity else replace(finding, severity=severity)
        )
    return kept


def lint_with_config(brief: Brief, config: Config) -> list[Finding]:
    """Lint one brief under a repository configuration."""
    file = Path(brief.path) if brief.path != "-" else None
    return apply_config(lint_brief(brief, config.lint), config, file)


def discover(paths: Sequence[Path], finder: ConfigFinder) -> list[Path]:
    """The brief files named by ``paths``: files as given, folders walked recursively.

    Inside a folder, a file is a brief when it matches the configuration's ``include`` patterns
    and neither it nor a folder above it matches ``exclude`` (both gitignore-style, relative to
    the configuration file). Files named on the command line are always checked.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(_walk(path, finder))
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def _walk(folder: Path, finder: ConfigFinder) -> Iterator[Path]:
    import pathspec  # only when walking folders

    specs: dict[Path | None, tuple[GitIgnoreSpec, GitIgnoreSpec]] = {}

    def spec_for(config: Config) -> tuple[GitIgnoreSpec, GitIgnoreSpec]:
        if config.path not in specs:
            specs[config.path] = (
                pathspec.GitIgnoreSpec.from_lines(config.exclude),
                pathspec.GitIgnoreSpec.from_lines(config.include),
            )
        return specs[config.path]

    top = folder.resolve()
    bases: dict[Path | None, Path] = {}

    def base_for(config: Config) -> Path:
        """What the config's patterns are relative to: its own folder, except that a folder
        named on the command line is checked even if excluded, with patterns applied inside it."""
        if config.path not in bases:
            root = config.root.resolve()
            named = top.relative_to(root).as_posix() if top.is_relative_to(root) else ""
            excluded = bool(named) and spec_for(config)[0].match_file(named + "/")
            bases[config.path] = top if excluded else root
        return bases[config.path]

    def relative(path: Path, config: Config) -> str | None:
        try:
            return path.resolve().relative_to(base_for(config)).as_posix()
        except ValueError:
            return None

    for current, folders, files in os.walk(folder):
        here = Path(current)
        config = finder.for_path(here)
        exclude, include = spec_for(config)
        kept_folders = []
        for name in sorted(folders):
            rel = relative(here / name, config)
            if rel is None or not exclude.match_file(rel + "/"):
                kept_folders.append(name)
        folders[:] = kept_folders
        for name in sorted(files):
            rel = relative(here / name, config) or name
            if include.match_file(rel) and not exclude.match_file(rel):
                yield here / name


def _check_one(path: Path, config: Config) -> tuple[list[Finding], Brief | None]:
    try:
        brief = load_brief(path, config.lint.limits)
    except BriefkitError as error:
        if not error.findings:
            raise
        return apply_config(error.findings, config, path), None
    return lint_with_config(brief, config), brief


def _check_chunk(
    chunk: list[tuple[Path, Config]],
) -> list[tuple[list[Finding], Brief | None]]:
    return [_check_one(path, config) for path, config in chunk]


def _check_chunk_in_worker(
    chunk: list[tuple[Path, Config]],
) -> list[tuple[list[Finding], Brief | None]]:
    """As :func:`_check_chunk`, but each brief comes back with only what the collection rules
    read, so that less crosses between processes."""
    results = []
    for findings, brief in _check_chunk(chunk):
        if brief is not None:
            slim = {key: brief.data[key] for key in COLLECTION_KEYS if key in brief.data}
            brief = Brief(brief.path, slim, brief.source)
        results.append((findings, brief))
    return results


def check_paths(
    paths: Sequence[Path],
    finder: ConfigFinder,
    *,
    stdin: bytes | None = None,
    jobs: int | None = None,
    collection: bool = True,
    walk: bool = True,
) -> CheckResult:
    """Check every brief under ``paths`` (and one from standard input when ``stdin`` is given).

    ``collection=False`` skips the rules across briefs; ``walk=False`` takes ``paths`` as files
    only (a folder is then reported as unreadable, as ``briefkit lint`` does).
    """
    files = discover(paths, finder) if walk else list(paths)
    work = [(path, finder.for_path(path)) for path in files]
    results: list[tuple[list[Finding], Brief | None]] = []
    names = [str(path) for path in files]

    workers = min(jobs or os.cpu_count() or 1, max(1, len(work) // 50))
    if len(work) >= PARALLEL_FROM and workers > 1:
        from concurrent.futures import ProcessPoolExecutor  # only for large sets: start-up cost
        from multiprocessing import get_context

        size = -(-len(work) // (workers * 4))
        chunks = [work[start : start + size] for start in range(0, len(work), size)]
        with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
            for chunk_results in pool.map(_check_chunk_in_worker, chunks):
                results.extend(chunk_results)
    else:
        results = _check_chunk(work)

    if stdin is not None:
        config = finder.for_path(Path.cwd())
        names.append("-")
        try:
            brief = parse_brief(stdin, "-", config.lint.limits)
            results.append((lint_with_config(brief, config), brief))
        except BriefkitError as error:
            if not error.findings:
                raise
            results.append((apply_config(error.findings, config, None), None))

    findings = [finding for found, _ in results for finding in found]
    briefs = [brief for _, brief in results if brief is not None]
    if collection:
        findings.extend(_collection_findings(briefs, finder))
    findings.sort(key=lambda finding: finding.sort_key)
    return CheckResult(findings, names)


def _collection_findings(briefs: Sequence[Brief], finder: ConfigFinder) -> Iterator[Finding]:
    for rule in RULES.values():
        if rule.check_collection is None:
            continue
        for brief, issue in rule.check_collection(briefs):
            config = finder.for_path(Path(brief.path) if brief.path != "-" else Path.cwd())
            finding = brief.finding(
                rule.code, rule.name, rule.severity, issue.message, issue.path, key=issue.key
            )
            yield from apply_config([finding], config, Path(brief.path))
