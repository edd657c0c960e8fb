"""What ``briefkit check`` prints besides the report: its closing line on standard error, and
the configuration for ``--show-settings``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from briefkit.check.reporters import shown, summary_line
from briefkit.desk.config import ConfigFinder

if TYPE_CHECKING:
    from briefkit.check.runner import CheckResult


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
