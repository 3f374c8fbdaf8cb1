"""Issue 22, point 1: a briefing that goes into the meeting pack unchanged. Word: A4, UK margins,
columns by content, the marking, report and period at the head of each page and "Page X of Y" at
its foot. Both formats: exceptions worst first with each reason once and their last four quarters,
only the questions officers kept, no source bullets, no escapes a reader sees (hostile text still
inert); the whole council's RAG counts whatever the scope; a flagged-only briefing."""

from __future__ import annotations

import csv
import dataclasses
import io
import os
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn
from markdown_it import MarkdownIt

from scorecard_tui.cli.main import cli
from scorecard_tui.cli.samples import load_sample_reports
from scorecard_tui.model import Flag, Report
from scorecard_tui.outputs.briefing import load_briefing, to_csv, to_markdown
from scorecard_tui.outputs.briefing_docx import TEXT_CM, to_docx
from scorecard_tui.store import Store
from scorecard_tui.text.markdown_text import cell, heading, inline, line_start, prose
from tests.conftest import copy_of
from tests.helpers import exception_entries, filled, text_file

NAME = "Improvement Report - Council Scorecard"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three periods ``scorecard demo`` loads (Q1, and the illustrative Q2 and Q3)."""
    return filled(tmp_path_factory.mktemp("demo") / "demo.db")


def _brief(db: Path, *args: str, cwd: Path | None = None):
    here = os.getcwd()
    if cwd:
        os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, ["brief", "--db", str(db), *args])
    finally:
        os.chdir(here)


def _word(db: Path, tmp_path: Path, *args: str):
    out = tmp_path / "pack.docx"
    result = _brief(db, "--format", "docx", "--output", str(out), *args)
    assert result.exit_code == 0, result.output
    return Document(str(out))


def _widths(table) -> list[float]:
    return [round(c.width.cm, 2) for c in table.rows[-1].cells]


# -- Word ---------------------------------------------------------------------------------------


def test_the_word_briefing_of_the_demo_is_an_a4_meeting_paper(demo_db: Path, tmp_path: Path):
    doc = _word(demo_db, tmp_path, "--marking", "OFFICIAL")
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert [round(getattr(section, f"{s}_margin").cm, 2) for s in ("left", "right", "top", "bottom")] == [2.0] * 4
    header = [p.text for p in section.header.paragraphs]
    assert header[0] == "OFFICIAL"
    assert f"Briefing: {NAME}, 2018/19 Q3" in header[1] and "ILLUSTRATIVE DATA - NOT PUBLISHED" in header[1]
    footer = section.footer
    fields = [t.text.strip() for t in footer._element.iter(qn("w:instrText"))]
    assert fields == ["PAGE", "NUMPAGES"]
    assert footer.paragraphs[0].text == "Page 1 of 1"  # the fields' values until Word lays the pages out
    assert footer.paragraphs[1].text == "OFFICIAL"
    assert "OFFICIAL" not in [p.text for p in doc.paragraphs]  # on every page, not in the body


def test_word_columns_are_as_wide_as_their_content_and_fill_the_page(demo_db: Path, tmp_path: Path):
    doc = _word(demo_db, tmp_path)
    rag, exceptions, coming = doc.tables
    code, measure, quarter, year_end, why = _widths(exceptions)
    assert code < quarter == year_end < measure and code <= 2.0 and measure >= 6.5 and why < measure
    assert _widths(coming)[2] < _widths(coming)[3]  # Code narrow, Measure wide
    assert _widths(rag)[0] > _widths(rag)[2]  # the directorate's name is wider than a count
    for table in doc.tables:
        assert sum(_widths(table)) == pytest.approx(TEXT_CM, abs=0.05)
        grid = [int(g.get(qn("w:w"))) / 567 for g in table._tbl.tblGrid.iter(qn("w:gridCol"))]
        assert grid == pytest.approx(_widths(table), abs=0.01)  # LibreOffice reads the grid, Word the cells
    header_row = exceptions.rows[0]._tr.trPr
    assert header_row is not None and header_row.find(qn("w:tblHeader")) is not None  # repeated on each page


def test_word_reasons_are_said_once(demo_db: Path, tmp_path: Path):
    doc = _word(demo_db, tmp_path)
    rows = {r.cells[0].text: r.cells for r in doc.tables[1].rows[1:]}
    for why in (cells[4].text for cells in rows.values()):
        parts = why.split("; ")
        assert len(parts) == len(set(parts))
        assert not ("Deteriorating" in parts and "Direction: Deteriorating" in parts)
    assert rows["SS PM07"][4].text == "Red this quarter and at year end; Deteriorating"
    assert rows["CM PM24"][4].text == "Red this quarter; Deteriorating; Worse since 2018/19 Q2 (Green then)"
    assert rows["SS PM23b"][4].text == "Red this quarter and at year end; Direction: Improving"


def test_each_word_exception_shows_its_last_quarters(demo_db: Path, tmp_path: Path):
    doc = _word(demo_db, tmp_path)
    rows = {r.cells[0].text: r.cells for r in doc.tables[1].rows[1:]}
    (quarters,) = rows["Regen PM21"][1].tables
    assert [[c.text for c in r.cells] for r in quarters.rows] == [
        ["Period", "Rating", "Actual", "Target"],
        ["2018/19 Q1", "Amber", "13", "15"],
        ["2018/19 Q2", "Red", "29", "40"],
        ["2018/19 Q3", "Red", "51", "70"],
    ]
    assert sum(_widths(quarters)) <= 7.0 - 0.38  # inside the Measure column, less the cell's margins


def test_the_report_s_own_marking_heads_every_page_unless_told_otherwise(tmp_path: Path):
    csv_file = text_file(
        tmp_path / "kpis.csv",
        "OFFICIAL-SENSITIVE\nResources Performance Report - Quarter 2 2023/24\n\n"
        "Code,Measure,Target,Actual,RAG\nR1,Invoices paid in 30 days,90,85,Red\nR2,Calls answered,80,82,Green\n",
    )
    db = tmp_path / "kpis.db"
    assert CliRunner().invoke(cli, ["import", str(csv_file), "--db", str(db)]).exit_code == 0
    doc = _word(db, tmp_path)
    assert doc.sections[0].header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    assert doc.sections[0].footer.paragraphs[-1].text == "OFFICIAL-SENSITIVE"
    markdown = _brief(db).output
    assert markdown.startswith("**OFFICIAL-SENSITIVE**\n\n# Briefing: Resources Performance Report, 2023/24 Q2\n")
    assert markdown.rstrip().endswith("**OFFICIAL-SENSITIVE**") and markdown.count("OFFICIAL") == 2
    none = _word(db, tmp_path, "--marking", "")
    assert [p.text for p in none.sections[0].header.paragraphs] == [
        "Briefing: Resources Performance Report, 2023/24 Q2"
    ]
    assert _brief(db, "--marking", "").output.startswith("# Briefing:")


def test_a_marking_that_is_no_marking_is_refused_in_one_line(demo_db: Path, tmp_path: Path):
    result = _brief(demo_db, "--format", "docx", "--marking", "OFFICIAL " * 10, cwd=tmp_path)
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert result.output.startswith("scorecard: --marking is 89 characters; a protective marking is a short line")
    assert list(tmp_path.iterdir()) == []
    hostile = _brief(demo_db, "--marking", "OFFICIAL\x1b]0;pwned\x07 [x](http://evil) <b>").output
    assert hostile.startswith("**OFFICIAL [x\\](http://evil) \\<b>**\n")
    html = MarkdownIt("commonmark").render(hostile)
    assert "<a " not in html and "<b>" not in html


# -- Markdown -----------------------------------------------------------------------------------

RANK = {"Red": 0, "Amber": 1, "N/A": 2, "Green": 3, "Blue": 4}


def test_markdown_exceptions_are_worst_first(demo_db: Path):
    entries = exception_entries(_brief(demo_db).output)
    assert list(entries)[:4] == ["SS PM07", "Regen PM21", "CM PM24", "L&I PM23e"]
    keys = [
        (RANK[e["This quarter"].split(",")[0]], "Deteriorating" not in e["Why"].split("; ")) for e in entries.values()
    ]
    assert keys == sorted(keys)  # Red before Amber; within each, deteriorating first


def test_markdown_reads_clean_for_the_sample(demo_db: Path):
    for period in ("2018/19 Q1", "2018/19 Q2", "2018/19 Q3"):
        text = _brief(demo_db, "--period", period).output
        assert "\\" not in text, period  # no \#, -\>, \[ or \_ a reader would see
        assert "**Commentary:** - " not in text and "**Commentary:** \u2022" not in text
        assert not re.search(r"^\s*- (?:- |\u2022 )", text, re.M)
    entries = exception_entries(text)
    assert entries["SS PM07"]["Commentary"].startswith("The number of children in care continued")


def test_markdown_questions_are_the_kept_ones_once_each(demo_db: Path, tmp_path: Path):
    db = copy_of(demo_db, tmp_path)
    with Store(db) as store:
        info = store.latest_report()
        entries = store.lens.entries(info)
        some = next(e for e in entries if len(e.questions) >= 2)  # one question dropped, the rest kept
        every = next(e for e in entries if e.key != some.key)  # every question dropped
        dropped, kept = some.questions[0], some.questions[1:]
        store.lens.drop_question(info, some.key, dropped.signal.slug, author="ann")
        for q in every.questions:
            store.lens.drop_question(info, every.key, q.signal.slug, author="ann")
        rows = to_csv(load_briefing(store, info))
    text = _brief(db).output
    section = text.split("## Questions for the meeting\n", 1)[1].split("\n## ", 1)[0]
    block = section.split(f"- {some.code}: ", 1)[1].split("\n- ", 1)[0]
    assert [line[4:] for line in block.splitlines()[1:]] == [q.text for q in kept]  # the dropped one gone
    assert f"- {every.code}: " not in section  # every question dropped: the measure is not listed
    for measure in section.split("\n- ")[1:]:
        asked = measure.splitlines()[1:]
        assert len(asked) == len(set(asked))
    questions = [row for row in rows.splitlines() if row.startswith("Question,")]
    assert not any(f",{some.code}," in row and dropped.text in row for row in questions)
    assert not any(f",{every.code}," in row for row in questions)


def test_hostile_report_text_stays_inert(tmp_path: Path):
    """Every field a report or an officer writes, filled with Markdown that would make links, images,
    HTML, headings, tables, emphasis, code and lists, renders as the same structure as plain words."""
    hostile = (
        "[click](http://evil.example) ![img](http://evil.example/x.png) <script>alert(1)</script> "
        "<http://evil.example> **bold** __strong__ _em_ *em* `code` ~~gone~~ &lt;b&gt; &#42; | a | b | end\\"
    )
    note = "\n".join(
        ["# heading", "> quote", "1. one", "- item", "---", "===", "| a | b |", "|---|---|", "<div>x</div>",
         "```", "[ref]: http://evil.example", "    indented", hostile]
    )  # fmt: skip

    def briefing(text: str, lines: str) -> str:
        db = tmp_path / f"{len(text)}.db"
        q2 = load_sample_reports()[1]
        measures = tuple(
            dataclasses.replace(
                m, title=f"{m.title} {text}", directorate=f"Dir {text}", commentary=f"- {text}. More.", unit=text
            )
            for m in q2.measures
        )
        report: Report = dataclasses.replace(q2, measures=measures, subtitle=f"Sub {text}", organisation=text)
        with Store(db) as store:
            store.save_report(report)
            info = store.latest_report()
            store.annotations.set_flag(info, "SS PM07", Flag.RAISE, author=text)
            store.annotations.add_note(info, "SS PM07", lines, author=text)
        return _brief(db).output

    bad, plain = briefing(hostile, note), briefing("plain words", "\n".join(["plain"] * 13))
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])

    def tags(text: str) -> Counter[str]:
        return Counter(re.findall(r"<([a-z0-9]+)", md.render(text)))

    assert tags(bad) == tags(plain)
    html = md.render(bad)
    assert "[click](http://evil.example)" in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "**bold** __strong__ _em_ *em* `code` ~~gone~~ &amp;lt;b&amp;gt; &amp;#42; | a | b | end\\" in html


def test_markdown_text_escapes_only_what_markdown_reads():
    assert inline("off target by 28% (#1) -> worse; L&I <5% 3 * 4 snake_case ~20%") == (
        "off target by 28% (#1) -> worse; L&I <5% 3 * 4 snake_case ~20%"
    )
    assert (
        inline("[a](b) [c] <b> &amp; *x* _y_ `z` ~~s~~") == "[a\\](b) [c] \\<b> \\&amp; *x\\* _y\\_ \\`z\\` ~\\~s\\~\\~"
    )
    assert cell("a | b") == "a \\| b" and heading("Title #") == "Title \\#" and heading("#1 priority") == "#1 priority"
    assert [line_start(t) for t in ("- item", "* item", "1. one", "# h", "#1 ok", "> q", "---", "a|b", "|:-|")] == [
        "\u2022 item", "\u2022 item", "1\\. one", "\\# h", "#1 ok", "\\> q", "\\---", "a|b", "\\|:-|",
    ]  # fmt: skip
    assert [prose(t) for t in ("- The number", "\u2022 Up", "* Down", "\u2013 Level", "-5% on Q1")] == [
        "The number", "Up", "Down", "Level", "-5% on Q1",
    ]  # fmt: skip


# -- the council picture, the view and the flagged ---------------------------------------------


def _rag_section(text: str) -> str:
    table = text.split("## RAG by directorate\n", 1)[1].split("\n## ", 1)[0]
    return "\n".join(line for line in table.splitlines() if line.startswith("|"))


def test_in_view_narrows_everything_but_the_council_picture(demo_db: Path, tmp_path: Path):
    db = copy_of(demo_db, tmp_path)
    with Store(db) as store:
        info = store.latest_report()
        store.annotations.set_flag(info, "Regen PM21", Flag.WATCH, author="ann")
        whole = load_briefing(store, info)
        view = load_briefing(store, info, keys={"CM PM24", "LCT PM03"}, scope="Communities")
        flagged = load_briefing(store, info, flagged=True)
    texts = [to_markdown(b) for b in (whole, view, flagged)]
    assert _rag_section(texts[1]) == _rag_section(texts[0]) == _rag_section(texts[2])
    assert "| **All** | 20 | 7 | 10 | 3 | 5 | 11 | 4 |" in _rag_section(texts[1])
    assert list(exception_entries(texts[1])) == ["Regen PM21", "CM PM24"]  # the view, with the flagged
    assert "Filter: Communities; flagged measures always included." in texts[1]
    assert "The whole council, whichever measures the briefing covers." in texts[1]
    asked = texts[1].split("## Questions for the meeting", 1)[1].split("\n## ", 1)[0]
    assert {line[2:].split(":")[0].removeprefix("**WATCH** ") for line in asked.splitlines() if line[:2] == "- "} == {
        "CM PM24",
        "Regen PM21",
    }
    docs = [Document(io.BytesIO(to_docx(b))) for b in (whole, view)]
    assert [[c.text for c in r.cells] for r in docs[0].tables[0].rows] == [
        [c.text for c in r.cells] for r in docs[1].tables[0].rows
    ]


def test_brief_flagged_is_the_flagged_measures_alone(demo_db: Path, tmp_path: Path):
    db = copy_of(demo_db, tmp_path)
    refused = _brief(db, "--flagged")
    assert refused.exit_code == 2 and refused.output == (
        "scorecard: no measure is flagged in 2018/19 Q3; flag measures in the app (m) first, or leave out --flagged\n"
    )
    with Store(db) as store:
        info = store.latest_report()
        store.annotations.set_flag(info, "SS PM28", Flag.RAISE, author="ann")
        store.annotations.set_flag(info, "LCT PM03", Flag.WATCH, author="ann")
    text = _brief(db, "--flagged").output
    assert "2 of 20 measures." in text and "Only the flagged measures." in text
    assert list(exception_entries(text)) == ["SS PM28"]  # LCT PM03 is Green: flagged, no exception
    assert "| **All** | 20 |" in text
    flagged = text.split("## Flagged for the meeting", 1)[1].split("\n## ", 1)[0]
    assert "**RAISE** SS PM28" in flagged and "**WATCH** LCT PM03" in flagged
    coming = text.split("## Coming reviews", 1)[1]
    rows = [row for row in coming.splitlines() if row.startswith("| ") and not row.startswith("| Month")]
    assert rows and {row.split(" | ")[2] for row in rows} <= {"SS PM28", "LCT PM03"}
    doc = _word(db, tmp_path, "--flagged")
    assert [r.cells[0].text for r in doc.tables[1].rows[1:]] == ["SS PM28"]
    assert "Only the flagged measures." in doc.paragraphs[2].text


# -- the last four quarters ---------------------------------------------------------------------


def test_each_exception_shows_its_last_four_quarters_from_the_store(tmp_path: Path):
    """Five periods held: the latest's exceptions show the four up to it; the first period's,
    whose later periods are held too, shows none (only itself is held up to it)."""
    q1, q2, q3 = load_sample_reports()
    later = [dataclasses.replace(r, period=p) for r, p in ((q2, "2019/20 Q1"), (q3, "2019/20 Q2"))]
    db = tmp_path / "five.db"
    with Store(db) as store:
        for report in (q1, q2, q3, *later):
            store.save_report(report)
    text = _brief(db).output
    block = text.split("### Regen PM21: ", 1)[1].split("\n### ", 1)[0]
    assert "Last 4 quarters:\n\n| Period | Rating | Actual | Target |\n|---|---|---:|---:|\n" in block
    rows = [line for line in block.splitlines() if line.startswith("| 20")]
    assert rows == [
        "| 2018/19 Q2 | Red | 29 | 40 |",
        "| 2018/19 Q3 | Red | 51 | 70 |",
        "| 2019/20 Q1 | Red | 29 | 40 |",
        "| 2019/20 Q2 | Red | 51 | 70 |",
    ]
    html = MarkdownIt("commonmark").enable("table").render(block)
    assert html.count("<table>") == 1 and html.count("<tr>") == 5
    first = _brief(db, "--period", "2018/19 Q1").output
    assert "Last " not in first and "| Period |" not in first
    rows = list(csv.DictReader(io.StringIO(_brief(db, "--format", "csv").output)))
    regen = [
        (r["detail"], r["rag_quarter"], r["quarter_actual"])
        for r in rows
        if r["code"] == "Regen PM21" and r["section"] == "Last quarters"
    ]
    assert regen == [  # the CSV carries the same quarters
        ("2018/19 Q2", "Red", "29"),
        ("2018/19 Q3", "Red", "51"),
        ("2019/20 Q1", "Red", "29"),
        ("2019/20 Q2", "Red", "51"),
    ]


def _no_forecast_db(tmp_path: Path) -> Path:
    """A district's KPIs: no year-end forecast at all, and two measures for information only."""
    from tests.helpers import kpis_csv

    f = kpis_csv(
        tmp_path,
        "Ref,Indicator,Team,Target,Actual,Status\n"
        "K1,Calls answered,Customer,90,80,Below target\nK2,Invoices paid,Finance,97,98,On target\n"
        "K3,Crimes recorded,Community,,1284,For info only\nK4,Drug offences,Community,,260,For info only\n"
        "K5,Missed bins,Community,40,55,Below target\n",
    )
    db = tmp_path / "kpis.db"
    result = CliRunner().invoke(cli, ["import", str(f), "--db", str(db), "--period", "2024/25 Q1"])
    assert result.exit_code == 0, result.output
    return db


def test_a_report_with_no_forecast_has_no_year_end_columns_and_its_counts_add_up(tmp_path: Path) -> None:
    """A council that forecasts nothing gets no columns of noughts nor lines of "N/A, N/A (target
    N/A)"; measures for information only are counted as not rated, so each row adds up."""
    db = _no_forecast_db(tmp_path)
    result = _brief(db)
    assert result.exit_code == 0, result.output
    text = result.output
    assert "| Directorate | Measures | Red | Amber | Green | Not rated |" in text
    assert "| Community | 3 | 1 | 0 | 0 | 2 |" in text
    assert "| **All** | 5 | 2 | 0 | 1 | 2 |" in text
    assert "Forecast" not in text and "Year end" not in text and "N/A, N/A" not in text

    doc = _word(db, tmp_path)
    rag, exceptions = doc.tables[0], doc.tables[1]
    assert [c.text for c in rag.rows[1].cells] == ["Directorate", "Measures", "Red", "Amber", "Green", "Not rated"]
    assert all(c.text == "This quarter" for c in rag.rows[0].cells[2:])
    assert [c.text for c in exceptions.rows[0].cells] == ["Code", "Measure", "This quarter", "Why"]
    assert round(sum(c.width.cm for c in exceptions.rows[-1].cells), 1) == round(TEXT_CM, 1)
