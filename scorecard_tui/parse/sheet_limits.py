"""Limits on spreadsheets, checked before the work they bound.

A 2 MB ``.xlsx`` can hold gigabytes of XML (a zip bomb), millions of cells, or one cell
referenced a million times; a CSV can be one 99 MB line. Before openpyxl parses a part,
the zip's own directory says how big each part is; a quick count of the tags in each
sheet says how many rows and cells it really holds (its ``<dimension>`` may lie or be
absent); and while rows stream, a :class:`SheetBudget` counts what was actually read and
stops at the first limit. Each refusal is one line naming the limit. Every limit is many
times what a real scorecard needs (the largest are a few thousand rows).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO

from scorecard_tui.errors import ScorecardError

MAX_ROWS = 50_000
"""Rows read, over all sheets (a CSV's records); blank rows between filled ones count."""
MAX_CELLS = 500_000
"""Cells read, over all sheets."""
MAX_CELL_CHARS = 32_767
"""Characters in one cell: Excel's own limit."""
MAX_TEXT_CHARS = 50_000_000
"""Characters of cell text, over all sheets (a shared string counts each time a cell uses it)."""
MAX_SHARED_STRINGS = 100_000
"""Entries in the workbook's shared-string table (openpyxl reads them all before any row,
about 2 s for 100,000)."""
MAX_PARTS = 1_000
"""Files inside the ``.xlsx`` zip."""
MAX_SHEET_BYTES = 50 * 1024 * 1024
"""Uncompressed size of one XML part: a sheet, the shared-string table, or another part."""
MAX_PART_BYTES = 10 * 1024 * 1024
"""Uncompressed size of a part openpyxl reads whole into memory (styles, workbook, theme,
relationships, properties)."""
MAX_XML_BYTES = 200 * 1024 * 1024
"""Uncompressed size of all XML parts together."""
MAX_RATIO = 200
"""How many times a part over 1 MB may expand when unzipped (real sheets: 5-30 times)."""
MAX_LINE_BYTES = 1024 * 1024
"""Bytes in one line of a CSV."""
MAX_LINES = 500_000
"""Lines in a CSV (a record may run over several lines)."""
PROGRESS_ROWS = 1_000
"""The progress callback is called at least this often, in rows read ..."""
PROGRESS_CELLS = 20_000
"""... and in cells read."""

Progress = Callable[[], None]
"""Called every so many rows read; raising from it stops the read (the exception goes up unchanged)."""

_READ_WHOLE = re.compile(
    r"^(?:\[Content_Types\]\.xml|.*\.rels|xl/workbook\.xml|xl/styles\.xml|xl/theme/.*|docProps/.*"
    r"|xl/externalLinks/.*|xl/chartsheets/.*)$",
    re.I,
)
_XML_PART = re.compile(r"\.(?:xml|rels|vml)$", re.I)
_DIRECTORY_END = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_END = b"PK\x06\x06"
_CHUNK = 1024 * 1024


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:,.0f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"


def check_zip_directory(data: bytes) -> None:
    """Refuse a zip whose directory lists more parts than a workbook has, before it is read.

    Raises:
        ScorecardError: naming the limit.
    """
    end = data.rfind(_DIRECTORY_END, max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        return  # zipfile says it is damaged
    entries, directory_bytes = struct.unpack_from("<HI", data, end + 10)
    if (entries == 0xFFFF or directory_bytes == 0xFFFFFFFF) and data[end - 20 : end - 16] == _ZIP64_LOCATOR:
        (record,) = struct.unpack_from("<Q", data, end - 12)  # the Zip64 end record holds the true numbers
        if data[record : record + 4] == _ZIP64_END and record + 56 <= len(data):
            entries, directory_bytes = struct.unpack_from("<QQ", data, record + 32)
    if entries > MAX_PARTS:
        raise ScorecardError(
            f"the workbook is a zip of {entries:,} files; a spreadsheet has at most {MAX_PARTS:,}: not a scorecard"
        )
    if directory_bytes > MAX_PARTS * 1024:
        raise ScorecardError(
            f"the workbook's zip directory is {_mb(directory_bytes)}, too big for at most {MAX_PARTS:,} files: "
            "not a scorecard"
        )


def open_zip(data: bytes, kind: str) -> zipfile.ZipFile:
    """The zip of a workbook (``kind``: ".xlsx", ".ods"), its directory within the limits, opened
    from the bytes read.

    Raises:
        ScorecardError: naming the limit passed, or a damaged zip.
    """
    check_zip_directory(data)
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ScorecardError(f"the file is a damaged zip (not a readable {kind})") from exc


def check_parts(archive: zipfile.ZipFile) -> None:
    """Refuse parts that would unzip too big (each, all together, or by their expansion ratio).

    Sizes are the zip directory's; zipfile never unzips more than the directory states.

    Raises:
        ScorecardError: naming the part and the limit.
    """
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise ScorecardError(
            f"the workbook is a zip of {len(infos):,} files; a spreadsheet has at most {MAX_PARTS:,}: not a scorecard"
        )
    total = 0
    for info in infos:
        name = info.filename
        if not _XML_PART.search(name):
            continue  # images and the like are never unzipped
        size = info.file_size
        limit = MAX_PART_BYTES if _READ_WHOLE.match(name) else MAX_SHEET_BYTES
        if size > limit:
            raise ScorecardError(
                f"{name!r} inside the workbook unzips to {_mb(size)}; the limit is {_mb(limit)}: not a scorecard"
            )
        ratio = size / max(info.compress_size, 1)
        if size > 1024 * 1024 and ratio > MAX_RATIO:
            raise ScorecardError(
                f"{name!r} inside the workbook expands {ratio:,.0f} times when unzipped (a zip bomb); "
                f"the limit is {MAX_RATIO} times: not a scorecard"
            )
        total += size
    if total > MAX_XML_BYTES:
        raise ScorecardError(
            f"the workbook's parts unzip to {_mb(total)}; the limit is {_mb(MAX_XML_BYTES)}: not a scorecard"
        )


def _tags(*names: str) -> re.Pattern[bytes]:
    """Opening tags, with or without a namespace prefix (``<c r=``, ``<x:c>``); the group is the name."""
    return re.compile(rb"<(?:[A-Za-z_][\w.-]{0,31}:)?(" + "|".join(names).encode() + rb")[\s/>]")


_SHEET_TAGS, _STRING_TAG = _tags("row", "c"), _tags("si")
_LONGEST_TAG = 48
"""Longer than any match of the patterns above."""


def count_tags(part: IO[bytes], pattern: re.Pattern[bytes], stop_after: int) -> dict[bytes, int]:
    """How many of each tag a part holds, counted on the raw bytes as they unzip, without
    parsing; stops once any count is past ``stop_after``."""
    counts: dict[bytes, int] = {}
    tail = b""
    while True:
        chunk = part.read(_CHUNK)
        block = tail + chunk
        # a tag that may run past this block's end is left for the next
        cut = len(block) - _LONGEST_TAG if chunk else len(block)
        found = pattern.findall(block)
        if cut < len(block):
            later = pattern.findall(block, max(cut, 0))
            del found[len(found) - len(later) :]
        for name in set(found):
            counts[name] = counts.get(name, 0) + found.count(name)
        if not chunk or any(n > stop_after for n in counts.values()):
            return counts
        tail = block[max(cut, 0) :]


@dataclass(frozen=True)
class SheetCounts:
    """Rows and cells a sheet's XML holds, counted before it is parsed."""

    rows: int
    cells: int


def count_sheet(archive: zipfile.ZipFile, name: str) -> SheetCounts:
    """Rows and cells in a sheet part, counted on its bytes at unzip speed."""
    with archive.open(name) as part:
        counts = count_tags(part, _SHEET_TAGS, max(MAX_ROWS, MAX_CELLS))
    return SheetCounts(counts.get(b"row", 0), counts.get(b"c", 0))


def check_shared_strings(archive: zipfile.ZipFile) -> None:
    """Refuse a shared-string table with more entries than the limit, before openpyxl reads it.

    Raises:
        ScorecardError: naming the limit.
    """
    name = next((n for n in archive.namelist() if n.lower() == "xl/sharedstrings.xml"), None)
    if name is None:
        return
    with archive.open(name) as part:
        count = count_tags(part, _STRING_TAG, MAX_SHARED_STRINGS).get(b"si", 0)
    if count > MAX_SHARED_STRINGS:
        raise ScorecardError(
            f"the workbook has over {MAX_SHARED_STRINGS:,} shared strings; the limit is {MAX_SHARED_STRINGS:,}: "
            "not a scorecard"
        )


@dataclass
class SheetBudget:
    """Counts what is read, as it is read, and stops at the first limit.

    Args:
        progress: Called at least every :data:`PROGRESS_ROWS` rows and :data:`PROGRESS_CELLS`
            cells; what it raises stops the read.
    """

    progress: Progress | None = None
    rows: int = 0
    cells: int = 0
    chars: int = 0
    _since: int = field(default=0, repr=False)

    def check_counts(self, where: str, counts: SheetCounts) -> None:
        """Refuse a sheet whose XML holds more rows or cells than are left, before it is parsed."""
        if self.rows + counts.rows > MAX_ROWS:
            raise ScorecardError(f"{where} has over {MAX_ROWS:,} rows; the limit is {MAX_ROWS:,}: not a scorecard")
        if self.cells + counts.cells > MAX_CELLS:
            raise ScorecardError(f"{where} has over {MAX_CELLS:,} cells; the limit is {MAX_CELLS:,}: not a scorecard")

    def check_dimension(self, where: str, rows: int | None) -> None:
        """Refuse a sheet whose stated size (``<dimension ref="A1:C60000">``) is over the row limit."""
        if rows is not None and rows > MAX_ROWS:
            raise ScorecardError(
                f"{where} states {rows:,} rows (its dimension); the limit is {MAX_ROWS:,}: "
                "delete the rows below the table, or not a scorecard"
            )

    def row(self, where: str, line: int, cells: int) -> None:
        """Count one row of ``cells`` cells (blank rows too)."""
        self.rows += 1
        self.cells += cells
        if self.rows > MAX_ROWS:
            raise ScorecardError(f"{where} has over {MAX_ROWS:,} rows; the limit is {MAX_ROWS:,}: not a scorecard")
        if self.cells > MAX_CELLS:
            raise ScorecardError(
                f"{where} has over {MAX_CELLS:,} cells (by row {line:,}); the limit is {MAX_CELLS:,}: not a scorecard"
            )
        self._since += 1 + cells // (PROGRESS_CELLS // PROGRESS_ROWS)
        if self._since >= PROGRESS_ROWS:
            self._since = 0
            if self.progress is not None:
                self.progress()

    def text(self, where: str, line: int, length: int) -> None:
        """Count one cell's text."""
        if length > MAX_CELL_CHARS:
            raise ScorecardError(
                f"{where}, row {line:,}: a cell of {length:,} characters; a cell holds at most "
                f"{MAX_CELL_CHARS:,}: not a scorecard"
            )
        self.chars += length
        if self.chars > MAX_TEXT_CHARS:
            raise ScorecardError(
                f"{where} has over {MAX_TEXT_CHARS:,} characters of text (by row {line:,}); "
                f"the limit is {MAX_TEXT_CHARS:,}: not a scorecard"
            )
