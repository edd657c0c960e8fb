"""The package's shape: one direction of imports between pipeline steps, no cycle, small modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "briefkit"

STEPS = [
    "document",
    "validation",
    "rules",
    "render",
    "check",
    "publish",
    "authoring",
    "preview",
    "cli",
]
"""Pipeline steps in the order data flows; a step may import only earlier steps (and the base)."""


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_imports(path: Path) -> set[str]:
    """briefkit modules imported at module level, outside ``if TYPE_CHECKING:`` blocks."""
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.ImportFrom) and inner.module and inner.level == 0:
                if inner.module.startswith("briefkit"):
                    found.add(inner.module)
                    found.update(f"{inner.module}.{alias.name}" for alias in inner.names)
            elif isinstance(inner, ast.Import):
                found.update(
                    alias.name for alias in inner.names if alias.name.startswith("briefkit")
                )
    return found


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        if not isinstance(ast.parse(path.read_text(encoding="utf-8")), ast.Module):
            continue
        graph[name] = {target for target in _runtime_imports(path) if target in modules} - {name}
    return graph


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
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 420
