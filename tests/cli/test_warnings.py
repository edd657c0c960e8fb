"""Warning lines are escaped as error lines are: a name cannot forge a line of its own."""

from __future__ import annotations

import pytest

from briefkit.cli.common import warn


def test_a_newline_in_a_warning_cannot_forge_a_workflow_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    warn("drafts/x\n::error file=FAKE.json::forged\x1b[31m.json: no edition in 'fr'")
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("briefkit: warning: drafts/x\\u000a::error")
    assert "\x1b" not in lines[0]
