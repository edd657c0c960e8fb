"""Lint many candidate briefs: read each, take what the cache knows, compute the rest (in worker
processes when there is much of it), then finish every result the same way.

Cached and fresh results go through the same :func:`~briefkit.check.results.finish`, so a
re-check from the cache reports exactly what a check without it would.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

from briefkit.check.cache import ResultCache
from briefkit.check.results import (
    BriefResult,
    Outcome,
    brief_from_summary,
    brief_result,
    brief_results,
    content_hash,
    finish,
)
from briefkit.desk.discovery import Candidate
from briefkit.desk.repository import load_candidate, read_candidate
from briefkit.document.brief import Brief
from briefkit.errors import BriefkitError
from briefkit.rules.lint import apply_config

PARALLEL_FROM = 2_000
"""Fewer briefs than this to lint are linted in this process: a worker process takes a good part
of a second to start (it imports the rules and the schema validator), which only a large set
earns back."""

Read = tuple[int, Candidate, bytes]
CHUNK = 250
"""Briefs per task of a worker process: small enough for the work to be shared out evenly."""
NOT_PARSED = "a brief that does not parse (reported when it is checked)"


def check_candidates(
    work: Sequence[Candidate], rules: bool, *, jobs: int | None = None, cache: ResultCache | None
) -> list[Outcome]:
    """The outcome of each candidate, in order (``jobs``: worker processes at most, ``1`` for
    none; ``None`` for one per core when the set is large)."""
    outcomes: list[Outcome | None] = [None] * len(work)
    reads: list[Read] = []
    for index, candidate in enumerate(work):
        try:
            raw = read_candidate(candidate)
        except BriefkitError as error:
            if not error.findings:
                raise
            outcomes[index] = (apply_config(error.findings, candidate.config, candidate.path),
                               None, None)  # fmt: skip
            continue
        if isinstance(raw, str):
            outcomes[index] = ([], None, raw)
        else:
            reads.append((index, candidate, raw))

    results: dict[int, BriefResult] = {}
    misses: list[tuple[Read, str, str]] = []
    for read in reads:
        index, candidate, raw = read
        digest = settings = ""
        if cache is not None:
            digest, settings = content_hash(raw), cache.settings_key(candidate, rules)
            limit = candidate.config.lint.limits.max_image_bytes
            hit = cache.get(candidate.key, digest, settings, limit)
            if hit is None and candidate.certain:
                hit = _as_found(cache, candidate, digest, rules)
            if hit is not None:
                results[index] = hit
                continue
        misses.append((read, digest, settings))

    computed = _compute([read for read, _, _ in misses], rules, jobs)
    for ((index, candidate, _), digest, settings), result in zip(misses, computed, strict=True):
        results[index] = result
        if cache is not None:
            cache.put(candidate.key, digest, settings, result)
    for index, candidate, raw in reads:
        outcomes[index] = finish(candidate, raw, results[index], rules)
    return [outcome for outcome in outcomes if outcome is not None]


def _as_found(
    cache: ResultCache, candidate: Candidate, digest: str, rules: bool
) -> BriefResult | None:
    """The cached result of a named file that an earlier run found by walking: the same,
    unless that run passed the file over (a named file is checked whatever it holds)."""
    settings = cache.settings_key(candidate, rules, certain=False)
    found = cache.get(candidate.key, digest, settings, candidate.config.lint.limits.max_image_bytes)
    return found if found is not None and found.skipped is None else None


def _compute(reads: list[Read], rules: bool, jobs: int | None) -> list[BriefResult]:
    workers = min(jobs or os.cpu_count() or 1, max(1, len(reads) // 500))
    if workers <= 1 or (jobs is None and len(reads) < PARALLEL_FROM):
        return [brief_result(candidate, raw, rules) for _, candidate, raw in reads]
    from concurrent.futures import ProcessPoolExecutor  # only for large sets: start-up cost
    from multiprocessing import get_context

    work = [(candidate, raw) for _, candidate, raw in reads]
    size = min(CHUNK, -(-len(work) // workers))
    chunks = [work[start : start + size] for start in range(0, len(work), size)]
    # This process lints too, beside workers - 1 others: one interpreter fewer to start (each
    # imports the rules and the validator). The workers take chunks from the front; this process
    # takes the ones no worker has started, from the back, until they meet.
    # "spawn": a fresh interpreter, not a copy of this one ("fork" copies a parent that may hold
    # threads and locks, and is not the default everywhere), and no fork server left running.
    done: list[list[BriefResult] | None] = [None] * len(chunks)
    with ProcessPoolExecutor(workers - 1, mp_context=get_context("spawn")) as pool:
        futures = [pool.submit(brief_results, chunk, rules) for chunk in chunks]
        for index in reversed(range(len(chunks))):
            if futures[index].cancel():
                done[index] = brief_results(chunks[index], rules)
        results: list[BriefResult] = []
        for mine, future in zip(done, futures, strict=True):
            results.extend(mine if mine is not None else future.result())
        return results


def context_loader(cache: ResultCache) -> Callable[[Candidate], Brief | str]:
    """How a partial check reads the rest of the repository (:func:`~briefkit.desk.repository.
    context_briefs`): from the summary the cache keeps of a brief whose bytes and settings are
    unchanged, else by parsing it. The bytes read (the staged ones with ``--staged``) are hashed
    either way, so a summary is never taken for content it was not made from."""

    def load(candidate: Candidate) -> Brief | str:
        raw = read_candidate(candidate)
        if isinstance(raw, str):
            return raw
        limits = candidate.config.lint.limits
        settings = cache.settings_key(candidate, True)
        hit = cache.get(candidate.key, content_hash(raw), settings, limits.max_image_bytes)
        if hit is None:
            return load_candidate(candidate, raw)
        if hit.skipped is not None:
            return hit.skipped
        if hit.summary is None:
            return NOT_PARSED
        return brief_from_summary(candidate, raw, hit.summary)

    return load
