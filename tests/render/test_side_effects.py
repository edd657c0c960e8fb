"""The library leaves the process and the machine as it found them: importing and calling it
writes nothing to standard output or error and changes no environment variable (the font
environment is the render worker's own), and a render, a digest or a render killed at its limit
leaves nothing in the temporary folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from tests.conftest import CASES, SAMPLE_ANALYSIS, SAMPLES
from tests.helpers import run_briefkit, slow_brief

API_SCRIPT = textwrap.dedent(
    """
    import json, os, sys
    before = dict(os.environ)
    import briefkit
    import briefkit.render.engine  # WeasyPrint in this process: still no font environment here
    from briefkit import BriefkitError, Renderer, lint_brief, load_brand, load_brief
    from briefkit import validate_brief
    outcomes = {}
    good = load_brief(sys.argv[1])
    outcomes["lint"] = len(lint_brief(good))
    outcomes["validate"] = len(validate_brief(good))
    renderer = Renderer()
    result = renderer.render_bytes(good, load_brand(), formats=("pdf", "png", "html"))
    outcomes["pdf"] = result.pdf[:5].decode()
    outcomes["png"] = len(result.png)
    outcomes["html"] = result.html[:15].decode()
    written = renderer.render(good, load_brand(), output=__import__("pathlib").Path(sys.argv[3]))
    outcomes["written"] = written.pages
    for path in (sys.argv[2], "/nonexistent/brief.json"):
        try:
            bad = load_brief(path)
            renderer.render_bytes(bad, load_brand())
        except BriefkitError as error:
            outcomes[path] = error.exit_code
    changed = sorted(
        key for key in set(before) | set(os.environ) if before.get(key) != os.environ.get(key)
    )
    outcomes["changed"] = changed
    with open(sys.argv[4], "w") as handle:
        json.dump(outcomes, handle)
    """
)


def test_the_api_prints_nothing_and_changes_no_environment_variable(tmp_path: Path) -> None:
    bad = CASES / "invalid" / "missing-assessment" / "brief.json"
    report = tmp_path / "outcomes.json"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            API_SCRIPT,
            str(SAMPLE_ANALYSIS),
            str(bad),
            str(tmp_path / "out.pdf"),
            str(report),
        ],
        capture_output=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout == b""
    assert done.stderr == b""
    outcomes = json.loads(report.read_text(encoding="utf-8"))
    assert outcomes["pdf"] == "%PDF-" and outcomes["png"] == outcomes["written"] == 3
    assert outcomes["html"].lower().startswith("<!doctype html")
    assert outcomes[str(bad)] == 1 and outcomes["/nonexistent/brief.json"] == 1
    assert outcomes["changed"] == []


def test_renders_digests_and_killed_renders_leave_no_temporary_files(tmp_path: Path) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {"TMPDIR": str(temporary)}
    work = tmp_path / "work"
    work.mkdir()
    rendered = run_briefkit(
        "render", str(SAMPLE_ANALYSIS), "-o", str(work / "a.pdf"), cwd=work, env=env
    )
    assert rendered.returncode == 0, rendered.stderr
    samples = [str(SAMPLES / "tanzania-election.json"), str(SAMPLES / "niger-mali-aes.json")]
    digest = run_briefkit(
        "digest", *samples, "--brand", "demo", "-o", str(work / "d.pdf"), cwd=work, env=env
    )
    assert digest.returncode == 0, digest.stderr
    slow = slow_brief(tmp_path / "slow")
    killed = run_briefkit("render", "brief.json", "--timeout", "2", cwd=slow.parent, env=env)
    assert killed.returncode == 1, killed.stderr
    assert "rendering took longer than 2 s and was stopped" in killed.stderr
    assert sorted(path.name for path in temporary.iterdir()) == []


def test_a_worker_whose_parent_was_killed_removes_its_own_temporary_folder(
    tmp_path: Path,
) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    script = textwrap.dedent(
        """
        import sys, time
        from briefkit.render.pool import RenderPool
        pool = RenderPool(jobs=1)
        pool.start()
        print(*pool.pids, flush=True)
        time.sleep(600)
        """
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        env={**os.environ, "TMPDIR": str(temporary)},
    )
    assert parent.stdout is not None
    worker = int(parent.stdout.readline())
    assert [path.name[:16] for path in temporary.iterdir()] == ["briefkit-worker-"]
    parent.kill()  # SIGKILL: the parent cannot clean up after its worker
    parent.wait()
    parent.stdout.close()
    deadline = time.monotonic() + 60
    while Path(f"/proc/{worker}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not Path(f"/proc/{worker}").exists()
    assert list(temporary.iterdir()) == []
