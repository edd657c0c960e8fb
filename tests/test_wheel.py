"""The built wheel carries schema/, layouts/ and brands/: installed alone in a fresh virtual
environment, it validates and renders the sample brief."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import ROOT, SAMPLE_ANALYSIS, squash


@pytest.mark.slow
@pytest.mark.network  # pip fetches the build backend (hatchling) from PyPI
def test_wheel_installs_and_renders_in_a_fresh_environment(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        timeout=300,
    )
    (wheel,) = wheels.glob("briefkit-*.whl")

    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)],
        check=True,
        timeout=600,
    )

    # Work outside the repository, so nothing can be found through the checkout.
    work = tmp_path / "work"
    work.mkdir()
    brief = work / "brief.json"
    shutil.copy(SAMPLE_ANALYSIS, brief)
    where = subprocess.run(
        [str(python), "-c", "from briefkit.assets import data_root; print(data_root())"],
        cwd=work,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert where.startswith(str(environment)), where

    briefkit = environment / "bin" / "briefkit"
    lint = subprocess.run(
        [str(briefkit), "lint", "brief.json"], cwd=work, capture_output=True, text=True
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
    render = subprocess.run(
        [str(briefkit), "render", "brief.json"], cwd=work, capture_output=True, text=True
    )
    assert render.returncode == 0, render.stderr
    text = squash("".join(page.extract_text() for page in PdfReader(work / "brief.pdf").pages))
    assert squash("African Security Analysis (ASA) Assessment") in text
    assert squash("Contact us to find out how our security services can support you.") in text
