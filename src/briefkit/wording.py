"""How briefkit words counts in its messages, in one place."""

from __future__ import annotations


def plural(count: int, word: str, plural_form: str | None = None) -> str:
    """``count`` and ``word``, plural unless the count is one: "1 word", "2 words"."""
    if count == 1:
        return f"{count} {word}"
    return f"{count} {plural_form or word + 's'}"
