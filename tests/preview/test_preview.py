"""briefkit preview: at the HTTP level, and in a real headless Chromium — edit the file, see it."""

from __future__ import annotations

import http.client
import json
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefkit.preview.server import PreviewServer
from briefkit.preview.session import PreviewSession
from tests.conftest import SAMPLE_ANALYSIS
from tests.helpers import chromium

TIMEOUT = 120.0
"""Seconds to wait for a render on a busy machine; waits end as soon as the event happens."""


@pytest.fixture
def brief(tmp_path: Path) -> Path:
    target = tmp_path / "brief.json"
    shutil.copyfile(SAMPLE_ANALYSIS, target)
    return target


@pytest.fixture
def served(brief: Path) -> Iterator[tuple[PreviewSession, PreviewServer]]:
    """A session rendered once, served on a free port, and watching its files."""
    session = PreviewSession(brief)
    session.refresh()
    server = PreviewServer(session, 0)
    server.start()
    stop = threading.Event()
    ready = threading.Event()

    def watch() -> None:
        for _ in session.watch(stop, ready):
            pass

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    assert ready.wait(TIMEOUT)
    try:
        yield session, server
    finally:
        stop.set()
        server.stop()
        watcher.join(TIMEOUT)


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes


def fetch(server: PreviewServer, path: str, host: str = "127.0.0.1") -> Reply:
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=30)
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        return Reply(response.status, dict(response.getheaders()), response.read())
    finally:
        connection.close()


def body(server: PreviewServer, path: str) -> bytes:
    return fetch(server, path).body


def edit(brief: Path, old: str, new: str) -> None:
    text = brief.read_text(encoding="utf-8")
    assert old in text
    brief.write_text(text.replace(old, new, 1), encoding="utf-8")


TITLE = "Niger–Mali (AES): Security and Economic Coordination Moves Forward"


def test_http_page_state_outputs_and_a_broken_save(
    served: tuple[PreviewSession, PreviewServer], brief: Path
) -> None:
    session, server = served
    page = body(server, "/").decode()
    assert '<a id="download" href="/brief.pdf" download="brief.pdf">' in page
    # Both the page and the brief it shows declare a viewport: they read on a phone.
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert 'name="viewport"' in body(server, "/brief.html").decode()
    assert "http://" not in page.replace("http://127.0.0.1", "") and "https://" not in page
    state = json.loads(body(server, "/state.json"))
    assert state["ok"] is True and state["pages"] >= 2
    assert TITLE in body(server, "/brief.html").decode()
    pdf = fetch(server, "/brief.pdf")
    assert pdf.status == 200
    assert pdf.headers["Content-Disposition"] == 'attachment; filename="brief.pdf"'
    assert body(server, "/brief.pdf").startswith(b"%PDF-")
    assert body(server, "/page/1.png").startswith(b"\x89PNG")
    assert fetch(server, "/page/99.png").status == 404
    assert fetch(server, "/", host="attacker.example:80").status == 403

    # A save that breaks the JSON: the error with its place, over the last good render.
    rendered = state["rendered_version"]
    edit(brief, '"tlp": "TLP:CLEAR",', '"tlp": "TLP:CLEAR",,')
    broken = session.wait_until(lambda s: not s.ok and not s.busy, TIMEOUT)
    assert not broken.ok
    state = json.loads(body(server, "/state.json"))
    (finding,) = state["findings"]
    assert finding["code"] == "BK001" and "comma" in finding["message"]
    assert finding["line"] > 1 and finding["column"] > 1
    assert state["rendered_version"] == rendered
    assert TITLE in body(server, "/brief.html").decode()
    assert body(server, "/brief.pdf").startswith(b"%PDF-")

    # Fixed, with a new title: rendered again, the error gone.
    edit(brief, '"tlp": "TLP:CLEAR",,', '"tlp": "TLP:CLEAR",')
    edit(brief, TITLE, "Niger–Mali: The Alliance Tightens")
    fixed = session.wait_until(lambda s: s.ok and s.rendered_version > rendered, TIMEOUT)
    assert fixed.ok
    assert "Niger–Mali: The Alliance Tightens" in body(server, "/brief.html").decode()
    assert json.loads(body(server, "/state.json"))["error"] == ""


def test_lint_warnings_show_with_line_and_column(
    served: tuple[PreviewSession, PreviewServer], brief: Path
) -> None:
    session, server = served
    rendered = session.snapshot().rendered_version
    edit(brief, "is a clear signal", "is highly likely a signal")
    session.wait_until(lambda s: s.rendered_version > rendered, TIMEOUT)
    state = json.loads(body(server, "/state.json"))
    assert state["ok"] is True
    (warning,) = [f for f in state["findings"] if f["code"] == "BK172"]
    line = brief.read_text(encoding="utf-8").splitlines()[warning["line"] - 1]
    assert "highly likely" in line[warning["column"] - 1 :]
    assert warning["severity"] == "warning"


def test_a_configuration_change_re_renders(
    served: tuple[PreviewSession, PreviewServer], brief: Path
) -> None:
    session, _ = served
    before = session.snapshot().version
    (brief.parent / "briefkit.toml").write_text("[options]\ntitle-max-chars = 20\n")
    found = session.wait_until(
        lambda s: s.version > before and any(f.code == "BK156" for f in s.findings), TIMEOUT
    )
    assert any(f.code == "BK156" for f in found.findings)


def test_events_stream_announces_versions(served: tuple[PreviewSession, PreviewServer]) -> None:
    session, server = served
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=30)
    try:
        connection.request("GET", "/events")
        response = connection.getresponse()
        assert response.getheader("Content-Type") == "text/event-stream"
        first = response.fp.readline().decode()
        assert first == f"data: {session.snapshot().version}\n"
    finally:
        connection.close()


@pytest.fixture
def browser() -> Iterator[object]:
    with chromium() as driver:
        yield driver


def test_in_chromium_edit_the_file_and_see_the_change(
    served: tuple[PreviewSession, PreviewServer], brief: Path, browser: object
) -> None:
    from selenium.common.exceptions import (
        NoSuchElementException,
        NoSuchFrameException,
        StaleElementReferenceException,
    )
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support.ui import WebDriverWait

    driver: WebDriver = browser  # type: ignore[assignment]
    session, server = served
    # The frame reloads when a render lands: an element read during the reload is stale.
    wait = WebDriverWait(
        driver,
        TIMEOUT,
        ignored_exceptions=(
            NoSuchElementException,
            NoSuchFrameException,
            StaleElementReferenceException,
        ),
    )
    driver.get(server.url)
    first = session.snapshot().rendered_version
    wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-rendered"))

    def frame_text() -> str:
        driver.switch_to.frame(driver.find_element(By.ID, "brief"))
        try:
            return str(driver.find_element(By.TAG_NAME, "body").text)
        finally:
            driver.switch_to.default_content()

    wait.until(lambda d: "Security and Economic Coordination" in frame_text())
    assert "rendered" in driver.find_element(By.ID, "status").text

    # Break the file: the error appears over the render, which stays.
    edit(brief, '"tlp": "TLP:CLEAR",', '"tlp": "TLP:CLEAR",,')
    error = driver.find_element(By.ID, "error")
    wait.until(lambda d: error.is_displayed())
    assert "BK001" in error.text and "comma" in error.text
    assert "Security and Economic Coordination" in frame_text()

    # Fix it with a new title: the page updates itself, the error goes.
    edit(brief, '"tlp": "TLP:CLEAR",,', '"tlp": "TLP:CLEAR",')
    edit(brief, TITLE, "Niger–Mali: The Alliance Tightens")
    wait.until(lambda d: "The Alliance Tightens" in frame_text())
    wait.until(lambda d: not error.is_displayed())
    assert session.snapshot().rendered_version > first

    # The pages view shows the real PDF's pages as images.
    driver.find_element(By.ID, "show-pages").click()
    images = driver.find_elements(By.CSS_SELECTOR, "#pages img")
    assert len(images) == session.snapshot().pages
    wait.until(
        lambda d: all(
            d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image)
            for image in images
        )
    )
    assert driver.find_element(By.ID, "download").get_attribute("href").endswith("/brief.pdf")
