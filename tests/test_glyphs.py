"""The shipped fonts' coverage, and the lint rule that warns before a character prints as a box."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from briefkit import lint_brief, load_brief
from briefkit.glyphs import ALWAYS_COVERED, shipped_coverage, unsupported
from tests.conftest import SAMPLE_ANALYSIS

UNPRINTABLE = {"Cn", "Cc", "Cf", "Cs", "Co", "Zl", "Zp"}


def test_the_ranges_assumed_covered_really_are() -> None:
    coverage = shipped_coverage()
    for low, high in ALWAYS_COVERED:
        missing = [
            f"U+{code:04X}"
            for code in range(low, high + 1)
            if unicodedata.category(chr(code)) not in UNPRINTABLE and code not in coverage
        ]
        assert not missing, missing


def test_unsupported_characters() -> None:
    assert unsupported("Niger–Mali, « coopération », النيجر, Ελλάδα, Россия") == []
    assert unsupported("安全 🛰️ ok") == ["安", "全"]


def test_symbols_arrows_and_emoji_are_shipped() -> None:
    pasted = "🛰️ 🌍 ✓ ✔ ✗ ⚠ ☎ ★ ● ■ → ← ↑ ⇒ ⟶ ∑ ≥ ≤ ≈ ± × ÷ ∞ € £ ₦ ₿ 👍🏽 🇳🇪 ⚔ ☢ 📍"
    assert unsupported(pasted) == []


def test_lint_warns_before_a_character_prints_as_a_box(tmp_path: Path) -> None:
    data = json.loads(SAMPLE_ANALYSIS.read_text(encoding="utf-8"))
    data["region"] = "Sahel 漢"
    data["key_developments"][0]["text"] += " (安全)"
    path = tmp_path / "brief.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    findings = [f for f in lint_brief(load_brief(path)) if f.code == "BK122"]
    assert [f.pointer for f in findings] == ["/region", "/key_developments/0/text"]
    assert all(f.severity == "warning" for f in findings)
    assert "'漢' (U+6F22)" in findings[0].message
    assert "prints as an empty box" in findings[0].message
