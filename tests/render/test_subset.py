"""Fonts in standalone HTML: only the characters used, by HarfBuzz or (without it) fontTools."""

from __future__ import annotations

from io import BytesIO

import pytest
from fontTools.ttLib import TTFont

from briefkit.assets import layouts_dir
from briefkit.render import subset

TEXT = "Niger–Mali: “AES” é ’"


def cmap_of(woff2: bytes) -> set[int]:
    font = TTFont(BytesIO(woff2))
    assert font.flavor == "woff2"
    return set(font.getBestCmap())


@pytest.mark.parametrize("engine", ["harfbuzz", "fonttools"])
def test_a_subset_holds_exactly_the_characters_used(
    engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    subset.subset_woff2.cache_clear()
    if engine == "fonttools":
        monkeypatch.setattr(subset, "_harfbuzz_subset", lambda path, characters: None)
    else:
        assert subset._harfbuzz() is not None, "libharfbuzz-subset is a system requirement"
    font = layouts_dir() / "fonts" / "NotoSans-Regular.ttf"
    reduced = subset.subset_woff2(font, TEXT)
    assert {ord(character) for character in TEXT} <= cmap_of(reduced)
    assert len(cmap_of(reduced)) < 40
    assert len(reduced) < font.stat().st_size / 20
    subset.subset_woff2.cache_clear()


def test_harfbuzz_and_the_same_input_give_the_same_bytes() -> None:
    font = layouts_dir() / "fonts" / "NotoSerif-Bold.ttf"
    first = subset.subset_woff2(font, TEXT)
    subset.subset_woff2.cache_clear()
    assert subset.subset_woff2(font, TEXT) == first
