"""The output policy of every command: regular files or '-', never an input, never a device."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from briefkit.errors import BriefkitError
from briefkit.files import resolve_output, write_atomically


def test_standard_output_names() -> None:
    assert resolve_output("-") is None
    assert resolve_output("/dev/stdout") is None


def test_a_device_is_refused_and_left_alone() -> None:
    # As root, renaming a temporary file over /dev/null replaced the device (render -o /dev/null).
    before = Path("/dev/null").stat()
    with pytest.raises(BriefkitError, match="not a regular file"):
        resolve_output("/dev/null")
    with pytest.raises(BriefkitError, match="not a regular file"):
        write_atomically(Path("/dev/null"), b"%PDF")
    after = Path("/dev/null").stat()
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_a_fifo_target_is_refused_and_kept(tmp_path: Path) -> None:
    fifo = tmp_path / "out.pdf"
    os.mkfifo(fifo)
    with pytest.raises(BriefkitError, match="not a regular file"):
        write_atomically(fifo, b"%PDF")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_a_folder_target_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BriefkitError, match="is a folder"):
        resolve_output(tmp_path)


def test_an_input_is_never_an_output(tmp_path: Path) -> None:
    brief = tmp_path / "brief.json"
    brief.write_text("{}", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(brief)
    for target in (brief, tmp_path / "." / "brief.json"):
        with pytest.raises(BriefkitError, match="one of the inputs"):
            resolve_output(target, [brief])
    with pytest.raises(BriefkitError, match="symbolic link"):  # never written through a link
        resolve_output(link, [brief])
    assert resolve_output(tmp_path / "report.json", [brief]) == tmp_path / "report.json"
    assert brief.read_text(encoding="utf-8") == "{}"
