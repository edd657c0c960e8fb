"""``briefkit serve``: a real server on a free port of 127.0.0.1, asked by a real HTTP client."""

from __future__ import annotations

import http.client
import io
import json
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.conftest import SAMPLES
from tests.helpers import BRIEFKIT

SAMPLE = (SAMPLES / "niger-mali-aes.json").read_bytes()
START_SECONDS = 180.0


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    url: str
    token: str | None = None

    def ask(
        self,
        path: str,
        body: bytes | None = None,
        *,
        method: str | None = None,
        content_type: str = "application/json",
        token: str | None = "default",
        headers: dict[str, str] | None = None,
    ) -> Answer:
        request = urllib.request.Request(self.url + path, data=body, method=method)
        if body is not None:
            request.add_header("Content-Type", content_type)
        chosen = self.token if token == "default" else token
        if chosen:
            request.add_header("Authorization", f"Bearer {chosen}")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=300) as response:
                return Answer(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return Answer(error.code, dict(error.headers), error.read())

    def metric(self, name: str) -> float:
        text = self.ask("/metrics").body.decode()
        for line in text.splitlines():
            if line.startswith(name + " "):
                return float(line.split()[1])
        raise AssertionError(f"no metric {name}")

    def wait_for(self, name: str, value: float) -> None:
        end = time.monotonic() + START_SECONDS
        while self.metric(name) < value:
            assert time.monotonic() < end, f"{name} never reached {value}"
            time.sleep(0.02)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(
    folder: Path, *args: str, token: str | None = None, env: dict[str, str] | None = None
) -> Server:
    """``briefkit serve`` in ``folder`` on a free port, once it answers ``/ready``."""
    folder.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    with (folder / "server.log").open("wb") as log:
        process = subprocess.Popen(
            [*BRIEFKIT, "serve", "--port", str(port), *args],
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=log,
            env={**os.environ, **(env or {})},
        )
    server = Server(process, f"http://127.0.0.1:{port}", token)
    end = time.monotonic() + START_SECONDS
    while True:
        assert process.poll() is None, (folder / "server.log").read_text()
        try:
            if server.ask("/ready", token=None).status == 200:
                return server
        except (urllib.error.URLError, ConnectionError):
            pass
        assert time.monotonic() < end, "the service did not become ready"
        time.sleep(0.1)


def stop(server: Server) -> None:
    """Stop the service as an orchestrator would (SIGTERM), killing it only if it hangs."""
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            server.process.kill()
    server.process.wait()


def slow_brief(developments: int) -> bytes:
    """The sample with many long key developments: a brief that lints clean (warnings only)
    and takes WeasyPrint seconds to lay out."""
    brief = json.loads(SAMPLE)
    text = (
        "Officials in Niamey and Bamako described the coordination as a long-term commitment "
        "to shared security and economic priorities across the region. "
    ) * 12
    brief["key_developments"] = [
        {"label": f"Development {number}", "text": text} for number in range(developments)
    ]
    return json.dumps(brief).encode()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start_server(tmp_path_factory.mktemp("serve"), "--workers", "2", "--queue", "8")
    yield running
    stop(running)


def test_a_render_returns_the_pdf_with_every_section_and_a_file_name(server: Server) -> None:
    answer = server.ask("/v1/render", SAMPLE, headers={"X-Request-ID": "portal-42"})
    assert answer.status == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["x-request-id"] == "portal-42"
    assert answer.headers["content-disposition"] == (
        'attachment; filename="niger-mali-aes-2025-10-02.pdf"'
    )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(answer.body)).pages)
    for heading in (
        "Executive Summary",
        "Key Developments",
        "Strategic Implications",
        "Assessment",
        "Contact us",
    ):
        assert heading in text


def test_html_and_png_renders_have_their_content_types(server: Server) -> None:
    html = server.ask("/v1/render?format=html", SAMPLE)
    assert html.status == 200
    assert html.headers["content-type"].startswith("text/html")
    assert b"Executive Summary" in html.body
    png = server.ask("/v1/render?format=png&paper=letter", SAMPLE)
    assert png.status == 200
    assert png.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(png.body)).namelist()
    assert names[0] == "niger-mali-aes-2025-10-02-1.png"
    assert len(names) >= 2


def test_lint_answers_200_with_the_findings_whatever_they_are(server: Server) -> None:
    broken = server.ask("/v1/lint", b'{"id": 5')
    assert broken.status == 200
    report = broken.json()
    assert [finding["code"] for finding in report["findings"]] == ["BK001"]
    assert report["findings"][0]["file"] == "request/0"
    brief = json.loads(SAMPLE)
    brief["tlp"] = "TLP:WHITE"
    planted = server.ask("/v1/lint", json.dumps(brief).encode())
    assert planted.status == 200
    assert "BK014" in {finding["code"] for finding in planted.json()["findings"]}
    clean = server.ask("/v1/lint", SAMPLE).json()
    assert clean["summary"]["error"] == 0


def test_check_reports_rules_across_the_briefs_of_a_request(server: Server) -> None:
    brief = json.loads(SAMPLE)
    other = {**brief, "title": "Another title for the same id"}
    answer = server.ask("/v1/check", json.dumps([brief, other]).encode())
    assert answer.status == 200
    found = {(finding["code"], finding["file"]) for finding in answer.json()["findings"]}
    assert any(code == "BK201" for code, _ in found)
    assert {file for _, file in found} <= {"request/0", "request/1"}


def test_each_refusal_has_its_status(server: Server) -> None:
    assert server.ask("/v1/render", b"not json").status == 400
    assert server.ask("/v1/render", b"[1, 2]").status == 400
    assert server.ask("/v1/render", SAMPLE, content_type="text/plain").status == 415
    # Refused from the declared length, before the body is read.
    connection = http.client.HTTPConnection(server.url.removeprefix("http://"), timeout=60)
    connection.putrequest("POST", "/v1/lint")
    connection.putheader("Content-Type", "application/json")
    connection.putheader("Content-Length", str(5 * 1024 * 1024 + 1))
    connection.endheaders()
    assert connection.getresponse().status == 413
    connection.close()
    assert server.ask("/v1/render?format=docx", SAMPLE).status == 400
    assert server.ask("/v1/render?brand=../../etc", SAMPLE).status == 400
    assert server.ask("/v1/render?timeout=100000", SAMPLE).status == 400
    not_ready = json.loads(SAMPLE)
    del not_ready["executive_summary"]
    errors = server.ask("/v1/render", json.dumps(not_ready).encode())
    assert errors.status == 422
    assert errors.json()["summary"]["error"] >= 1
    problem = server.ask("/v1/rules/BK999")
    assert problem.status == 404
    assert set(problem.json()) == {"error", "status", "request_id"}


def test_a_figure_path_in_a_request_reads_nothing_of_the_machine(server: Server) -> None:
    brief = json.loads(SAMPLE)
    brief["figures"] = [{"image": "../server.log", "caption": "Log", "alt": "Log"}]
    answer = server.ask("/v1/render", json.dumps(brief).encode())
    assert answer.status == 422
    assert "BK140" in {finding["code"] for finding in answer.json()["findings"]}


def test_catalogue_probes_metrics_and_openapi(server: Server) -> None:
    rules = server.ask("/v1/rules").json()
    assert {"BK001", "BK014"} <= {rule["code"] for rule in rules}
    rule = server.ask("/v1/rules/bk014").json()
    assert rule["code"] == "BK014" and rule["bad"] and rule["good"]
    assert "analysis" in server.ask("/v1/layouts").json()
    assert server.ask("/v1/brands").json() == [
        {"name": "default", "firm": "African Security Analysis", "default": True}
    ]
    assert server.ask("/health", method="HEAD").status == 200
    assert server.ask("/ready").status == 200
    metrics = server.ask("/metrics")
    assert b"briefkit_requests_total" in metrics.body
    assert b"briefkit_render_seconds_bucket" in metrics.body
    assert b"briefkit_queue_depth" in metrics.body
    document = server.ask("/openapi.json").json()
    assert document["openapi"] == "3.1.0"
    assert {"/v1/render", "/v1/lint", "/v1/check", "/health", "/ready", "/metrics"} <= set(
        document["paths"]
    )


def test_a_render_past_its_limit_is_422_while_clean_renders_beside_it_succeed(
    server: Server,
) -> None:
    results: dict[str, Answer] = {}
    elapsed: dict[str, float] = {}

    def ask(name: str, path: str, body: bytes) -> None:
        started = time.monotonic()
        results[name] = server.ask(path, body)
        elapsed[name] = time.monotonic() - started

    threads = [threading.Thread(target=ask, args=("slow", "/v1/render?timeout=2", slow_brief(120)))]
    threads += [
        threading.Thread(target=ask, args=(f"clean-{n}", "/v1/render", SAMPLE)) for n in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    slow = results["slow"]
    assert slow.status == 422
    assert [finding["code"] for finding in slow.json()["findings"]] == ["render-limit"]
    assert "2 s" in slow.json()["findings"][0]["message"]
    # The limit holds from outside the render: well within a generous margin on a busy machine.
    assert elapsed["slow"] < 2 + 10
    for number in range(4):
        assert results[f"clean-{number}"].status == 200
    assert server.metric("briefkit_worker_restarts") >= 1
    assert server.ask("/ready").status == 200  # the killed worker was replaced


def test_tokens_queue_and_deadline(tmp_path: Path) -> None:
    tokens = tmp_path / "tokens.txt"
    tokens.write_text("# rotated monthly\nold-token-0123456789\nnew-token-0123456789\n")
    server = start_server(
        tmp_path / "run",
        "--workers",
        "1",
        "--queue",
        "1",
        "--token-file",
        str(tokens),
        token="new-token-0123456789",
    )
    try:
        assert server.ask("/health", token=None).status == 200
        refused = server.ask("/v1/lint", SAMPLE, token=None)
        assert refused.status == 401
        assert refused.headers["www-authenticate"] == "Bearer"
        assert server.ask("/v1/lint", SAMPLE, token="wrong-token-0123456789").status == 401
        assert server.ask("/v1/lint", SAMPLE, token="old-token-0123456789").status == 200
        answers: dict[str, Answer] = {}
        holder = threading.Thread(
            target=lambda: answers.update(slow=server.ask("/v1/render?timeout=20", slow_brief(120)))
        )
        holder.start()
        server.wait_for("briefkit_workers_busy", 1)
        waiter = threading.Thread(
            target=lambda: answers.update(waiting=server.ask("/v1/render?deadline=1", SAMPLE))
        )
        waiter.start()
        server.wait_for("briefkit_queue_depth", 1)
        full = server.ask("/v1/render", SAMPLE)
        assert full.status == 429
        assert full.headers["retry-after"]
        waiter.join()
        assert answers["waiting"].status == 503
        assert answers["waiting"].headers["retry-after"]
        holder.join()
        assert answers["slow"].status in (200, 422)  # done, or stopped at its 20 s limit
    finally:
        stop(server)


def test_sigterm_finishes_the_render_in_flight_then_exits_0(tmp_path: Path) -> None:
    private = tmp_path / "tmp"
    private.mkdir()
    server = start_server(tmp_path, "--workers", "1", env={"TMPDIR": str(private)})
    answers: dict[str, Answer] = {}
    try:
        request = threading.Thread(
            target=lambda: answers.update(render=server.ask("/v1/render", slow_brief(30)))
        )
        request.start()
        server.wait_for("briefkit_workers_busy", 1)
        os.kill(server.process.pid, signal.SIGTERM)
        request.join()
        assert server.process.wait(timeout=120) == 0
    finally:
        stop(server)
    assert answers["render"].status == 200
    assert answers["render"].body.startswith(b"%PDF")
    log = (tmp_path / "server.log").read_text()
    assert "Traceback" not in log
    line = json.loads(log.strip().splitlines()[-1])
    assert line["path"] == "/v1/render" and line["status"] == 200
    assert list(private.iterdir()) == []  # its private folder and its workers' are gone


def test_lint_does_not_load_the_service_packages() -> None:
    code = (
        "import sys; from briefkit.cli.app import main\n"
        "try:\n    main(['lint', '-'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('starlette', 'uvicorn')))"
    )
    result = subprocess.run(
        [BRIEFKIT[0], "-c", code], input=SAMPLE, capture_output=True, check=False
    )
    assert result.stdout.decode().strip().splitlines()[-1] == "[]"


def test_render_through_the_service_writes_what_a_local_render_writes(
    server: Server, tmp_path: Path
) -> None:
    brief = tmp_path / "niger-mali.json"
    brief.write_bytes(SAMPLE)
    result = subprocess.run(
        [*BRIEFKIT, "render", str(brief), "--server", server.url],
        capture_output=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr.decode()
    written = tmp_path / "niger-mali.pdf"
    text = "".join(page.extract_text() for page in PdfReader(written).pages)
    assert "Executive Summary" in text and "Contact us" in text
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".")]


def test_render_through_the_service_reports_the_same_findings_and_writes_nothing(
    server: Server, tmp_path: Path
) -> None:
    brief = json.loads(SAMPLE)
    del brief["executive_summary"]
    path = tmp_path / "draft.json"
    path.write_text(json.dumps(brief, indent=2))
    remote = subprocess.run(
        [*BRIEFKIT, "render", str(path), "--server", server.url],
        capture_output=True,
        check=False,
        cwd=tmp_path,
    )
    local = subprocess.run(
        [*BRIEFKIT, "lint", str(path)], capture_output=True, check=False, cwd=tmp_path
    )
    assert remote.returncode == 1
    assert not (tmp_path / "draft.pdf").exists()
    errors = [line for line in local.stdout.decode().splitlines() if "[error]" in line]
    assert errors
    for line in errors:
        assert line in remote.stdout.decode() + remote.stderr.decode()
    refused = subprocess.run(
        [*BRIEFKIT, "render", str(path), "--server", server.url, "--layout-dir", "x"],
        capture_output=True,
        check=False,
    )
    assert refused.returncode == 2
