"""Break tests: a header-row table or colour-only PDF with a page missing, repeated or out of order
never imports, whatever form its page numbers take (issue 18, hole 1)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from scorecard_tui.cli.main import cli
from scorecard_tui.errors import ScorecardError
from scorecard_tui.parse.page_forms import read_numbering
from scorecard_tui.parse.page_numbers import check_page_numbers
from tests.conftest import OTHER_COUNCILS, SAMPLE_PDF
from tests.helpers import reordered_pages

HEADER_TABLE = OTHER_COUNCILS / "header-table-illustrative.pdf"  # 4 pages, "Page N of 4"
COLOUR = OTHER_COUNCILS / "colour-rag-illustrative.pdf"  # 3 pages, "Page N of 3"

Footer = Callable[[int, int], list[tuple[str, str]]]
"""Given (page, pages in all), the footer's texts and where each stands: "left", "centre", "right"."""


def _run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _refused(pdf: Path, db: Path, reason: str) -> None:
    """The import fails in one line naming the reason; the database is as it was."""
    assert _run("import", str(OTHER_COUNCILS / "illustrative-borough-council-spreadsheet.csv"), "--db", str(db))
    before = _digest(db.parent)
    result = _run("import", str(pdf), "--db", str(db))
    assert (result.exit_code, result.stdout) == (2, ""), result.stdout
    assert result.stderr.splitlines() == [f"scorecard: {pdf}: {reason}"]
    assert _digest(db.parent) == before


DAMAGE = {
    "header table, page 2 deleted": (HEADER_TABLE, [0, 2, 3], "page 2 of 4 is missing"),
    "header table, last page deleted": (HEADER_TABLE, [0, 1, 2], "page 4 of 4 is missing"),
    "header table, page 2 repeated": (HEADER_TABLE, [0, 1, 1, 2, 3], "page 2 of 4 appears twice"),
    "header table, pages 2 and 3 swapped": (
        HEADER_TABLE,
        [0, 2, 1, 3],
        "pages out of order: page 2 of 4 follows page 3",
    ),
    "colour only, page 2 deleted": (COLOUR, [0, 2], "page 2 of 3 is missing"),
    "colour only, first page deleted": (COLOUR, [1, 2], "page 1 of 3 is missing"),
    "colour only, page 3 repeated": (COLOUR, [0, 1, 2, 2], "page 3 of 3 appears twice"),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_table_report_is_refused_in_one_line_naming_the_page(damage: str, tmp_path: Path):
    sample, order, reason = DAMAGE[damage]
    (tmp_path / "db").mkdir()
    _refused(reordered_pages(sample, order, tmp_path / "damaged.pdf"), tmp_path / "db" / "s.db", reason)


@pytest.mark.parametrize("sample", [HEADER_TABLE, COLOUR])
def test_inspect_says_the_pages_were_checked(sample: Path, tmp_path: Path):
    result = _run("inspect", str(sample), "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 0, result.stderr
    pages = 4 if sample == HEADER_TABLE else 3
    assert f"Pages {pages}, numbered 'Page N of M': checked, none missing, repeated or out of order" in result.stdout


def _report(path: Path, pages: int, footer: Footer | None, *, same_rows: bool = False) -> Path:
    """A plain header-row table report, a header and four measures a page, with ``footer`` on every page."""
    width, height = landscape(A4)
    c = Canvas(str(path), pagesize=(width, height), invariant=1)
    for n in range(1, pages + 1):
        y = height - 50
        if n == 1:
            c.setFont("Helvetica-Bold", 14)
            c.drawString(40, y, "Quarterly Performance Report - Quarter 2 2023/24")
            y -= 30
        c.setFont("Helvetica-Bold", 9)
        for x, text in zip((40, 110, 420, 500, 580), ("Ref", "Measure", "Target", "Actual", "RAG"), strict=True):
            c.drawString(x, y, text)
        c.setFont("Helvetica", 9)
        for k in range(4):
            y -= 22
            code = f"PE{(1 if same_rows else n) * 10 + k:03d}"
            cells = (code, f"Measure {code} of the service, as published", "80%", f"{70 + k}%", "Amber")
            for x, text in zip((40, 110, 420, 500, 580), cells, strict=True):
                c.drawString(x, y, text)
        for where, text in footer(n, pages) if footer else []:
            c.setFont("Helvetica", 8)
            if where == "left":
                c.drawString(40, 30, text)
            elif where == "centre":
                c.drawCentredString(width / 2, 30, text)
            else:
                c.drawRightString(width - 40, 30, text)
        c.showPage()
    c.save()
    return path


FORMS: dict[str, Footer] = {
    "Page N of M": lambda n, m: [("left", "Borough Council - Performance"), ("right", f"Page {n} of {m}")],
    "N of M": lambda n, m: [("centre", f"{n} of {m}")],
    "Page N": lambda n, m: [("left", "Borough Council"), ("right", f"Page {n}")],
    "N | Page": lambda n, m: [("right", f"{n} | P a g e")],
    "- N -": lambda n, m: [("centre", f"- {n} -")],
    "N/M": lambda n, m: [("right", f"{n}/{m}")],
    "N": lambda n, m: [("left", "OFFICIAL"), ("right", str(n))],
}
COUNTED = {"Page N of M", "N of M", "N/M"}


@pytest.mark.parametrize("form", list(FORMS))
def test_page_numbers_in_every_common_form_are_checked(form: str, tmp_path: Path):
    whole = _report(tmp_path / "whole.pdf", 5, FORMS[form])
    result = _run("inspect", str(whole), "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 0, result.stderr
    assert f"Pages 5, numbered '{form}'" in result.stdout
    assert "20 measures" in result.stdout
    (tmp_path / "db").mkdir()
    db = tmp_path / "db" / "s.db"
    of = " of 5" if form in COUNTED else ""
    _refused(reordered_pages(whole, [0, 1, 3, 4], tmp_path / "gap.pdf"), db, f"page 3{of} is missing")
    _refused(reordered_pages(whole, [0, 1, 1, 2, 3, 4], tmp_path / "twice.pdf"), db, f"page 2{of} appears twice")
    _refused(
        reordered_pages(whole, [0, 2, 1, 3, 4], tmp_path / "shuffled.pdf"),
        db,
        f"pages out of order: page 2{of} follows page 3",
    )


def test_a_page_number_without_a_count_may_start_after_a_cover_or_mid_pack(tmp_path: Path):
    """An appendix printed from a committee pack is numbered "Page 23" on: no page is missing."""
    pdf = _report(tmp_path / "appendix.pdf", 3, lambda n, m: [("right", f"Page {n + 22}")])
    result = _run("import", str(pdf), "--db", str(tmp_path / "s.db"))
    assert result.exit_code == 0, result.stderr


def test_223_pages_each_saying_page_1_of_1_are_refused(tmp_path: Path):
    with pytest.raises(ScorecardError, match=r"^page 1 of 1 appears 223 times$"):
        check_page_numbers([(1, 1)] * 223, every_footer_read=True)
    pdf = _report(tmp_path / "ones.pdf", 223, lambda n, m: [("right", "Page 1 of 1")])
    (tmp_path / "db").mkdir()
    _refused(pdf, tmp_path / "db" / "s.db", "page 1 of 1 appears 223 times")


def test_sections_numbered_separately_each_complete_import(tmp_path: Path):
    sections = [(1, 2), (2, 2), (1, 3), (2, 3), (3, 3), (1, 1)]
    pdf = _report(tmp_path / "sections.pdf", 6, lambda n, m: [("right", "Page {} of {}".format(*sections[n - 1]))])
    result = _run("import", str(pdf), "--db", str(tmp_path / "s.db"))
    assert result.exit_code == 0, result.stderr
    assert "24 measures" in result.stdout


def test_an_unnumbered_report_is_not_checked_and_inspect_says_so(tmp_path: Path):
    pdf = _report(tmp_path / "plain.pdf", 3, lambda n, m: [("left", "Borough Council"), ("right", "2024")])
    result = _run("inspect", str(pdf), "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 0, result.stderr
    assert "Pages 3, not numbered, so not checked for missing pages" in result.stdout
    assert "12 measures" in result.stdout


def test_an_unnumbered_page_repeated_word_for_word_is_refused(tmp_path: Path):
    whole = _report(tmp_path / "whole.pdf", 2, None)
    (tmp_path / "db").mkdir()
    _refused(
        reordered_pages(whole, [0, 1, 1], tmp_path / "twice.pdf"),
        tmp_path / "db" / "s.db",
        "page 3 repeats page 2 word for word",
    )


def test_a_numbered_report_given_twice_over_is_refused(tmp_path: Path):
    """Its numbers read as two complete sections; the text shows the second is the first again."""
    whole = _report(tmp_path / "whole.pdf", 2, FORMS["Page N of M"])
    (tmp_path / "db").mkdir()
    _refused(
        reordered_pages(whole, [0, 1, 0, 1], tmp_path / "again.pdf"),
        tmp_path / "db" / "s.db",
        "page 3 repeats page 1 word for word",
    )


def test_pages_alike_but_for_their_rows_are_not_repeats(tmp_path: Path):
    """Pages of the same furniture and like rows differ in their codes: nothing is refused."""
    pdf = _report(tmp_path / "alike.pdf", 3, None)
    result = _run("import", str(pdf), "--db", str(tmp_path / "s.db"))
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    ("furniture", "form", "numbers"),
    [
        ([["Council  Page 1 of 3"], ["Page 2 of 3"], ["Page 3 of 3"]], "Page N of M", [1, 2, 3]),
        ([["P a g e 1 o f 2"], ["P a g e 2 o f 2"]], "Page N of M", [1, 2]),
        ([["Cover"], ["2 | P a g e"], ["3 | P a g e"]], "N | Page", [None, 2, 3]),
        ([["2023/24"], ["2023/24"], ["2023/24"]], None, [None, None, None]),  # a year, not page 2023 of 24
        ([["06/2024"], ["06/2024"]], None, [None, None]),  # a date the same on every page
        ([["2024"], ["2024"], ["2024"]], None, [None, None, None]),  # a year alone in every footer
        ([["3"], [], [], []], None, [None, None, None, None]),  # one stray number is no numbering
        ([["12"], ["7"], ["30"], ["4"]], None, [None] * 4),  # figures at the foot of a table, not rising
        ([["1"], ["3"], ["2"], ["4"], ["5"]], "N", [1, 3, 2, 4, 5]),  # numbers out of order are still numbers
    ],
)
def test_what_furniture_is_read_as_page_numbers(furniture, form, numbers):
    numbering = read_numbering(furniture)
    assert numbering.form == form
    assert [s.number if s else None for s in numbering.stated] == numbers


def test_a_doris_report_given_twice_over_is_refused(tmp_path: Path):
    """Two complete "Page N of 11" runs pass as two sections; the words show the second is the first again."""
    pdf = reordered_pages(SAMPLE_PDF, list(range(11)) * 2, tmp_path / "twice.pdf")
    (tmp_path / "db").mkdir()
    _refused(pdf, tmp_path / "db" / "s.db", "page 12 repeats page 1 word for word")


def test_a_cover_and_a_back_page_without_numbers_count_as_the_pages_they_stand_for(tmp_path: Path):
    """Word's "different first page": the cover states nothing, the next page says "Page 2 of 5"."""
    pdf = _report(tmp_path / "covered.pdf", 5, lambda n, m: [("right", f"Page {n} of {m}")] if 1 < n < 5 else [])
    result = _run("import", str(pdf), "--db", str(tmp_path / "s.db"))
    assert result.exit_code == 0, result.stderr
    (tmp_path / "db").mkdir()
    _refused(
        reordered_pages(pdf, [0, 2, 3, 4], tmp_path / "gap.pdf"), tmp_path / "db" / "s.db", "page 2 of 5 is missing"
    )


def test_a_page_number_in_a_running_header_close_above_the_table_is_read(tmp_path: Path):
    """No gap parts the number from the table below it: it is still read, and a page missing is refused."""
    width, height = landscape(A4)
    path = tmp_path / "headed.pdf"
    c = Canvas(str(path), pagesize=(width, height), invariant=1)
    for n in range(1, 5):
        c.setFont("Helvetica", 8)
        c.drawRightString(width - 40, height - 30, f"Page {n} of 4")
        y = height - 42
        if n == 1:
            c.setFont("Helvetica-Bold", 12)
            c.drawString(40, y - 2, "Performance Report Q2 2023/24")
            y -= 22
        c.setFont("Helvetica-Bold", 8)
        for x, text in zip((40, 110, 420, 500), ("Ref", "Measure", "Target", "RAG"), strict=True):
            c.drawString(x, y, text)
        c.setFont("Helvetica", 8)
        for k in range(40):
            y -= 10
            for x, text in zip((40, 110, 420, 500), (f"M{n}{k:02d}", f"Measure {n}-{k}", "80%", "Green"), strict=True):
                c.drawString(x, y, text)
        c.showPage()
    c.save()
    result = _run("inspect", str(path), "--db", str(tmp_path / "none.db"))
    assert "Pages 4, numbered 'Page N of M'" in result.stdout, result.stdout + result.stderr
    (tmp_path / "db").mkdir()
    _refused(reordered_pages(path, [0, 1, 3], tmp_path / "gap.pdf"), tmp_path / "db" / "s.db", "page 3 of 4 is missing")
