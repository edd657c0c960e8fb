"""briefkit init: a desk's repository set up once, never overwritten, checking clean."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml

from briefkit.assets import schema_path
from briefkit.authoring.init import config_template
from briefkit.desk.config import Config, parse_config
from tests.helpers import invoke

REPOSITORY = Path(__file__).resolve().parents[2]
PINNED = "https://git.example.org/briefkit.git@3f2c1e0"


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BRIEFKIT_REPO", raising=False)
    return tmp_path


def uncommented(text: str) -> str:
    """The template with every commented key and table header switched on."""
    lines = []
    for line in text.splitlines():
        match = re.match(r"# (\[[^\]]+\]|(?:[A-Za-z0-9_-]+|\"[^\"]+\") = .+)$", line)
        lines.append(match.group(1) if match and "(no default" not in line else line)
    return "\n".join(lines)


def test_every_key_of_the_configuration_schema_is_written_with_a_comment() -> None:
    text = config_template()
    schema = json.loads(schema_path("config").read_text(encoding="utf-8"))
    for key, entry in schema["properties"].items():
        assert re.search(rf"^(# )?(\[{key}\]|{key} = )", text, re.MULTILINE), key
        for name in entry.get("properties", {}):
            assert re.search(rf"^# {name} = ", text, re.MULTILINE), name
        assert entry["description"].split()[0] in text


def test_the_defaults_written_are_the_defaults_applied() -> None:
    table = tomllib.loads(uncommented(config_template()))
    config = parse_config(table, None, Path())
    defaults = Config()
    assert config.lint == defaults.lint
    assert config.select == defaults.select
    assert config.include == defaults.include
    # The example suppression gives its reason, as every suppression must.
    assert config.per_file_ignores == (("drafts/**", ("BK150",)),)
    assert config.findings == ()
    # The commented file itself switches on one thing: the exclusion of tool folders.
    assert tomllib.loads(config_template()) == {
        "exclude": [".briefkit/", ".vscode/", ".github/", ".briefkit-src/"]
    }


def test_a_key_added_to_the_schema_appears_by_itself() -> None:
    schema = json.loads(schema_path("config").read_text(encoding="utf-8"))
    schema["properties"]["site-url"] = {
        "title": "Site address",
        "description": "Where published briefs live.",
        "type": "string",
    }
    schema["properties"]["limits"]["properties"]["max-pages"] = {
        "title": "Longest PDF",
        "description": "Pages.",
        "type": "integer",
        "default": 40,
    }
    text = config_template(schema)
    assert "# Site address: Where published briefs live.\n# site-url =   (no default" in text
    assert "# Longest PDF: Pages.\n# max-pages = 40" in text


def test_init_then_new_checks_with_only_the_placeholder_findings(desk: Path) -> None:
    result = invoke("init")
    assert result.exit_code == 0, result.output
    assert invoke("new", "briefs/first.json").exit_code == 0
    check = invoke("check")
    assert check.exit_code == 1
    files = {line.split(":")[0] for line in check.stdout.splitlines()}
    codes = {line.split()[1] for line in check.stdout.splitlines()}
    assert files == {"briefs/first.json"}
    # Placeholders (TODO text, the country ZZ) and the judgements left to the author.
    assert codes == {"BK150", "BK157", "BK114", "BK161", "BK160"}


def test_init_is_idempotent_and_never_overwrites(desk: Path) -> None:
    (desk / "briefkit.toml").write_text('select = ["BK1"]\n', encoding="utf-8")
    invoke("init")
    written = {path: path.read_bytes() for path in desk.rglob("*") if path.is_file()}
    assert (desk / "briefkit.toml").read_text() == 'select = ["BK1"]\n'
    again = invoke("init")
    assert again.exit_code == 0
    assert "wrote" not in again.stderr
    assert {path: path.read_bytes() for path in desk.rglob("*") if path.is_file()} == written


def test_editor_settings_point_at_the_schema_copies(desk: Path) -> None:
    invoke("init")
    settings = json.loads((desk / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    for mapping in settings["json.schemas"]:
        copy = desk / mapping["url"]
        assert copy.is_file()
        assert re.match(r"https://briefkit.dev/schema/\d+/", json.loads(copy.read_text())["$id"])


def test_ci_files_use_briefkits_own_hook_and_action_through_briefkit_repo(
    desk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hooks = yaml.safe_load((REPOSITORY / ".pre-commit-hooks.yaml").read_text())
    # Without BRIEFKIT_REPO: local hooks running the installed briefkit, as briefkit's own do.
    result = invoke("init")
    # The library's note names the variable; the command line adds its own option.
    assert "set BRIEFKIT_REPO=URL@COMMIT before init to pin briefkit's own; " in result.stderr
    assert "or give --repo URL@COMMIT)" in result.stderr
    config = yaml.safe_load((desk / ".pre-commit-config.yaml").read_text())
    (local,) = config["repos"]
    assert local["repo"] == "local"
    for written, own in zip(local["hooks"], hooks, strict=True):
        assert written["language"] == "system"
        assert {k: written[k] for k in own if k not in ("language", "description")} == {
            k: own[k] for k in own if k not in ("language", "description")
        }
    # With it: briefkit's own hooks, pinned.
    monkeypatch.setenv("BRIEFKIT_REPO", PINNED)
    pinned_desk = desk / "pinned"
    assert invoke("init", str(pinned_desk)).exit_code == 0
    config = yaml.safe_load((pinned_desk / ".pre-commit-config.yaml").read_text())
    (repo,) = config["repos"]
    assert (repo["repo"], repo["rev"]) == ("https://git.example.org/briefkit.git", "3f2c1e0")
    assert [hook["id"] for hook in repo["hooks"]] == [hook["id"] for hook in hooks]

    workflow = yaml.safe_load((desk / ".github" / "workflows" / "briefs.yml").read_text())
    steps = workflow["jobs"]["check"]["steps"]
    assert steps[1]["env"]["BRIEFKIT_REPO"] == "${{ vars.BRIEFKIT_REPO }}"
    assert steps[2]["uses"] == "./.briefkit-src"
    assert set(steps[2]["with"]) <= set(
        yaml.safe_load((REPOSITORY / "action.yml").read_text())["inputs"]
    )


def test_init_ignores_the_cache_and_the_site_output(desk: Path) -> None:
    invoke("init")
    ignored = (desk / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "/.briefkit_cache/" in ignored and "/_site/" in ignored
    # Kept as it is when it exists.
    (desk / ".gitignore").write_text("*.pdf\n", encoding="utf-8")
    invoke("init")
    assert (desk / ".gitignore").read_text(encoding="utf-8") == "*.pdf\n"


def test_a_malformed_briefkit_repo_is_a_usage_error(desk: Path) -> None:
    result = invoke("init", "--repo", "https://git.example.org/briefkit.git")
    assert result.exit_code == 2
    assert "expected a pinned git URL, URL@COMMIT" in result.stderr
    assert not (desk / "briefkit.toml").exists()


@pytest.mark.parametrize("length", [40, 7, 12])
def test_the_workflow_fetches_briefkit_at_the_pinned_commit(desk: Path, length: int) -> None:
    """The workflow's own shell step, run against this repository as BRIEFKIT_REPO, pinned with
    a full hash and with the short ones the README recommends."""
    import shutil
    import subprocess

    if shutil.which("git") is None or not (REPOSITORY / ".git").exists():
        pytest.skip("needs git and a git checkout of briefkit")
    head = subprocess.run(
        ["git", "-C", str(REPOSITORY), "rev-parse", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    invoke("init")
    workflow = yaml.safe_load((desk / ".github" / "workflows" / "briefs.yml").read_text())
    script = workflow["jobs"]["check"]["steps"][1]["run"]
    subprocess.run(["git", "init", "-q", str(desk)], check=True)
    subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=desk,
        env={"BRIEFKIT_REPO": f"file://{REPOSITORY}@{head[:length]}", "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
    )
    assert (desk / ".briefkit-src" / "action.yml").is_file()
    checked_out = subprocess.run(
        ["git", "-C", str(desk / ".briefkit-src"), "rev-parse", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert checked_out == head
    assert ".briefkit-src/" in (desk / ".git" / "info" / "exclude").read_text()


@pytest.mark.parametrize("revision", ["main", "HEAD", "release-branch"])
def test_a_branch_is_not_a_pin(revision: str) -> None:
    from briefkit.authoring.init import parse_repo
    from briefkit.errors import BriefkitError

    with pytest.raises(BriefkitError, match=f"'{revision}' is not pinned"):
        parse_repo(f"https://git.example.org/briefkit.git@{revision}")
    for pinned in ("3f2c1e0", "v0.2.0", "0.2.0"):
        assert parse_repo(f"https://git.example.org/briefkit.git@{pinned}")[1] == pinned


@pytest.mark.parametrize(
    "revision",
    ["3F2C1E0", "3f2c1e0", "3F2C1E0A" * 5, "a" * 64, "ABCDEF0" + "1" * 57, "v1.0", "2.0.0-rc.1"],
)
def test_commit_hashes_of_either_case_and_sha_256_are_pins(revision: str) -> None:
    from briefkit.authoring.init import parse_repo

    assert parse_repo(f"https://git.example.org/briefkit.git@{revision}") == (
        "https://git.example.org/briefkit.git",
        revision,
    )


def test_a_url_with_a_user_name_keeps_it() -> None:
    from briefkit.authoring.init import parse_repo

    assert parse_repo("ssh://git@git.example.org/briefkit.git@v1.0") == (
        "ssh://git@git.example.org/briefkit.git",
        "v1.0",
    )


@pytest.mark.parametrize("value", ["URL@@v1.0", "@v1.0", "@@v1.0", "URL@", "URL@ "])
def test_an_empty_url_or_revision_is_refused(value: str) -> None:
    from briefkit.authoring.init import parse_repo
    from briefkit.errors import BriefkitError

    value = value.replace("URL", "https://git.example.org/briefkit.git")
    with pytest.raises(BriefkitError, match="expected a pinned git URL, URL@COMMIT"):
        parse_repo(value, source="--repo")


@pytest.mark.parametrize(
    "revision", ["-n", "abc", "a" * 44, "3f2c1e", "HEAD@{1}", "HEAD~1", "v1.0..v2.0", "1.0."]
)
def test_what_is_neither_a_hash_nor_a_tag_is_not_called_a_branch(revision: str) -> None:
    from briefkit.authoring.init import parse_repo
    from briefkit.errors import BriefkitError

    url = "https://git.example.org/briefkit.git"
    with pytest.raises(BriefkitError) as caught:
        parse_repo(f"{url}@{revision}", source="--repo")
    message = caught.value.message
    assert f"{revision!r} is not a commit hash or a version tag" in message
    assert "branch" not in message
    assert f"e.g. {url}@3f2c1e0" in message


@pytest.mark.parametrize(
    ("given", "named"),
    [
        ({"option": "https://x.example/b.git@main"}, "--repo 'https://x.example/b.git@main'"),
        (
            {"environment": "https://x.example/b.git@main"},
            "BRIEFKIT_REPO='https://x.example/b.git@main'",
        ),
        (
            {"option": "https://x.example/b.git@main", "environment": "https://x.example/b.git@v1"},
            "--repo 'https://x.example/b.git@main'",
        ),
    ],
)
def test_a_refused_repository_names_where_it_came_from(
    desk: Path, monkeypatch: pytest.MonkeyPatch, given: dict[str, str], named: str
) -> None:
    if "environment" in given:
        monkeypatch.setenv("BRIEFKIT_REPO", given["environment"])
    args = ["--repo", given["option"]] if "option" in given else []
    result = invoke("init", *args)
    assert result.exit_code == 2
    assert f"{named}: 'main' is not pinned" in result.stderr
    other = "BRIEFKIT_REPO=" if named.startswith("--repo") else "--repo"
    assert other not in result.stderr


def test_the_local_hooks_init_writes_run_under_pre_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without BRIEFKIT_REPO, `pre-commit run` with init's file: the installed briefkit judges
    the staged briefs, and a commit touching none runs nothing."""
    import importlib.util
    import os
    import shutil
    import subprocess
    import sys

    from tests.conftest import SAMPLES
    from tests.helpers import GIT_ENV, git

    if importlib.util.find_spec("pre_commit") is None or shutil.which("git") is None:
        pytest.skip("needs pre-commit and git")
    monkeypatch.delenv("BRIEFKIT_REPO", raising=False)
    git(tmp_path, "init", "-q")
    assert invoke("init", str(tmp_path)).exit_code == 0
    shutil.copy(SAMPLES / "tanzania-election.json", tmp_path / "brief.json")
    brief = json.loads((tmp_path / "brief.json").read_text(encoding="utf-8"))
    brief.pop("discover_more")
    (tmp_path / "brief.json").write_text(json.dumps(brief, indent=2), encoding="utf-8")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "desk")
    environment = {
        **os.environ,
        **GIT_ENV,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "PRE_COMMIT_HOME": str(tmp_path.parent / "pre-commit-home"),
    }

    def pre_commit() -> str:
        done = subprocess.run(
            [sys.executable, "-m", "pre_commit", "run"],
            cwd=tmp_path,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        return done.stdout

    (tmp_path / "notes.txt").write_text("unrelated\n", encoding="utf-8")
    git(tmp_path, "add", "notes.txt")
    first = pre_commit().splitlines()
    assert any(line.startswith("briefkit check.") and "Skipped" in line for line in first)
    brief["title"] = ""
    (tmp_path / "brief.json").write_text(json.dumps(brief, indent=2), encoding="utf-8")
    git(tmp_path, "add", "brief.json")
    output = pre_commit()
    assert "briefkit check" in output and "Failed" in output and " BK110 " in output
