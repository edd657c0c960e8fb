"""What `check` takes as a brief: git-tracked files, the documented rule, and hostile trees."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from briefkit.desk.config import ConfigFinder
from briefkit.desk.detection import looks_like_brief
from briefkit.desk.discovery import discover_briefs
from briefkit.desk.patterns import PatternList
from tests.conftest import SAMPLES
from tests.helpers import add_samples, codes_of, git, lines_of, needs_git
from tests.helpers import run_briefkit as run

BRIEF_LIKE = json.dumps({"id": "vendored", "title": "A vendored brief", "kind": "analysis"})


@needs_git
def test_only_files_git_would_track_and_that_are_briefs_are_checked(tmp_path: Path) -> None:
    # Defect 1: a gitignored virtualenv, package.json, .vscode/, .github/ and the SARIF report of
    # the previous run were all checked as briefs (454 errors in a clean repository).
    git(tmp_path, "init", "-q")
    samples = add_samples(tmp_path / "briefs")
    (tmp_path / ".gitignore").write_text("env/\nbuild/\n", encoding="utf-8")
    (tmp_path / "env" / "lib").mkdir(parents=True)
    (tmp_path / "env" / "lib" / "brief.json").write_text(BRIEF_LIKE, encoding="utf-8")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "broken.json").write_text("{", encoding="utf-8")
    (tmp_path / "package.json").write_text('{"name": "site", "version": "1"}', encoding="utf-8")
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "settings.json").write_text("{// comments\n}", encoding="utf-8")
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "labels.json").write_text(BRIEF_LIKE, encoding="utf-8")
    (tmp_path / "data.json").write_text("[1, 2, 3]", encoding="utf-8")
    (tmp_path / "tsconfig.json").write_text('{"compilerOptions": {}}', encoding="utf-8")
    # A global excludes file (core.excludesFile) is honoured too.
    excludes = tmp_path / "global-excludes"
    excludes.write_text("scratch/\n", encoding="utf-8")
    git(tmp_path, "config", "core.excludesFile", str(excludes))
    (tmp_path / "scratch").mkdir()
    (tmp_path / "scratch" / "b.json").write_text(BRIEF_LIKE, encoding="utf-8")
    (tmp_path / ".git" / "info" / "exclude").write_text("local/\n", encoding="utf-8")
    (tmp_path / "local").mkdir()
    (tmp_path / "local" / "c.json").write_text(BRIEF_LIKE, encoding="utf-8")

    first = run(
        "check", "--report", "sarif:report.sarif.json", "--report", "json:r.json", cwd=tmp_path
    )
    assert first.returncode == 0, first.stdout + first.stderr
    assert f"All clear: {samples} files checked" in first.stderr
    second = run("check", "-v", cwd=tmp_path)  # the reports the first run wrote are not briefs
    assert second.returncode == 0, second.stdout + second.stderr
    assert f"All clear: {samples} files checked" in second.stderr
    assert "skipped package.json: JSON that is not a brief" in second.stderr
    assert "skipped report.sarif.json: JSON that is not a brief" in second.stderr
    assert "skipped .github: hidden folder" in second.stderr

    # JSON that does not parse, where a brief could be, is reported.
    (tmp_path / "briefs" / "draft.json").write_text('{"id": "x",', encoding="utf-8")
    broken = run("check", cwd=tmp_path)
    assert codes_of(broken) == ["BK001"] and broken.returncode == 1


def test_outside_git_hidden_folders_and_virtualenvs_are_skipped(tmp_path: Path) -> None:
    samples = add_samples(tmp_path / "briefs")
    for venv in ("venv-3.11", ".venv"):
        (tmp_path / venv / "lib").mkdir(parents=True)
        (tmp_path / venv / "pyvenv.cfg").write_text("home = /usr\n", encoding="utf-8")
        (tmp_path / venv / "lib" / "x.json").write_text("{broken", encoding="utf-8")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "x.json").write_text("{broken", encoding="utf-8")
    result = run("check", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert f"{samples} files checked" in result.stderr


def test_the_brief_rule() -> None:
    assert looks_like_brief({"$schema": "../../.briefkit/brief.schema.json"})
    assert looks_like_brief({"$schema": "https://briefkit.dev/schema/1/brief.schema.json"})
    assert looks_like_brief({"id": "a", "title": "b"})
    assert not looks_like_brief({"$schema": "https://json.schemastore.org/package.json"})
    assert not looks_like_brief({"title": "one key only"})
    assert not looks_like_brief([{"id": "a", "title": "b"}])


def test_include_takes_exactly_its_patterns(tmp_path: Path) -> None:
    add_samples(tmp_path / "briefs")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.json").write_text('{"not": "a brief"}', encoding="utf-8")
    (tmp_path / "briefkit.toml").write_text('include = ["notes/*.json"]\n', encoding="utf-8")
    result = run("check", cwd=tmp_path)
    assert "notes/a.json:" in result.stdout and "briefs/" not in result.stdout
    assert "1 file checked" in result.stderr or "in 1 file" in result.stderr


def test_zero_briefs_is_an_error_unless_allowed(tmp_path: Path) -> None:
    # Defect 4: an include typo gave "All clear: 0 files checked", exit 0 and an empty report.
    add_samples(tmp_path / "briefs")
    (tmp_path / "briefkit.toml").write_text('include = ["brief/*.json"]\n', encoding="utf-8")
    result = run("check", "--report", "junit:junit.xml", cwd=tmp_path)
    assert result.returncode == 2
    assert "no briefs found under .; create one with `briefkit new`" in result.stderr
    assert not (tmp_path / "junit.xml").exists()
    allowed = run("check", "--allow-empty", cwd=tmp_path)
    assert allowed.returncode == 0 and "0 files checked" in allowed.stderr


def test_force_exclude_applies_exclude_to_named_files(tmp_path: Path) -> None:
    add_samples(tmp_path / "archive")
    (tmp_path / "briefkit.toml").write_text('exclude = ["archive/"]\n', encoding="utf-8")
    named = "archive/niger-mali-aes.json"
    assert "1 file" in run("check", named, cwd=tmp_path).stderr
    forced = run("check", named, "--force-exclude", "--allow-empty", cwd=tmp_path)
    assert forced.returncode == 0 and "0 files checked" in forced.stderr


def test_a_fifo_in_a_walked_folder_does_not_hang(tmp_path: Path) -> None:
    # Defect 6 (issue 9): `check .` opened a FIFO named *.json and waited forever for a writer.
    samples = add_samples(tmp_path / "briefs")
    os.mkfifo(tmp_path / "briefs" / "pipe.json")
    result = run("check", "-v", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert f"{samples} files checked" in result.stderr
    assert "pipe.json: not a regular file" in result.stderr


def test_a_named_fifo_is_read_with_the_size_limit(tmp_path: Path) -> None:
    pipe = tmp_path / "brief.json"
    os.mkfifo(pipe)
    sample = (SAMPLES / "niger-mali-aes.json").read_bytes()

    def feed(data: bytes) -> None:
        with pipe.open("wb") as stream:
            stream.write(data)

    writer = threading.Thread(target=feed, args=(sample,))
    writer.start()
    result = run("lint", str(pipe), cwd=tmp_path)
    writer.join()
    assert result.returncode == 0, result.stdout + result.stderr

    (tmp_path / "briefkit.toml").write_text("[limits]\nmax-file-bytes = 2048\n", encoding="utf-8")
    big = b" " * 10_000_000  # never read to the end: the reader stops past the limit

    def feed_and_ignore(data: bytes) -> None:
        with contextlib.suppress(BrokenPipeError):
            feed(data)

    writer = threading.Thread(target=feed_and_ignore, args=(big,))
    writer.start()
    result = run("lint", str(pipe), cwd=tmp_path)
    writer.join()
    assert codes_of(result) == ["BK005"]


def test_a_symlink_loop_is_a_finding_and_the_rest_is_checked(tmp_path: Path) -> None:
    # Defect 7 (issue 9): `ln -s x.json x.json; briefkit check .` exited 3 (a bug).
    samples = add_samples(tmp_path / "briefs")
    (tmp_path / "briefs" / "x.json").symlink_to("x.json")
    result = run("check", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert lines_of(result) == [
        "briefs/x.json:1:1: BK007 [error] cannot read the file: a symbolic link that points to "
        "itself (a loop)"
    ]
    # The samples; the loop is a finding, not a file read.
    assert "Traceback" not in result.stderr and f"in {samples} files" in result.stderr


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("*a*a*a*a*a*a*a*a*a*a*a*a*a*b", ["False", "True", "False"]),
        ("**/*a*a*a*a*a*a*a*a*a*a*a*a*a*b/**", ["False", "False", "True"]),
    ],
)
def test_pathological_exclude_patterns_take_linear_time(pattern: str, expected: list[str]) -> None:
    # Defect 8 (issue 9): pathspec turned this glob into a regular expression that backtracks
    # exponentially; a 30-character name took seconds, a 60-character one forever. Run in a
    # child with a CPU limit, so that a regression fails instead of hanging the suite.
    code = (
        "import resource; resource.setrlimit(resource.RLIMIT_CPU, (20, 20));"
        "from briefkit.desk.patterns import PatternList;"
        f"p = PatternList([{pattern!r}]);"
        "print(p.match('a' * 200 + '/' + 'a' * 200), p.match('a' * 13 + 'b'),"
        "      p.match('x/' + 'a' * 13 + 'b/y'))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == expected


def test_gitignore_pattern_semantics() -> None:
    patterns = PatternList(["archive/", "/top.json", "**/drafts/*.json", "*.tmp", "!keep.tmp"])
    assert patterns.match("archive", is_folder=True)
    assert not patterns.match("archive")  # a file named archive is not the folder
    assert patterns.match("sub/archive", is_folder=True)
    assert patterns.match("top.json") and not patterns.match("sub/top.json")
    assert patterns.match("drafts/a.json") and patterns.match("x/y/drafts/a.json")
    assert not patterns.match("drafts/sub/a.json")
    assert patterns.match("a/b.tmp") and not patterns.match("a/keep.tmp")
    assert PatternList(["a/**"]).match("a/b/c") and not PatternList(["a/**"]).match("a")
    assert PatternList([r"\#x.json"]).match("#x.json")


def test_non_utf8_file_names_keep_every_report_valid(tmp_path: Path) -> None:
    # Defect 13 (issue 9): a name that is not UTF-8 crashed sarif and --output-file, and made
    # the json and junit reports invalid UTF-8.
    add_samples(tmp_path / "briefs")
    name = os.fsencode(tmp_path / "briefs") + b"/caf\xe9.json"
    draft = json.loads((SAMPLES / "niger-mali-aes.json").read_text(encoding="utf-8"))
    del draft["assessment"]
    draft["id"], draft["title"] = "cafe", "Café"
    with open(name, "wb") as stream:  # noqa: PTH123 - a bytes path
        stream.write(json.dumps(draft).encode())
    formats = ["text", "json", "github", "sarif", "junit", "gitlab"]
    reports = [arg for f in formats for arg in ("--report", f"{f}:out/report.{f}")]
    result = run("check", "briefs", *reports, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    for fmt in formats:
        text = (tmp_path / "out" / f"report.{fmt}").read_bytes().decode("utf-8")  # valid UTF-8
        assert any(form in text for form in ("caf\\xe9.json", "caf\\\\xe9.json", "caf%E9.json")), (
            fmt
        )
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    (finding,) = report["findings"]
    import base64

    assert base64.b64decode(finding["file_base64"]) == b"briefs/caf\xe9.json"  # lossless
    sarif = json.loads((tmp_path / "out" / "report.sarif").read_text(encoding="utf-8"))
    location = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "briefs/caf%E9.json", "uriBaseId": "%SRCROOT%"}


def test_discovery_for_other_commands(tmp_path: Path) -> None:
    add_samples(tmp_path / "briefs")
    (tmp_path / "briefs" / "package.json").write_text('{"name": "x"}', encoding="utf-8")
    found = discover_briefs([tmp_path, tmp_path / "missing.json"], ConfigFinder())
    assert sorted(path.name for path in found.paths) == sorted(
        path.name for path in SAMPLES.glob("*.json")
    )
    assert [finding.code for finding in found.findings] == ["BK007"]
    assert (tmp_path / "briefs" / "package.json", "JSON that is not a brief") in found.skipped


def test_check_with_a_pathological_exclude_finishes(tmp_path: Path) -> None:
    # Defect 8 end to end: with pathspec this run did not finish (a 60-character name and a
    # 14-star pattern); now it takes well under a second. The time limit only stops a regression.
    samples = add_samples(tmp_path / "briefs")
    (tmp_path / "briefs" / ("a" * 60 + ".json")).write_text(BRIEF_LIKE, encoding="utf-8")
    (tmp_path / "briefkit.toml").write_text(
        'exclude = ["*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b"]\n', encoding="utf-8"
    )
    done = run("check", "--exit-zero", cwd=tmp_path, timeout=60)
    # The samples and the long name the pattern must not exclude.
    assert done.returncode == 0 and f"{samples + 1} files" in done.stderr, done.stderr
