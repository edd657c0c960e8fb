"""``briefkit init``: set up a desk's repository for writing briefs.

Writes ``briefkit.toml`` (every configuration key, commented out with its default and a one-line
description, generated from ``schema/config.schema.json`` so that keys added there appear by
themselves), the brief and brand schemas in ``.briefkit/``, VS Code settings that map them, a
``.pre-commit-config.yaml`` and a GitHub Actions workflow using briefkit's own hook and action.

Idempotent: a file that exists is left exactly as it is (and reported as kept), so running it
again only adds what is missing. The CI files name the briefkit repository through
``BRIEFKIT_REPO``, a pinned git URL (``URL@COMMIT``), since no public package or tag exists yet.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from briefkit.assets import schema_path
from briefkit.authoring.ci_files import (
    REPO_VARIABLE,
    github_workflow,
    gitignore,
    local_pre_commit_config,
    pre_commit_config,
)
from briefkit.authoring.schemas import SCHEMA_FOLDER, copy_schema
from briefkit.errors import BriefkitError, Hint
from briefkit.validation.suggestions import toml_key
from briefkit.version import __version__

ALWAYS_EXCLUDED = (f"{SCHEMA_FOLDER}/", ".vscode/", ".github/", ".briefkit-src/")
"""Folders of tool files (``init``'s, and briefkit's own checkout in CI) that are not briefs."""


@dataclass(frozen=True)
class InitStep:
    """One file ``init`` considered: written now, or kept as it was."""

    path: Path
    written: bool
    note: str = ""
    hint: Hint | None = None
    """What the user may do about it (worded by the front end: :class:`~briefkit.errors.Hint`)."""


def _code_defaults() -> dict[str, Any]:
    """Defaults of the configuration keys, from the code that applies them.

    Used for a key whose schema entry has no ``default``; a key added to the schema without either
    is written with its description and no value.
    """
    from briefkit.desk.config import DEFAULT_INCLUDE
    from briefkit.desk.settings import RenderLimits
    from briefkit.document.brief import Limits
    from briefkit.rules.model import DEFAULT_REQUIRED_SECTIONS, RuleOptions

    options = RuleOptions()
    limits = Limits()
    return {
        "select": ["BK"],
        "ignore": [],
        "exclude": [],
        "include": list(DEFAULT_INCLUDE),
        "severity": {},
        "per-file-ignores": {},
        "required-sections": {kind: list(s) for kind, s in DEFAULT_REQUIRED_SECTIONS.items()},
        "options": {
            field.name.replace("_", "-"): _plain(getattr(options, field.name))
            for field in fields(options)
        },
        "limits": {
            field.name.replace("_", "-"): getattr(each, field.name)
            for each in (limits, RenderLimits())
            for field in fields(each)
        },
    }


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def toml_value(value: Any) -> str:
    """``value`` written as TOML (strings, numbers, booleans, arrays, inline tables)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        items = ", ".join(f"{toml_key(key)} = {toml_value(item)}" for key, item in value.items())
        return "{" + (f" {items} " if items else "") + "}"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def config_template(schema: Mapping[str, Any] | None = None) -> str:
    """The text of ``briefkit.toml``: every key of the configuration schema, commented out."""
    schema = schema or json.loads(schema_path("config").read_text(encoding="utf-8"))
    defaults = _code_defaults()
    properties: Mapping[str, Any] = schema.get("properties", {})
    lines = [
        "# briefkit configuration (https://briefkit.dev/schema/1/config.schema.json).",
        "# Every key is shown with its default, commented out: uncomment a line to change it.",
        "# Written by `briefkit init`; `briefkit check` finds this file from any brief below it.",
        "",
    ]
    tables: list[tuple[str, Mapping[str, Any]]] = []
    for key, entry in properties.items():
        if entry.get("type") == "object" or "properties" in entry:
            tables.append((key, entry))
            continue
        lines += _key_lines(key, entry, defaults.get(key, entry.get("default")), "")
    for key, entry in tables:
        lines.append("")
        lines.append(f"# {_describe(entry)}")
        lines.append(f"# [{toml_key(key)}]")
        nested: Mapping[str, Any] = entry.get("properties", {})
        default = defaults.get(key, entry.get("default"))
        if nested:
            for name, sub in nested.items():
                sub_default = sub.get("default")
                if isinstance(default, dict) and name in default:
                    sub_default = default[name]
                lines += _key_lines(name, sub, sub_default, "")
        elif isinstance(default, dict) and default:
            for name, value in default.items():
                lines.append(f"# {toml_key(name)} = {toml_value(value)}")
        else:
            example = _example(entry)
            lines.append(f"# {example}" if example else "# (empty by default)")
    return "\n".join(lines).rstrip() + "\n"


def _describe(entry: Mapping[str, Any]) -> str:
    title = _one_line(entry.get("title", ""))
    description = _one_line(entry.get("description", ""))
    return f"{title}: {description}" if title and description else title or description


def _example(entry: Mapping[str, Any]) -> str:
    """An example line for a map-like table, taken from its description's ``e.g. {...}``."""
    match = re.search(r"e\.g\. \{(.+)\}", _one_line(entry.get("description", "")))
    return match.group(1) if match else ""


def _key_lines(key: str, entry: Mapping[str, Any], default: Any, indent: str) -> list[str]:
    comment = f"{indent}# {_describe(entry)}" if _describe(entry) else ""
    if key == "exclude":
        # Set, not commented out: the files init writes for tools are not briefs.
        value_line = f"{indent}{toml_key(key)} = {toml_value([*ALWAYS_EXCLUDED, *default])}"
    elif default is None and entry.get("examples"):
        example = toml_value(entry["examples"][0])
        value_line = f"{indent}# {toml_key(key)} = {example}  # an example; unset by default"
    elif default is None:
        value_line = f"{indent}# {toml_key(key)} =   (no default: unset)"
    else:
        value_line = f"{indent}# {toml_key(key)} = {toml_value(default)}"
    return [line for line in (comment, value_line) if line]


def vscode_settings() -> dict[str, Any]:
    """``.vscode/settings.json``: the desk's schemas for briefs and brand files, and the command
    line of briefkit's language server (``editors/vscode``'s ``briefkit.command``)."""
    return {
        "json.schemas": [
            {
                "fileMatch": ["briefs/**/*.json", "drafts/**/*.json", "*.brief.json"],
                "url": f"./{SCHEMA_FOLDER}/brief.schema.json",
            },
            {
                "fileMatch": ["brand.json", "**/brand.json"],
                "url": f"./{SCHEMA_FOLDER}/brand.schema.json",
            },
        ],
        "files.associations": {"briefkit.toml": "toml"},
        "briefkit.command": ["briefkit", "lsp"],
    }


_COMMIT = re.compile(r"[0-9A-Fa-f]{7,40}|[0-9A-Fa-f]{64}")
"""A commit hash, abbreviated or full (SHA-1, or SHA-256 in a repository that uses it)."""
_VERSION_TAG = re.compile(r"v?\d+(?:\.\d+)*(?:[-+.][0-9A-Za-z]+)*")
"""A version tag: v1.2.0, 0.2.0, 2.0.0-rc.1."""
_BRANCH_LIKE = re.compile(r"(?![0-9A-Fa-f]+$)[A-Za-z0-9_][A-Za-z0-9._-]*")
"""What could be a branch name (and is no attempt at a hash: those are all hex digits)."""
_PINNED_URL = re.compile(r"(?P<url>.*?)@(?P<revision>[^@/:\s]+(?:@\{[^{}]*\})?)")
"""``URL@REVISION``: the revision after the last ``@`` (a URL may hold one, ``ssh://git@...``),
taking in git's ``@{...}`` so that ``URL@HEAD@{1}`` is not read as the URL ``URL@HEAD``."""
_EXAMPLE_URL = "https://git.example.org/briefkit.git@3f2c1e0"


def parse_repo(value: str, source: str | None = None) -> tuple[str, str]:
    """``URL@COMMIT`` -> (URL, COMMIT); the commit must be a full or abbreviated hash or a version
    tag (``v1.2.0``), not a branch, which moves under the desk's CI.

    ``source`` names where ``value`` came from in an error (the CLI passes its option's name);
    ``BRIEFKIT_REPO`` when that variable holds ``value``, else the value alone.
    """
    if source is None and os.environ.get(REPO_VARIABLE) == value:
        source = REPO_VARIABLE
    if source is None:
        given = repr(value)
    else:
        given = f"{source}={value!r}" if source == REPO_VARIABLE else f"{source} {value!r}"
    match = _PINNED_URL.fullmatch(value.strip())
    url = match["url"] if match else ""
    if not match or not url.strip() or url.endswith("@"):
        raise BriefkitError(f"{given}: expected a pinned git URL, URL@COMMIT, e.g. {_EXAMPLE_URL}")
    revision = match["revision"]
    if _COMMIT.fullmatch(revision) or _VERSION_TAG.fullmatch(revision):
        return url, revision
    example = f"e.g. {url}@3f2c1e0, or a version tag such as v{__version__}"
    if _looks_like_a_branch(revision):
        raise BriefkitError(
            f"{given}: {revision!r} is not pinned (a branch moves, so CI would check with "
            f"whatever it points to that day); give a commit hash, {example}"
        )
    raise BriefkitError(
        f"{given}: {revision!r} is not a commit hash or a version tag; give a commit hash "
        f"(7 to 40 hexadecimal digits, or 64), {example}"
    )


def _looks_like_a_branch(revision: str) -> bool:
    """Whether ``revision`` is a name git could give a branch (HEAD included), as opposed to
    garbage or a malformed hash."""
    return bool(
        _BRANCH_LIKE.fullmatch(revision)
        and ".." not in revision
        and not revision.endswith((".", ".lock"))
    )


def init_desk(folder: Path, *, repo: str | None = None) -> list[InitStep]:
    """Set up ``folder`` as a desk; returns what was written and what was kept.

    ``repo`` is the pinned briefkit git URL (``URL@COMMIT``); without it, the value of the
    ``BRIEFKIT_REPO`` environment variable. With one, ``.pre-commit-config.yaml`` runs briefkit's
    own hooks from that repository; without, ``repo: local`` hooks running the installed
    ``briefkit``, and the workflow reads the repository variable.
    """
    folder.mkdir(parents=True, exist_ok=True)
    repo = repo or os.environ.get(REPO_VARIABLE) or None
    pinned = parse_repo(repo) if repo else None
    steps: list[InitStep] = []

    def write(
        relative: str, make: Callable[[], str], note: str = "", hint: Hint | None = None
    ) -> None:
        target = folder / relative
        if target.exists() or target.is_symlink():
            steps.append(InitStep(target, False, "exists; kept as it is"))
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with target.open("x", encoding="utf-8") as stream:
                stream.write(make())
        except FileExistsError:
            steps.append(InitStep(target, False, "exists; kept as it is"))
            return
        steps.append(InitStep(target, True, note, hint))

    write("briefkit.toml", config_template, "every key with its default, commented out")
    for name in ("brief", "brand"):
        target, written = copy_schema(name, folder / SCHEMA_FOLDER)
        steps.append(
            InitStep(target, written, "for editors" if written else "exists; kept as it is")
        )
    write(
        ".vscode/settings.json",
        lambda: json.dumps(vscode_settings(), indent=2) + "\n",
        "VS Code maps briefs and brand files to the schemas",
    )
    if pinned:
        write(".pre-commit-config.yaml", lambda: pre_commit_config(*pinned), "briefkit's hooks")
    else:
        write(
            ".pre-commit-config.yaml",
            local_pre_commit_config,
            f"local hooks running the installed briefkit; set {REPO_VARIABLE}=URL@COMMIT before "
            "init to pin briefkit's own",
            Hint.PIN_REPOSITORY,
        )
    write(".gitignore", _gitignore_text, "the result cache and the site's output folder")
    write(
        ".github/workflows/briefs.yml",
        lambda: github_workflow(repo),
        f"GitHub Actions; reads the repository variable {REPO_VARIABLE}",
    )
    return steps


def _gitignore_text() -> str:
    from briefkit.check.cache import DEFAULT_CACHE_DIR
    from briefkit.publish.site import DEFAULT_OUT

    return gitignore(DEFAULT_CACHE_DIR, DEFAULT_OUT)


def written_files(steps: list[InitStep]) -> Iterator[Path]:
    """The files ``init`` created in this run."""
    return (step.path for step in steps if step.written)
