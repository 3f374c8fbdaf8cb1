"""``scorecard import`` and ``inspect`` on header-row table PDFs, into a real database."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from scorecard_tui.cli.main import cli
from scorecard_tui.store import Store
from tests.conftest import load_script

OTHERS = Path(__file__).resolve().parent.parent / "sample_data" / "other-councils"
SAMPLES = {
    "header-table-illustrative": {"Indicator": "title", "Commentary": "commentary", "Management action": "actions"},
    "colour-rag-illustrative": {"KPI description": "title", "Comments": "commentary"},
}
DEFAULTS = {
    "alt_codes": (),
    "rag_forecast": None,
    "quarter_target": None,
    "quarter_actual": None,
    "forecast_target": None,
    "forecast_actual": None,
    "unit": None,
    "polarity": None,
    "actions": "",
    "review": "",
    "review_dates": (),
}


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def _spans(source: dict) -> dict[str, tuple[int, int]]:
    return load_script(OTHERS / "build_table_pdfs.py").build_table_pdf(source, io.BytesIO())[0]


def _paragraphs(text: str) -> str:
    return "\n".join(" ".join(p.split()) for p in text.split("\n") if p.strip())


def _expected(source: dict, columns: dict[str, str]) -> list[dict]:
    header = [" ".join(h.split()) for h in source["header"]]
    spans = _spans(source)
    out = []
    for m in source["measures"]:
        cells = dict(zip(header, m["cells"], strict=True))
        fields = {**DEFAULTS, **m["expect"], "directorate": m["group"], "code": m["cells"][0]}
        fields |= {field: _paragraphs(cells[h]) for h, field in columns.items()}
        fields["pages"] = spans[m["cells"][0]]
        out.append(fields)
    return out


def _stored(measure, keys) -> dict:
    values = {k: getattr(measure, k) for k in keys}
    return {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}


def test_both_samples_import_with_every_field_right(tmp_path: Path):
    db = tmp_path / "s.db"
    paths = [str(OTHERS / f"{stem}.pdf") for stem in SAMPLES]
    result = run("import", *paths, "--db", str(db))
    assert result.exit_code == 0, result.output
    assert "header-table-illustrative.pdf: imported 22 measures in 4 directorates, 2023/24 Q2, 4 pages" in result.output
    assert "colour-rag-illustrative.pdf: imported 18 measures in 3 directorates, 2023/24 Q2, 3 pages" in result.output
    with Store(db) as store:
        reports = {r.name: r for r in store.reports()}
        assert set(reports) == {"Corporate Performance Report", "Quarterly Performance Scorecard"}
        for stem, columns in SAMPLES.items():
            source = json.loads((OTHERS / f"{stem}.json").read_text(encoding="utf-8"))
            report = store.load_report(reports[source["name"]].id)
            assert report.period == source["period"]
            assert report.fetched_at is None
            expected = _expected(source, columns)
            stored = [_stored(m, expected[0].keys()) for m in report.measures]
            assert sorted(stored, key=lambda m: m["code"]) == sorted(expected, key=lambda m: m["code"])


def test_inspect_names_the_family_and_the_fill_it_could_not_classify(tmp_path: Path):
    db = tmp_path / "s.db"
    result = run("inspect", str(OTHERS / "colour-rag-illustrative.pdf"), "--db", str(db))
    assert result.exit_code == 0, result.output
    assert "header-row table (PDF)" in result.output
    assert "#803399 is no rating colour" in result.output
    assert not db.exists() or not Store(db).reports()


def _no_measure_column_pdf(path: Path) -> None:
    c = Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 10)
    for k, h in enumerate(["Date", "Supplier", "Amount", "Status"]):
        c.drawString(60 + 110 * k, 760, h)
    c.setFont("Helvetica", 10)
    c.drawString(60, 740, "1 May 2024")
    c.drawString(170, 740, "Acme Ltd")
    c.drawString(280, 740, "£1,200")
    c.drawString(390, 740, "Paid")
    c.save()


def test_table_pdf_without_a_measure_column_is_one_line_and_the_db_is_unchanged(tmp_path: Path):
    db = tmp_path / "s.db"
    assert run("import", str(OTHERS / "header-table-illustrative.pdf"), "--db", str(db)).exit_code == 0
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    bad = tmp_path / "invoices.pdf"
    _no_measure_column_pdf(bad)
    result = run("import", str(bad), "--db", str(db))
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"scorecard: {bad}: "), result.output
    assert "no header row naming a measure or indicator column; seen: 'Date Supplier Amount Status'" in lines[0]
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


@pytest.mark.parametrize("stem", SAMPLES)
def test_reimporting_a_table_pdf_changes_nothing(stem: str, tmp_path: Path):
    db = tmp_path / "s.db"
    path = str(OTHERS / f"{stem}.pdf")
    assert run("import", path, "--db", str(db)).exit_code == 0
    again = run("import", path, "--db", str(db))
    assert again.exit_code == 0 and "already held, unchanged" in again.output


def test_table_pdf_with_directorate_headings_is_not_taken_for_doris(tmp_path: Path):
    """Section rows worded like DORIS headings, and its words, still read as a header-row table."""
    source = json.loads((OTHERS / "header-table-illustrative.json").read_text(encoding="utf-8"))
    for m in source["measures"]:
        m["group"] = f"Directorate : {m['group']}"
    source["title_lines"][2] = "Quarterly data and forecast data for each directorate (illustrative)."
    path = tmp_path / "directorates.pdf"
    load_script(OTHERS / "build_table_pdfs.py").build_table_pdf(source, path)
    db = tmp_path / "s.db"
    result = run("import", str(path), "--db", str(db))
    assert result.exit_code == 0, result.output
    assert "imported 22 measures in 4 directorates" in result.output
    with Store(db) as store:
        report = store.load_report(store.reports()[0].id)
        assert {m.directorate for m in report.measures} == {m["group"] for m in source["measures"]}


def test_hostile_text_in_a_table_pdf_is_made_harmless(tmp_path: Path):
    """Escape sequences, bidi overrides and bells in cells and title lines never reach the store."""
    from scorecard_tui.parse.pdf_table import read_table_pdf
    from tests.test_hostile import DECODED, HOSTILE_COMMENTARY, HOSTILE_TITLE, hostile_font

    source = json.loads((OTHERS / "header-table-illustrative.json").read_text(encoding="utf-8"))
    source["layout"]["font"] = hostile_font()
    source["title_lines"][2] = HOSTILE_TITLE
    first = source["measures"][0]
    first["cells"][1] = HOSTILE_TITLE
    first["cells"][7] = HOSTILE_COMMENTARY
    path = tmp_path / "hostile.pdf"
    load_script(OTHERS / "build_table_pdfs.py").build_table_pdf(source, path)
    table = read_table_pdf(path)
    assert table.title_lines[2] == "Falls [bold red]NOW[/] red reversed bell"
    db = tmp_path / "s.db"
    result = run("import", str(path), "--db", str(db))
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        measure = store.measures(store.latest_report().id)[0]
    assert measure.title == "Falls [bold red]NOW[/] red reversed bell"
    assert measure.commentary == "See [link=http://evil.example]this[/link] and click now."
    assert not any(c in measure.title + measure.commentary for c in DECODED.values())
