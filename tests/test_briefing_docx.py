"""Issue 11, point 10: ``scorecard brief --format docx`` writes a real Word document, read back here
with python-docx: headings, RAG counts with RAG-coloured cells, the exceptions, flagged measures
with their notes (line breaks kept). Never binary to a terminal."""

from __future__ import annotations

import dataclasses
import io
import os
import time
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn

from scorecard_tui.cli.main import cli
from scorecard_tui.cli.samples import load_sample_reports
from scorecard_tui.model import Flag, Rag
from scorecard_tui.outputs.briefing import Briefing, load_briefing
from scorecard_tui.outputs.briefing_docx import RAG_FILL, to_docx
from scorecard_tui.outputs.briefing_files import briefing_file_name, write_briefing
from scorecard_tui.store import Store

NOTE = "Ask for the recovery plan\nby December\x1b[31m\x0c\nand the \x00 staffing figures"


@pytest.fixture(scope="module")
def flagged_db(two_periods: Path) -> Path:
    with Store(two_periods) as store:
        q2 = store.latest_report()
        store.annotations.set_flag(q2, "SS PM28", Flag.RAISE, author="alice")
        store.annotations.set_flag(q2, "C PM02a", Flag.WATCH, author="bob")
        store.annotations.add_note(q2, "SS PM28", NOTE, author="alice")
    return two_periods


def _fill(cell) -> str | None:
    shd = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None
    return None if shd is None else shd.get(qn("w:fill"))


def _brief_docx(flagged_db: Path, folder: Path, *extra: str):
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        return CliRunner().invoke(cli, ["brief", "--db", str(flagged_db), "--format", "docx", *extra])
    finally:
        os.chdir(cwd)


@pytest.mark.pythons
def test_brief_docx_writes_a_named_file_in_the_current_folder(flagged_db: Path, tmp_path: Path):
    result = _brief_docx(flagged_db, tmp_path)
    assert result.exit_code == 0, result.output
    assert result.output == "wrote the 2018/19 Q2 briefing to scorecard-briefing-2018-19-Q2.docx\n"
    doc = Document(str(tmp_path / "scorecard-briefing-2018-19-Q2.docx"))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith(("Title", "Heading"))]
    assert headings == [
        ("Title", "Briefing: Improvement Report - Council Scorecard, 2018/19 Q2"),
        ("Heading 1", "RAG by directorate"),
        ("Heading 1", "Exceptions"),
        ("Heading 1", "Flagged for the meeting"),
        ("Heading 1", "Questions for the meeting"),
        ("Heading 1", "Coming reviews"),
    ]
    texts = [p.text for p in doc.paragraphs]
    assert "ILLUSTRATIVE DATA - NOT PUBLISHED: Improvement Report - Council Scorecard, Quarter 2 2018/19" in texts


def test_the_rag_table_has_counts_in_rag_coloured_cells(flagged_db: Path, tmp_path: Path):
    _brief_docx(flagged_db, tmp_path)
    doc = Document(str(tmp_path / "scorecard-briefing-2018-19-Q2.docx"))
    table = doc.tables[0]
    groups = [c.text for c in table.rows[0].cells]  # issue 22: two heading rows, no "Forecast Amber" squeezed
    assert groups == ["Directorate", "Measures"] + ["This quarter"] * 3 + ["Year end (forecast)"] * 3
    header = [c.text for c in table.rows[1].cells]
    assert header == ["Directorate", "Measures", "Red", "Amber", "Green", "Red", "Amber", "Green"]
    rows = {r.cells[0].text: r.cells for r in table.rows[2:]}
    assert [c.text for c in rows["All"]] == ["All", "20", "12", "5", "3", "6", "10", "4"]
    assert [c.text for c in rows["People Services"][1:]] == ["13", "9", "3", "1", "5", "6", "2"]
    colours = [RAG_FILL[Rag.RED], RAG_FILL[Rag.AMBER], RAG_FILL[Rag.GREEN]] * 2
    assert [_fill(c) for c in table.rows[1].cells[2:]] == colours
    assert [_fill(c) for c in rows["All"][2:]] == colours
    # a zero is left plain: Communities & Place has no forecast Red
    assert rows["Communities & Place"][5].text == "0" and _fill(rows["Communities & Place"][5]) is None


def test_exceptions_show_each_measure_once_with_its_own_forecast_figures(flagged_db: Path, tmp_path: Path):
    _brief_docx(flagged_db, tmp_path)
    doc = Document(str(tmp_path / "scorecard-briefing-2018-19-Q2.docx"))
    table = doc.tables[1]
    assert [c.text for c in table.rows[0].cells] == ["Code", "Measure", "This quarter", "Year end (forecast)", "Why"]
    rows = {r.cells[0].text: r.cells for r in table.rows[1:]}
    assert len(rows) == len(table.rows) - 1  # one row per measure
    cp = rows["CP 08f"]
    assert cp[2].text == "Red, 4.8 (target 4.2)" and _fill(cp[2]) == RAG_FILL[Rag.RED]
    assert cp[3].text == "Red, 9.8 (target 8.4)" and _fill(cp[3]) == RAG_FILL[Rag.RED]
    assert cp[4].text == "Red this quarter and at year end; Direction: Stabilised"  # each reason once
    assert rows["Regen PM21"][4].text == "Red this quarter; Deteriorating; Worse since 2018/19 Q1 (Amber then)"
    regen = rows["Regen PM21"]
    assert _fill(regen[3]) == RAG_FILL[Rag.AMBER]
    assert "16 new businesses were established in quarter 2" in regen[1].text


def test_flagged_measures_keep_their_notes_line_breaks(flagged_db: Path, tmp_path: Path):
    _brief_docx(flagged_db, tmp_path)
    doc = Document(str(tmp_path / "scorecard-briefing-2018-19-Q2.docx"))
    texts = [p.text for p in doc.paragraphs]
    start = texts.index("Flagged for the meeting")
    flagged = texts[start + 1 : texts.index("Questions for the meeting")]
    assert flagged[0].startswith("RAISE SS PM28: ")
    assert flagged[1].startswith("Note (alice, ")
    assert flagged[1].endswith("Ask for the recovery plan\nby December\nand the  staffing figures")
    assert flagged[2].startswith("WATCH C PM02a: ")


def test_docx_to_output_dash_goes_into_the_pipe(flagged_db: Path, tmp_path: Path):
    """Issue 18: ``--output -`` is stdout; a pipe takes the document's bytes (the terminal never:
    tests/test_cli_commands.py), and no file named ``-`` is written."""
    result = _brief_docx(flagged_db, tmp_path, "--output", "-")
    assert result.exit_code == 0, result.output
    assert Document(io.BytesIO(result.stdout_bytes)).tables
    assert list(tmp_path.iterdir()) == []


def test_docx_to_a_chosen_file_and_a_link_refused(flagged_db: Path, tmp_path: Path):
    out = tmp_path / "pack.docx"
    result = _brief_docx(flagged_db, tmp_path, "--output", str(out))
    assert result.exit_code == 0 and out.read_bytes().startswith(b"PK\x03\x04")
    assert Document(str(out)).tables
    link = tmp_path / "link.docx"
    link.symlink_to(tmp_path / "elsewhere.docx")
    refused = _brief_docx(flagged_db, tmp_path, "--output", str(link))
    assert refused.exit_code == 2 and "symbolic link" in refused.output
    assert not (tmp_path / "elsewhere.docx").exists()


def test_write_briefing_is_what_the_app_calls(flagged_db: Path, tmp_path: Path):
    with Store(flagged_db, read_only=True) as store:
        briefing = load_briefing(store, store.latest_report())
    for fmt in ("md", "csv", "docx"):
        path = write_briefing(briefing, fmt, tmp_path, database=flagged_db)
        assert path == tmp_path / briefing_file_name("2018/19 Q2", fmt)
    assert (tmp_path / "scorecard-briefing-2018-19-Q2.md").read_text().startswith("# Briefing:")
    assert Document(str(tmp_path / "scorecard-briefing-2018-19-Q2.docx")).paragraphs[0].text.startswith("Briefing:")


def test_a_long_report_writes_in_seconds_not_minutes():
    """python-docx's own add_row and cell text slow down as a table grows (5,000 measures took 36 s)."""
    q2 = load_sample_reports()[1]
    many = tuple(dataclasses.replace(m, code=f"{m.code}-{i}") for i in range(250) for m in q2.measures)
    report = dataclasses.replace(q2, measures=many)
    start = time.process_time()
    data = to_docx(Briefing(report=report, measures=report.measures, as_of=date(2018, 11, 23)))
    assert time.process_time() - start < 12  # about 2 s of CPU here
    doc = Document(io.BytesIO(data))
    assert len(doc.tables[1].rows) == 1 + sum(
        1 for _ in Briefing(report, report.measures, date(2018, 11, 23)).exceptions()
    )


def test_the_word_briefing_asks_the_lens_questions_flagged_first(flagged_db: Path):
    with Store(flagged_db, read_only=True) as store:
        info = store.latest_report()
        assert info is not None
        briefing = load_briefing(store, info)
        asked = briefing.questions()
    assert asked, "the Q2 sample has lens signals"
    doc = Document(io.BytesIO(to_docx(briefing)))
    texts = [p.text for p in doc.paragraphs]
    start = texts.index("Questions for the meeting")
    section = texts[start + 1 : texts.index("Coming reviews")]
    first, texts = asked[0]
    assert section[0].endswith(f"{first.code}: {first.title}")
    assert texts and section[1] == texts[0]
    bullets = [t for t in section if t.endswith(tuple(f"{m.code}: {m.title}" for m, _ in asked))]
    marked = [t.startswith(("RAISE ", "WATCH ")) for t in bullets]
    assert marked == sorted(marked, reverse=True)  # flagged measures first
