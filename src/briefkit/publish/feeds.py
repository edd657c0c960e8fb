"""The site's JSON Feed (version 1.1), beside the Atom feed: the same briefs, for readers and
site integrations that read JSON.

Like the Atom feed it lists only the briefs it is given (the caller passes published briefs
only), newest first; it is built as data and written with ``json.dumps``, so nothing in a brief
can break it. Links are absolute under ``site-url``, else relative to the feed itself.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from briefkit.publish.collection import Entry, newest_first
from briefkit.render.brand import Brand

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
JSON_FEED = "feed.json"


def _published(day: str) -> str | None:
    return f"{day}T00:00:00Z" if day else None


def _item(entry: Entry, site_url: str) -> dict[str, Any]:
    page = f"{site_url}{entry.id}.html"
    item: dict[str, Any] = {
        "id": page if site_url else f"urn:briefkit:brief:{entry.id}",
        "url": page,
        "title": entry.title,
        "content_text": entry.teaser or entry.title,
    }
    if entry.teaser:
        item["summary"] = entry.teaser
    published = _published(entry.date)
    if published:
        item["date_published"] = published
    if entry.tags:
        item["tags"] = list(entry.tags)
    item["language"] = entry.brief.language
    item["attachments"] = [
        {"url": f"{site_url}{entry.id}.pdf", "mime_type": "application/pdf", "title": entry.title}
    ]
    return item


def json_feed(entries: Sequence[Entry], brand: Brand, site_url: str = "") -> bytes:
    """A JSON Feed 1.1 of the briefs, newest first, as UTF-8 bytes."""
    feed: dict[str, Any] = {"version": JSON_FEED_VERSION, "title": brand.name}
    if site_url:
        feed["home_page_url"] = f"{site_url}index.html"
        feed["feed_url"] = f"{site_url}{JSON_FEED}"
    feed["authors"] = [{"name": brand.name}]
    feed["items"] = [_item(entry, site_url) for entry in newest_first(entries)]
    return (json.dumps(feed, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
