"""What ``briefkit check`` prints besides the report: its closing line on standard error,
``--statistics`` in the chosen format, the colour choice, and the configuration for
``--show-settings``."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from briefkit.check.reporters import shown, statistics, summary_line
from briefkit.desk.config import ConfigFinder
from briefkit.findings import Finding

if TYPE_CHECKING:
    from briefkit.check.runner import CheckResult


class Color(StrEnum):
    """When the text report is coloured."""

    auto = "auto"
    always = "always"
    never = "never"


ColorOption = Annotated[
    Color,
    typer.Option(
        "--color",
        help="Colour the text report: auto (on a terminal; never when NO_COLOR is set, always "
        "when FORCE_COLOR is), always or never.",
    ),
]
QuietOption = Annotated[
    bool,
    typer.Option("--quiet", "-q", help="Print the report only: no summary line, no list of files."),
]
STATISTICS_FORMATS = ("text", "json")


def wants_color(choice: Color, stream: TextIO) -> bool:
    """Whether to colour: the flag, else NO_COLOR (no-color.org), else FORCE_COLOR
    (force-color.org), else whether ``stream`` is a terminal."""
    if choice is not Color.auto:
        return choice is Color.always
    if os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or stream.isatty()


def statistics_report(findings: Sequence[Finding], output_format: str) -> str:
    """``--statistics``: findings per rule, most frequent first, as text or JSON."""
    if output_format != "json":
        return statistics(findings)
    counted: dict[str, list[Finding]] = {}
    for finding in findings:
        counted.setdefault(finding.code, []).append(finding)
    rows = sorted(counted.items(), key=lambda item: (-len(item[1]), item[0]))
    entries = [
        {
            "code": code,
            "rule": found[0].rule,
            "severity": str(found[0].severity),
            "count": len(found),
        }
        for code, found in rows
    ]
    return json.dumps({"statistics": entries}, ensure_ascii=False, indent=2) + "\n"


def closing_line(
    result: CheckResult, *, staged: bool, paths: Sequence[Path] | None, since: str | None
) -> str:
    """The summary of the run, or why there was nothing to check."""
    if not result.nothing_to_check:
        return summary_line(result.findings, [shown(file) for file in result.files])
    if staged and paths and all(path.is_file() for path in paths):
        return "Nothing to check: no brief among the staged files named."
    where = f"since {since}" if since else "in what is staged"
    return f"Nothing to check: no brief changed {where}."


def settings_text(finder: ConfigFinder, path: Path) -> str:
    """The configuration for ``path``, one ``key = value  # origin`` line each."""
    config = finder.for_path(path)
    where = str(config.path) if config.path else "no configuration file (defaults)"
    lines = [f"# settings for {path} from {where}"]
    values: dict[str, object] = {
        "select": list(config.select),
        "ignore": list(config.ignore),
        "severity": {code: str(value) for code, value in config.severity.items()},
        "per-file-ignores": {pattern: list(codes) for pattern, codes in config.per_file_ignores},
        "exclude": list(config.exclude),
        "include": list(config.include),
        "required-sections": {k: list(v) for k, v in config.lint.required_sections.items()},
        "options": {
            "summary-words": list(config.lint.options.summary_words),
            "key-developments": list(config.lint.options.key_developments),
            "strategic-implications": list(config.lint.options.strategic_implications),
            "title-max-chars": config.lint.options.title_max_chars,
        },
        "limits": {
            key.replace("_", "-"): value
            for key, value in {**vars(config.lint.limits), **vars(config.render.limits)}.items()
        },
    }
    for key, value in values.items():
        origin = config.origins.get(key, "default")
        lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}  # {origin}")
    return "\n".join(lines)
