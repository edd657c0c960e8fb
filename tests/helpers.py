"""What many test modules share: running the command (as a process or in this one), reading its
report, a git of our own, a phone's browser."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Literal, overload

import pytest
from typer.testing import CliRunner, Result

from briefkit.cli.app import app
from tests.conftest import CASES, SAMPLE_BRIEFS


def _environment(env: Mapping[str, str] | None) -> dict[str, str]:
    """This process's environment plus ``env``, less ``GITHUB_ACTIONS`` (which would switch the
    report format)."""
    environment = {key: value for key, value in os.environ.items() if key != "GITHUB_ACTIONS"}
    environment.update(env or {})
    return environment


BRIEFKIT = (sys.executable, "-m", "briefkit")
"""The command line of a real ``briefkit`` process, as a user or CI runs it."""


@overload
def run_briefkit(
    *args: str,
    cwd: Path | None = ...,
    stdin: bytes | int | None = ...,
    env: Mapping[str, str] | None = ...,
    timeout: float = ...,
    binary: Literal[False] = ...,
) -> subprocess.CompletedProcess[str]: ...
@overload
def run_briefkit(
    *args: str,
    cwd: Path | None = ...,
    stdin: bytes | int | None = ...,
    env: Mapping[str, str] | None = ...,
    timeout: float = ...,
    binary: Literal[True],
) -> subprocess.CompletedProcess[bytes]: ...
def run_briefkit(
    *args: str,
    cwd: Path | None = None,
    stdin: bytes | int | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 120,
    binary: bool = False,
) -> subprocess.CompletedProcess[str] | subprocess.CompletedProcess[bytes]:
    """``python -m briefkit ARGS`` as a real process, and wait for it to end.

    ``stdin`` is bytes to send (any bytes, not only UTF-8), or an open file descriptor
    (``/dev/zero``, a FIFO). ``env`` is added to this environment, less ``GITHUB_ACTIONS``.
    Standard output and error are UTF-8 text, or bytes with ``binary`` (a PDF written to ``-``).
    """
    done = subprocess.run(
        [*BRIEFKIT, *args],
        cwd=cwd,
        input=stdin if isinstance(stdin, bytes) else None,
        stdin=stdin if isinstance(stdin, int) else None,
        capture_output=True,
        env=_environment(env),
        timeout=timeout,
        check=False,
    )
    if binary:
        return done
    return subprocess.CompletedProcess(
        done.args,
        done.returncode,
        _text(done.stdout),
        _text(done.stderr),
    )


def _text(output: bytes) -> str:
    """Output as text mode reads it: UTF-8 (anything else is a failure), universal newlines."""
    return output.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def start_briefkit(
    *args: str, cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> subprocess.Popen[str]:
    """``python -m briefkit ARGS`` started and left running, with its output on pipes: for
    tests that signal the process while it works.

    The process starts with Ctrl-C (SIGINT) at its default, as from a terminal, whatever the
    suite inherited: a shell that runs it in the background ignores SIGINT, and Python then
    never turns Ctrl-C into KeyboardInterrupt.
    """
    return subprocess.Popen(
        [*BRIEFKIT, *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=_environment(env),
        preexec_fn=_interruptible,
    )


def _interruptible() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


RUNNER = CliRunner()
"""The suite's one runner of the command in this process."""


def invoke(
    *args: str, input: bytes | str | None = None, env: Mapping[str, str | None] | None = None
) -> Result:
    """``briefkit ARGS`` run in this process over the Typer app: faster than a process, and
    what a test needs to replace a function inside the command (``monkeypatch``). An exception
    the command does not handle is kept in ``result.exception``; ``GITHUB_ACTIONS`` is unset
    as for :func:`run_briefkit`."""
    return RUNNER.invoke(app, list(args), input=input, env={"GITHUB_ACTIONS": None, **(env or {})})


def lines_of(result: subprocess.CompletedProcess[str] | Result) -> list[str]:
    """The report's lines on standard output."""
    return result.stdout.splitlines()


def codes_of(result: subprocess.CompletedProcess[str] | Result) -> list[str]:
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


def add_samples(folder: Path) -> int:
    """Copy the shipped sample briefs into ``folder``; return how many there are, which tests
    count with (a new sample changes no expected number)."""
    folder.mkdir(parents=True, exist_ok=True)
    for sample in SAMPLE_BRIEFS:
        shutil.copy(sample, folder / sample.name)
    return len(SAMPLE_BRIEFS)


CHROMEDRIVER = Path("/usr/bin/chromedriver")
PHONE_USER_AGENT = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)
PHONE_READING = """
const body = Array.from(document.querySelectorAll("p, li"))
  .filter((node) => node.closest("#executive-summary, #key-developments, #strategic-implications"));
return {
  viewport: !!document.querySelector('meta[name="viewport"][content*="width=device-width"]'),
  innerWidth: window.innerWidth,
  scrollWidth: document.documentElement.scrollWidth,
  bodyPixels: body.map((node) => parseFloat(getComputedStyle(node).fontSize)),
  aligns: body.map((node) => getComputedStyle(node).textAlign),
};
"""
"""What a reader on a phone gets: the page's width against the window's, and the size and
alignment of the body text."""


@contextlib.contextmanager
def chromium(*, phone: bool = False) -> Iterator[Any]:
    """Debian's headless Chromium through its chromedriver; with ``phone``, emulating a 390×844
    phone (device metrics and a phone user agent)."""
    if not CHROMEDRIVER.exists():
        pytest.skip("needs Debian's chromium and chromium-driver (scripts/dev installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
    ):
        options.add_argument(flag)
    if phone:
        options.add_experimental_option(
            "mobileEmulation",
            {
                "deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 3.0, "touch": True},
                "userAgent": PHONE_USER_AGENT,
            },
        )
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def phone_browser() -> contextlib.AbstractContextManager[Any]:
    """Headless Chromium emulating a 390×844 phone."""
    return chromium(phone=True)


def read_on_a_phone(pages: list[Path]) -> list[dict[str, Any]]:
    """:data:`PHONE_READING` for each page, opened in :func:`phone_browser`."""
    readings = []
    with phone_browser() as driver:
        for page in pages:
            driver.get(page.as_uri())
            readings.append(driver.execute_script(PHONE_READING))
    return readings


def slow_brief(folder: Path) -> Path:
    """A brief in ``folder`` that lints clean but takes WeasyPrint a long time to lay out (tens
    of seconds on a quiet machine): its figure is an SVG of 45,000 translucent circles, under
    every cap lint knows. For tests of the render time limit, now that lint refuses known bombs."""
    shutil.copytree(CASES / "hostile" / "svg-use-bomb", folder)
    circles = "".join(
        f'<circle cx="{i % 400}" cy="{i * 7 % 300}" r="{3 + i % 5}" fill="#{i * 37 % 4096:03x}" '
        'stroke="#000" stroke-width="0.5" opacity="0.5"/>'
        for i in range(45_000)
    )
    (folder / "figures" / "map.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" viewBox="0 0 400 300">'
        f"{circles}</svg>",
        encoding="utf-8",
    )
    (folder / "expected.json").unlink(missing_ok=True)
    return folder / "brief.json"
