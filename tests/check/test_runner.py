"""``briefkit check`` over a repository: discovery, configuration, cross-file rules, exit codes."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from briefkit.check.runner import check_paths
from briefkit.desk.config import ConfigError, ConfigFinder
from tests.conftest import CASES, ROOT, SAMPLE_BRIEFS, SAMPLES
from tests.helpers import codes_of, lines_of
from tests.helpers import run_briefkit as run

INVALID = CASES / "invalid"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A briefs repository: the samples, a draft missing its assessment, and noise."""
    briefs = tmp_path / "briefs"
    briefs.mkdir()
    for sample in SAMPLE_BRIEFS:
        shutil.copy(sample, briefs / sample.name)
    (tmp_path / "drafts").mkdir()
    draft = (INVALID / "missing-assessment" / "brief.json").read_text(encoding="utf-8")
    draft = draft.replace('"niger-mali-aes-2025-10-02"', '"draft-2025"', 1).replace(
        '"title": "Niger–Mali', '"title": "Draft: Niger–Mali', 1
    )
    (tmp_path / "drafts" / "draft.json").write_text(draft, encoding="utf-8")
    (tmp_path / "node_modules" / "pkg").mkdir(parents=True)
    (tmp_path / "node_modules" / "pkg" / "package.json").write_text("{}", encoding="utf-8")
    (tmp_path / "package.json").write_text('{"name": "site"}', encoding="utf-8")
    (tmp_path / "briefkit.toml").write_text('exclude = ["package.json"]\n', encoding="utf-8")
    return tmp_path


def test_check_walks_folders_honours_excludes_and_reports_every_file(repo: Path) -> None:
    result = run("check", cwd=repo)
    assert result.returncode == 1
    files = {line.split(":")[0] for line in lines_of(result)}
    assert files == {"drafts/draft.json"}
    # The samples and the draft; node_modules and package.json skipped.
    assert f"in {len(SAMPLE_BRIEFS) + 1} files" in result.stderr


def test_clean_repository_exits_zero(repo: Path) -> None:
    shutil.rmtree(repo / "drafts")
    result = run("check", cwd=repo)
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    assert f"All clear: {len(SAMPLE_BRIEFS)} files checked" in result.stderr


def test_cross_file_rules(repo: Path) -> None:
    draft = json.loads((repo / "briefs" / "tanzania-election.json").read_text(encoding="utf-8"))
    draft["discover_more"][0]["id"] = "tanzania-securty-update-2025-10-29"
    (repo / "briefs" / "copy.json").write_text(json.dumps(draft, indent=2), encoding="utf-8")
    result = run("check", "briefs", cwd=repo)
    assert sorted(codes_of(result)) == ["BK201", "BK202", "BK203"]
    duplicate = next(line for line in lines_of(result) if " BK201 " in line)
    assert "already used by briefs/" in duplicate
    assert result.returncode == 1


def test_part_of_a_repository_resolves_links_against_all_of_it(repo: Path) -> None:
    # Defect 3: `check drafts/` (or one file, or stdin) reported BK202 for every link to a brief
    # outside what was checked; now ids resolve against every brief in the repository.
    write_config(repo, '[severity]\nBK202 = "error"\n')
    alone = run("check", "briefs/niger-mali-aes.json", cwd=repo)
    assert alone.stdout == "" and alone.returncode == 0
    brief = (repo / "briefs" / "niger-mali-aes.json").read_bytes()
    piped = run("check", "--stdin-filename", "briefs/niger-mali-aes.json", cwd=repo, stdin=brief)
    assert piped.stdout == "" and piped.returncode == 0
    assert "1 file checked" in piped.stderr
    # A link that no brief in the repository has is still reported, on the checked brief only.
    broken = brief.replace(b'"tanzania-election-2025-10-29"', b'"tanzania-elecion"')
    (repo / "drafts" / "linked.json").write_bytes(
        broken.replace(b'"niger-mali-aes-2025-10-02"', b'"linked-draft"', 1).replace(
            b'"title": "', b'"title": "Linked: ', 1
        )
    )
    result = run("check", "drafts/linked.json", cwd=repo)
    assert codes_of(result) == ["BK202"]
    assert lines_of(result)[0].startswith("drafts/linked.json:")
    assert "'tanzania-elecion'" in result.stdout and result.returncode == 1
    # Outside any repository (no git, no configuration file) only the checked set counts.
    (repo / "briefkit.toml").unlink()
    outside = run("check", "briefs/niger-mali-aes.json", "--allow-empty", cwd=repo)
    assert codes_of(outside) == ["BK202", "BK202"]


def test_fail_on_warning_and_exit_zero(repo: Path) -> None:
    write_config(repo, '[severity]\nBK104 = "warning"\n')
    assert run("check", cwd=repo).returncode == 0
    assert run("check", "--fail-on", "warning", cwd=repo).returncode == 1
    write_config(repo, "")
    assert run("check", "--exit-zero", cwd=repo).returncode == 0


def test_stdin_with_a_dash(repo: Path) -> None:
    draft = (repo / "drafts" / "draft.json").read_bytes()
    result = run("check", "-", cwd=repo, stdin=draft)
    assert result.returncode == 1
    assert lines_of(result)[0].startswith("-:1:1: BK104 [error] ")


@pytest.mark.parametrize("command", ["check", "lint", "validate"])
def test_a_missing_path_is_a_finding_with_exit_one_and_the_rest_is_checked(
    repo: Path, command: str
) -> None:
    # Defect 5: `check` exited 2 and wrote no report; `lint` said BK007 with exit 1.
    result = run(command, "nowhere.json", "briefs/niger-mali-aes.json", cwd=repo)
    assert result.returncode == 1
    assert lines_of(result) == ["nowhere.json:1:1: BK007 [error] no such file or folder"]
    assert "in 2 files" in result.stderr or "in 1 file" in result.stderr
    if command == "check":
        report = run("check", "nowhere", "briefs", "--report", "junit:out/junit.xml", cwd=repo)
        assert report.returncode == 1
        assert "BK007" in (repo / "out" / "junit.xml").read_text(encoding="utf-8")


def write_config(repo: Path, text: str) -> None:
    (repo / "briefkit.toml").write_text(text, encoding="utf-8")


def test_select_ignore_severity_and_required_sections(repo: Path) -> None:
    write_config(
        repo,
        'exclude = ["package.json"]\n'
        'ignore = [{code = "BK2", reason = "links point at the partner repository"}]\n'
        '[severity]\nBK104 = "warning"\n'
        '[required-sections]\nanalysis = ["executive_summary", "sources"]\n',
    )
    result = run("check", cwd=repo)
    codes = sorted(set(codes_of(result)))
    # BK104 is no longer required for analysis briefs; BK106 (sources) now is, for every analysis.
    assert codes == ["BK106"]
    write_config(
        repo,
        'exclude = ["package.json"]\nselect = [{code = "BK10", reason = "sections only"}]\n'
        '[severity]\nBK104 = "warning"\n',
    )
    result = run("check", cwd=repo)
    assert codes_of(result) == ["BK104"]
    assert result.returncode == 0  # only a warning now


def test_per_file_ignores(repo: Path) -> None:
    write_config(
        repo,
        'exclude = ["package.json"]\n[per-file-ignores]\n'
        '"drafts/**" = [{code = "BK104", reason = "drafts have no assessment yet"}]\n',
    )
    assert run("check", cwd=repo).returncode == 0


def test_nearest_configuration_wins(repo: Path) -> None:
    (repo / "drafts" / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.briefkit]\n'
        'ignore = [{code = "BK104", reason = "drafts have no assessment yet"}]\n',
        encoding="utf-8",
    )
    result = run("check", cwd=repo)
    assert result.returncode == 0, result.stdout


def test_pyproject_without_a_briefkit_table_is_passed_over(repo: Path) -> None:
    (repo / "drafts" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    result = run("check", cwd=repo)
    assert "BK104" in result.stdout


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ignore = [", "invalid TOML"),
        ('ignor = ["BK104"]', "unknown key 'ignor'; did you mean 'ignore'?"),
        ('ignore = ["E501"]', 'ignore[0]: "E501" is not a valid rule code or prefix; write BK'),
        ('[severity]\nBK104 = "fatal"', 'severity.BK104: "fatal" is not allowed; use one of'),
        ('[required-sections]\nanalysis = ["assesment"]', "required-sections.analysis[0]"),
        (
            'select = "BK1"',
            'found a string; write it as a list of tables: select = [{ code = "BK1"',
        ),
        ("[limits]\nrender-seconds = 0", "limits.render-seconds: 0 is too small; must be above 0"),
        ("[limits]\nmax-file-bytes = inf", "max-file-bytes: expected a whole number, found inf"),
        ("[limits]\nmax-file-bytes = 99999999999999999999", "must be at most 1073741824"),
    ],
)
def test_broken_configuration_exits_two(repo: Path, text: str, message: str) -> None:
    write_config(repo, text)
    brief = (repo / "drafts" / "draft.json").read_bytes()
    for args in (["check"], ["lint", "drafts/draft.json"], ["lint", "-"], ["validate", "-"]):
        result = run(*args, cwd=repo, stdin=brief if "-" in args else None)
        assert result.returncode == 2, result.stdout + result.stderr
        assert "briefkit.toml" in result.stderr and message in result.stderr
        assert "Traceback" not in result.stderr


def test_explicit_config_option(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    other = tmp_path_factory.mktemp("cfg") / "briefkit.toml"
    other.write_text(
        'exclude = ["package.json"]\nignore = [{code = "BK104", reason = "drafts"}]\n',
        encoding="utf-8",
    )
    assert run("check", "--config", str(other), cwd=repo).returncode == 0


def test_github_format_is_chosen_under_github_actions(repo: Path) -> None:
    result = run("check", cwd=repo, env={"GITHUB_ACTIONS": "true"})
    assert result.stdout.startswith("::error file=drafts/draft.json,line=1,col=1,title=BK104 ")


def test_output_file_is_written(repo: Path) -> None:
    result = run("check", "--output-format", "json", "--output-file", "report.json", cwd=repo)
    assert result.returncode == 1
    assert result.stdout == ""
    report: dict[str, Any] = json.loads((repo / "report.json").read_text(encoding="utf-8"))
    assert [f["code"] for f in report["findings"]] == ["BK104"]
    assert report["summary"] == {"error": 1, "warning": 0, "info": 0}
    assert len(report["files"]) == len(SAMPLE_BRIEFS) + 1
    assert report["format_version"] == 1


def test_explicitly_named_excluded_folder_is_checked(repo: Path) -> None:
    write_config(repo, 'exclude = ["package.json", "drafts/"]\n')
    assert "drafts/draft.json" not in run("check", cwd=repo).stdout
    assert "drafts/draft.json" in run("check", "drafts", cwd=repo).stdout


def test_large_sets_are_checked_in_parallel_with_the_same_result(tmp_path: Path) -> None:
    base = json.loads((SAMPLES / "niger-mali-aes.json").read_text(encoding="utf-8"))
    # 1,000 briefs: a worker process and this one share them (chunks from both ends).
    for number in range(1000):
        brief = json.loads(json.dumps(base))
        brief["id"] = f"brief-{number}"
        brief["title"] = f"Title {number}"
        if number in (17, 990):
            del brief["assessment"]
        (tmp_path / f"b{number:04d}.json").write_text(json.dumps(brief), encoding="utf-8")
    finder = ConfigFinder()
    parallel = check_paths([tmp_path], finder, jobs=2)
    serial = check_paths([tmp_path], finder, jobs=1)
    assert parallel == serial
    codes = [finding.code for finding in parallel.findings]
    assert [f.file for f in parallel.findings if f.code == "BK104"] == [
        str(tmp_path / "b0017.json"),
        str(tmp_path / "b0990.json"),
    ]
    assert codes.count("BK202") == 2000  # every link points at the samples' ids, not in this set


def test_configuration_errors_in_the_library() -> None:
    with pytest.raises(ConfigError):
        ConfigFinder(Path("/nonexistent/briefkit.toml"))


def test_output_file_that_is_a_checked_brief_is_refused(repo: Path) -> None:
    # Defect 6: `check x.json --output-file x.json` replaced the brief with the report, exit 0.
    brief = repo / "briefs" / "niger-mali-aes.json"
    before = brief.read_bytes()
    for args in (
        ["briefs/niger-mali-aes.json", "--output-file", "briefs/niger-mali-aes.json"],
        ["briefs", "--report", "json:briefs/niger-mali-aes.json"],
        ["--report", "sarif:./briefs/../briefs/niger-mali-aes.json"],
    ):
        result = run("check", *args, "--exit-zero", cwd=repo)
        assert result.returncode == 1, args
        assert "one of the inputs" in result.stderr and "Traceback" not in result.stderr
        assert brief.read_bytes() == before


def test_report_folders_are_created_and_several_reports_come_from_one_run(repo: Path) -> None:
    result = run(
        "check",
        "--exit-zero",
        "--output-file",
        "reports/deep/out.txt",
        "--report",
        "junit:reports/junit.xml",
        "--report",
        "json:-",
        cwd=repo,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["summary"]["error"] == 1
    assert "BK104 [error]" in (repo / "reports" / "deep" / "out.txt").read_text(encoding="utf-8")
    assert "<testsuites" in (repo / "reports" / "junit.xml").read_text(encoding="utf-8")
    both = run("check", "--report", "json:-", "--report", "sarif:/dev/stdout", cwd=repo)
    assert both.returncode == 2 and "only one report can go to standard output" in both.stderr
    device = run("check", "--report", "json:/dev/null", cwd=repo)
    assert device.returncode == 1 and "not a regular file" in device.stderr


def test_text_shows_severity_and_the_summary_counts_every_severity(repo: Path) -> None:
    # Defect 8: severity was not shown, info findings were not counted, and "has 1 words".
    write_config(
        repo,
        '[severity]\nBK104 = "info"\nBK153 = "warning"\n[options]\nsummary-words = [2, 250]\n',
    )
    draft = json.loads((repo / "drafts" / "draft.json").read_text(encoding="utf-8"))
    draft["executive_summary"] = ["Coup."]
    (repo / "drafts" / "draft.json").write_text(json.dumps(draft), encoding="utf-8")
    result = run("check", cwd=repo)
    assert result.returncode == 0
    first, second = lines_of(result)
    assert first.startswith("drafts/draft.json:1:1: BK104 [info] the Assessment section is missing")
    assert second.startswith("drafts/draft.json:1:")
    assert second.endswith(
        " BK153 [warning] executive_summary has 1 word; keep it between 2 and 250"
    )
    files = len(SAMPLE_BRIEFS) + 1
    assert f"Found 0 errors, 1 warning and 1 info in {files} files." in result.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('ignore = ["BK999"]', "ignore: no rule has the code 'BK999'"),
        ('select = ["BK9"]', "select: no rule has the code 'BK9'"),
        ('[severity]\nBK105 = "error"\nBK999 = "info"', "severity: no rule has the code 'BK999'"),
        ('[per-file-ignores]\n"a/*" = ["BK109"]', "no rule has the code 'BK109'; did you mean"),
    ],
)
def test_unknown_rule_codes_in_the_configuration_exit_two(
    repo: Path, text: str, message: str
) -> None:
    write_config(repo, text)
    result = run("check", cwd=repo)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "briefkit.toml" in result.stderr


def test_select_ignore_and_extend_select_on_the_command_line(repo: Path) -> None:
    write_config(repo, 'select = [{code = "BK0", reason = "the schema only"}]\n')
    assert codes_of(run("check", cwd=repo)) == []
    assert codes_of(run("check", "--extend-select", "BK104", cwd=repo)) == ["BK104"]
    assert codes_of(run("check", "--select", "BK1,BK2", cwd=repo)) == ["BK104"]
    ignored = run("check", "--select", "BK1", "--ignore", "BK104", cwd=repo)
    assert codes_of(ignored) == [] and ignored.returncode == 0
    unknown = run("check", "--ignore", "BK1O4", cwd=repo)
    assert unknown.returncode == 2
    assert "--ignore BK1O4: no rule has the code 'BK1O4'; did you mean BK104?" in unknown.stderr


def test_statistics(repo: Path) -> None:
    draft = json.loads((repo / "drafts" / "draft.json").read_text(encoding="utf-8"))
    draft["discover_more"][0]["id"] = "nowhere-1"
    draft["discover_more"][1]["id"] = "nowhere-2"
    (repo / "drafts" / "draft.json").write_text(json.dumps(draft), encoding="utf-8")
    result = run("check", "--statistics", cwd=repo)
    assert result.returncode == 1
    assert lines_of(result) == [
        "2  BK202  warning  unknown-reference",
        "1  BK104  error    missing-assessment",
    ]


def test_show_settings_says_where_each_value_comes_from(repo: Path) -> None:
    write_config(
        repo,
        'ignore = [{code = "BK15", reason = "house style"}]\n[options]\ntitle-max-chars = 90\n',
    )
    result = run("check", "--show-settings", "--extend-select", "BK2", "drafts", cwd=repo)
    assert result.returncode == 0
    lines = lines_of(result)
    config = str(repo / "briefkit.toml")
    assert lines[0] == f"# settings for drafts from {config}"
    assert f'ignore = ["BK15"]  # {config}' in lines
    assert 'select = ["BK", "BK2"]  # default + command line (--extend-select)' in lines
    assert any(line.startswith("options = ") and '"title-max-chars": 90' in line for line in lines)
    assert any(line.startswith("limits = ") and line.endswith("# default") for line in lines)


def test_json_report_matches_its_documented_schema(repo: Path) -> None:
    from jsonschema import Draft202012Validator

    schema = json.loads((ROOT / "schema" / "report.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    result = run("check", "--output-format", "json", "nowhere.json", ".", cwd=repo)
    report = json.loads(result.stdout)
    assert list(Draft202012Validator(schema).iter_errors(report)) == []
    assert report["format_version"] == 1 and report["tool"]["name"] == "briefkit"
    assert {f["code"] for f in report["findings"]} == {"BK007", "BK104"}


def test_a_link_to_a_brief_is_that_brief_not_a_duplicate(repo: Path) -> None:
    """A symbolic link to a brief (a "latest" alias, a brief shared between folders) is checked
    once, as the file it leads to: no BK201 duplicate id with itself."""
    (repo / "briefs" / "latest.json").symlink_to("niger-mali-aes.json")
    (repo / "shared").mkdir()
    (repo / "shared" / "niger.json").symlink_to("../briefs/niger-mali-aes.json")
    walked = run("check", "--verbose", "briefs", "shared", cwd=repo)
    assert "BK201" not in walked.stdout
    assert "skipped briefs/latest.json: the same file as briefs/niger-mali-aes.json" in (
        walked.stderr
    )
    named = run("check", "shared/niger.json", cwd=repo)
    assert "BK201" not in named.stdout and named.returncode == 0, named.stdout
    linted = run("lint", "briefs/latest.json", "briefs/niger-mali-aes.json", cwd=repo)
    assert "All clear: 1 file checked" in linted.stderr, linted.stderr


@pytest.mark.parametrize(
    "config",
    [
        'ignore = [{code = "BK0", reason = "r"}]',
        'select = [{code = "BK1", reason = "r"}]',
        '[severity]\nBK001 = "info"',
    ],
)
def test_no_configuration_lets_a_file_that_is_not_json_through(tmp_path: Path, config: str) -> None:
    (tmp_path / "briefkit.toml").write_text(config + "\n", encoding="utf-8")
    (tmp_path / "bad.json").write_text('{"id": "x",,}', encoding="utf-8")
    for command in ("validate", "lint", "check"):
        result = run(command, "bad.json", cwd=tmp_path)
        assert result.returncode == 1, (command, result.stdout, result.stderr)
        assert "BK001 [error]" in result.stdout


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda folder: (folder / "briefkit.toml").write_bytes(b"\xff = 1\n"), "not UTF-8"),
        (
            lambda folder: (folder / "pyproject.toml").write_bytes(b'name = "caf\xe9"\n'),
            "not UTF-8",
        ),
        (lambda folder: (folder / "briefkit.toml").symlink_to("nowhere.toml"), "cannot read"),
        (lambda folder: (folder / "briefkit.toml").symlink_to("briefkit.toml"), "cannot read"),
        (
            lambda folder: (folder / "briefkit.toml").write_text(
                "[options]\nsummary-words = [250, 30]\n", encoding="utf-8"
            ),
            "options.summary-words: [250, 30] is not a range",
        ),
        (lambda folder: os.mkfifo(folder / "briefkit.toml"), "not a regular file"),
    ],
    ids=["latin-1", "latin-1-pyproject", "dangling-link", "looping-link", "reversed-range", "fifo"],
)
def test_a_configuration_that_cannot_be_used_is_never_passed_over(
    tmp_path: Path, setup: Any, message: str
) -> None:
    setup(tmp_path)
    shutil.copy(SAMPLES / "niger-mali-aes.json", tmp_path / "brief.json")
    for args in (["check", "."], ["lint", "brief.json"], ["validate", "brief.json"]):
        result = run(*args, cwd=tmp_path)
        assert result.returncode == 2, (args, result.stderr)
        assert message in result.stderr and "Traceback" not in result.stderr


def test_a_brief_linked_into_a_repository_follows_the_repositorys_configuration(
    tmp_path: Path,
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    text = (SAMPLES / "niger-mali-aes.json").read_text(encoding="utf-8")
    (outside / "linked.json").write_text(text.replace("Mali", "Mali TODO", 1), encoding="utf-8")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "briefkit.toml").write_text(
        'ignore = [{code = "BK150", reason = "drafts"}, {code = "BK202", reason = "partner"}]\n',
        encoding="utf-8",
    )
    (repo / "linked.json").symlink_to(outside / "linked.json")
    result = run("check", "linked.json", cwd=repo)
    assert result.returncode == 0 and "BK150" not in result.stdout, result.stdout
