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


# What ``scorecard open`` loads before its first frame: the command line, the store thread's check, open
# and first read, and the app's modules (Textual's too). None of these is needed before a later screen or
# command asks for it; each costs start-up time to every officer at every start (pdfplumber alone ~0.3 s).
NOT_AT_START = (
    "pdfplumber",
    "pdfminer",
    "openpyxl",
    "docx",
    "sqlite_utils",  # writes and migrations only
    "rich.progress",
    "scorecard_tui.parse",
    "scorecard_tui.importing",
    "scorecard_tui.outputs",
    "scorecard_tui.app.commands",  # the palette's, once it opens
    "scorecard_tui.app.screens.help",
    "scorecard_tui.app.screens.lens",
    "scorecard_tui.app.screens.agenda",
    "scorecard_tui.app.screens.import_file",
    "scorecard_tui.app.screens.note_editor",
    "scorecard_tui.app.screens.periods",
    "scorecard_tui.app.screens.report_info",
    "scorecard_tui.app.briefing_job",
)


def test_the_app_start_loads_no_reader_writer_or_later_screen(tmp_path: Path) -> None:
    """As ``_launch`` starts the app on a database holding a report: nothing in NOT_AT_START is loaded."""
    import json

    from scorecard_tui.records import report_from_dict
    from scorecard_tui.store import Store

    db = tmp_path / "start.db"
    with Store(db) as store:
        sample = ROOT / "sample_data" / "derby-scorecard-2018-19-q1.json"
        store.save_report(report_from_dict(json.loads(sample.read_text(encoding="utf-8"))))
    start = (
        "import scorecard_tui.cli.main; from pathlib import Path; "
        "from scorecard_tui.app.data import StoreThread; from scorecard_tui.store.checks import precheck; "
        f"path = Path({str(db)!r}); store = StoreThread(path); "
        "opening = store.open_first(lambda: precheck(path, None)); "
        "import scorecard_tui.app.app; view = opening.result(); store.close()"
    )
    mods = loaded_after(start)
    assert "scorecard_tui.app.app" in mods and "textual.app" in mods
    loaded = sorted(m for m in mods for name in NOT_AT_START if m == name or m.startswith(name + "."))
    assert not loaded, loaded


# The layers, lowest first: a package may import its own layer's base and anything below it, never above.
# ``records``, ``text`` and ``triage`` are judgement and data with no I/O; ``parse`` reads files; ``store`` is
# the only SQL; ``importing`` joins the two; ``outputs`` writes what people read; ``app`` is Textual; ``cli``
# is the command. (``compat``, ``errors`` and ``model`` are the floor every layer stands on.)
ALLOWED: dict[str, set[str]] = {
    "compat": set(),
    "errors": set(),
    "model": {"compat"},
    "records": {"compat", "model"},
    "text": {"model"},
    "triage": {"compat", "model"},
    "parse": {"compat", "errors", "model", "text", "triage"},
    "store": {"compat", "errors", "model", "records", "text", "triage"},
    "importing": {"compat", "errors", "model", "parse", "store"},
    "outputs": {"compat", "errors", "model", "records", "store", "text", "triage"},
    "app": {"compat", "errors", "importing", "model", "outputs", "parse", "records", "store", "text", "triage"},
    "cli": {"app", "compat", "errors", "importing", "model", "outputs", "parse", "records", "store", "text", "triage"},
    "__main__": {"cli"},
    "__init__": set(),
}

PACKAGE = ROOT / "scorecard_tui"


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _imports(path: Path) -> set[str]:
    """Every module of ours this file names in an import: top-level, TYPE_CHECKING or inside a function."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("scorecard_tui"):
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names if alias.name.startswith("scorecard_tui"))
    return names


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph = {}
    for name, path in modules.items():
        found = {n for n in _imports(path) if n in modules}
        # importing a package's own submodule from its __init__ (or a parent package) is not a dependency
        graph[name] = {d for d in found if d != name and not name.startswith(d + ".")}
    return graph


def _layer(module: str) -> str:
    return module.split(".")[1] if "." in module else "__init__"


def test_every_package_imports_only_the_layers_below_it():
    wrong = sorted(
        f"{module} imports {dep}"
        for module, deps in _graph().items()
        for dep in deps
        if _layer(dep) != _layer(module) and _layer(dep) not in ALLOWED[_layer(module)]
    )
    assert not wrong, "\n".join(wrong)


def test_every_module_is_in_a_known_layer_and_the_root_stays_small():
    layers = {_layer(m) for m in _modules()}
    assert layers <= set(ALLOWED), layers - set(ALLOWED)
    root = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(root) <= 8, root


def test_no_module_is_named_after_a_standard_library_module():
    clash = sorted(m for m in _modules() if m.rsplit(".", 1)[-1] in sys.stdlib_module_names)
    assert not clash, clash


def test_no_import_circle():
    """Counting every import (TYPE_CHECKING and function-local too): no module reaches itself."""
    graph = _graph()
    circles = []
    state: dict[str, int] = {}  # 1: on the path, 2: done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                circles.append(" -> ".join([*path[path.index(dep) :], dep]))
            elif dep not in state:
                visit(dep, [*path, dep])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert not circles, "\n".join(circles)
