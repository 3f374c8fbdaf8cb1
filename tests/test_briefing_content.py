"""Issue 11, point 9: what the briefing says (forecast figures, notes' line breaks, one entry per
measure with its reasons and first sentence), and the report's subtitle from import to every output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt

from scorecard_tui.cli.main import cli
from scorecard_tui.model import Flag, format_value
from scorecard_tui.outputs.briefing import first_sentence, load_briefing, to_csv, to_markdown
from scorecard_tui.parse import parse_scorecard
from scorecard_tui.store import Store
from tests.conftest import OTHER_COUNCILS, Q2_PDF, copy_of
from tests.conftest import SAMPLE_PDF as Q1_PDF
from tests.helpers import exception_entries, text_file

ILLUSTRATIVE = "ILLUSTRATIVE DATA - NOT PUBLISHED"


def test_red_at_year_end_shows_the_forecast_figures(two_periods: Path, q2_source: dict):
    with Store(two_periods) as store:
        text = to_markdown(load_briefing(store, store.latest_report()))
    entries = exception_entries(text)
    forecast_reds = [m for m in q2_source["measures"] if m["rag_forecast"] == "Red"]
    assert forecast_reds
    for m in forecast_reds:
        entry = entries[m["code"]]
        assert entry["Why"].startswith(("Red this quarter and at year end", "Red at year end"))
        year_end = entry["Year end (forecast)"]
        assert year_end.startswith("Red, ")
        # the forecast's own figures, which differ from the quarter's in the sample
        assert _number(m["forecast_actual"]) in year_end and _number(m["forecast_target"]) in year_end
        assert _number(m["quarter_actual"]) in entry["This quarter"]
    cp08f = entries["CP 08f"]
    assert cp08f["Year end (forecast)"] == "Red, 9.8 (target 8.4)"
    assert cp08f["This quarter"] == "Red, 4.8 (target 4.2)"


def _number(value: object) -> str:
    return format_value(value, None) if isinstance(value, float | int) else str(value)


def test_each_exception_appears_once_with_the_first_sentence_of_its_commentary(two_periods: Path, q2_source):
    with Store(two_periods) as store:
        text = to_markdown(load_briefing(store, store.latest_report()))
    exceptions = text[text.index("## Exceptions") : text.index("## Flagged")]
    for code in exception_entries(text):
        assert exceptions.count(f"### {code}:") == 1
    entries = exception_entries(text)
    regen = next(m for m in q2_source["measures"] if m["code"] == "Regen PM21")
    assert entries["Regen PM21"]["Why"] == "Red this quarter; Deteriorating; Worse since 2018/19 Q1 (Amber then)"
    assert "Direction" not in entries["Regen PM21"]  # Deteriorating is a reason: said once
    assert entries["CP 08f"]["Why"] == "Red this quarter and at year end"
    assert entries["CP 08f"]["Direction"] == "Stabilised"  # a direction that is no reason is still said
    assert entries["Regen PM21"]["Commentary"] == (
        "16 new businesses were established in quarter 2, giving a year to date total of 29 against a "
        "cumulative target of 40."
    )
    assert regen["commentary"].startswith(entries["Regen PM21"]["Commentary"])
    assert len(entries["Regen PM21"]["Commentary"]) < len(regen["commentary"])


def test_first_sentence():
    assert first_sentence("Up 3.5% on Q1. Work continues.") == "Up 3.5% on Q1."
    assert first_sentence("No full stop\nsecond paragraph") == "No full stop"
    assert first_sentence("") == ""
    long = first_sentence("word " * 200)
    assert len(long) == 300 and long.endswith("\u2026")


def test_a_note_keeps_its_line_breaks_in_the_rendered_briefing(two_periods: Path, tmp_path: Path):
    path = copy_of(two_periods, tmp_path)
    with Store(path) as store:
        q2 = store.latest_report()
        store.annotations.set_flag(q2, "SS PM28", Flag.RAISE, author="alice")
        store.annotations.add_note(
            q2, "SS PM28", "Ask for the recovery plan\nby *December*\n| not a table |", author="alice"
        )
        text = to_markdown(load_briefing(store, q2))
    html = MarkdownIt("commonmark").render(text)
    assert "Ask for the recovery plan<br />\nby *December*<br />\n| not a table |" in html
    assert "<em>" not in html and "<table>" not in html  # note text stays literal


def test_the_subtitle_is_read_stored_exported_and_shown(two_periods: Path, tmp_path: Path):
    assert (
        parse_scorecard(Q2_PDF).subtitle == f"{ILLUSTRATIVE}: Improvement Report - Council Scorecard, Quarter 2 2018/19"
    )
    assert parse_scorecard(Q1_PDF).subtitle is None
    with Store(two_periods, read_only=True) as store:
        infos = store.reports()
        assert [i.subtitle is not None and i.subtitle.startswith(ILLUSTRATIVE) for i in infos] == [False, True]
        q2 = store.latest_report()
        assert store.load_report(q2.id).subtitle.startswith(ILLUSTRATIVE)
        markdown = to_markdown(load_briefing(store, q2))
        q1_markdown = to_markdown(load_briefing(store, infos[0]))
    head = markdown[: markdown.index("## RAG")]
    assert f"**{ILLUSTRATIVE}: Improvement Report - Council Scorecard, Quarter 2 2018/19**" in head
    assert ILLUSTRATIVE not in q1_markdown
    doc = json.loads(CliRunner().invoke(cli, ["export", "--db", str(two_periods)]).output)
    assert [r["subtitle"] for r in doc["reports"]] == [
        None,
        f"{ILLUSTRATIVE}: Improvement Report - Council Scorecard, Quarter 2 2018/19",
    ]
    summary = CliRunner().invoke(cli, ["summary", "--db", str(two_periods)]).output
    assert ILLUSTRATIVE in summary.split("Quarterly RAG")[0]


@pytest.mark.parametrize(
    ("name", "subtitle"),
    [
        ("header-table-illustrative.pdf", ILLUSTRATIVE),
        ("colour-rag-illustrative.pdf", ILLUSTRATIVE),
        ("illustrative-county-council-spreadsheet.xlsx", f"{ILLUSTRATIVE}: invented figures for testing"),
        ("illustrative-borough-council-spreadsheet.csv", f"{ILLUSTRATIVE}: invented figures for testing"),
    ],
)
def test_table_families_keep_their_caveat_lines_as_the_subtitle(name: str, subtitle: str):
    report = parse_scorecard(OTHER_COUNCILS / name)
    assert report.subtitle is not None and subtitle in report.subtitle.splitlines()
    assert ILLUSTRATIVE not in report.name


def test_a_protective_marking_is_not_the_report_name(tmp_path: Path):
    csv_file = text_file(
        tmp_path / "kpis.csv",
        "OFFICIAL\nResources Performance Report - Quarter 2 2023/24\nILLUSTRATIVE DATA - NOT PUBLISHED\n\n"
        "Code,Measure,Target,Actual,RAG\nR1,Invoices paid in 30 days,90,85,Red\n",
    )
    report = parse_scorecard(csv_file)
    assert report.name == "Resources Performance Report"
    assert report.subtitle == f"OFFICIAL\n{ILLUSTRATIVE}"


def test_a_hostile_subtitle_is_cleaned_and_bounded(tmp_path: Path):
    csv_file = tmp_path / "kpis.csv"
    lines = ["Scorecard Q2 2023/24", "\x1b]0;pwned\x07ILLUSTRATIVE \x1b[31mDATA", *(["x" * 500] * 10)]
    csv_file.write_text("\n".join(lines) + "\n\nCode,Measure,RAG\nR1,Invoices paid,Red\n", encoding="utf-8")
    report = parse_scorecard(csv_file)
    sub = report.subtitle.splitlines()
    assert sub[0] == "ILLUSTRATIVE DATA"
    assert len(sub) <= 4 and all(len(line) <= 200 for line in sub)
    assert "\x1b" not in report.subtitle


def test_the_csv_briefing_carries_the_first_sentence(two_periods: Path):
    with Store(two_periods) as store:
        rows = to_csv(load_briefing(store, store.latest_report()))
    assert "16 new businesses were established in quarter 2" in rows


def test_a_text_extraction_keeps_its_subtitle(tmp_path: Path):
    from tests.conftest import SEED_TEXT

    text = SEED_TEXT.read_text(encoding="utf-8")
    assert parse_scorecard(SEED_TEXT).subtitle is None
    marked = tmp_path / "q1.txt"
    marked.write_text(f"{ILLUSTRATIVE}: Improvement Report - Council Scorecard\n\n{text}", encoding="utf-8")
    report = parse_scorecard(marked)
    assert report.subtitle == f"{ILLUSTRATIVE}: Improvement Report - Council Scorecard"
    assert len(report.measures) == 20


def test_inspect_shows_the_subtitle(tmp_path: Path):
    result = CliRunner().invoke(cli, ["inspect", str(Q2_PDF), "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 0, result.output
    assert f"Subtitle {ILLUSTRATIVE}: Improvement Report" in " ".join(result.output.split())


@pytest.mark.pythons
def test_the_demo_samples_carry_the_subtitle_their_pdfs_print():
    from scorecard_tui.cli.samples import load_sample_reports

    q1, q2, q3 = load_sample_reports()
    assert q1.subtitle is None
    assert q2.subtitle == parse_scorecard(Q2_PDF).subtitle
    assert q3.subtitle == parse_scorecard(Q2_PDF.with_name(Q2_PDF.name.replace("q2", "q3"))).subtitle
