"""Find the sample reports that ship with the package."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def sample_dir() -> Path:
    """The bundled ``sample_data`` folder (inside the installed package, or the source checkout)."""
    packaged = Path(str(files("scorecard_tui"))) / "sample_data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "sample_data"


def sample_pdfs() -> list[Path]:
    """The sample scorecard PDFs, oldest period first."""
    return sorted(sample_dir().glob("*.pdf"))
