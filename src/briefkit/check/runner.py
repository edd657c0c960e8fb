"""``briefkit check``: every brief under some paths, with the repository's configuration.

Briefs are found (:mod:`briefkit.desk.discovery`), each is loaded and linted under the
configuration that applies to it, then the collection rules run over all of them together, with
the ids of every other brief in the repository, so that checking part of it (a folder, standard
input, the files changed since a commit) gives no false broken links. The result is one list of
findings for every reporter. Results are kept in the desk's cache when asked
(:mod:`briefkit.check.cache`); a large set is linted on all cores.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from briefkit.check.cache import ResultCache, cache_folder
from briefkit.check.judging import collection_findings, judge
from briefkit.check.linting import check_candidates, context_loader
from briefkit.check.results import Outcome, with_sections
from briefkit.desk.config import Config, ConfigError, ConfigFinder
from briefkit.desk.discovery import (
    Candidate,
    NoBriefsFound,
    discover_briefs,
    repository_root,
    require_briefs,
)
from briefkit.desk.identity import one_per_file
from briefkit.desk.index import as_found, from_index, is_named_file
from briefkit.desk.repository import (
    context_briefs,
    editions_of_checked,
    linkers_to_lost,
    load_candidate,
    path_key,
    shown_path,
    uncovered_roots,
)
from briefkit.document.brief import Brief, parse_brief
from briefkit.errors import BriefkitError, Hint
from briefkit.findings import Finding
from briefkit.rules.lint import lint_findings
from briefkit.validation.schema import validate_brief

if TYPE_CHECKING:
    from briefkit.desk.history import Changes


@dataclass(frozen=True)
class CheckResult:
    """The findings over all checked files, sorted, and the files checked."""

    findings: list[Finding]
    files: list[str]
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """Files passed over, with why (``--verbose``)."""
    nothing_to_check: bool = False
    """``--changed-since``/``--staged`` found no changed brief."""


class NothingFound(NoBriefsFound):
    """No brief in the folders walked (exit 2), with the files passed over and why, for a
    reader who asks (``--verbose``)."""

    def __init__(
        self, message: str, skipped: list[tuple[str, str]], hint: Hint | None = None
    ) -> None:
        super().__init__(message, hint=hint)
        self.skipped = skipped


@dataclass(frozen=True)
class CheckScope:
    """What to check besides the paths: standard input, changes, discovery switches."""

    stdin: bytes | None = None
    stdin_filename: Path | None = None
    changed_since: str | None = None
    staged: bool = False
    force_exclude: bool = False
    allow_empty: bool = True
    repository_links: bool = True
    outputs: frozenset[str] = frozenset()
    """Absolute paths of the reports this run writes: never checked."""
    cache: bool = False
    """Keep and reuse results in the desk's result cache (:mod:`briefkit.check.cache`)."""


def check_paths(
    paths: Sequence[Path],
    finder: ConfigFinder | None = None,
    *,
    jobs: int | None = None,
    collection: bool = True,
    walk: bool = True,
    rules: bool = True,
    scope: CheckScope | None = None,
) -> CheckResult:
    """Check every brief under ``paths``, and what ``scope`` adds (a brief from standard input,
    only what changed since a commit...).

    ``collection=False`` skips the rules across briefs; ``walk=False`` takes ``paths`` as files
    only (a folder is then reported as unreadable, as ``briefkit lint`` does); ``rules=False``
    checks against the schema only, as ``briefkit validate`` does. A named path that
    does not exist is a BK007 finding; the others are still checked.

    ``finder`` gives each brief its configuration; by default the nearest ``briefkit.toml`` or
    ``[tool.briefkit]`` above it, as ``briefkit check`` reads them.
    """
    with collector_paused():
        return _check_paths(paths, finder, jobs, collection, walk, rules, scope or CheckScope())


def _check_paths(
    paths: Sequence[Path],
    finder: ConfigFinder | None,
    jobs: int | None,
    collection: bool,
    walk: bool,
    rules: bool,
    scope: CheckScope,
) -> CheckResult:
    finder = finder if finder is not None else ConfigFinder()
    changes: Changes | None = None
    hook_files = _hook_files(paths, scope)
    if walk:
        discovery = discover_briefs(
            paths,
            finder,
            force_exclude=scope.force_exclude or hook_files,
            detect=False,
            tracked_only=scope.staged,
        )
        candidates = list(discovery.candidates)
        found = list(discovery.findings)
        skipped = [(os.fspath(path), why) for path, why in discovery.skipped]
        walked = discovery.walked
    else:
        given = [Candidate(path, finder.for_path(path), True, False) for path in paths]
        passed_over: list[tuple[Path, str]] = []
        candidates = one_per_file(given, passed_over)
        found, walked = [], ()
        skipped = [(os.fspath(path), why) for path, why in passed_over]

    if scope.outputs:
        candidates = _without_outputs(candidates, scope.outputs)
    stdin_key = path_key(scope.stdin_filename) if scope.stdin_filename is not None else None
    if stdin_key is not None:
        candidates = [c for c in candidates if c.key != stdin_key]

    everything = candidates
    root = None
    if scope.changed_since is not None or scope.staged:
        root = _root_of(paths, finder, scope)
        if root is None or (changes := _changes(root, scope)) is None:
            raise ConfigError(
                f"{os.fspath(paths[0] if paths else Path())} is not in a git repository",
                hint=Hint.GIT_REPOSITORY,
            )
        if scope.staged:
            if hook_files:
                everything, not_briefs = as_found(everything)
                skipped.extend((os.fspath(path), why) for path, why in not_briefs)
            everything, not_staged = from_index(everything, root)
            skipped.extend((os.fspath(path), why) for path, why in not_staged)
        if changes.all_changed or hook_files:
            candidates = everything
        else:
            candidates = [c for c in everything if c.key in changes.paths]

    cache = _open_cache(paths, finder) if scope.cache else None
    results = check_candidates(candidates, rules, jobs=jobs, cache=cache)
    if scope.stdin is not None:
        results.append(_check_stdin(scope, finder, rules))

    findings = list(found)
    raw: list[Finding] = []
    """Findings of the checked files before suppressions and configuration (:func:`judge`)."""
    configs: dict[str, Config] = {}
    briefs: list[Brief] = []
    files: list[str] = []
    for candidate, (found_here, brief, why) in zip(candidates, results, strict=False):
        if why is not None:
            skipped.append((os.fspath(candidate.path), why))
            continue
        files.append(os.fspath(candidate.path))
        configs[files[-1]] = candidate.config
        raw.extend(found_here)
        if brief is not None:
            briefs.append(brief)
    if scope.stdin is not None:
        found_here, brief, _ = results[-1]
        files.append(os.fspath(scope.stdin_filename) if scope.stdin_filename else "-")
        raw.extend(found_here)
        if brief is not None:
            briefs.append(brief)

    context: list[Brief] = []
    if collection and scope.repository_links:
        checked = {c.key for c in candidates} | ({stdin_key} if stdin_key else set())
        load = context_loader(cache) if cache is not None else load_candidate
        if changes is not None:
            context_roots = [root] if root is not None else []
            context = context_briefs(
                context_roots, finder, checked, tracked_only=scope.staged, staged=scope.staged,
                load=load,
            )  # fmt: skip
        else:
            named = [p for p in paths if os.fspath(p) != "-"]
            if scope.stdin is not None:
                named.append(scope.stdin_filename or Path())
            context_roots = uncovered_roots(named, finder, walked)
            context = context_briefs(context_roots, finder, checked, tracked_only=False, load=load)
        if changes is not None:
            linkers = (
                linkers_to_lost(changes.old_ids, briefs, context) if changes.old_ids else set()
            )
            linkers |= editions_of_checked(briefs, context)
            extra = [c for c in everything if c.key in linkers]
            for candidate, (found_here, brief, why) in zip(
                extra, check_candidates(extra, rules, jobs=jobs, cache=cache), strict=True
            ):
                if why is None:
                    files.append(os.fspath(candidate.path))
                    configs[files[-1]] = candidate.config
                    raw.extend(found_here)
                if brief is not None:
                    briefs.append(brief)
            context = [b for b in context if path_key(b.path) not in linkers]

    if changes is not None and not files:
        return CheckResult(findings, files, _sorted(skipped), nothing_to_check=True)
    if not scope.allow_empty and changes is None:
        try:
            require_briefs(walked, len(files))
        except NoBriefsFound as error:
            raise NothingFound(error.message, _sorted(skipped), error.hint) from None

    if cache is not None:
        cache.save()
    others = [Brief(shown_path(b.path), b.data, b.source) for b in context]
    if collection:
        # Editions and their sources hold their translated sections again (a cached summary
        # does not keep them), checked briefs and the rest of the repository alike.
        briefs, others = with_sections(briefs, others), with_sections(others, briefs)
        raw.extend(collection_findings(briefs, others))
    findings.extend(
        judge(raw, briefs, others, configs, finder, collection=collection, suppressions=rules)
    )
    if scope.stdin is not None:
        configs["-"] = finder.for_path(scope.stdin_filename or Path.cwd())
    findings.extend(_configuration_findings(configs.values()))
    findings.sort(key=lambda finding: finding.sort_key)
    return CheckResult(findings, files, _sorted(skipped))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused: a check makes many small objects that form no cycles
    (a cached re-check of 10,000 briefs spends a tenth of its time collecting otherwise). The
    collector runs again afterwards, as it was (another thread's check may have paused it)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _configuration_findings(configs: Iterable[Config]) -> list[Finding]:
    """What is wrong in each configuration file the checked briefs read, once per file (a
    suppression without a reason: :mod:`briefkit.desk.suppressions`). The configuration does
    not apply to these: a file cannot ignore its own problems."""
    by_file = {config.path: config.findings for config in configs if config.path is not None}
    return [finding for findings in by_file.values() for finding in findings]


def _open_cache(paths: Sequence[Path], finder: ConfigFinder) -> ResultCache:
    """The result cache of the desk of the first path (the working folder's without one)."""
    first = next((path for path in paths if path.exists()), Path())
    root = repository_root(first, finder) or Path.cwd()
    return ResultCache(cache_folder(root, finder.for_path(root)))


def _without_outputs(candidates: list[Candidate], outputs: frozenset[str]) -> list[Candidate]:
    """The candidates without this run's report files: a report left by an earlier run is not
    checked, but a report path that holds a brief is refused (the report would replace it)."""
    kept = []
    for candidate in candidates:
        if candidate.key not in outputs:
            kept.append(candidate)
            continue
        try:
            loaded = load_candidate(candidate)
        except BriefkitError:
            loaded = "unreadable"
        if candidate.certain or isinstance(loaded, Brief):
            raise BriefkitError(
                f"{candidate.path}: the output would overwrite {candidate.path}, one of the "
                "inputs; choose another output path"
            )
    return kept


def _sorted(skipped: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted(set(skipped))


def _check_stdin(scope: CheckScope, finder: ConfigFinder, rules: bool) -> Outcome:
    assert scope.stdin is not None
    named = scope.stdin_filename
    config = finder.for_path(named if named is not None else Path.cwd())
    name = os.fspath(named) if named is not None else "-"
    try:
        brief = parse_brief(scope.stdin, name, config.lint.limits)
    except BriefkitError as error:
        if not error.findings:
            raise
        return list(error.findings), None, None
    return (lint_findings(brief, config.lint) if rules else validate_brief(brief)), brief, None


def _hook_files(paths: Sequence[Path], scope: CheckScope) -> bool:
    """Whether this is a hook's run: ``--staged`` with files named (pre-commit passes the staged
    ``.json`` files). Those files are checked, whatever else is staged, as found by walking
    (what is not a brief is passed over); none of them a brief is "nothing to check"."""
    return scope.staged and bool(paths) and all(is_named_file(path) for path in paths)


def _root_of(paths: Sequence[Path], finder: ConfigFinder, scope: CheckScope) -> Path | None:
    first = scope.stdin_filename or (paths[0] if paths else Path())
    return repository_root(first if first.exists() else Path(), finder)


def _changes(root: Path, scope: CheckScope) -> Changes | None:
    from briefkit.desk.history import changed_since, staged_changes  # only with changes

    if scope.staged:
        return staged_changes(root)
    assert scope.changed_since is not None
    return changed_since(root, scope.changed_since)
