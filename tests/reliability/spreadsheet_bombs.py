"""Hostile spreadsheets, built on the fly (never committed): zip bombs, cell bombs, huge sheets.

Each is a small file that costs a naive reader gigabytes or minutes. The workbooks are
written part by part with zipfile, so the generators stay fast however much the XML claims.
"""

from __future__ import annotations

import itertools
import random
import zipfile
from collections.abc import Iterable
from pathlib import Path

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook {_NS} xmlns:r="{_REL}">'
    '<sheets><sheet name="Scorecard" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
HEADER = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Ref</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>Indicator</t></is></c></row>'
)
"""A header row the reader recognises, so only the limits can stop it."""


def workbook(path: Path, rows: Iterable[str], *, strings: Iterable[str] = (), dimension: str | None = None) -> Path:
    """An ``.xlsx`` whose one sheet holds ``rows`` (``<row>`` elements, streamed into the zip)
    and whose shared-string table holds ``strings`` (``<si>`` elements)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(f'<?xml version="1.0" encoding="UTF-8"?><sst {_NS}>'.encode())
            _stream(part, strings)
            part.write(b"</sst>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}>'.encode())
            if dimension:
                part.write(f'<dimension ref="{dimension}"/>'.encode())
            part.write(b"<sheetData>")
            _stream(part, rows)
            part.write(b"</sheetData></worksheet>")
    return path


def _stream(part: object, pieces: Iterable[str]) -> None:
    buffer: list[str] = []
    size = 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size > 1 << 20:
            part.write("".join(buffer).encode())  # type: ignore[attr-defined]
            buffer, size = [], 0
    part.write("".join(buffer).encode())  # type: ignore[attr-defined]


def _column(n: int) -> str:
    letters = ""
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def shared_strings_bomb(path: Path, cells: int = 200_000, length: int = 30_000) -> Path:
    """One shared string of ``length`` characters, used by ``cells`` cells: a few MB that a
    naive reader copies into gigabytes of text."""
    text = "".join(random.Random(2).choice("abcdefghij ") for _ in range(length))

    def rows() -> Iterable[str]:
        yield HEADER
        for r in range(2, cells // 10 + 2):
            yield (
                f'<row r="{r}">'
                + "".join(f'<c r="{_column(c)}{r}" t="s"><v>0</v></c>' for c in range(1, 11))
                + "</row>"
            )

    return workbook(path, rows(), strings=[f"<si><t>{text}</t></si>"])


def big_shared_string_table(path: Path, size: int = 60 * 1024 * 1024) -> Path:
    """A shared-string table whose one string unzips to ``size`` bytes (a classic zip bomb)."""
    chunk = "a" * (1 << 20)
    return workbook(path, [HEADER], strings=["<si><t>", *(chunk for _ in range(size >> 20)), "</t></si>"])


def cell_bomb(path: Path, length: int = 1_000_000) -> Path:
    """One cell of ``length`` random letters (Excel's own limit is 32,767)."""
    rng = random.Random(3)
    text = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(length))
    return workbook(path, [HEADER, f'<row r="2"><c r="A2" t="inlineStr"><is><t>{text}</t></is></c></row>'])


def empty_rows(path: Path, rows: int = 2_000_000) -> Path:
    """``rows`` rows of one empty styled cell each: a few MB of zip, a long wait for a reader."""
    body = (f'<row r="{r}"><c r="A{r}" s="0"/></row>' for r in range(2, rows + 2))
    return workbook(path, itertools.chain([HEADER], body))


def far_row(path: Path, row: int = 1_000_000_000) -> Path:
    """A header and one row numbered ``row``: readers fill in every row in between."""
    return workbook(path, [HEADER, f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>x</t></is></c></row>'])


def wide_sheet(path: Path, rows: int = 2_000, columns: int = 16_384) -> Path:
    """``rows`` x ``columns`` numbered cells, the sheet's dimension stating so."""

    def body() -> Iterable[str]:
        yield HEADER
        for r in range(2, rows + 2):
            yield (
                f'<row r="{r}">'
                + "".join(f'<c r="{_column(c)}{r}"><v>{c}</v></c>' for c in range(1, columns + 1))
                + "</row>"
            )

    return workbook(path, body(), dimension=f"A1:{_column(columns)}{rows + 1}")


def long_csv_line(path: Path, size: int = 99 * 1024 * 1024) -> Path:
    """A CSV whose second line is ``size`` bytes."""
    with path.open("wb") as f:
        f.write(b"Ref,Indicator,RAG\n")
        for _ in range(size >> 20):
            f.write(b"x" * (1 << 20))
    return path


def many_csv_rows(path: Path, rows: int = 1_000_000) -> Path:
    """A CSV of ``rows`` measure rows."""
    with path.open("w", encoding="utf-8") as f:
        f.write("Performance Report - Quarter 2 2023/24\nRef,Indicator,Target,Actual,RAG\n")
        f.writelines(f"K{n},Indicator {n},10,{n % 20},Green\n" for n in range(rows))
    return path
