"""Python 3.10 to 3.13: what 3.10 lacks comes from ``scorecard_tui.compat`` and behaves as on 3.11+ (enums, times,
SQLite error names), and no file uses anything newer."""

from __future__ import annotations

import ast
import importlib
import json
import pkgutil
import sqlite3
from contextlib import closing
from datetime import datetime, timedelta, timezone
from enum import Enum, auto
from pathlib import Path

import pytest

import scorecard_tui
from scorecard_tui.compat import SQLITE_MESSAGES, UTC, StrEnum, datetime_from_iso, sqlite_error_name
from scorecard_tui.model import Rag
from scorecard_tui.records import report_from_dict
from scorecard_tui.store import Store

ROOT = Path(__file__).parents[1]

pytestmark = pytest.mark.pythons

NEWER = {
    module: set(names.split())
    for module, names in {
        "enum": "StrEnum ReprEnum EnumCheck FlagBoundary verify member nonmember global_enum",
        "datetime": "UTC",
        "typing": "Self LiteralString Never assert_never assert_type reveal_type dataclass_transform Required "
        "NotRequired TypeVarTuple Unpack get_overloads clear_overloads override TypeAliasType ReadOnly TypeIs "
        "NoDefault",
        "asyncio": "TaskGroup timeout timeout_at Timeout Runner",
        "hashlib": "file_digest",
        "contextlib": "chdir",
        "itertools": "batched",
        "operator": "call",
        "math": "cbrt exp2",
        "logging": "getLevelNamesMapping",
        "os": "process_cpu_count",
    }.items()
}
"""Names the standard library gained in 3.11 to 3.13, by module (``scorecard_tui.compat`` has the ones we use)."""
NEWER_MODULES = {"tomllib", "wsgiref.types"}
NEWER_BUILTINS = {"ExceptionGroup", "BaseExceptionGroup"}


def package_enums() -> list[type[Enum]]:
    """Every enum the package defines (importing every module)."""
    for module in pkgutil.walk_packages(scorecard_tui.__path__, "scorecard_tui."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    found: list[type[Enum]] = []
    pending: list[type[Enum]] = [Enum]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("scorecard_tui.") and sub.__module__ != "scorecard_tui.compat":
                found.append(sub)
    return found


def test_text_enums_derive_from_the_shared_str_enum():
    enums = package_enums()
    names = {e.__name__ for e in enums}
    assert {"Rag", "Polarity", "Direction", "Flag", "Field", "SignalKind", "BriefingFormat"} <= names
    mixed = [e.__name__ for e in enums if issubclass(e, str) and not issubclass(e, StrEnum)]
    assert not mixed, f"(str, Enum) prints differently on 3.10 and 3.12: derive {mixed} from compat.StrEnum"


def test_every_enum_member_prints_as_its_value_however_it_is_formatted():
    for enum in package_enums():
        for member in enum if issubclass(enum, StrEnum) else ():
            value = member.value
            assert isinstance(member, str) and member == value and hash(member) == hash(value)
            assert str(member) == value, f"str({enum.__name__}.{member.name})"
            assert f"{member}" == value and f"{member:>20}" == f"{value:>20}" and format(member, "<3") == f"{value:<3}"
            assert "%s" % member == value and "{}".format(member) == value  # noqa: UP031, UP032
            assert json.dumps(member) == json.dumps(value) and json.dumps({member: 1}) == json.dumps({value: 1})
            assert repr(member) == f"<{enum.__name__}.{member.name}: {value!r}>"
            assert enum(value) is member


def test_str_enum_auto_values_are_lower_case_names():
    class Colour(StrEnum):
        DEEP_RED = auto()

    assert Colour.DEEP_RED.value == "deep_red" and f"{Colour.DEEP_RED}" == "deep_red"


def test_rag_text_in_a_sentence_is_the_rating_not_the_member_name():
    assert f"{Rag.RED} to {Rag.GREEN}" == "Red to Green"
    assert " ".join([Rag.AMBER, Rag.BLUE]) == "Amber Blue"


def test_utc_is_the_standard_library_utc():
    assert UTC is timezone.utc
    assert datetime(2018, 8, 24, tzinfo=UTC).isoformat() == "2018-08-24T00:00:00+00:00"


def python_files() -> list[Path]:
    return sorted(
        path
        for folder in ("scorecard_tui", "tests", "bench", "sample_data")
        for path in (ROOT / folder).rglob("*.py")
        if "__snapshots__" not in path.parts
    )


def newer_uses(tree: ast.AST) -> list[tuple[int, str]]:
    """Where a module's syntax tree uses a standard-library name that 3.10 does not have."""
    modules: dict[str, str] = {}  # local name -> standard module, from `import x` / `import x as y`
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                modules[(alias.asname or alias.name).split(".")[0]] = alias.name.split(".")[0]
                if alias.name in NEWER_MODULES:
                    found.append((node.lineno, f"import {alias.name}"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module in NEWER_MODULES:
                found.append((node.lineno, f"from {node.module} import"))
            for alias in node.names:
                if alias.name in NEWER.get(node.module, ()):
                    found.append((node.lineno, f"from {node.module} import {alias.name}"))
        elif isinstance(node, ast.Name) and node.id in NEWER_BUILTINS:
            found.append((node.lineno, node.id))
        elif type(node).__name__ == "TryStar":
            found.append((node.lineno, "except*"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            module = modules.get(node.value.id)
            if module and node.attr in NEWER.get(module, ()):
                found.append((node.lineno, f"{node.value.id}.{node.attr}"))
    return found


def test_the_scan_finds_what_python_3_10_lacks():
    code = (
        "import datetime, asyncio as aio\nfrom enum import StrEnum\nimport tomllib\n"
        "x = datetime.UTC\nasync def f():\n    async with aio.TaskGroup():\n        raise ExceptionGroup('', [])\n"
    )
    assert [what for _, what in newer_uses(ast.parse(code))] == [
        "from enum import StrEnum",
        "import tomllib",
        "ExceptionGroup",
        "datetime.UTC",
        "aio.TaskGroup",
    ]


def test_no_file_uses_what_python_3_10_lacks():
    found = [
        f"{path.relative_to(ROOT)}:{line}: {what}"
        for path in python_files()
        if path.name != "compat.py"
        for line, what in newer_uses(ast.parse(path.read_text(encoding="utf-8"), feature_version=(3, 10)))
    ]
    assert not found, "not in Python 3.10 (use scorecard_tui.compat): " + "; ".join(found)


def sqlite_error(path: Path) -> sqlite3.DatabaseError:
    with pytest.raises(sqlite3.DatabaseError) as caught, closing(sqlite3.connect(path)) as conn:
        conn.execute("SELECT * FROM t").fetchall()
    return caught.value


def test_sqlite_errors_are_named_alike_on_every_python(tmp_path: Path):
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n" * 100)
    damaged = tmp_path / "damaged.db"
    with closing(sqlite3.connect(damaged)) as conn, conn:
        conn.execute("CREATE TABLE t (x)")
        conn.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 50)
    data = bytearray(damaged.read_bytes())
    data[4096 : 4096 + 200] = b"\xff" * 200  # the table's root page
    damaged.write_bytes(data)
    for path, name in [(text, "SQLITE_NOTADB"), (damaged, "SQLITE_CORRUPT")]:
        error = sqlite_error(path)
        assert sqlite_error_name(error).startswith(name), str(error)
        assert SQLITE_MESSAGES.get(str(error)) == name, "Python 3.10 names the code by its message"


READ_AS_3_11_DOES = [
    ("2018-08-24T11:12:02", datetime(2018, 8, 24, 11, 12, 2)),
    ("2018-08-24T11:12:02Z", datetime(2018, 8, 24, 11, 12, 2, tzinfo=UTC)),
    ("2018-08-24 11:12Z", datetime(2018, 8, 24, 11, 12, tzinfo=UTC)),
    ("2018-08-24T11:12:02.5", datetime(2018, 8, 24, 11, 12, 2, 500000)),
    ("2018-08-24T11:12:02.1234567+0100", datetime(2018, 8, 24, 11, 12, 2, 123456, timezone(timedelta(hours=1)))),
    ("2018-08-24T11:12:02-05:30", datetime(2018, 8, 24, 11, 12, 2, tzinfo=timezone(-timedelta(hours=5, minutes=30)))),
    ("20180824T111202", datetime(2018, 8, 24, 11, 12, 2)),
    ("20180824", datetime(2018, 8, 24)),
]


@pytest.mark.parametrize(("text", "when"), READ_AS_3_11_DOES, ids=[t for t, _ in READ_AS_3_11_DOES])
def test_stored_times_read_as_python_3_11_reads_them(text: str, when: datetime):
    read = datetime_from_iso(text)
    assert (read, read.tzinfo) == (when, when.tzinfo)


@pytest.mark.parametrize(
    "text", ["not a date", "2018-13-01", "2018-08-24T11:12:02+24:00", "\u0662\u0660\u0661\u0668-08-24"]
)
def test_what_is_not_a_time_is_refused_alike(text: str):
    with pytest.raises(ValueError):
        datetime_from_iso(text)


def test_a_note_stamped_in_utc_with_a_z_reads_on_every_python(db_path: Path, sample_source):
    with Store(db_path) as store:
        store.save_report(report_from_dict(sample_source))
        store.annotations.add_note(store.latest_report(), "SS PM28", "Ask for the plan", author="alice")
    with closing(sqlite3.connect(db_path)) as conn, conn:
        conn.execute("UPDATE annotations SET created_at = '2018-08-24T11:12:02Z'")
    with Store(db_path) as store:
        (note,) = store.annotations.annotation_history(store.latest_report(), "SS PM28", "note")
    assert note.created_at == datetime(2018, 8, 24, 11, 12, 2, tzinfo=UTC)


def test_the_package_reads_times_through_compat():
    calls = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in sorted((ROOT / "scorecard_tui").rglob("*.py"))
        if path.name != "compat.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute) and node.attr == "fromisoformat" and ast.unparse(node.value) == "datetime"
    ]
    where = ", ".join(calls)
    assert not calls, f"datetime.fromisoformat reads fewer forms on 3.10: use compat.datetime_from_iso ({where})"
