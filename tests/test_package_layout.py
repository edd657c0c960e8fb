"""The package's shape: one direction of imports between pipeline steps, no cycle, small modules."""

from __future__ import annotations

import ast
import re
import textwrap
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "briefkit"

STEPS = [
    "document",
    "validation",
    "rules",
    "desk",
    "render",
    "check",
    "publish",
    "authoring",
    "preview",
    "serve",
    "lsp",
    "export",
    "cli",
]
"""Pipeline steps in the order data flows; a step may import only earlier steps (and the base)."""


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_imports(source: str, package: str) -> set[str]:
    """briefkit modules that a module of ``package`` (its source text) imports when it runs:
    anywhere in the file, at module level or inside functions and classes, except in
    ``if TYPE_CHECKING:`` blocks. Relative imports are resolved; ``import_module("briefkit...")``
    counts too."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.ImportFrom):
            target = _absolute(node.module or "", node.level, package)
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and ast.unparse(node.func).endswith("import_module")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(source))
    return {name for name in found if name == "briefkit" or name.startswith("briefkit.")}


def _absolute(name: str, level: int, package: str) -> str:
    """The absolute name of ``from {"." * level}{name} import ...`` in a module of ``package``."""
    if level == 0:
        return name
    base = package.split(".")[: len(package.split(".")) - level + 1]
    return ".".join([*base, name] if name else base)


def _graph() -> dict[str, set[str]]:
    """The briefkit modules each briefkit module imports when it runs."""
    modules = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        imports = _runtime_imports(path.read_text(encoding="utf-8"), package)
        graph[name] = {target for target in imports if target in modules} - {name}
    return graph


def test_imports_anywhere_in_a_module_count_except_for_type_checking() -> None:
    source = textwrap.dedent(
        """
        from typing import TYPE_CHECKING
        from briefkit.findings import Finding
        from . import model
        if TYPE_CHECKING:
            from briefkit.render.renderer import Renderer
        else:
            from ..check import config
        def later():
            from briefkit.render.brand import load_brand
            return import_module("briefkit.cli.app")
        class Later:
            def method(self):
                import briefkit.publish.site
        """
    )
    assert _runtime_imports(source, "briefkit.rules") == {
        "briefkit.findings",
        "briefkit.findings.Finding",
        "briefkit.rules",
        "briefkit.rules.model",
        "briefkit.check",
        "briefkit.check.config",
        "briefkit.render.brand",
        "briefkit.render.brand.load_brand",
        "briefkit.cli.app",
        "briefkit.publish.site",
    }


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle among modules (a package's ``__init__`` counts as its own module)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycle() -> None:
    # The package's own __init__ re-exports the public API, so submodules importing
    # ``briefkit`` for ``__version__`` are not counted as depending on every step.
    graph = {name: targets - {"briefkit"} for name, targets in _graph().items()}
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def _step(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 and parts[1] in STEPS else None


def test_data_flows_one_way_between_pipeline_steps() -> None:
    backwards = []
    for module, targets in _graph().items():
        step = _step(module)
        if step is None:
            continue
        for target in targets:
            other = _step(target)
            if other is not None and STEPS.index(other) > STEPS.index(step):
                backwards.append(f"{module} imports {target}")
    assert backwards == []


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.name)
def test_no_module_is_too_long_to_read(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400


def test_findings_import_nothing_of_briefkit() -> None:
    # The lowest floor: every step reads findings, so findings may name none of them, not even
    # for type checking (that is still a circle a reader has to follow).
    source = (PACKAGE / "findings.py").read_text(encoding="utf-8")
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            imported.add("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
    assert {name for name in imported if name.startswith((".", "briefkit"))} == set()


FLAG = re.compile(r"(?<![\w}-])--(?:[a-z][a-z0-9-]*|\{)")
"""A command-line flag in a string: ``--changed-since``, or ``--{field}`` in an f-string."""

NOT_MESSAGES: dict[str, tuple[str, ...]] = {
    # Arguments of git, run as a subprocess: each literal is one option of git's, never shown.
    "desk/git.py": (r"--[a-z-]+",),
    "desk/index.py": (r"--[a-z-]+",),
    "desk/history.py": (
        r"--[a-z-]+",
        # git's own advice for a shallow clone names git's flag, which any front end may give.
        r"\{\} has no commit in common with HEAD[^-]* e\.g\. git fetch --unshallow\)",
    ),
    # The pre-commit hooks and the CI workflow init writes: file contents that run briefkit and
    # git with their flags, not messages.
    "authoring/ci_files.py": (r"(?s).*",),
    # The brand's CSS custom properties (--primary, --font-body): CSS, not flags.
    "render/css.py": (r"--\{\}: \{\};", r"--font-\{\}: \{\};"),
}
"""Strings outside ``cli/`` that hold a flag and are no message, by module: each pattern matches
the whole string (an f-string's replacement fields shown as ``{}``)."""


def _docstrings(tree: ast.AST) -> set[int]:
    """The string nodes that are documentation: module, class and function docstrings and the
    bare strings that document an attribute."""
    found = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            found.add(id(node.value))
    return found


def _strings(tree: ast.AST) -> list[tuple[int, str]]:
    """Each string literal that is not documentation, with its line; an f-string as one string
    whose replacement fields are ``{}``."""
    skipped = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            skipped.update(id(part) for part in node.values)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(
                part.value if isinstance(part, ast.Constant) else "{}" for part in node.values
            )
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) in skipped:
                continue
            text = node.value
        else:
            continue
        found.append((node.lineno, text))
    return found


def test_only_the_command_line_names_its_flags() -> None:
    """Library messages say what is wrong in words every front end can use (the CLI, the
    service, the editor); what the user may change is a Hint the CLI words with its flags
    (``cli/common.HINT_ADVICE``). So no string outside ``cli/`` names a flag, except those
    that are no message (:data:`NOT_MESSAGES`)."""
    named = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        if module.startswith("cli/"):
            continue
        allowed = NOT_MESSAGES.get(module, ())
        for line, text in _strings(ast.parse(path.read_text(encoding="utf-8"))):
            if FLAG.search(text) and not any(re.fullmatch(p, text) for p in allowed):
                named.append(f"{module}:{line}: {text[:80]!r}")
    assert named == []


def test_the_flag_scan_finds_a_flag_in_a_message_and_passes_over_documentation() -> None:
    source = textwrap.dedent(
        '''
        """Module docstring naming --changed-since."""
        def f(ref):
            """A docstring naming --fix."""
            raise ValueError(f"--changed-since {ref}: no such commit")
        SOURCE = "--repo"
        WORDS = "a brand needs a --name"
        CSS = "{}--{}"
        '''
    )
    texts = [text for _, text in _strings(ast.parse(source)) if FLAG.search(text)]
    assert sorted(texts) == [
        "--changed-since {}: no such commit",
        "--repo",
        "a brand needs a --name",
    ]
