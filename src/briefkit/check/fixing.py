"""``--fix`` and ``--diff``: the fixes findings carry, applied to the briefs' files.

Each file with a chosen fix is read again, linted under its own configuration and fixed, pass
after pass (a trailing comma hides the schema findings behind it until it is gone), until no
chosen fix is left or :data:`MAX_PASSES` is reached. Only the spans the fixes name change: key
order, indentation, line endings and a byte-order mark stay as they were. A file is written only
when its text changed, atomically and with its permissions kept; a file that changed on disk
since it was read is left alone.
"""

from __future__ import annotations

import difflib
import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from briefkit.desk.config import Config, ConfigFinder
from briefkit.document.brief import parse_brief
from briefkit.errors import BriefkitError
from briefkit.files import read_file, write_atomically
from briefkit.findings import Finding, Fix
from briefkit.rules.catalogue import COLLECTION_RULES
from briefkit.rules.fixes import apply_fixes, chosen_fixes
from briefkit.rules.lint import apply_config, lint_with_config

MAX_PASSES = 10
"""Fix-and-re-lint rounds per file; each round removes at least one finding, so real briefs need
two or three."""

_BOM = b"\xef\xbb\xbf"

_ACROSS_BRIEFS = frozenset(rule.code for rule in COLLECTION_RULES)
"""Codes of the rules across briefs: their fixes come only with the check that found them."""


@dataclass(frozen=True)
class FileFix:
    """What fixing one file changes: its bytes before and after, and how many fixes it took."""

    path: Path
    before: bytes
    after: bytes
    fixes: int


def plan_fixes(
    findings: Iterable[Finding], finder: ConfigFinder, *, unsafe: bool = False
) -> list[FileFix]:
    """The changes ``--fix`` would make to the files of ``findings`` (nothing is written)."""
    findings = list(findings)
    names = sorted({f.file for f in findings if f.file != "-" and chosen_fixes([f], unsafe=unsafe)})
    across = [f for f in findings if f.code in _ACROSS_BRIEFS]
    plans = []
    for name in names:
        first = chosen_fixes([f for f in across if f.file == name], unsafe=unsafe)
        plan = _fix_file(Path(name), finder.for_path(Path(name)), unsafe, first)
        if plan is not None:
            plans.append(plan)
    return plans


def fix_text(text: str, name: str, config: Config, *, unsafe: bool = False) -> tuple[str, int]:
    """``text`` (a brief named ``name``) with its chosen fixes applied, re-linted after each
    pass, and how many fixes were applied: the library's ``--fix`` for unsaved text."""
    count = 0
    for _ in range(MAX_PASSES):
        fixes = chosen_fixes(_findings(text, name, config), unsafe=unsafe)
        if not fixes:
            break
        text, taken = apply_fixes(text, fixes)
        if not taken:
            break
        count += len(taken)
    return text, count


def _findings(text: str, name: str, config: Config) -> list[Finding]:
    try:
        brief = parse_brief(text.encode("utf-8", "surrogatepass"), name, config.lint.limits)
    except BriefkitError as error:
        return apply_config(error.findings, config, Path(name))
    return lint_with_config(brief, config)


def _fix_file(path: Path, config: Config, unsafe: bool, first: Sequence[Fix]) -> FileFix | None:
    """``first``: the fixes of rules across briefs, which linting the file alone cannot find
    again; they are applied to the text they were found in, before the file's own passes."""
    try:
        raw = read_file(path, config.lint.limits.max_read_bytes, regular_only=True)
        text = raw.removeprefix(_BOM).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None  # the re-check reports why the file cannot be read
    started, taken = apply_fixes(text, first)
    fixed, count = fix_text(started, os.fspath(path), config, unsafe=unsafe)
    count += len(taken)
    if fixed == text:
        return None
    bom = _BOM if raw.startswith(_BOM) else b""
    return FileFix(path, raw, bom + fixed.encode("utf-8"), count)


def write_fixes(plans: Sequence[FileFix]) -> list[FileFix]:
    """Write each planned file atomically, keeping its permissions; returns those written (a
    file changed on disk since it was planned is skipped)."""
    written = []
    for plan in plans:
        target = Path(os.path.realpath(plan.path))  # a linked brief is fixed where it lives
        try:
            if target.read_bytes() != plan.before:
                continue
            mode = stat.S_IMODE(target.stat().st_mode)
        except OSError:
            continue
        write_atomically(target, plan.after)
        target.chmod(mode)
        written.append(plan)
    return written


def unified_diff(plan: FileFix, names: tuple[str, str]) -> str:
    """The change as a unified diff, the file named ``names`` before and after."""
    before = plan.before.removeprefix(_BOM).decode("utf-8").splitlines(keepends=True)
    after = plan.after.removeprefix(_BOM).decode("utf-8").splitlines(keepends=True)
    lines = difflib.unified_diff(before, after, *names)
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )
