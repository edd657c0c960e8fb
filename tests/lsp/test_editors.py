"""The editor configurations in ``editors/``: each parses, and the command line it names starts
briefkit's language server (initialize answered by "briefkit", shut down cleanly)."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.lsp.session import editor

EDITORS = ROOT / "editors"


def neovim_command() -> list[str]:
    text = (EDITORS / "neovim" / "briefkit.lua").read_text(encoding="utf-8")
    assert "vim.lsp.start(" in text
    table = re.search(r"\bcmd = \{([^}]*)\}", text)
    assert table is not None
    return re.findall(r'"([^"]*)"', table[1])


def helix_command() -> list[str]:
    config = tomllib.loads((EDITORS / "helix" / "languages.toml").read_text(encoding="utf-8"))
    server = config["language-server"]["briefkit"]
    languages = {language["name"]: language for language in config["language"]}
    assert "briefkit" in languages["json"]["language-servers"]
    assert "briefkit" in languages["toml"]["language-servers"]
    return [server["command"], *server["args"]]


def vscode_command() -> list[str]:
    folder = EDITORS / "vscode"
    manifest = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    assert "vscode-languageclient" in manifest["dependencies"]
    script = (folder / manifest["main"]).read_text(encoding="utf-8")
    assert 'require("vscode-languageclient/node")' in script
    assert '.getConfiguration("briefkit")' in script and '.get("command"' in script
    setting = manifest["contributes"]["configuration"]["properties"]["briefkit.command"]
    default: list[str] = setting["default"]
    return default


@pytest.mark.parametrize("read", [neovim_command, helix_command, vscode_command])
def test_the_command_an_editor_names_starts_the_server(read: object, tmp_path: Path) -> None:
    assert callable(read)
    command = read()
    assert command == ["briefkit", "lsp"]
    executable = Path(sys.executable).parent / command[0]  # the venv's console script
    assert executable.exists()

    async def scenario() -> None:
        async with editor(tmp_path, [str(executable), *command[1:]]) as session:
            assert session.initialized is not None and session.initialized.server_info
            assert session.initialized.server_info.name == "briefkit"

    asyncio.run(scenario())


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_the_vscode_extension_is_valid_javascript() -> None:
    script = EDITORS / "vscode" / "extension.js"
    subprocess.run(["node", "--check", str(script)], check=True)


def test_init_writes_the_vscode_setting_for_the_server() -> None:
    from briefkit.authoring.init import vscode_settings

    assert vscode_settings()["briefkit.command"] == vscode_command()


@pytest.mark.network
@pytest.mark.skipif(shutil.which("npm") is None, reason="npm is not installed")
def test_the_vscode_extension_builds_a_vsix(tmp_path: Path) -> None:
    """``npm install`` and ``npm run package`` (from the npm registry) make an installable
    .vsix holding the extension and the language client."""
    import zipfile

    folder = tmp_path / "vscode"
    shutil.copytree(EDITORS / "vscode", folder)
    subprocess.run(["npm", "install", "--no-audit", "--no-fund"], cwd=folder, check=True)
    subprocess.run(["npm", "run", "package"], cwd=folder, check=True)
    names = zipfile.ZipFile(folder / "briefkit.vsix").namelist()
    assert "extension/extension.js" in names
    assert "extension/node_modules/vscode-languageclient/node.js" in names
