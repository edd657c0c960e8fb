"""``briefkit render --server URL``: render through a ``briefkit serve`` service.

Plain :mod:`urllib` (nothing of the service's own packages), so an author's machine without
Pango renders through the firm's server. The answer is checked like a local render's: the same
findings (named after the local file), the same file written atomically, the same exit codes
(1 for a brief the service refused, 2 for a token it refused).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from briefkit.errors import EXIT_USAGE, BriefkitError
from briefkit.findings import Finding, Severity

MAX_ANSWER_BYTES = 512 * 1024 * 1024
"""The largest document accepted from a service."""


@dataclass(frozen=True)
class RemoteRender:
    """What to ask the service for."""

    url: str
    output_format: str = "pdf"
    paper: str | None = None
    standard: str | None = None
    layout: str | None = None
    brand: str | None = None
    token: str | None = None
    timeout: float | None = None


def read_token(path: Path) -> str:
    """The first token in a token file (one a line; ``#`` comments passed over)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        message = f"{path}: cannot read the token file: {exc}"
        raise BriefkitError(message, exit_code=EXIT_USAGE) from None
    for line in text.splitlines():
        if line.strip() and not line.strip().startswith("#"):
            return line.strip()
    raise BriefkitError(f"{path}: no token in the file", exit_code=EXIT_USAGE)


def render_remotely(raw: bytes, name: str, ask: RemoteRender) -> bytes:
    """The document the service at ``ask.url`` renders from the brief ``raw`` (its file
    ``name``, for findings); raises :class:`BriefkitError` with the service's findings."""
    parsed = urllib.parse.urlsplit(ask.url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise BriefkitError(
            f"{ask.url!r} is not a service address; write http://HOST:PORT",
            exit_code=EXIT_USAGE,
        )
    query = {
        key: str(value)
        for key, value in (
            ("format", ask.output_format),
            ("paper", ask.paper),
            ("standard", ask.standard),
            ("layout", ask.layout),
            ("brand", ask.brand),
            ("timeout", ask.timeout),
        )
        if value is not None
    }
    address = f"{ask.url.rstrip('/')}/v1/render?{urllib.parse.urlencode(query)}"
    request = urllib.request.Request(address, data=raw, method="POST")
    request.add_header("Content-Type", "application/json")
    if ask.token:
        request.add_header("Authorization", f"Bearer {ask.token}")
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            body: bytes = response.read(MAX_ANSWER_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise _refusal(error, name) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise BriefkitError(f"{ask.url}: cannot reach the render service: {reason}") from None
    if len(body) > MAX_ANSWER_BYTES:
        raise BriefkitError(f"{ask.url}: the service sent more than {MAX_ANSWER_BYTES:,} bytes")
    return body


def _refusal(error: urllib.error.HTTPError, name: str) -> BriefkitError:
    body = error.read(1024 * 1024)
    try:
        answer = json.loads(body)
    except ValueError:
        answer = {}
    if error.code == 401:
        return BriefkitError(
            "the render service refused the token (give --token-file with a valid one)",
            exit_code=EXIT_USAGE,
        )
    if error.code == 422 and isinstance(answer, dict) and "findings" in answer:
        findings = [_finding(item, name) for item in answer["findings"] if isinstance(item, dict)]
        return BriefkitError(f"{name}: the render service did not render it", findings)
    message = answer.get("error") if isinstance(answer, dict) else None
    retry = error.headers.get("Retry-After")
    later = f"; try again in {retry} s" if retry and error.code in (429, 503) else ""
    return BriefkitError(
        f"{name}: the render service answered {error.code}: {message or error.reason}{later}"
    )


def _finding(item: dict[str, object], name: str) -> Finding:
    severity = str(item.get("severity", "error"))
    known = {level.value for level in Severity}
    return Finding(
        code=str(item.get("code", "")),
        rule=str(item.get("rule", "")),
        severity=Severity(severity) if severity in known else Severity.ERROR,
        message=str(item.get("message", "")),
        file=name,
        pointer=str(item.get("pointer", "")),
        line=int(str(item.get("line", 1))),
        column=int(str(item.get("column", 1))),
    )
