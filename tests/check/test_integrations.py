"""The files a briefs repository uses to adopt briefkit: pre-commit, GitHub, GitLab.

The GitHub action's shell steps are run here for real, in a simulated runner (its environment
files, its `${{ }}` expressions); the `uses:` steps (setup-python, cache) are not, and stand in
with this test environment's Python and virtual environment. The GitLab job's script runs too.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from tests.conftest import ROOT, SAMPLE_BRIEFS, SAMPLES
from tests.helpers import GIT_ENV, git, needs_git


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_pre_commit_hooks_get_their_files_from_pre_commit() -> None:
    brief_hook, config_hook = load(ROOT / ".pre-commit-hooks.yaml")
    assert brief_hook["id"] == "briefkit-check"
    assert brief_hook["entry"] == "briefkit check --staged"
    assert brief_hook["language"] == "python"
    # A commit that touches no brief runs nothing: pre-commit passes the staged .json files.
    assert brief_hook["pass_filenames"] is True and brief_hook["types"] == ["json"]
    assert "always_run" not in brief_hook
    # A configuration change checks every brief.
    assert config_hook["id"] == "briefkit-check-config"
    assert config_hook["pass_filenames"] is False and "always_run" not in config_hook
    pattern = re.compile(config_hook["files"])
    assert pattern.search("briefkit.toml") and pattern.search("desk/pyproject.toml")
    assert not pattern.search("briefs/briefkit.toml.json")
    assert "v0.1.0" not in (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")


# --- GitHub action -------------------------------------------------------------------------

EXPRESSION = re.compile(r"\$\{\{\s*([^}]+?)\s*\}\}")


class Runner:
    """Runs action.yml's shell steps as a GitHub runner would, in ``workspace``."""

    def __init__(self, workspace: Path, temp: Path, inputs: dict[str, str]) -> None:
        self.workspace, self.temp = workspace, temp
        action = load(ROOT / "action.yml")
        self.action = action
        self.inputs = {name: spec.get("default", "") for name, spec in action["inputs"].items()}
        self.inputs.update(inputs)
        self.outputs: dict[str, dict[str, str]] = {}
        self.summary = temp / "summary.md"

    def value(self, expression: str) -> str:
        kind, _, rest = expression.partition(".")
        if kind == "inputs":
            return self.inputs[rest]
        if expression == "github.action_path":
            return str(ROOT)
        if kind == "steps":
            step, _, output = rest.partition(".outputs.")
            return self.outputs.get(step, {}).get(output, "")
        raise AssertionError(f"unexpected expression {expression}")

    def fill(self, text: str) -> str:
        return EXPRESSION.sub(lambda match: self.value(match.group(1)), text)

    def run(self) -> tuple[int, str]:
        venv = Path(sys.executable).parent.parent  # stands in for the cached environment
        log = []
        for step in self.action["runs"]["steps"]:
            name = step.get("id", step.get("name", ""))
            if "uses" in step:
                if step["uses"].startswith("actions/setup-python@"):
                    assert step["with"]["update-environment"] is False
                    self.outputs[name] = {"python-path": sys.executable}
                elif step["uses"].startswith("actions/cache@"):
                    self.outputs[name] = {"cache-hit": "true"}
                continue
            if "if" in step:
                assert step["if"] == "steps.cache.outputs.cache-hit != 'true'"
                continue  # the cache hit: the environment exists
            if name == "check":
                self.outputs["key"]["venv"] = str(venv)
            output_file = self.temp / f"output-{name}"
            output_file.write_text("", encoding="utf-8")
            environment = {
                **{k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")},
                **GIT_ENV,
                "RUNNER_TEMP": str(self.temp),
                "RUNNER_OS": "Linux",
                "RUNNER_ARCH": "X64",
                "GITHUB_OUTPUT": str(output_file),
                "GITHUB_STEP_SUMMARY": str(self.summary),
                "GITHUB_ACTIONS": "true",
            }
            environment.update({key: self.fill(value) for key, value in step["env"].items()})
            folder = self.workspace / self.fill(step.get("working-directory", "."))
            assert "${{" not in step["run"], "inputs reach the shell only through env"
            done = subprocess.run(
                ["bash", "-e", "-c", step["run"]]
                if name != "check"
                else ["bash", "-c", step["run"]],
                cwd=folder,
                env=environment,
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            log.append(done.stdout + done.stderr)
            self.outputs[name] = dict(
                line.split("=", 1) for line in output_file.read_text().splitlines() if "=" in line
            )
            if done.returncode != 0:
                return done.returncode, "".join(log)
        return 0, "".join(log)

    def action_outputs(self) -> dict[str, str]:
        return {name: self.fill(spec["value"]) for name, spec in self.action["outputs"].items()}


@needs_git
def test_github_action_runs_with_spaces_in_paths_and_reports_counts(tmp_path: Path) -> None:
    workspace = tmp_path / "work space"
    desk = workspace / "the desk"
    (desk / "my briefs").mkdir(parents=True)
    for sample in SAMPLE_BRIEFS:
        shutil.copy(sample, desk / "my briefs" / sample.name)
    checked = len(SAMPLE_BRIEFS) + 1  # the samples and the draft
    draft = json.loads((SAMPLES / "niger-mali-aes.json").read_text(encoding="utf-8"))
    del draft["assessment"]
    draft["id"], draft["title"] = "draft-one", "A draft | with a pipe"
    (desk / "other dir").mkdir()
    (desk / "other dir" / "draft one.json").write_text(json.dumps(draft), encoding="utf-8")
    (desk / "custom config.toml").write_text('[severity]\nBK153 = "info"\n', encoding="utf-8")
    git(desk, "init", "-q")
    temp = tmp_path / "runner temp"
    temp.mkdir()
    runner = Runner(
        workspace,
        temp,
        {
            "paths": "my briefs\nother dir/draft one.json\n",
            "config": "custom config.toml",
            "working-directory": "the desk",
            "sarif-file": "out dir/briefkit.sarif",
        },
    )
    status, log = runner.run()
    assert status == 1, log
    assert "::error file=other dir/draft one.json,line=1,col=1,title=BK104 " in log
    outputs = runner.action_outputs()
    assert outputs == {
        "errors": "1",
        "warnings": "0",
        "infos": "0",
        "files": str(checked),
        "exit-code": "1",
    }
    summary = runner.summary.read_text(encoding="utf-8")
    assert summary.startswith(
        f"### briefkit check failed\n\n{checked} briefs checked: 1 error, 0 warnings, 0 info."
    )
    assert "| other dir/draft one.json | 1 | error | BK104 |" in summary
    sarif = json.loads((desk / "out dir" / "briefkit.sarif").read_text(encoding="utf-8"))
    (result,) = sarif["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "other%20dir/draft%20one.json",
        "uriBaseId": "%SRCROOT%",
    }

    clean = Runner(workspace, temp, {"paths": "my briefs", "working-directory": "the desk"})
    status, log = clean.run()
    assert status == 0, log
    assert clean.action_outputs()["files"] == str(len(SAMPLE_BRIEFS))


@needs_git
def test_github_action_passes_args_and_puts_errors_first(tmp_path: Path) -> None:
    desk = tmp_path / "desk"
    desk.mkdir()
    brief = json.loads((SAMPLES / "niger-mali-aes.json").read_text(encoding="utf-8"))
    del brief["discover_more"]
    for index in range(13):  # twelve BK203 warnings, on files that sort first ...
        brief.update(id=f"a-{index:02}", title="Same title")
        (desk / f"a-{index:02}.json").write_text(json.dumps(brief), encoding="utf-8")
    del brief["assessment"]  # ... and one error, on the file that sorts last
    brief.update(id="z-draft", title="A draft")
    (desk / "z-draft.json").write_text(json.dumps(brief), encoding="utf-8")
    git(desk, "init", "-q")
    temp = tmp_path / "temp"
    temp.mkdir()
    runner = Runner(tmp_path, temp, {"working-directory": "desk", "fail-on": "warning"})
    status, log = runner.run()
    assert status == 1, log
    annotations = [line for line in log.splitlines() if line.startswith("::")]
    assert annotations[0].startswith("::error file=z-draft.json,")
    assert len(annotations) == 13 and annotations[1].startswith("::warning ")
    rows = [
        line for line in runner.summary.read_text(encoding="utf-8").splitlines() if "| BK" in line
    ]
    assert "| z-draft.json | 1 | error | BK104 |" in rows[0]
    # Other options pass through, one per line, never through a shell.
    args = "--ignore\nBK203\n--select=BK1;echo oops\n"
    runner = Runner(tmp_path, temp, {"working-directory": "desk", "args": args})
    status, log = runner.run()
    assert status == 2 and "BK1;ECHO OOPS" in log and "\noops" not in log, log
    runner = Runner(tmp_path, temp, {"working-directory": "desk", "args": "--ignore\nBK104,BK203"})
    status, log = runner.run()
    assert status == 0, log
    assert runner.action_outputs()["warnings"] == "0"


def test_github_action_documents_upload_sarif() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "github/codeql-action/upload-sarif" in readme
    assert "security-events: write" in readme and "if: always()" in readme
    assert "v0.1.0" not in readme


# --- GitLab --------------------------------------------------------------------------------

CODE_QUALITY = {
    # GitLab's documented Code Quality report format (a subset of Code Climate's spec): the
    # fields GitLab reads, and their allowed values.
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "pattern": "^[^/]"},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}},
                    },
                },
            },
        },
    },
}


def test_gitlab_job_is_pinned_runs_on_merge_requests_and_reports(tmp_path: Path) -> None:
    job = load(ROOT / "docs" / "gitlab-ci.yml")["briefkit"]
    assert job["variables"]["BRIEFKIT_REPO"] == ""  # no default: never a name on an index
    assert {rule["if"] for rule in job["rules"]} == {
        '$CI_PIPELINE_SOURCE == "merge_request_event"',
        "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH",
    }
    assert job["cache"]["paths"] == [".cache/pip"]
    # GitLab refuses a cache key with "/" (or a variable that may hold one, as a URL does).
    assert "/" not in job["cache"]["key"] and "$" not in job["cache"]["key"]
    assert job["variables"]["PIP_CACHE_DIR"] == "$CI_PROJECT_DIR/.cache/pip"
    assert job["artifacts"]["when"] == "always"
    reports = job["artifacts"]["reports"]
    assert reports == {
        "junit": "briefkit-junit.xml",
        "codequality": "gl-code-quality-report.json",
    }
    assert "docs/gitlab-ci.yml" in (ROOT / "README.md").read_text(encoding="utf-8")

    # The job's script, run in a desk with a draft that has an error.
    shutil.copytree(SAMPLES, tmp_path / "briefs")
    draft = json.loads((SAMPLES / "niger-mali-aes.json").read_text(encoding="utf-8"))
    del draft["assessment"]
    draft["id"], draft["title"] = "draft", "Draft"
    (tmp_path / "briefs" / "draft.json").write_text(json.dumps(draft), encoding="utf-8")
    (command,) = job["script"]
    briefkit = str(Path(sys.executable).parent / "briefkit")
    done = subprocess.run(
        command.replace("/opt/briefkit/bin/briefkit", briefkit),
        shell=True,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    quality = json.loads((tmp_path / reports["codequality"]).read_text(encoding="utf-8"))
    assert list(Draft202012Validator(CODE_QUALITY).iter_errors(quality)) == []
    (issue,) = quality
    assert issue["location"] == {"path": "briefs/draft.json", "lines": {"begin": 1}}
    assert (issue["check_name"], issue["severity"]) == ("BK104", "major")
    testcases = (tmp_path / reports["junit"]).read_text(encoding="utf-8").count("<testcase")
    assert testcases == len(SAMPLE_BRIEFS) + 1  # one per brief checked: the samples and the draft


def test_gitlab_fingerprints_are_unique_and_stable() -> None:
    from briefkit.check.reporters import ReportOptions, report_gitlab
    from briefkit.findings import Finding, Severity

    twice = [Finding("BK151", "duplicate-bullet", Severity.WARNING, "same", "a.json", "/x", 3, 1)]
    first = json.loads(report_gitlab(twice * 2, ReportOptions(files=["a.json"])))
    again = json.loads(report_gitlab(twice * 2, ReportOptions(files=["a.json"])))
    assert len({issue["fingerprint"] for issue in first}) == 2
    assert first == again


@pytest.mark.parametrize("name", ["action.yml", "docs/gitlab-ci.yml", ".pre-commit-hooks.yaml"])
def test_no_file_refers_to_a_tag_that_does_not_exist(name: str) -> None:
    assert "v0.1.0" not in (ROOT / name).read_text(encoding="utf-8")


def test_the_job_summary_counts_in_words() -> None:
    spec = importlib.util.spec_from_file_location(
        "action_summary", ROOT / "scripts" / "action_summary.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    one = {"summary": {"error": 1, "warning": 1, "info": 0}, "files": ["a.json"], "findings": []}
    assert "\n1 brief checked: 1 error, 1 warning, 0 info.\n" in module.summary(one, 1)
    two = {"summary": {"error": 0, "warning": 2, "info": 3}, "files": ["a", "b"], "findings": []}
    assert "\n2 briefs checked: 0 errors, 2 warnings, 3 info.\n" in module.summary(two, 0)
