"""The parser and the store import without Textual; start-up stays light; no module imports itself
through others."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.pythons
ROOT = Path(__file__).resolve().parents[1]


def loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_parse_and_store_do_not_import_textual():
    mods = loaded_after("import scorecard_tui.parse, scorecard_tui.store, scorecard_tui.importing")
    assert not any(m == "textual" or m.startswith("textual.") for m in mods)


def test_cli_does_not_import_pdfplumber_until_needed():
    mods = loaded_after("import scorecard_tui.cli.main, scorecard_tui.parse")
    assert "pdfplumber" not in mods
    assert "textual" not in mods


def imports_within(package: str) -> dict[str, set[str]]:
    """Each module of ``package`` -> the modules of ``package`` it imports. Every import counts: at the top,
    under ``TYPE_CHECKING`` and inside functions; a module importing a package it is part of does not."""
    folder = ROOT.joinpath(*package.split("."))
    modules = {}
    for path in folder.rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path

    def module_of(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                found |= {module_of(f"{node.module}.{alias.name}") for alias in node.names}
            elif isinstance(node, ast.Import):
                found |= {module_of(alias.name) for alias in node.names}
        graph[name] = {m for m in found if m and m != name and not name.startswith(m + ".")}
    return graph


def in_circles(graph: dict[str, set[str]]) -> set[str]:
    """The modules that import themselves through others."""

    def reachable(start: str) -> set[str]:
        seen: set[str] = set()
        todo = list(graph[start])
        while todo:
            if (m := todo.pop()) not in seen:
                seen.add(m)
                todo.extend(graph[m])
        return seen

    return {m for m in graph if m in reachable(m)}


@pytest.mark.parametrize("package", ["scorecard_tui.parse", "scorecard_tui.store"])
def test_no_import_circles(package: str):
    assert in_circles(imports_within(package)) == set()
