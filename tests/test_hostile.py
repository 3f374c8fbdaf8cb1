"""A PDF whose text carries markup, escape sequences, bidi overrides and control characters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt
from reportlab.pdfbase import pdfmetrics

from scorecard_tui.cli.main import cli
from scorecard_tui.store import Store

# WinAnsi slots given over to characters no honest report holds, so the PDF really carries them.
SMUGGLED = {"¤": "uni001B", "¦": "uni0007", "¬": "uni202E", "§": "uni202C", "¨": "uni0008"}
DECODED = {"¤": "\x1b", "¦": "\x07", "¬": "\u202e", "§": "\u202c", "¨": "\x08"}
HOSTILE_TITLE = "Falls [bold red]NOW[/] ¤[31mred¤[0m ¬reversed§ ¦bell¨"
HOSTILE_COMMENTARY = "See [link=http://evil.example]this[/link] and ¤]8;;http://evil.example¦click¤]8;;¦ now."


def hostile_font() -> str:
    name = "Helvetica-Hostile"
    if name not in pdfmetrics.getRegisteredFontNames():
        encoding = pdfmetrics.Encoding("HostileEncoding", "WinAnsiEncoding")
        for char, glyph in SMUGGLED.items():
            encoding[ord(char)] = glyph
        pdfmetrics.registerEncoding(encoding)
        font = pdfmetrics.Font(name, "Helvetica", "HostileEncoding")
        font.encName = "cp1252"  # text is encoded byte for byte; the PDF names the glyphs above
        pdfmetrics.registerFont(font)
    return name


@pytest.fixture(scope="module")
def hostile_pdf(tmp_path_factory, builder, sample_source) -> Path:
    source = json.loads(json.dumps(sample_source))
    first = source["measures"][0]
    first["cells"]["measure"] = f"{first['code']} {HOSTILE_TITLE}"
    first["commentary"] = HOSTILE_COMMENTARY
    path = tmp_path_factory.mktemp("hostile") / "hostile.pdf"
    builder.build_scorecard_pdf(source, path, builder.LayoutStyle(font=hostile_font(), bold_font="Helvetica-Bold"))
    return path


def test_the_pdf_really_carries_the_characters(hostile_pdf: Path):
    import pdfplumber

    with pdfplumber.open(hostile_pdf) as pdf:
        text = pdf.pages[0].extract_text()
    assert "\x1b[31m" in text and "\u202e" in text and "\x07" in text


def test_import_makes_them_harmless_and_keeps_markup_literal(hostile_pdf: Path, db_path: Path):
    result = CliRunner().invoke(cli, ["import", str(hostile_pdf), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    with Store(db_path) as store:
        measure = store.measures(store.latest_report().id)[0]
    assert measure.title == "Falls [bold red]NOW[/] red reversed bell"
    assert measure.commentary == "See [link=http://evil.example]this[/link] and click now."
    for field in (measure.title, measure.commentary):
        assert not any(c in field for c in DECODED.values())


def test_summary_and_briefing_show_it_literally(hostile_pdf: Path, db_path: Path):
    CliRunner().invoke(cli, ["import", str(hostile_pdf), "--db", str(db_path)])
    summary = CliRunner().invoke(cli, ["summary", "--db", str(db_path)]).output
    assert "[bold red]NOW[/]" in " ".join(summary.split())
    brief = CliRunner().invoke(cli, ["brief", "--db", str(db_path)]).output
    assert "Falls [bold red]NOW[/] red reversed bell" in brief  # literal: CommonMark reads no link in it
    rendered = MarkdownIt("commonmark").render(brief)
    assert "<a " not in rendered and "Falls [bold red]NOW[/] red reversed bell" in rendered
    for out in (summary, brief):
        assert not any(c in out for c in DECODED.values())
