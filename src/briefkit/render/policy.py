"""The Content-Security-Policy every HTML file briefkit writes carries (a brief's page, the
site's library page): nothing is loaded from anywhere, images and fonts are ``data:`` URLs,
styles are inline, and the only scripts that run are the inline ones briefkit wrote, by hash.

The policy is a ``<meta>`` tag, so a site served from any static host has it. Whatever reached a
page by mistake (a ``javascript:`` link, an injected ``<script>``) cannot run under it.
"""

from __future__ import annotations

import base64
import hashlib
import re

_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL | re.IGNORECASE)
_HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)


def content_security_policy(html: str) -> str:
    """The policy for ``html``: its inline ``<script>`` elements allowed by their SHA-256."""
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"
        for body in _SCRIPT.findall(html)
    ]
    scripts = " ".join(sorted(set(hashes))) or "'none'"
    return (
        "default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'; "
        f"script-src {scripts}; base-uri 'none'; form-action 'none'; object-src 'none'"
    )


def with_content_security_policy(html: str) -> str:
    """``html`` with its policy as the first element of ``<head>``; unchanged when it has no
    ``<head>`` (a layout's fragment, never a page briefkit publishes)."""
    head = _HEAD.search(html)
    if head is None:
        return html
    meta = (
        f'\n<meta http-equiv="Content-Security-Policy" content="{content_security_policy(html)}">'
    )
    return html[: head.end()] + meta + html[head.end() :]
