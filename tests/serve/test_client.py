"""What ``render --server`` sends: figure files inline, in place; unusable ones refused as lint
refuses them (one reader of figures, :func:`briefkit.document.figures.read_figures`)."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import pytest
from PIL import Image

from briefkit import BriefkitError
from briefkit.document.brief import DEFAULT_LIMITS, load_brief
from briefkit.rules.lint import lint_brief
from briefkit.serve.client import request_body
from tests.conftest import SAMPLE_ANALYSIS


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), "#c8963e").save(buffer, "PNG")
    return buffer.getvalue()


def _brief(folder: Path, images: list[str]) -> Path:
    data = json.loads(SAMPLE_ANALYSIS.read_text(encoding="utf-8"))
    data["title"] = "Sahel — façades"  # before the figures: their offsets count code points
    data["figures"] = [{"image": image, "caption": "A figure", "alt": "Ochre"} for image in images]
    path = folder / "brief.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def test_figure_files_go_inline_in_place_and_inline_ones_as_they_are(tmp_path: Path) -> None:
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "photo.png").write_bytes(_png())
    inline = "data:image/png;base64," + base64.b64encode(_png()).decode()
    path = _brief(tmp_path, ["figures/photo.png", inline, "figures/photo.png"])
    body = request_body(load_brief(path), DEFAULT_LIMITS).decode("utf-8")
    sent = json.loads(body)
    original = json.loads(path.read_text(encoding="utf-8"))
    photo = "data:image/png;base64," + base64.b64encode(_png()).decode()
    assert [figure["image"] for figure in sent["figures"]] == [photo, inline, photo]
    assert {**sent, "figures": None} == {**original, "figures": None}
    assert body.count("\n") == path.read_text(encoding="utf-8").count("\n")  # findings keep lines


def test_unusable_figure_files_are_refused_with_lints_findings(tmp_path: Path) -> None:
    (tmp_path / "outside.png").write_bytes(_png())
    (tmp_path / "desk").mkdir()
    path = _brief(tmp_path / "desk", ["../outside.png", "figures/missing.png"])
    brief = load_brief(path)
    with pytest.raises(BriefkitError) as caught:
        request_body(brief, DEFAULT_LIMITS)
    lint = [finding for finding in lint_brief(brief) if finding.code == "BK140"]
    assert len(lint) == 2
    assert caught.value.findings == tuple(lint)
    assert [finding.pointer for finding in lint] == ["/figures/0/image", "/figures/1/image"]
    assert "outside the brief's folder" in lint[0].message
    assert "does not exist" in lint[1].message
