"""The store's modules import one another one way: no circle, counting every import (under
``TYPE_CHECKING`` and inside functions too), and its parts never import the ``Store`` that
composes them."""

from __future__ import annotations

import ast
from pathlib import Path

STORE = Path(__file__).parents[1] / "scorecard_tui" / "store"
PREFIX = "scorecard_tui.store."


def _imports() -> dict[str, set[str]]:
    """Each store module (by its name in the package) -> the store modules it imports."""
    names = {path.stem for path in STORE.glob("*.py")} - {"__init__"}
    graph: dict[str, set[str]] = {}
    for name in names:
        found: set[str] = set()
        for node in ast.walk(ast.parse((STORE / f"{name}.py").read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "scorecard_tui.store":
                found |= {alias.name for alias in node.names if alias.name in names}
            elif isinstance(node, ast.ImportFrom) and (module := node.module or "").startswith(PREFIX):
                found.add(module.removeprefix(PREFIX).split(".")[0])
            elif isinstance(node, ast.Import):
                found |= {a.name.removeprefix(PREFIX) for a in node.names if a.name.startswith(PREFIX)}
        graph[name] = found - {name}
    return graph


def _circle(graph: dict[str, set[str]]) -> list[str] | None:
    """One circle of imports, as the modules on it, or None."""
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> list[str] | None:
        if name in path:
            return [*path[path.index(name) :], name]
        if name in done:
            return None
        for other in sorted(graph.get(name, ())):
            if found := visit(other, [*path, name]):
                return found
        done.add(name)
        return None

    return next((c for name in sorted(graph) if (c := visit(name, [])) is not None), None)


def test_the_store_has_no_import_circle() -> None:
    graph = _imports()
    assert {"db", "lens", "annotations", "schema"} <= set(graph)  # the modules were read
    assert _circle(graph) is None, " -> ".join(_circle(graph) or [])


def test_the_store_parts_take_an_interface_not_the_store() -> None:
    graph = _imports()
    for part in ("annotations", "lens", "lens_signals", "versions", "checks", "schema", "schema_check"):
        assert "db" not in graph[part], f"store/{part}.py imports store/db.py"


def test_a_planted_circle_is_found() -> None:
    assert _circle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _circle({"a": {"b"}, "b": set()}) is None
