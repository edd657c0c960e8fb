"""The hostile-input catalogue: one folder per case under cases/hostile, each with its expected
outcome. Whatever a brief holds, briefkit reports it cleanly, reads nothing outside its roots,
never touches the network, and prints what the author typed as text."""

from __future__ import annotations

import json
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from briefkit import BriefkitError, load_brand, load_brief
from briefkit.render.engine import BlockedResource, SandboxFetcher
from briefkit.render.renderer import Renderer
from tests.conftest import CASES, squash

HOSTILE_CASES = sorted((CASES / "hostile").iterdir())


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Any attempt to open a connection is recorded and refused."""
    attempts: list[Any] = []

    def refuse(self: socket.socket, address: Any) -> None:
        attempts.append(address)
        raise OSError("network access during a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    yield attempts
    assert attempts == []


def test_the_catalogue_is_complete() -> None:
    names = {case.name for case in HOSTILE_CASES}
    for needed in (
        "html-in-text",
        "template-syntax",
        "image-path-traversal",
        "image-symlink-outside",
        "svg-external-image",
        "string-too-long",
        "link-javascript",
    ):
        assert needed in names


@pytest.mark.parametrize("case", HOSTILE_CASES, ids=[case.name for case in HOSTILE_CASES])
def test_hostile_case(
    case: Path,
    tmp_path: Path,
    renderer: Renderer,
    no_network: list[Any],
) -> None:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    work = tmp_path / case.name
    shutil.copytree(case, work, symlinks=True)
    for link, target in expected.get("symlinks", {}).items():
        (work / link).parent.mkdir(parents=True, exist_ok=True)
        (work / link).symlink_to(target)
    output = work / "brief.pdf"

    if expected["outcome"] == "refused":
        with pytest.raises(BriefkitError) as caught:
            renderer.render(load_brief(work / "brief.json"), load_brand(), output)
        errors = [f.code for f in caught.value.findings if f.severity == "error"]
        assert sorted(errors) == sorted(expected["codes"])
        assert not output.exists()
        return

    result = renderer.render(load_brief(work / "brief.json"), load_brand(), output)
    text = squash("".join(page.extract_text() for page in PdfReader(result.path).pages))
    for literal in expected.get("text", []):
        assert squash(literal) in text, literal
    for secret in ("root:x:0:0", *expected.get("absent", [])):
        assert squash(secret) not in text
    roots = [work.resolve(), *(p.resolve() for p in renderer_roots())]
    assert result.resources  # the logo, at least: the list is filled in
    for url in result.resources:
        assert url.startswith("file://"), url
        assert any(Path(url.removeprefix("file://")).is_relative_to(root) for root in roots), url


def renderer_roots() -> list[Path]:
    from briefkit.assets import default_brand_path, layouts_dir

    return [layouts_dir(), default_brand_path().parent]


def test_allowed_links_become_link_annotations(tmp_path: Path, renderer: Renderer) -> None:
    case = next(case for case in HOSTILE_CASES if case.name == "link-allowed")
    output = tmp_path / "links.pdf"
    renderer.render(load_brief(case / "brief.json"), load_brand(), output)
    targets = {
        annotation.get_object()["/A"]["/URI"]
        for page in PdfReader(output).pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    }
    assert {"mailto:desk@example.org", "https://example.org/report"} <= targets


def test_fetcher_refuses_what_is_outside_its_roots(tmp_path: Path) -> None:
    inside = tmp_path / "inside.svg"
    inside.write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    fetcher = SandboxFetcher([tmp_path])
    assert fetcher.fetch(inside.as_uri()).read().startswith(b"<svg")
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    for url in (
        "file:///etc/passwd",
        (tmp_path / ".." / "x").as_uri(),
        "https://example.org/x.css",
        "http://127.0.0.1/x.png",
        "ftp://example.org/x",
    ):
        with pytest.raises(BlockedResource, match=r"refused|outside|missing"):
            fetcher.fetch(url)
