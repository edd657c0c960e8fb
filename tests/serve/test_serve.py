"""``briefkit serve``: a real server on a free port of 127.0.0.1, asked by a real HTTP client."""

from __future__ import annotations

import http.client
import io
import json
import os
import signal
import subprocess
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import CASES
from tests.helpers import BRIEFKIT
from tests.serve.servers import (
    SAMPLE,
    Answer,
    Server,
    children,
    cpu_ticks,
    data_uri,
    slow_brief,
    slow_svg,
    start_server,
    stop,
    with_figure,
)


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
    tlp = next(finding for finding in planted.json()["findings"] if finding["code"] == "BK014")
    # The report format of check: the span and the fix, with offsets into the brief sent.
    sent = json.dumps(brief)
    start, end = tlp["span"]["start"]["offset"], tlp["span"]["end"]["offset"]
    assert sent[start:end] == '"TLP:WHITE"'
    assert tlp["fixes"][0]["edits"][0]["new_text"] == '"TLP:CLEAR"'
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
    assert server.ask("/v1/render?format=png&dpi=2000", SAMPLE).status == 400
    not_ready = json.loads(SAMPLE)
    del not_ready["executive_summary"]
    errors = server.ask("/v1/render", json.dumps(not_ready).encode())
    assert errors.status == 422
    assert errors.json()["summary"]["error"] >= 1
    problem = server.ask("/v1/rules/BK999")
    assert problem.status == 404
    assert set(problem.json()) == {"error", "status", "request_id"}


def test_a_dpi_outside_the_documented_range_is_a_400_naming_dpi_and_the_range(
    server: Server,
) -> None:
    parameters = server.ask("/openapi.json").json()["paths"]["/v1/render"]["post"]["parameters"]
    [dpi] = [parameter for parameter in parameters if parameter["name"] == "dpi"]
    assert dpi["description"] == "Resolution of PNG pages (24 to 600)."
    assert dpi["schema"] == {"type": "integer", "minimum": 24, "maximum": 600, "default": 96}
    for value in ("0", "23", "601", "-96"):  # 0 was once taken for "not given" (96)
        answer = server.ask(f"/v1/render?format=png&dpi={value}", SAMPLE)
        assert answer.status == 400, value
        assert answer.json()["error"] == f"dpi must be between 24 and 600, not {value}"


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


def test_an_svg_bomb_is_422_while_four_clean_renders_beside_it_succeed(server: Server) -> None:
    # A known bomb (a billion <use> references) is refused by lint, before any render.
    bomb = (CASES / "hostile" / "svg-use-bomb" / "figures" / "map.svg").read_bytes()
    refused = server.ask("/v1/render", with_figure(data_uri(bomb, "image/svg+xml")))
    assert refused.status == 422
    [finding] = [item for item in refused.json()["findings"] if item["severity"] == "error"]
    assert finding["code"] == "BK140" and "<use> bomb" in finding["message"]
    assert finding["pointer"] == "/figures/0/image"
    # An SVG that lints clean but takes long to draw is stopped at its time limit, from outside
    # the worker, while four clean renders share the service with it.
    results: dict[str, Answer] = {}
    slow = with_figure(data_uri(slow_svg(15_000), "image/svg+xml"))
    asks = [("slow", "/v1/render?timeout=2", slow)]
    asks += [(f"clean-{number}", "/v1/render", SAMPLE) for number in range(4)]

    def ask(name: str, path: str, body: bytes) -> None:
        results[name] = server.ask(path, body)

    threads = [threading.Thread(target=ask, args=arguments) for arguments in asks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stopped = results["slow"]
    assert stopped.status == 422
    assert [finding["code"] for finding in stopped.json()["findings"]] == ["render-limit"]
    assert "2 s" in stopped.json()["findings"][0]["message"]
    for number in range(4):
        assert results[f"clean-{number}"].status == 200
        assert results[f"clean-{number}"].body.startswith(b"%PDF")
    assert server.metric("briefkit_worker_restarts") >= 1
    assert server.ask("/ready").status == 200  # the killed worker was replaced


def test_a_worker_killed_mid_render_is_a_500_and_the_next_render_succeeds(
    tmp_path: Path,
) -> None:
    server = start_server(tmp_path, "--workers", "1")
    try:
        [worker] = children(server.process.pid)
        idle = cpu_ticks(worker)
        answers: dict[str, Answer] = {}
        request = threading.Thread(
            target=lambda: answers.update(
                killed=server.ask("/v1/render", slow_brief(120), headers={"X-Request-ID": "doomed"})
            )
        )
        request.start()
        # Once the worker is using CPU it is rendering: kill it as the kernel's OOM killer or
        # an operator would, at no limit of briefkit's.
        while cpu_ticks(worker) < idle + 20:
            assert request.is_alive(), "the render finished before its worker could be killed"
            time.sleep(0.02)  # polling, as Server.wait_for does: leave the CPU to the render
        os.kill(worker, signal.SIGKILL)
        request.join()
        killed = answers["killed"]
        assert killed.status == 500
        assert killed.headers["x-request-id"] == "doomed"
        assert killed.json() == {
            "error": "internal error (a bug in briefkit)",
            "status": 500,
            "request_id": "doomed",
        }
        assert server.ask("/v1/render", SAMPLE).status == 200  # a new worker took its place
        assert server.metric("briefkit_worker_restarts") >= 1
    finally:
        stop(server)
    assert "the render worker" in (tmp_path / "server.log").read_text()  # the log says why


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
        brief = tmp_path / "brief.json"
        brief.write_bytes(SAMPLE)
        wrong = tmp_path / "wrong.txt"
        wrong.write_text("wrong-token-0123456789\n")
        remote = subprocess.run(
            [*BRIEFKIT, "render", str(brief), "--server", server.url, "--token-file", str(wrong)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert remote.returncode == 2
        assert remote.stderr.strip() == (
            "briefkit: error: the render service refused the token; give --token-file with a "
            "token the service accepts"
        )
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
