"""Shared fixtures: the sample report's structured source, its PDF and the seed text."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

from scorecard_tui.importing import import_file
from scorecard_tui.store import Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "sample_data"
SAMPLE_JSON = SAMPLE_DIR / "derby-scorecard-2018-19-q1.json"
SAMPLE_PDF = SAMPLE_DIR / "derby-scorecard-2018-19-q1.pdf"
SEED_TEXT = Path(__file__).parent / "fixtures" / "derby-2018-19-q1-pdftotext.txt"
Q2_PDF = SAMPLE_DIR / "derby-scorecard-2018-19-q2-illustrative.pdf"
Q2_JSON = Q2_PDF.with_suffix(".json")
OTHER_COUNCILS = SAMPLE_DIR / "other-councils"


@pytest.hookimpl(optionalhook=True)  # pytest-xdist's hook: no error where xdist is not installed
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto``: two workers a core. An app test waits for the app to go idle after each key
    (Textual's pilot sleeps in 20 ms steps), so it keeps a core only about half busy; a second
    worker on the core fills the waits. PYTEST_XDIST_AUTO_NUM_WORKERS, when set, still decides
    (xdist's own hook reads it)."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    return 2 * len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 2 * (os.cpu_count() or 1)


@pytest.fixture(autouse=True)
def own_config_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test's own config folder: the theme a developer chose never reaches a snapshot, and a
    test that changes the theme never changes the developer's."""
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder


def load_script(path: Path) -> ModuleType:
    """A script of the repository that is not a package module (a sample builder), loaded once by its stem."""
    if path.stem in sys.modules:
        return sys.modules[path.stem]
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return module


def load_builder() -> ModuleType:
    """The sample PDF builder (``sample_data/build_pdf.py``), loaded as a module."""
    return load_script(SAMPLE_DIR / "build_pdf.py")


@pytest.fixture(scope="session")
def builder() -> ModuleType:
    return load_builder()


@pytest.fixture(scope="session")
def sample_source() -> dict:
    """The structured source of the Q1 sample: the fixture every field is checked against."""
    return json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def q2_source() -> dict:
    """The structured source of the illustrative Q2 sample."""
    return json.loads(Q2_JSON.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def two_periods(tmp_path_factory, two_periods_template: Path) -> Path:
    """A database holding the Q1 and illustrative Q2 sample PDFs, imported: a copy per test module."""
    return copy_of(two_periods_template, tmp_path_factory.mktemp("two-periods"))


@pytest.fixture()
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "scorecard.db"


@pytest.fixture(scope="session")
def two_periods_template(tmp_path_factory) -> Path:
    """Q1 and the illustrative Q2 imported from their PDFs, once a session (about 4 s): tests copy it
    (:func:`copy_of`), never write to it."""
    path = tmp_path_factory.mktemp("two-periods-template") / "two.db"
    with Store(path) as store:
        import_file(store, SAMPLE_PDF)
        import_file(store, Q2_PDF)
    assert not path.with_name("two.db-wal").exists(), "closed: the file holds it all"
    return path


def copy_of(template: Path, folder: Path) -> Path:
    """A copy of a database file in ``folder``, for a test module to write to as it pleases."""
    return Path(shutil.copy(template, folder / template.name))
