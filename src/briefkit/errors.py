"""The one exception type the core raises for problems a user can fix."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefkit.findings import Finding


class BriefkitError(Exception):
    """Bad input, a missing file, an unwritable output: something the user can fix.

    ``findings`` carries the located problems when there are any (a brief that does not parse, a
    draft that is not publishable); the message alone is enough for the others. Anything else
    raised by briefkit is a bug and keeps its traceback.
    """

    def __init__(self, message: str, findings: Iterable[Finding] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.findings: tuple[Finding, ...] = tuple(findings)

    def __str__(self) -> str:
        return self.message
