"""``briefkit render --server``: figures sent inline, PNG sets and several briefs, written as a
local render writes them, through a real service on a free port."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from tests.conftest import CASES
from tests.helpers import BRIEFKIT
from tests.serve.servers import SAMPLE, Server, start_server, stop, with_figure

MAP = CASES / "hostile" / "svg-self-contained" / "figures" / "map.svg"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start_server(tmp_path_factory.mktemp("serve"), "--workers", "2")
    yield running
    stop(running)


def render(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*BRIEFKIT, "render", *args], capture_output=True, text=True, check=False, cwd=folder
    )


def figure_brief(folder: Path, name: str = "brief.json", image: str = "figures/map.svg") -> Path:
    (folder / "figures").mkdir(parents=True, exist_ok=True)
    shutil.copy(MAP, folder / "figures" / "map.svg")
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "#c8963e").save(buffer, "PNG")
    (folder / "figures" / "photo.png").write_bytes(buffer.getvalue())
    data = json.loads(with_figure(image))
    photo = {"image": "figures/photo.png", "caption": "A photograph", "alt": "Ochre"}
    data["figures"].append(photo)
    path = folder / name
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def test_a_brief_with_figure_files_renders_remotely_with_its_figures(
    server: Server, tmp_path: Path
) -> None:
    brief = figure_brief(tmp_path)
    result = render(tmp_path, str(brief), "--server", server.url)
    assert result.returncode == 0, result.stderr
    reader = PdfReader(tmp_path / "brief.pdf")
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Circles over the Sahel" in text and "A photograph" in text
    assert any(page.images for page in reader.pages)  # the PNG figure is in the PDF
    html = render(tmp_path, str(brief), "--server", server.url, "--format", "html")
    assert html.returncode == 0, html.stderr
    page = (tmp_path / "brief.html").read_text(encoding="utf-8")
    assert page.count('src="data:image/') >= 2
    assert "figures/map.svg" not in page


def test_a_figure_that_cannot_be_used_is_refused_here_as_lint_says(
    server: Server, tmp_path: Path
) -> None:
    (tmp_path / "outside.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    desk = tmp_path / "desk"
    desk.mkdir()
    brief = figure_brief(desk, image="../outside.png")
    remote = render(desk, str(brief), "--server", server.url)
    local = subprocess.run(
        [*BRIEFKIT, "lint", str(brief)], capture_output=True, text=True, check=False, cwd=desk
    )
    assert remote.returncode == 1
    [line] = [line for line in local.stdout.splitlines() if "BK140" in line]
    assert line in remote.stdout
    assert "outside the brief's folder" in line
    assert not (desk / "brief.pdf").exists()


def test_png_pages_come_back_as_a_local_render_names_them(server: Server, tmp_path: Path) -> None:
    brief = figure_brief(tmp_path)
    (tmp_path / "pages-9.png").write_bytes(b"an older page, not part of the new set")
    result = render(tmp_path, str(brief), "--server", server.url, "-o", "pages.png", "--dpi", "30")
    assert result.returncode == 0, result.stderr
    pages = sorted(tmp_path.glob("pages-*.png"))
    assert len(pages) >= 2
    assert [page.name for page in pages[:2]] == ["pages-1.png", "pages-2.png"]
    with Image.open(pages[0]) as first:
        assert first.width < 300  # A4 at 30 dpi is 248 pixels wide
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".")]


def test_several_briefs_go_to_a_folder_named_by_id_past_a_refused_one(
    server: Server, tmp_path: Path
) -> None:
    first = figure_brief(tmp_path / "a")
    second = tmp_path / "b" / "tanzania.json"
    second.parent.mkdir()
    second.write_bytes((CASES.parent.parent / "samples" / "tanzania-election.json").read_bytes())
    draft = json.loads(SAMPLE)
    del draft["executive_summary"]
    draft["id"] = "draft-brief"
    broken = tmp_path / "b" / "draft.json"
    broken.write_text(json.dumps(draft, indent=2), encoding="utf-8")
    out = tmp_path / "out"
    result = render(
        tmp_path, str(first), "b", "--server", server.url, "-o", str(out), "--shard", "1/1"
    )
    assert result.returncode == 1
    ids = [json.loads(path.read_text())["id"] for path in (first, second)]
    assert sorted(path.name for path in out.iterdir()) == sorted(f"{id_}.pdf" for id_ in ids)
    assert "Rendered 2, skipped 0, failed 1:" in result.stderr
    assert "b/draft.json" in result.stderr and "BK" in result.stdout
