"""An old Excel ``.xls`` (BIFF8 in an OLE compound file) checked before it is read.

A reader holds each sheet as a dense grid from its first filled cell to its last, so two
cells a sheet apart cost 16 million; the file's size is bounded first, then the workbook
stream is walked record by record (no cell is decoded) to count the cells each sheet
holds and the grid they span, and to note which number cells are formatted as
percentages or money (the value reader keeps values, not formats).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from scorecard_tui.errors import ScorecardError
from scorecard_tui.parse.sheet_limits import MAX_CELLS, MAX_ROWS, MAX_SHARED_STRINGS, MAX_TEXT_CHARS

MAX_XLS_BYTES = 20 * 1024 * 1024
"""The largest ``.xls`` read (20 MB; a scorecard is well under 1 MB)."""
_FREE, _END_OF_CHAIN = 0xFFFFFFFF, 0xFFFFFFFE
_BUILTIN_FORMATS = {9: "0%", 10: "0.00%", 5: "£#,##0", 6: "£#,##0", 7: "£#,##0.00", 8: "£#,##0.00"}
_VALUE_CELLS = {0x0203, 0x027E, 0x00FD, 0x0204, 0x0205, 0x0006, 0x00D6}
"""NUMBER, RK, LABELSST, LABEL, BOOLERR, FORMULA, RSTRING: row, column, format index first."""
_NUMBER_CELLS = {0x0203, 0x027E, 0x0006}
_MULRK, _BOF, _EOF, _XF, _FORMAT = 0x00BD, 0x0809, 0x000A, 0x00E0, 0x041E
_SST, _CONTINUE, _LABELSST, _LABEL = 0x00FC, 0x003C, 0x00FD, 0x0204


@dataclass
class XlsLayout:
    """What the check found: per sheet, the formats of number cells that are percentages or money."""

    formats: list[dict[tuple[int, int], str]] = field(default_factory=list)


def _damaged(why: str) -> ScorecardError:
    return ScorecardError(
        f"the old Excel file (.xls) cannot be read ({why}): open it in Excel, save it as .xlsx or .csv and import that"
    )


def check_xls(data: bytes) -> XlsLayout:
    """Refuse an ``.xls`` past the limits; else where its percentages and money are.

    Raises:
        ScorecardError: too big, damaged, not a workbook, or a limit passed (one line each).
    """
    if len(data) > MAX_XLS_BYTES:
        raise ScorecardError(
            f"the .xls is {len(data) / 1024 / 1024:,.0f} MB; the limit is {MAX_XLS_BYTES // 1024 // 1024} MB "
            "for an old Excel file: save it as .xlsx and import that"
        )
    stream = _workbook_stream(data)
    return _walk(stream)


def _workbook_stream(data: bytes) -> bytes:
    if len(data) < 512:
        raise _damaged("truncated")
    major, order, shift, mini_shift = struct.unpack_from("<HHHH", data, 0x1A)
    if order != 0xFFFE or shift not in (9, 12) or mini_shift != 6:
        raise _damaged("not a valid Office 97 file")
    size = 1 << shift
    sectors = max(0, (len(data) - size) // size)
    fat_count, first_dir = struct.unpack_from("<II", data, 0x2C)
    _, first_minifat, minifat_count, first_difat, difat_count = struct.unpack_from("<IIIII", data, 0x38)
    difat = [s for s in struct.unpack_from("<109I", data, 0x4C) if s < sectors]
    sector = first_difat
    for _ in range(min(difat_count, sectors)):
        if sector >= sectors:
            break
        entries = struct.unpack_from(f"<{size // 4}I", data, (sector + 1) * size)
        difat.extend(s for s in entries[:-1] if s < sectors)
        sector = entries[-1]
    if fat_count > sectors or len(difat) < min(fat_count, 109):
        raise _damaged("its sector table is damaged")
    fat: list[int] = []
    for s in difat[:fat_count]:
        fat.extend(struct.unpack_from(f"<{size // 4}I", data, (s + 1) * size))

    def chain(start: int) -> bytes:
        parts, seen, s = [], 0, start
        while s not in (_END_OF_CHAIN, _FREE):
            if s >= sectors or s >= len(fat) or seen > sectors:
                raise _damaged("a sector chain is broken or loops")
            parts.append(data[(s + 1) * size : (s + 2) * size])
            seen += 1
            s = fat[s]
        return b"".join(parts)

    directory = chain(first_dir)
    root: tuple[int, int] | None = None
    found: tuple[int, int] | None = None
    for offset in range(0, len(directory) - 127, 128):
        name_len = struct.unpack_from("<H", directory, offset + 64)[0]
        name = directory[offset : offset + max(0, min(name_len, 64) - 2)].decode("utf-16-le", "replace")
        kind = directory[offset + 66]
        start, length = struct.unpack_from("<IQ", directory, offset + 116)
        if major == 3:
            length &= 0xFFFFFFFF
        if kind == 5:
            root = (start, length)
        elif kind == 2 and name in ("Workbook", "Book") and found is None:
            found = (start, length)
    if found is None:
        raise ScorecardError("an Office 97 file that is not an Excel workbook (a Word .doc?): not a spreadsheet")
    start, length = found
    if length > len(data):
        raise _damaged("its workbook stream is longer than the file")
    if length >= 4096 or root is None:
        return chain(start)[:length]
    mini_stream = chain(root[0])
    minifat: list[int] = []
    if first_minifat not in (_END_OF_CHAIN, _FREE) and minifat_count:
        table = chain(first_minifat)
        minifat = list(struct.unpack_from(f"<{len(table) // 4}I", table))
    parts, seen, s = [], 0, start
    while s not in (_END_OF_CHAIN, _FREE):
        if s >= len(minifat) or seen > len(minifat):
            raise _damaged("a sector chain is broken or loops")
        parts.append(mini_stream[s * 64 : (s + 1) * 64])
        seen += 1
        s = minifat[s]
    return b"".join(parts)[:length]


_RECORD, _CELL_HEAD, _U16, _U32 = struct.Struct("<HH"), struct.Struct("<HHH"), struct.Struct("<H"), struct.Struct("<I")


def _walk(stream: bytes) -> XlsLayout:
    """Count each sheet's cells and grid, record by record, and note percentage and money cells."""
    layout = XlsLayout()
    custom: dict[int, str] = {}
    xf_formats: list[int] = []
    sheet: dict[tuple[int, int], str] | None = None
    rows_before = cells_before = 0
    bounds: list[int] = []  # first row, last row, last column of the sheet being read
    cells = depth = substreams = chars = 0
    strings: list[int] = []  # the length of each shared string
    offset, end = 0, len(stream)
    record, cell_head, u16 = _RECORD.unpack_from, _CELL_HEAD.unpack_from, _U16.unpack_from  # ~20 per cell
    while offset + 4 <= end:
        kind, length = record(stream, offset)
        body = offset + 4
        offset = body + length
        if kind == _BOF:
            depth += 1
            substreams += depth == 1
            if depth == 1 and substreams > 1:  # the workbook's globals come first, then one per sheet
                sheet = {}
                layout.formats.append(sheet)
                bounds, cells = [], 0
            continue
        if kind == _EOF:
            depth -= 1
            if depth == 0 and sheet is not None and bounds:
                rows = bounds[1] - bounds[0] + 1
                rows_before, cells_before = rows_before + rows, cells_before + rows * (bounds[2] + 1)
                bounds = []
            continue
        if depth != 1:
            continue  # a chart inside a sheet
        if kind == _FORMAT and length >= 5 and sheet is None:
            index, count, flags = struct.unpack_from("<HHB", stream, body)
            raw = stream[body + 5 : body + 5 + count * (2 if flags & 1 else 1)]
            custom[index] = raw.decode("utf-16-le" if flags & 1 else "latin-1", "replace")
        elif kind == _XF and length >= 4 and sheet is None:
            xf_formats.append(struct.unpack_from("<H", stream, body + 2)[0])
        elif kind == _SST and sheet is None:
            segments = [stream[body:offset]]
            while offset + 4 <= end and struct.unpack_from("<H", stream, offset)[0] == _CONTINUE:
                size = struct.unpack_from("<H", stream, offset + 2)[0]
                segments.append(stream[offset + 4 : offset + 4 + size])
                offset += 4 + size
            strings = _string_lengths(segments)
        elif sheet is not None and (kind in _VALUE_CELLS or kind == _MULRK) and length >= 6:
            row, col, xf = cell_head(stream, body)
            last = u16(stream, body + length - 2)[0] if kind == _MULRK else col
            cells += max(1, last - col + 1)
            if not bounds:
                bounds = [row, row, last]
            else:  # first row, last row, last column so far
                if row < bounds[0]:
                    bounds[0] = row
                if row > bounds[1]:
                    bounds[1] = row
                if last > bounds[2]:
                    bounds[2] = last
            rows = bounds[1] - bounds[0] + 1
            if rows_before + rows > MAX_ROWS:
                raise ScorecardError(f"the .xls has over {MAX_ROWS:,} rows; the limit is {MAX_ROWS:,}: not a scorecard")
            if cells_before + rows * (bounds[2] + 1) > MAX_CELLS or cells > MAX_CELLS:
                raise ScorecardError(
                    f"the .xls has over {MAX_CELLS:,} cells (from its first filled cell to its last); the limit is "
                    f"{MAX_CELLS:,}: not a scorecard"
                )
            if kind == _LABELSST and length >= 10:
                index = _U32.unpack_from(stream, body + 6)[0]
                chars += strings[index] if index < len(strings) else 0
            elif kind == _LABEL and length >= 8:
                chars += u16(stream, body + 6)[0]
            if chars > MAX_TEXT_CHARS:
                raise ScorecardError(
                    f"the .xls has over {MAX_TEXT_CHARS:,} characters of text (by row {row + 1:,}); the limit is "
                    f"{MAX_TEXT_CHARS:,}: not a scorecard"
                )
            if kind in _NUMBER_CELLS or kind == _MULRK:
                for c, x in [(col, xf)] if kind != _MULRK else _mulrk_formats(stream, body, length, col):
                    ifmt = xf_formats[x] if x < len(xf_formats) else 0
                    fmt = custom.get(ifmt) or _BUILTIN_FORMATS.get(ifmt)
                    if fmt and ("%" in fmt or "£" in fmt):
                        sheet[(row, c)] = fmt
    return layout


def _mulrk_formats(stream: bytes, body: int, length: int, first: int) -> list[tuple[int, int]]:
    count = (length - 6) // 6
    return [(first + i, struct.unpack_from("<H", stream, body + 4 + 6 * i)[0]) for i in range(count)]


def _string_lengths(segments: list[bytes]) -> list[int]:
    """The length of each string in the shared-string table (its record and the CONTINUE records
    after it): where a string's characters run on into the next record, that record starts
    with a fresh flags byte.

    Raises:
        ScorecardError: more strings than the limit, or a damaged table.
    """
    try:
        unique = struct.unpack_from("<I", segments[0], 4)[0]
    except struct.error:
        raise _damaged("its shared-string table is damaged") from None
    if unique > MAX_SHARED_STRINGS:
        raise ScorecardError(
            f"the .xls has {unique:,} shared strings; the limit is {MAX_SHARED_STRINGS:,}: not a scorecard"
        )
    lengths: list[int] = []
    seg, pos = 0, 8
    try:
        for _ in range(unique):
            if pos >= len(segments[seg]):
                seg, pos = seg + 1, 0
            cch, flags = struct.unpack_from("<HB", segments[seg], pos)
            pos += 3
            runs = extra = 0
            if flags & 0x08:
                runs = struct.unpack_from("<H", segments[seg], pos)[0]
                pos += 2
            if flags & 0x04:
                extra = struct.unpack_from("<I", segments[seg], pos)[0]
                pos += 4
            width, remaining = (2 if flags & 1 else 1), cch
            while remaining:
                take = min(remaining, (len(segments[seg]) - pos) // width)
                pos, remaining = pos + take * width, remaining - take
                if remaining:
                    seg += 1
                    width, pos = (2 if segments[seg][0] & 1 else 1), 1
            skip = 4 * runs + extra
            while skip:
                take = min(skip, len(segments[seg]) - pos)
                pos, skip = pos + take, skip - take
                if skip:
                    seg, pos = seg + 1, 0
            lengths.append(cch)
    except (struct.error, IndexError):
        lengths.append(0)  # a short table: the strings read so far are counted; calamine says if it is damaged
    return lengths
