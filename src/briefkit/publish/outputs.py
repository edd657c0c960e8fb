"""A site's output files: named after a validated id, kept inside the out folder, and moved in
together.

A brief's outputs (``<id>.html``, ``<id>.pdf``) are rendered into :data:`STAGING` and moved into
the site only when both exist, so a brief that fails leaves nothing behind. Deleting goes through
:func:`remove_outputs`, which touches only regular files directly inside the out folder, whatever a
(possibly tampered) manifest names.
"""

from __future__ import annotations

import stat
from collections.abc import Sequence
from pathlib import Path

from briefkit.document.invariants import confined
from briefkit.errors import BriefkitError, Hint
from briefkit.findings import Finding

MANIFEST_NAME = ".briefkit-manifest.json"
STAGING = ".briefkit-staging"
"""Where a brief's outputs are rendered before they move into the site together."""
OUTPUT_SUFFIXES = (".html", ".pdf")


def remove_outputs(out: Path, names: Sequence[str]) -> bool:
    """Delete the outputs ``names`` from ``out``: only regular files directly inside it (never
    through a link, never elsewhere, whatever the manifest says). Whether any was there."""
    removed = False
    for name in names:
        try:
            target = confined(out, name)
            if stat.S_ISREG(target.lstat().st_mode):
                target.unlink()
                removed = True
        except (BriefkitError, OSError, ValueError):
            continue
    return removed


def outputs_of(key: str) -> list[str]:
    return [key + suffix for suffix in OUTPUT_SUFFIXES]


def publish_staged(out: Path, key: str) -> None:
    """Move a brief's staged outputs into the site together."""
    for name in outputs_of(key):
        (out / STAGING / name).replace(confined(out, name))


def located(findings: Sequence[Finding]) -> str:
    """Why a brief was not published, in one line: its first finding's place, code and message."""
    first = findings[0]
    more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
    return f"{first.line}:{first.column}: {first.code} {first.message}{more}"


def refuse_foreign_folder(out: Path) -> None:
    """A build writes into an empty or missing folder, or one an earlier build made (it has the
    manifest): never over someone's own files."""
    if out.is_dir() and not (out / MANIFEST_NAME).is_file() and any(out.iterdir()):
        raise BriefkitError(
            f"{out}: the out folder holds files that no briefkit build wrote", hint=Hint.OUT_FOLDER
        )
