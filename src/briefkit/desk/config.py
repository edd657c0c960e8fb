"""Repository configuration: ``briefkit.toml`` or ``[tool.briefkit]`` in ``pyproject.toml``.

The nearest configuration above a brief applies to it, as with ruff. A broken configuration is a
:class:`ConfigError` (exit code 2), never a silent default.
"""

from __future__ import annotations

import fnmatch
import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefkit.desk.settings import (
    DEFAULT_RENDER_LIMITS,
    RENDER_LIMIT_KEYS,
    RenderDefaults,
    brand_path,
)
from briefkit.desk.suppressions import SUPPRESSION_KEYS, entry_codes, reason_findings
from briefkit.document.brief import DEFAULT_LIMITS
from briefkit.errors import BriefkitError
from briefkit.files import NotRegularFile, read_file
from briefkit.findings import Finding, Severity
from briefkit.rules.model import DEFAULT_REQUIRED_SECTIONS, LintConfig, RuleOptions
from briefkit.validation.schema import schema_problem

if TYPE_CHECKING:
    import tomllib

CONFIG_FILE = "briefkit.toml"
DEFAULT_EXCLUDE = (".git/", ".hg/", ".svn/", "node_modules/", ".venv/", "venv/", "__pycache__/")
DEFAULT_INCLUDE: tuple[str, ...] = ()
MAX_CONFIG_BYTES = 1_048_576
"""A configuration file (or a pyproject.toml) is read no further than this."""
DEFAULT_PUBLISH_TLP = ("TLP:CLEAR",)
"""Markings a site may show when ``publish-tlp`` is not set (the schema's default too)."""
"""No ``include``: a ``.json`` file is a brief when its content says so (``check.discovery``)."""


class ConfigError(BriefkitError):
    """The configuration file cannot be read or does not match the configuration schema."""


@dataclass(frozen=True)
class Config:
    """Which rules apply to the briefs under ``root``, how, and which files are briefs."""

    path: Path | None = None
    root: Path = field(default_factory=Path.cwd)
    select: tuple[str, ...] = ("BK",)
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    include: tuple[str, ...] = DEFAULT_INCLUDE
    lint: LintConfig = field(default_factory=LintConfig)
    render: RenderDefaults = field(default_factory=RenderDefaults)
    """Brand, layout, paper, standard and render limits for every render of the desk."""
    origins: dict[str, str] = field(default_factory=dict)
    """Where each setting came from (a file, ``command line``); absent keys are defaults."""

    def with_overrides(self, overrides: Overrides) -> Config:
        """This configuration with the rule selection ``overrides`` applied."""
        if overrides.empty:
            return self
        origins = dict(self.origins)
        select, ignore = self.select, self.ignore
        if overrides.select is not None:
            select = overrides.select
            origins["select"] = overrides.origin("select")
        if overrides.extend_select:
            select = (*select, *overrides.extend_select)
            origins["select"] = (
                f"{origins.get('select', 'default')} + {overrides.origin('extend-select')}"
            )
        if overrides.ignore:
            ignore = (*ignore, *overrides.ignore)
            origins["ignore"] = (
                origins.get("ignore", "default") + " + " + overrides.origin("ignore")
            )
        return replace(self, select=select, ignore=ignore, origins=origins)

    publish_tlp: tuple[str, ...] = DEFAULT_PUBLISH_TLP
    language: str = "en"
    """``language``: the words a digest adds, when its briefs do not share a language."""
    site_url: str = ""
    out: str = ""
    cache_dir: str = ""
    serve: dict[str, Any] = field(default_factory=dict)
    """The ``[serve]`` table as written (``briefkit serve`` reads it: :mod:`briefkit.serve`)."""
    server_brand: str = ""
    """``server-brand``: the brand ``render --server`` asks the service for."""
    """``cache-dir`` as written (relative to the configuration file), ``""`` when not set."""
    findings: tuple[Finding, ...] = ()
    """Problems of the configuration file itself that do not stop a check: suppressions without
    a reason (:mod:`briefkit.desk.suppressions`), at their place in the file."""

    def enabled(self, code: str, file: Path | None = None) -> bool:
        """Whether ``code`` is reported (for ``file``, when per-file ignores name it)."""
        if not _matches(code, self.select) or _matches(code, self.ignore):
            return False
        if file is None or not self.per_file_ignores:
            return True
        relative = _relative(file, self.root)
        return not any(
            fnmatch.fnmatch(relative, pattern) and _matches(code, codes)
            for pattern, codes in self.per_file_ignores
        )

    def severity_of(self, code: str, default: Severity) -> Severity:
        return self.severity.get(code, default)


@dataclass(frozen=True)
class Overrides:
    """Rule selection given for one run (on the command line), applied over every configuration
    file. ``source`` and ``names`` are how the front end calls them in messages and in where a
    setting came from (the CLI: ``command line`` and its flags)."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    source: str = "overrides"
    names: Mapping[str, str] = field(default_factory=dict)
    """Names for the keys (``select``, ``ignore``, ``extend-select``) where they differ."""

    def origin(self, key: str) -> str:
        """Where the setting ``key`` came from: ``command line (--select)`` for the CLI."""
        return f"{self.source} ({self.names.get(key, key)})"

    @property
    def empty(self) -> bool:
        return self.select is None and not self.ignore and not self.extend_select

    def checked(self) -> Overrides:
        """These overrides, after every code is checked against the catalogue (:class:`ConfigError`
        with a did-you-mean for an unknown one)."""
        for key, codes in (
            ("select", self.select or ()),
            ("ignore", self.ignore),
            ("extend-select", self.extend_select),
        ):
            for code in codes:
                problem = unknown_code(code, prefix=True)
                if problem:
                    raise ConfigError(f"{self.names.get(key, key)} {code}: {problem}")
        return self


def unknown_code(code: str, *, prefix: bool) -> str | None:
    """Why ``code`` names no rule (with a did-you-mean), or ``None`` when it names one or more.

    ``prefix`` allows a code prefix such as ``BK1`` that some rules start with.
    """
    from briefkit.rules.catalogue import RULES

    if code in RULES or (prefix and any(known.startswith(code) for known in RULES)):
        return None
    lookalike = code.upper().replace("O", "0").replace("I", "1").replace("L", "1")
    close = [lookalike] if lookalike in RULES else []
    import difflib  # only for a code that names no rule

    close = close or difflib.get_close_matches(code.upper(), list(RULES), n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]}?" if close else "; 'briefkit rules' lists the codes"
    return f"no rule has the code {code!r}{hint}"


def _matches(code: str, patterns: tuple[str, ...]) -> bool:
    return any(code.startswith(pattern) for pattern in patterns)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def parse_config(
    table: dict[str, Any],
    path: Path | None,
    root: Path,
    *,
    text: str = "",
    place: tuple[str, ...] = (),
) -> Config:
    """A :class:`Config` from the table of a configuration file, validated against its schema
    (with the same wording as a brief's schema findings). ``text`` is the file's text and
    ``place`` where the table sits in it (``("tool", "briefkit")`` in a pyproject.toml): the
    findings about the file are located there."""
    where = str(path) if path else "configuration"
    problem = schema_problem(table, "config", syntax="toml")
    if problem:
        raise ConfigError(f"{where}: {problem}")
    for key, prefix in (("select", True), ("ignore", True), ("severity", False)):
        for code in entry_codes(table.get(key, ())):
            problem = unknown_code(code, prefix=prefix)
            if problem:
                raise ConfigError(f"{where}: {key}: {problem}")
    for pattern, entries in table.get("per-file-ignores", {}).items():
        for code in entry_codes(entries):
            problem = unknown_code(code, prefix=True)
            if problem:
                raise ConfigError(f"{where}: per-file-ignores.{pattern!r}: {problem}")

    for key, value in table.get("limits", {}).items():
        if isinstance(value, float) and not math.isfinite(value):  # TOML allows inf and nan
            raise ConfigError(f"{where}: limits.{key}: {value} is not a finite number")
    options = table.get("options", {})
    for key in ("summary-words", "key-developments", "strategic-implications"):
        low, high = options.get(key, (0, 1))
        if not low <= high or high < 1:
            raise ConfigError(
                f"{where}: options.{key}: [{low}, {high}] is not a range; write [least, most], "
                "with most at least 1"
            )
    defaults = RuleOptions()
    rule_options = RuleOptions(
        summary_words=tuple(options.get("summary-words", defaults.summary_words)),
        key_developments=tuple(options.get("key-developments", defaults.key_developments)),
        strategic_implications=tuple(
            options.get("strategic-implications", defaults.strategic_implications)
        ),
        title_max_chars=options.get("title-max-chars", defaults.title_max_chars),
    )
    limit_values = table.get("limits", {})
    limits = replace(
        DEFAULT_LIMITS,
        **{
            key.replace("-", "_"): value
            for key, value in limit_values.items()
            if key not in RENDER_LIMIT_KEYS
        },
    )
    render_limits = replace(
        DEFAULT_RENDER_LIMITS,
        **{
            key.replace("-", "_"): value
            for key, value in limit_values.items()
            if key in RENDER_LIMIT_KEYS
        },
    )
    folder = path.parent if path is not None else root
    required = {
        **DEFAULT_REQUIRED_SECTIONS,
        **{kind: tuple(sections) for kind, sections in table.get("required-sections", {}).items()},
    }
    return Config(
        path=path,
        root=root,
        select=entry_codes(table.get("select", ("BK",))),
        ignore=entry_codes(table.get("ignore", ())),
        severity={code: Severity(value) for code, value in table.get("severity", {}).items()},
        per_file_ignores=tuple(
            (pattern, entry_codes(entries))
            for pattern, entries in table.get("per-file-ignores", {}).items()
        ),
        exclude=(*DEFAULT_EXCLUDE, *table.get("exclude", ())),
        include=tuple(table.get("include", DEFAULT_INCLUDE)),
        lint=LintConfig(required_sections=required, limits=limits, options=rule_options),
        render=RenderDefaults(
            brand=brand_path(table["brand"], folder) if "brand" in table else None,
            layout=table.get("layout"),
            paper=table.get("paper"),
            standard=table.get("standard"),
            limits=render_limits,
        ),
        origins={key: str(path) if path else "configuration" for key in table},
        publish_tlp=tuple(table.get("publish-tlp", DEFAULT_PUBLISH_TLP)),
        language=table.get("language", "en"),
        site_url=table.get("site-url", ""),
        out=table.get("out", ""),
        cache_dir=table.get("cache-dir", ""),
        serve=dict(table.get("serve", {})),
        server_brand=table.get("server-brand", ""),
        findings=reason_findings(table, text, where, place)
        if any(key in table for key in SUPPRESSION_KEYS)
        else (),
    )


def load_config_file(path: Path, *, named: bool = False) -> Config:
    """Read ``briefkit.toml`` (the whole file) or ``pyproject.toml`` (its ``[tool.briefkit]``).

    A file found by walking up must be a regular file (a FIFO would hang the run); one ``named``
    on the command line (``--config``) may also be a FIFO or a process substitution.
    """
    import tomllib  # here: a desk without a configuration file never pays for the parser

    try:
        raw = read_file(path, MAX_CONFIG_BYTES, regular_only=not named)
        if len(raw) > MAX_CONFIG_BYTES:
            raise ConfigError(f"{path}: larger than {MAX_CONFIG_BYTES:,} bytes")
        text = raw.decode("utf-8")
        document = tomllib.loads(text)
    except NotRegularFile:
        raise ConfigError(f"{path}: not a regular file; a configuration is a TOML file") from None
    except tomllib.TOMLDecodeError as exc:
        what = re.sub(r" \(at (line \d+, column \d+|end of document)\)$", "", str(exc))
        raise ConfigError(f"{path}:{toml_error_place(exc, raw)}: invalid TOML: {what}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path}: not UTF-8 (byte 0x{exc.object[exc.start]:02x} at offset {exc.start}); "
            "TOML files are UTF-8"
        ) from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the configuration: {exc.strerror}") from None
    place: tuple[str, ...] = ("tool", "briefkit") if path.name == "pyproject.toml" else ()
    table = document.get("tool", {}).get("briefkit", {}) if place else document
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.briefkit] must be a table")
    return parse_config(table, path, path.parent, text=text, place=place)


def toml_error_place(error: tomllib.TOMLDecodeError, raw: bytes) -> str:
    """``LINE:COLUMN`` of a TOML syntax error, as editors link it (the end of the file when the
    parser ran out of text); the parser gives the place in its message only."""
    match = re.search(r"\(at line (\d+), column (\d+)\)$", str(error))
    if match:
        return f"{match[1]}:{match[2]}"
    lines = raw.decode("utf-8", "replace").split("\n")
    return f"{len(lines)}:{len(lines[-1]) + 1}"


def _config_in(folder: Path) -> Path | None:
    candidate = folder / CONFIG_FILE
    if os.path.lexists(candidate):  # a link to nothing, or a loop, is reported, not passed over
        return candidate
    pyproject = folder / "pyproject.toml"
    if os.path.lexists(pyproject):
        import tomllib

        try:
            raw = read_file(pyproject, MAX_CONFIG_BYTES, regular_only=True)
            if "briefkit" in tomllib.loads(raw.decode("utf-8")).get("tool", {}):
                return pyproject
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
            return pyproject  # let load_config_file report it
    return None


class ConfigFinder:
    """Finds the configuration of each folder once, walking up to the nearest file."""

    def __init__(self, explicit: Path | None = None, overrides: Overrides | None = None) -> None:
        self._overrides = overrides or Overrides()
        self._explicit = (
            load_config_file(explicit, named=True).with_overrides(self._overrides)
            if explicit is not None
            else None
        )
        self._by_folder: dict[Path, Config] = {}

    def for_path(self, path: Path) -> Config:
        """The configuration that applies to ``path`` (a file or a folder)."""
        if self._explicit is not None:
            return self._explicit
        # Where the path is named, not where a link leads: a brief linked into a repository
        # is held to that repository's configuration.
        folder = Path(os.path.normpath(path.absolute()))
        if not folder.is_dir():
            folder = folder.parent
        visited: list[Path] = []
        config: Config | None = None
        for current in (folder, *folder.parents):
            if current in self._by_folder:
                config = self._by_folder[current]
                break
            visited.append(current)
            found = _config_in(current)
            if found is not None:
                config = load_config_file(found).with_overrides(self._overrides)
                break
        if config is None:
            config = Config(root=Path.cwd()).with_overrides(self._overrides)
        for current in visited:
            self._by_folder[current] = config
        return config
