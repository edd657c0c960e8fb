"""The one error model of the library: :class:`BriefkitError` and its kinds. Imports nothing of
briefkit's (every module may raise these).

A library error says what went wrong in words a user of any front end understands (the command
line, the render service, the editor); what the user may *change* is a separate :class:`Hint`,
which each front end phrases its own way (the CLI names its flags). Library messages never name
a command-line flag.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefkit.findings import Finding

EXIT_FINDINGS = 1
"""A user error or findings: the exit code of a plain :class:`BriefkitError`."""
EXIT_USAGE = 2
"""A usage or configuration error."""


class Hint(StrEnum):
    """Something the user may change so that the failed work succeeds (the CLI turns it into
    advice that names its flag; a service into its own words)."""

    RENDER_SECONDS = "render-seconds"
    """Raise the render time limit."""
    RENDER_MEMORY = "render-memory-mb"
    """Raise the render memory limit."""
    MAX_PNG_PIXELS = "max-png-pixels"
    """Lower the resolution of PNG pages, or raise the pixel limit."""
    ACCEPT_WARNINGS = "accept-warnings"
    """Write the output even though part of it could not be drawn."""
    OUTPUT = "output"
    """Name the output (a brief read from standard input has no name to derive it from)."""
    DOCTOR = "doctor"
    """Diagnose this machine's installation."""
    ALLOW_RED = "allow-red"
    """Include TLP:RED briefs, for a recipient entitled to them."""
    OUT_FOLDER = "out"
    """Build into a folder of its own (empty, new, or one an earlier build made)."""
    ALLOW_EMPTY = "allow-empty"
    """Accept that the folders walked hold no brief."""
    SERVICE_TOKEN = "service-token"
    """Give the render service a token it accepts."""
    CHANGED_SINCE = "changed-since"
    """Name a commit that this repository has and shares history with ``HEAD``."""
    GIT_REPOSITORY = "git-repository"
    """Changes are found by git: work in a git repository, or check without them."""
    BRAND_NAMES = "brand-names"
    """Give the brand a name and a short name."""
    LOGO = "logo"
    """Give an SVG, PNG or JPEG file that exists as the logo."""
    PIN_REPOSITORY = "pin-repository"
    """Pin briefkit's own repository (URL@COMMIT) for the hooks and CI files."""


class BriefkitError(Exception):
    """Bad input, a missing file, an unwritable output: something the user can fix.

    ``findings`` carries the located problems when there are any (a brief that does not parse, a
    draft that is not publishable); the message alone is enough for the others. ``exit_code`` is
    the code a command exits with for it; ``hint`` what the user may change (see :class:`Hint`).
    Anything else raised by briefkit is a bug and keeps its traceback.
    """

    exit_code: int = EXIT_FINDINGS

    def __init__(
        self,
        message: str,
        findings: Iterable[Finding] = (),
        *,
        hint: Hint | None = None,
        exit_code: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.findings: tuple[Finding, ...] = tuple(findings)
        self.hint = hint
        if exit_code is not None:
            self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message


class RenderLimitError(BriefkitError):
    """A render passed one of its limits (time, memory, pixels) and was stopped; nothing was
    written. The one place these messages are worded."""

    @classmethod
    def time(cls, name: str, seconds: float) -> RenderLimitError:
        return cls(
            f"{name}: rendering took longer than {seconds:g} s and was stopped; nothing was "
            "written",
            hint=Hint.RENDER_SECONDS,
        )

    @classmethod
    def memory(cls, name: str, megabytes: int) -> RenderLimitError:
        return cls(
            f"{name}: rendering needed more than {megabytes:,} MiB of memory and was stopped; "
            "nothing was written",
            hint=Hint.RENDER_MEMORY,
        )


def worker_stopped(name: str, how: str, megabytes: int) -> BriefkitError:
    """A render worker died without a word (a C library that failed to allocate, a signal):
    not known to be a limit, though a render past the memory limit may end this way."""
    return BriefkitError(
        f"{name}: the render worker stopped ({how}); nothing was written. A render that needs "
        f"more than {megabytes:,} MiB of memory ends this way",
        hint=Hint.RENDER_MEMORY,
    )


@dataclass(frozen=True)
class Failure:
    """Why one item of batch work (a brief of a site build, of a render of many, of a digest)
    was not done; the batch goes on. ``name`` is the item (a brief's path as given),
    ``message`` what went wrong, ``hint`` what the user may change (see :class:`Hint`)."""

    name: str
    message: str
    hint: Hint | None = None

    @classmethod
    def of(cls, name: str, error: BriefkitError) -> Failure:
        """The failure of ``name`` that ``error`` describes."""
        return cls(name, error.message, error.hint)
