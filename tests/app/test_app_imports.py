"""The app's modules import one way: no circle among them, counting every import (those under
``if TYPE_CHECKING:`` and those inside functions too). Screens reach the app through
``session.Session``, never by importing the App class that imports them."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "scorecard_tui" / "app"


def module_name(path: Path) -> str:
    parts = path.relative_to(APP.parent.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def app_imports() -> dict[str, set[str]]:
    """Each app module and the app modules it imports (a package's own ``__init__`` left out)."""
    modules = {module_name(p): p for p in APP.rglob("*.py")}

    def resolve(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str | None] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found |= {resolve(f"{node.module}.{a.name}") for a in node.names}
            elif isinstance(node, ast.Import):
                found |= {resolve(a.name) for a in node.names}
        graph[name] = {d for d in found if d is not None and d != name and not name.startswith(f"{d}.")}
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import circles: strongly connected sets of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for dep in graph.get(node, ()):
            if dep not in index:
                visit(dep)
                low[node] = min(low[node], low[dep])
            elif dep in stack:
                low[node] = min(low[node], index[dep])
        if low[node] == index[node]:
            part = []
            while (top := stack.pop()) != node:
                part.append(top)
            if part:
                found.append(sorted([node, *part]))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_the_app_modules_import_in_no_circle() -> None:
    graph = app_imports()
    assert "scorecard_tui.app.screens.main" in graph and "scorecard_tui.app.session" in graph
    assert circles(graph) == []


def test_the_circle_finder_finds_a_circle() -> None:
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_screen_imports_the_app_class() -> None:
    graph = app_imports()
    screens = [name for name in graph if name.startswith("scorecard_tui.app.screens.")]
    assert screens and not [s for s in screens if "scorecard_tui.app.app" in graph[s]]
