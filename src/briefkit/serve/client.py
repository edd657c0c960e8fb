"""``briefkit render --server URL``: render through a ``briefkit serve`` service.

Plain :mod:`urllib` (nothing of the service's own packages), so an author's machine without
Pango renders through the firm's server. Figures go inline, as ``data:`` URIs read by the local
sandboxed image reader (:func:`request_body`), on the lines where their paths were, so the
service's findings keep their lines. The answer is checked like a local render's: the same
findings (named after the local file), the same exit codes (1 for a brief the service refused,
2 for a token it refused); PNG pages come back in a zip (:mod:`briefkit.serve.pages`).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefkit.errors import EXIT_USAGE, BriefkitError, Hint
from briefkit.findings import Finding, Fix, Severity
from briefkit.serve.pages import unpack_pages

if TYPE_CHECKING:
    from briefkit.document.brief import Brief, Limits

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
    dpi: int | None = None


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


def request_body(brief: Brief, limits: Limits) -> bytes:
    """The brief as a service is sent it: its text with each figure file replaced, in place, by
    its image as a ``data:`` URI, read by the local sandboxed reader within ``limits``. Raises
    :class:`BriefkitError` with a located BK140 finding for each figure that cannot be used (as
    lint words it); nothing is sent then."""
    from briefkit.document.figures import inline_uri, read_figures
    from briefkit.rules.catalogue import RULES
    from briefkit.rules.fixes import apply_fixes

    findings: list[Finding] = []
    inlined: list[Fix] = []
    for figure in read_figures(
        brief.data,
        brief.folder,
        max_bytes=limits.max_image_bytes,
        max_pixels=limits.max_image_pixels,
        files_only=True,  # an inline figure is the service's to judge, as lint would
    ):
        span = brief.source.exact_span(figure.path)
        if span is None:
            continue
        if figure.problem is not None:
            findings.append(brief.finding(RULES["BK140"], figure.problem, figure.path))
        elif figure.read is not None:
            edit = brief.edit(*span, json.dumps(inline_uri(*figure.read)))
            inlined.append(Fix(f"inline {figure.image}", (edit,), safe=True))
    if findings:
        raise BriefkitError(f"{brief.path}: a figure cannot be sent to the service", findings)
    text, _ = apply_fixes(brief.source.text, inlined)
    return text.encode("utf-8")


def png_pages(body: bytes, name: str) -> tuple[bytes, ...]:
    """The PNG pages in a service's zip answer (``<id>-N.png``), in page order. Raises
    :class:`BriefkitError` when it is not such a zip or unpacks past :data:`MAX_ANSWER_BYTES`."""
    return unpack_pages(body, name, MAX_ANSWER_BYTES)


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
            ("dpi", ask.dpi),
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
            "the render service refused the token", exit_code=EXIT_USAGE, hint=Hint.SERVICE_TOKEN
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
