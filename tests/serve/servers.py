"""Running ``briefkit serve`` in tests: a real server on a free port of 127.0.0.1, asked with
urllib; stopped as an orchestrator stops it."""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def slow_svg(circles: int) -> bytes:
    """An SVG that lints clean (no entities, no references, under the element cap) but takes
    WeasyPrint seconds to draw: many translucent, stroked circles."""
    shapes = "".join(
        f'<circle cx="{i % 400}" cy="{i * 7 % 300}" r="{3 + i % 5}" fill="#{i * 37 % 4096:03x}" '
        'stroke="#000" stroke-width="0.5" opacity="0.5"/>'
        for i in range(circles)
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" viewBox="0 0 400 300">'
        f"{shapes}</svg>"
    ).encode()


def with_figure(image: str, brief: bytes = b"") -> bytes:
    """The sample brief (or ``brief``) with one figure showing ``image`` (a path or data: URI)."""
    data = json.loads(brief or SAMPLE)
    data["figures"] = [{"image": image, "caption": "Circles over the Sahel", "alt": "Circles"}]
    return json.dumps(data, indent=2).encode()


def data_uri(data: bytes, media_type: str) -> str:
    return f"data:{media_type};base64,{base64.b64encode(data).decode()}"


def children(pid: int) -> list[int]:
    """The child processes of ``pid``, whichever of its threads started them (the render
    workers are started from the service's threads)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def cpu_ticks(pid: int) -> int:
    """User and system CPU time ``pid`` has used, in clock ticks."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])
