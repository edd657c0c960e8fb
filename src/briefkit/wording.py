"""How briefkit words counts in its messages, in one place."""

from __future__ import annotations


def plural(count: int, word: str, plural_form: str | None = None) -> str:
    """``count`` and ``word``, plural unless the count is one: "1 word", "2 words"."""
    if count == 1:
        return f"{count} {word}"
    return f"{count} {plural_form or word + 's'}"


INSTALL_SYSTEM_LIBRARIES = (
    "apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig"
)
"""What installs the libraries WeasyPrint needs on Debian or Ubuntu (doctor and render say it)."""
