"""Fingerprints that identify a finding across runs (GitLab's ``fingerprint``, SARIF's
``partialFingerprints``), so that dashboards track a problem, not a line of text.

A fingerprint is the rule code, the file's path relative to the report's root, the JSON Pointer,
the other brief's path (for a finding across briefs) and an occurrence index among findings equal
in all of these. Never the message, a date or a line number: editing another part of the file,
another file, or running on another day leaves it unchanged.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from briefkit.findings import Finding

SARIF_FINGERPRINT = "briefkitFindingHash/v1"
"""The key of briefkit's fingerprint in SARIF ``partialFingerprints`` (name/version, as SARIF
recommends, so that a future scheme gets a new key instead of silently changing values)."""


def _relative(file: str, root: Path) -> str:
    if file in ("", "-"):
        return file
    path = Path(os.path.normpath(Path(file).absolute()))
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def fingerprints(findings: Sequence[Finding], root: Path) -> list[str]:
    """One fingerprint per finding, in order; paths are taken relative to ``root``."""
    import hashlib  # only for the formats that need it: loading OpenSSL costs a cold start

    root = root.absolute()
    seen: dict[bytes, int] = {}
    found = []
    for finding in findings:
        related = _relative(finding.related, root) if finding.related else ""
        parts = (finding.code, _relative(finding.file, root), finding.pointer, related)
        identity = "\0".join(parts).encode("utf-8", "surrogateescape")
        occurrence = seen.get(identity, 0)
        seen[identity] = occurrence + 1
        found.append(hashlib.sha256(identity + b"\0%d" % occurrence).hexdigest())
    return found
