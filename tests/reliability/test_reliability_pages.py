"""Break tests: a report with a page missing, repeated or out of order never imports (issue 8, point 1)."""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner

from scorecard_tui.cli.main import cli
from scorecard_tui.errors import ScorecardError
from scorecard_tui.parse.page_numbers import check_page_numbers
from tests.conftest import SAMPLE_PDF, SEED_TEXT
from tests.helpers import reordered_pages

PAGES = 11


def _import(*args: str):
    return CliRunner().invoke(cli, ["import", *args], catch_exceptions=False)


def _digest(folder: Path) -> dict[str, str]:
    """Every file of the database (main file, WAL, shared memory) by content."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def held_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database already holding the sample report."""
    db = tmp_path_factory.mktemp("held") / "scorecard.db"
    assert _import(str(SAMPLE_PDF), "--db", str(db)).exit_code == 0
    return db


@pytest.fixture()
def db(held_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "db" / held_db.name
    copy.parent.mkdir()
    for p in held_db.parent.iterdir():
        shutil.copy2(p, copy.parent / p.name)
    return copy


DAMAGE: dict[str, tuple[Callable[[list[int]], list[int]], str]] = {
    "page 4 deleted": (lambda p: p[:3] + p[4:], "page 4 of 11 is missing"),
    "last page deleted": (lambda p: p[:-1], "page 11 of 11 is missing"),
    "first page deleted": (lambda p: p[1:], "page 1 of 11 is missing"),
    "pages 4 and 7 deleted": (lambda p: p[:3] + p[4:6] + p[7:], "pages 4 and 7 of 11 are missing"),
    "page 3 duplicated": (lambda p: [*p[:3], 2, *p[3:]], "page 3 of 11 appears twice"),
    "page 5 swapped with page 7": (
        lambda p: [*p[:4], 6, 5, 4, *p[7:]],
        "pages out of order: page 6 of 11 follows page 7",
    ),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_report_is_refused_in_one_line_naming_the_page(damage: str, db: Path, tmp_path: Path):
    edit, reason = DAMAGE[damage]
    pdf = reordered_pages(SAMPLE_PDF, edit(list(range(PAGES))), tmp_path / "damaged.pdf")
    before = _digest(db.parent)
    result = _import(str(pdf), "--db", str(db))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"scorecard: {pdf}: {reason}"]
    assert _digest(db.parent) == before


def test_dropping_the_last_page_no_longer_makes_a_report_series_of_its_own(db: Path, tmp_path: Path):
    """The last page carries the report's name; without it the report was filed as 'Council Scorecard'."""
    pdf = reordered_pages(SAMPLE_PDF, list(range(PAGES - 1)), tmp_path / "short.pdf")
    assert _import(str(pdf), "--db", str(db)).exit_code == 2
    summary = CliRunner().invoke(cli, ["summary", "--db", str(db)], catch_exceptions=False)
    assert "Council Scorecard" not in summary.output.replace("Improvement Report - Council Scorecard", "")


def test_a_cover_page_without_a_footer_is_fine(db: Path, tmp_path: Path):
    source = pdfium.PdfDocument(SAMPLE_PDF)
    out = pdfium.PdfDocument.new()
    out.new_page(595, 842)  # a blank cover, no footer
    out.import_pages(source)
    out.save(tmp_path / "with-cover.pdf")
    out.close()
    source.close()
    result = _import(str(tmp_path / "with-cover.pdf"), "--db", str(db))
    assert result.exit_code == 0, result.stderr
    assert "20 measures" in result.stdout


def test_the_seed_text_that_lost_most_footers_still_imports(tmp_path: Path):
    result = _import(str(SEED_TEXT), "--db", str(tmp_path / "seed.db"))
    assert result.exit_code == 0, result.stderr
    assert "20 measures" in result.stdout


def _seed_pages() -> tuple[list[str], list[tuple[int, int]]]:
    """The seed text's lines and the (start, end) line span of each page closed by a footer."""
    lines = SEED_TEXT.read_text(encoding="utf-8").splitlines(keepends=True)
    ends = [i for i, line in enumerate(lines) if "P age " in line and " o f 11" in line]
    return lines, list(zip([e + 1 for e in ends[:-1]], ends[1:], strict=True))


def test_a_text_extraction_with_a_page_repeated_is_refused(tmp_path: Path):
    lines, spans = _seed_pages()
    start, end = spans[0]  # the page whose footer says "Page 5 of 11"
    text = lines[: end + 1] + lines[start : end + 1] + lines[end + 1 :]
    (tmp_path / "repeated.txt").write_text("".join(text), encoding="utf-8")
    result = _import(str(tmp_path / "repeated.txt"), "--db", str(tmp_path / "t.db"))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"scorecard: {tmp_path / 'repeated.txt'}: page 5 of 11 appears twice"]


def test_a_text_extraction_with_pages_out_of_order_is_refused(tmp_path: Path):
    lines, spans = _seed_pages()
    (a_start, a_end), (b_start, b_end) = spans[0], spans[1]  # pages 5 and 6
    text = lines[:a_start] + lines[b_start : b_end + 1] + lines[a_start : a_end + 1] + lines[b_end + 1 :]
    (tmp_path / "shuffled.txt").write_text("".join(text), encoding="utf-8")
    result = _import(str(tmp_path / "shuffled.txt"), "--db", str(tmp_path / "t.db"))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"scorecard: {tmp_path / 'shuffled.txt'}: pages out of order: page 5 of 11 follows page 6"
    ]


SECTIONED = [(1, 3), (2, 3), (3, 3), (1, 2), (2, 2), (1, 3), (2, 3), (3, 3)]


@pytest.mark.parametrize(
    ("stated", "reason"),
    [
        (SECTIONED, None),
        ([], None),  # a report that states no page count
        (SECTIONED[:1] + SECTIONED[2:], "page 2 of 3 is missing (section 1 of 3)"),
        (SECTIONED[:4] + SECTIONED[5:], "page 2 of 2 is missing (section 2 of 3)"),
        (SECTIONED[:6] + SECTIONED[5:], "page 1 of 3 appears twice (section 3 of 3)"),
    ],
)
def test_sections_numbered_separately_are_checked_section_by_section(stated, reason):
    if reason is None:
        check_page_numbers(stated, every_footer_read=True)
    else:
        with pytest.raises(ScorecardError, match=f"^{re.escape(reason)}$"):
            check_page_numbers(stated, every_footer_read=True)
