"""Only ``briefkit lsp`` loads the editor server: the other commands never import pygls."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_no_other_command_imports_the_editor_server() -> None:
    code = (
        "import sys\n"
        "from briefkit.cli.app import COMMANDS, GROUPS, _command\n"
        "from importlib import import_module\n"
        "for name, module, function in COMMANDS:\n"
        "    if name != 'lsp':\n"
        "        _command(module, function)\n"
        "for name, module in GROUPS:\n"
        "    import_module(f'briefkit.cli.{module}')\n"
        "import briefkit\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol')"
        " or m.startswith('briefkit.lsp'))\n"
        "print(loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "[]"


def test_lsp_is_listed_and_documented() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "briefkit", "lsp", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0
    assert "language server" in result.stdout
