"""Break tests: a PDF that draws too much is refused in a second or two, in little memory,
before pdfium or pdfplumber parses it (issue 18, hole 3). Every bomb is generated here."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from reportlab.pdfgen.canvas import Canvas

from scorecard_tui.cli.main import cli
from scorecard_tui.parse.pdf_content import MAX_CONTENT_PER_PAGE, MAX_CONTENT_PER_REPORT, MAX_PAGES
from scorecard_tui.parse.pdf_precheck import MAX_DRAWINGS_PER_PAGE, MAX_DRAWINGS_PER_REPORT
from tests.conftest import OTHER_COUNCILS, ROOT, SAMPLE_PDF
from tests.helpers import pdf_bytes

HEADER = b"BT /F1 9 Tf 40 800 Td (Ref Measure Target Actual RAG) Tj ET\n"
RECT = b"1 1 0.5 0.5 re f\n"


def _pdf(path: Path, pages: list[bytes], form: bytes | None = None, *, deflated: bool = False) -> Path:
    """A PDF of the given page content streams (deflated here unless ``deflated``), with a form ``/X1`` of ``form``."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    first = 3
    kids = " ".join(f"{first + 2 * k} 0 R" for k in range(len(pages))).encode()
    objs.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages)))
    form_id = first + 2 * len(pages)
    font_id = form_id + 1
    for k, content in enumerate(pages):
        objs.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R"
            b" /Resources << /Font << /F1 %d 0 R >> /XObject << /X1 %d 0 R >> >> >>"
            % (first + 2 * k + 1, font_id, form_id)
        )
        objs.append(_stream(b"", content, deflated=deflated))
    objs.append(_stream(b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] ", form or b""))
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    path.write_bytes(pdf_bytes(objs))
    return path


def _stream(attrs: bytes, content: bytes, *, deflated: bool = False) -> bytes:
    packed = content if deflated else zlib.compress(content, 9)
    return b"<< %s/Length %d /Filter /FlateDecode >>\nstream\n" % (attrs, len(packed)) + packed + b"\nendstream"


def _spaces(n: int) -> bytes:
    """A page's header and ``n`` spaces (whole MB), deflated in pieces (never held whole)."""
    packer = zlib.compressobj(9)
    piece = b" " * (1 << 20)
    return packer.compress(HEADER) + b"".join(packer.compress(piece) for _ in range(n >> 20)) + packer.flush()


def _refused(pdf: Path, tmp_path: Path, reason: str) -> None:
    result = CliRunner().invoke(cli, ["import", str(pdf), "--db", str(tmp_path / "s.db")], catch_exceptions=False)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [f"scorecard: {pdf}: {reason}"]
    assert (
        not (tmp_path / "s.db").exists()
        or "measures" not in CliRunner().invoke(cli, ["summary", "--db", str(tmp_path / "s.db")]).output
    )


LIMIT = f"{MAX_DRAWINGS_PER_PAGE:,}"
PAGE_SHAPES = f"page 1 draws over {LIMIT} shapes; a scorecard page draws at most {LIMIT}: not a scorecard"
PAGE_BYTES = "page {page} has over 4 MB of drawing instructions; a scorecard page has at most 4 MB: not a scorecard"


def test_a_page_of_more_shapes_than_any_scorecard_is_refused(tmp_path: Path):
    pdf = _pdf(tmp_path / "rects.pdf", [HEADER + RECT * (MAX_DRAWINGS_PER_PAGE + 1000)])
    _refused(pdf, tmp_path, PAGE_SHAPES)


def test_shapes_inside_a_form_drawn_over_and_over_count_each_time(tmp_path: Path):
    """300 uses of a form of 100 rectangles: 30,000 shapes from 2 KB of page."""
    pdf = _pdf(tmp_path / "forms.pdf", [HEADER + b"/X1 Do\n" * 300], form=RECT * 100)
    _refused(pdf, tmp_path, PAGE_SHAPES)


def test_a_form_of_many_instructions_drawn_many_times_is_refused_before_it_is_parsed(tmp_path: Path):
    pdf = _pdf(tmp_path / "forms.pdf", [HEADER + b"/X1 Do\n" * 2000], form=RECT * 2000)
    _refused(pdf, tmp_path, PAGE_BYTES.format(page=1))


def test_content_that_inflates_a_thousand_fold_is_refused_before_it_is_parsed(tmp_path: Path):
    pdf = _pdf(tmp_path / "inflates.pdf", [zlib.compress(HEADER), _spaces(64 << 20)], deflated=True)
    assert pdf.stat().st_size < 1 << 20
    _refused(pdf, tmp_path, PAGE_BYTES.format(page=2))


def test_a_report_of_many_full_pages_is_refused_at_the_report_limit(tmp_path: Path):
    full = MAX_CONTENT_PER_PAGE - (1 << 20)  # each page inside the page limit
    pages = MAX_CONTENT_PER_REPORT // full  # with each page's header line, just over the report limit
    pdf = _pdf(tmp_path / "long.pdf", [_spaces(full)] * pages, deflated=True)
    reason = f"the PDF has over 48 MB of drawing instructions by page {pages}; a scorecard has far fewer"
    _refused(pdf, tmp_path, f"{reason}: not a scorecard")
    shapes = MAX_DRAWINGS_PER_PAGE - 1000
    pages = MAX_DRAWINGS_PER_REPORT // shapes + 1
    pdf = _pdf(tmp_path / "shapes.pdf", [HEADER + RECT * shapes] * pages)
    reason = f"the PDF draws over {MAX_DRAWINGS_PER_REPORT:,} shapes by page {pages}; a scorecard draws far fewer"
    _refused(pdf, tmp_path, f"{reason}: not a scorecard")


_MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
run = subprocess.run([sys.executable, "-m", "scorecard_tui", "import", sys.argv[1], "--db", sys.argv[2]],
                     capture_output=True, text=True, timeout=120)
print(json.dumps({"seconds": time.perf_counter() - start, "rc": run.returncode, "stderr": run.stderr,
                  "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def _reportlab_rects(path: Path, count: int) -> Path:
    """A reportlab page with a table header and ``count`` tiny filled rectangles (written as one literal)."""
    c = Canvas(str(path), pagesize=(842, 595), pageCompression=1)
    c.setFont("Helvetica", 9)
    c.drawString(40, 560, "Ref Measure Target Actual RAG")
    c.setFillColorRGB(0.8, 0.1, 0.1)
    c.addLiteral("\n".join(f"{20 + i % 800} {20 + (i // 800) % 500} 0.5 0.5 re f" for i in range(count)))
    c.showPage()
    c.save()
    return path


@pytest.mark.parametrize("count", [500_000])
def test_half_a_million_rectangles_are_refused_in_seconds_and_little_memory(count: int, tmp_path: Path):
    """The break test's drawing bomb took 120 s and 2.7 GB, then imported."""
    pdf = _reportlab_rects(tmp_path / "bomb.pdf", count)
    measured = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(pdf), str(tmp_path / "s.db")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=180,
        check=True,
    )
    result = json.loads(measured.stdout)
    assert result["rc"] == 2
    assert result["stderr"].splitlines() == [f"scorecard: {pdf}: {PAGE_BYTES.format(page=1)}"]
    assert result["seconds"] < 15, result  # about 2 s here, Python's start included
    assert result["peak_mb"] < 300, result  # about 100 MB here


@pytest.mark.parametrize("pdf", [SAMPLE_PDF, *sorted(OTHER_COUNCILS.glob("*.pdf"))], ids=lambda p: p.name)
def test_the_samples_are_far_inside_the_limits(pdf: Path):
    from scorecard_tui.parse.pdf_precheck import precheck_pdf

    precheck_pdf(pdf.read_bytes())


def _object_stream_pdf(path: Path, padding: int) -> Path:
    """A PDF 1.5 whose catalog and page sit in an object stream padded to inflate by ``padding`` bytes."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R >>",
    ]
    header, body = b"", b""
    for k, obj in enumerate(objs, start=1):
        header += b"%d %d " % (k, len(body))
        body += obj + b" "
    packer = zlib.compressobj(9)
    piece = b" " * (1 << 20)
    packed = packer.compress(header + body) + b"".join(packer.compress(piece) for _ in range(padding >> 20))
    packed += packer.flush()
    out = bytearray(b"%PDF-1.5\n")
    offsets = {4: len(out)}
    out += b"4 0 obj\n<< /Type /ObjStm /N 3 /First %d /Length %d /Filter /FlateDecode >>\nstream\n" % (
        len(header),
        len(packed),
    )
    out += packed + b"\nendstream\nendobj\n"
    offsets[5] = len(out)
    out += b"5 0 obj\n" + _stream(b"", HEADER) + b"\nendobj\n"
    offsets[6] = len(out)
    rows = [(0, 0, 65535), (2, 4, 0), (2, 4, 1), (2, 4, 2), (1, offsets[4], 0), (1, offsets[5], 0), (1, offsets[6], 0)]
    table = b"".join(struct.pack(">BIH", *row) for row in rows)
    out += b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % len(table)
    out += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[6]
    path.write_bytes(bytes(out))
    return path


def test_an_object_stream_that_inflates_a_thousand_fold_is_refused_before_the_file_is_opened(tmp_path: Path):
    """pdfium took 12 s and 2 GB to open such a file of 1 MB (1 GB inflated), before reading a page."""
    pdf = _object_stream_pdf(tmp_path / "objects.pdf", 64 << 20)
    reason = "an object stream of the PDF inflates to over 8 MB; a scorecard's hold a few hundred KB: not a scorecard"
    _refused(pdf, tmp_path, reason)


def test_an_object_stream_of_ordinary_size_opens(tmp_path: Path):
    """The same file with its object stream of a few hundred bytes gets past the pre-check to the reader."""
    pdf = _object_stream_pdf(tmp_path / "objects.pdf", 0)
    result = CliRunner().invoke(cli, ["import", str(pdf), "--db", str(tmp_path / "s.db")], catch_exceptions=False)
    assert "inflate" not in result.stderr and "not a scorecard: no header row" in result.stderr


def test_streams_that_inflate_past_the_file_limit_are_refused(tmp_path: Path):
    """A metadata stream (no page draws it) of 200 MB in 200 KB."""
    packed = _spaces(200 << 20)
    metadata = b"99 0 obj\n<< /Type /Metadata /Length " + str(len(packed)).encode() + b" /Filter /FlateDecode >>\n"
    pdf = _pdf(tmp_path / "metadata.pdf", [HEADER])
    pdf.write_bytes(pdf.read_bytes() + metadata + b"stream\n" + packed + b"\nendstream\nendobj\n")
    _refused(pdf, tmp_path, "the PDF's streams inflate to over 128 MB; a scorecard's hold far less: not a scorecard")


def test_a_file_of_stream_keywords_is_refused_in_seconds(tmp_path: Path):
    pdf = tmp_path / "streams.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + b"1 0 obj << /Filter /FlateDecode >> stream\nxx endstream endobj\n" * 110_000)
    _refused(pdf, tmp_path, "the PDF holds over 100,000 streams; a scorecard far fewer: not a scorecard")


def test_a_form_drawn_under_an_escaped_name_still_counts(tmp_path: Path):
    """``/X#31`` is ``/X1`` to every reader."""
    pdf = _pdf(tmp_path / "forms.pdf", [HEADER + b"/X#31 Do\n" * 2000], form=RECT * 2000)
    _refused(pdf, tmp_path, PAGE_BYTES.format(page=1))


def test_a_pdf_of_more_pages_than_any_scorecard_is_refused_before_they_are_read(tmp_path: Path):
    doc = pdfium.PdfDocument.new()
    for _ in range(MAX_PAGES + 1):
        doc.new_page(595, 842)
    doc.save(tmp_path / "pages.pdf")
    doc.close()
    _refused(
        tmp_path / "pages.pdf", tmp_path, "the PDF has 2,001 pages; a scorecard has at most 2,000: not a scorecard"
    )
