"""What many test modules share: running the real command, reading its report, a git of our own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLES


def run_briefkit(
    *args: str,
    cwd: Path | None = None,
    stdin: bytes | int | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``python -m briefkit ARGS`` as a real process, as a user or CI runs it.

    ``stdin`` is bytes to send, or an open file descriptor (``/dev/zero``, a FIFO). ``env`` is
    added to this environment, less ``GITHUB_ACTIONS`` (which would switch the report format).
    """
    environment = {key: value for key, value in os.environ.items() if key != "GITHUB_ACTIONS"}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "briefkit", *args],
        cwd=cwd,
        input=stdin.decode() if isinstance(stdin, bytes) else None,
        stdin=stdin if isinstance(stdin, int) else None,
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


def lines_of(result: subprocess.CompletedProcess[str]) -> list[str]:
    """The report's lines on standard output."""
    return result.stdout.splitlines()


def codes_of(result: subprocess.CompletedProcess[str]) -> list[str]:
    """The finding codes of a text report, in order."""
    return [line.split()[1] for line in lines_of(result)]


GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="git is not installed")

GIT_ENV = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_AUTHOR_NAME": "Desk",
    "GIT_AUTHOR_EMAIL": "desk@example.org",
    "GIT_COMMITTER_NAME": "Desk",
    "GIT_COMMITTER_EMAIL": "desk@example.org",
}
"""A git configuration of the tests' own: no user or system settings leak in."""


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` with :data:`GIT_ENV`; its standard output."""
    assert GIT is not None
    done = subprocess.run(
        [GIT, "-C", str(repo), *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **GIT_ENV},
    )
    return done.stdout


def add_samples(folder: Path) -> None:
    """Copy the shipped sample briefs into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for sample in SAMPLES.glob("*.json"):
        shutil.copy(sample, folder / sample.name)
