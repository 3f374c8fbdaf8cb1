"""The package type-checks under mypy --strict (configured in pyproject.toml): a type error fails the suite.

It is checked against the standard library of the oldest supported Python (3.10, as configured) and of the one
running the suite.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.pythons

ROOT = Path(__file__).parents[1]


PYTHONS = sorted({"3.10", f"{sys.version_info.major}.{sys.version_info.minor}"})


@pytest.mark.parametrize("python", PYTHONS)
def test_mypy_strict_finds_no_errors(tmp_path: Path, python: str) -> None:
    pytest.importorskip("mypy")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--python-version", python, "--cache-dir", str(tmp_path / "mypy-cache")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_type_ignore_says_why() -> None:
    bare = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "scorecard_tui").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "# type: ignore" in line and "  # " not in line.split("# type: ignore", 1)[1]
    ]
    assert not bare, "a type: ignore without its reason on the line: " + ", ".join(bare)
