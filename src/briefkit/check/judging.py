"""Judging the findings once every rule ran: the rules across briefs, suppressions, configuration.

Per-brief rules run first (possibly in worker processes), then the rules across briefs over the
checked briefs and the rest of the repository. Only then are the findings judged, per file: the
brief's own suppressions (``x-briefkit.ignore``), which may silence any rule, a rule across
briefs included, and report the ones that matched nothing (BK190); then the configuration that
applies to the file (``select``, ``ignore``, ``per-file-ignores``, ``severity``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from briefkit.desk.config import Config, ConfigFinder
from briefkit.desk.repository import path_key
from briefkit.document.brief import Brief
from briefkit.findings import Finding
from briefkit.rules.catalogue import COLLECTION_RULES, RULES
from briefkit.rules.lint import apply_config, issue_fix
from briefkit.rules.suppressions import suppress


def collection_findings(checked: Sequence[Brief], others: Sequence[Brief]) -> Iterator[Finding]:
    """The rules across briefs over the checked briefs and the repository's ``others``: the
    findings the checked briefs suffer (on them) or cause (on another brief, when it names a
    checked brief as the one it duplicates). Placement is the rule's, never the order briefs were
    read in, so a full run and a run over the changed files agree."""
    keys: set[str] | None = None  # the checked briefs' paths, worked out when first needed
    ours = {id(brief) for brief in checked}
    everything = [*others, *checked]
    for rule in COLLECTION_RULES:
        assert rule.check_collection is not None
        for brief, issue in rule.check_collection(everything):
            if id(brief) not in ours:
                if not issue.related:
                    continue
                if keys is None:
                    keys = {path_key(mine.path) for mine in checked if mine.path != "-"}
                if path_key(issue.related) not in keys:
                    continue
            fix = issue_fix(brief, issue)
            finding = brief.finding(rule, issue.message, issue.path, key=issue.key, fix=fix)
            yield replace(finding, related=issue.related) if issue.related else finding


def judge(
    findings: Iterable[Finding],
    checked: Sequence[Brief],
    others: Sequence[Brief],
    configs: Mapping[str, Config],
    finder: ConfigFinder,
    *,
    collection: bool,
    suppressions: bool = True,
) -> list[Finding]:
    """``findings`` after each file's suppressions and configuration.

    ``checked`` are the briefs checked (stale suppressions are reported for them), ``others``
    the briefs read only for the rules across briefs (their suppressions apply, unjudged);
    ``configs`` the configuration of each checked file by name (else ``finder`` finds it).
    ``collection`` says whether the rules across briefs ran; ``suppressions=False`` applies the
    configuration only (``validate``: no rule runs that a brief could suppress).
    """
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_file[finding.file].append(finding)
    ours = {brief.path: brief for brief in checked}
    theirs = {brief.path: brief for brief in others}
    judged: list[Finding] = []
    for file in dict.fromkeys([*by_file, *(ours if suppressions else ())]):
        found = by_file.get(file, [])
        if suppressions:
            brief = ours.get(file) or theirs.get(file)
            found = suppress(brief, found, RULES, collection=collection, report_stale=file in ours)
        place = Path(file) if file != "-" else None
        config = configs.get(file) or finder.for_path(place or Path.cwd())
        judged.extend(apply_config(found, config, place))
    return judged
