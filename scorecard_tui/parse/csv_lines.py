"""A CSV file's lines, decoded one at a time, within the limits, in one encoding.

The file is split at its line ends (``\\r\\n``, ``\\n`` or ``\\r``) as the CSV reader
asks for lines, so a 99 MB line is refused by its length before it is decoded or split,
and the rest of a huge file is never touched. Each line is UTF-8 (a byte-order mark
dropped) or Windows-1252 (Excel's "CSV"), and every line the same: a file that mixes them
(UTF-8 on one line, bytes that are not UTF-8 on another) is refused, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scorecard_tui.errors import ScorecardError
from scorecard_tui.parse.sheet_limits import MAX_LINE_BYTES, MAX_LINES

_LINE_END = re.compile(rb"\r\n?|\n")
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_SAVE_AS_UTF8 = "save it as UTF-8 (in Excel: CSV UTF-8) and import that"
_BOM_SAYS_SO = "it starts with UTF-8's byte-order mark"


def _utf16(data: bytes) -> bytes:
    """A UTF-16 file (Excel's "Unicode Text", with its byte-order mark) as UTF-8."""
    try:
        return data.decode("utf-16").encode("utf-8")
    except UnicodeDecodeError:
        raise ScorecardError(f"the CSV starts as UTF-16 but is not: {_SAVE_AS_UTF8}") from None


class CsvLines:
    """The lines of a CSV file's bytes, each with its line end, decoded as they are read.

    Raises (on creation, and as lines are read):
        ScorecardError: too many lines, a line too long, or an encoding that is neither
            UTF-8 nor Windows-1252, or a mix of the two; the message names the line.
    """

    def __init__(self, data: bytes) -> None:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            data = _utf16(data)
        if b"\x00" in data:
            data = data.replace(b"\x00", b"")  # stray NULs (a UTF-16 file without its mark) are no text
        self.encoding: str | None = None
        """``utf-8`` or ``cp1252`` once a line that is not ASCII has decided it."""
        self._decided_on = 0
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
            self.encoding = "utf-8"
        lines = data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")
        if data and not data.endswith((b"\n", b"\r")):
            lines += 1
        if lines > MAX_LINES:
            raise ScorecardError(f"the CSV has {lines:,} lines; the limit is {MAX_LINES:,}: not a scorecard")
        self._data = data
        self.lines_read = 0
        """How many lines have been handed out so far (the number of the last one)."""

    def __iter__(self) -> Iterator[str]:
        data, start = self._data, 0
        while start < len(data):
            end = _LINE_END.search(data, start)
            stop = end.end() if end else len(data)
            if (end.start() if end else stop) - start > MAX_LINE_BYTES:
                length = (end.start() if end else stop) - start
                raise ScorecardError(
                    f"line {self.lines_read + 1:,} of the CSV is {length:,} bytes long; the limit is "
                    f"{MAX_LINE_BYTES:,}: not a scorecard"
                )
            self.lines_read += 1
            yield self._decode(data[start:stop])
            start = stop

    def _decode(self, line: bytes) -> str:
        if line.isascii():
            return line.decode("ascii")
        number = self.lines_read
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            if self.encoding == "utf-8":
                where = f"line {self._decided_on:,} is" if self._decided_on else _BOM_SAYS_SO
                raise ScorecardError(
                    f"line {number:,} of the CSV is not UTF-8 though {where}: the file mixes encodings; {_SAVE_AS_UTF8}"
                ) from None
            if _UTF8_SEQUENCE.search(line):
                raise ScorecardError(
                    f"line {number:,} of the CSV mixes UTF-8 with bytes that are not UTF-8: the file mixes "
                    f"encodings; {_SAVE_AS_UTF8}"
                ) from None
            try:
                text = line.decode("cp1252")
            except UnicodeDecodeError:
                raise ScorecardError(
                    f"line {number:,} of the CSV is neither UTF-8 nor Windows-1252: {_SAVE_AS_UTF8}"
                ) from None
            self._decide("cp1252", number)
            return text
        if self.encoding == "cp1252":
            raise ScorecardError(
                f"line {number:,} of the CSV is UTF-8 though line {self._decided_on:,} is not: the file mixes "
                f"encodings; {_SAVE_AS_UTF8}"
            )
        self._decide("utf-8", number)
        return text

    def _decide(self, encoding: str, number: int) -> None:
        if self.encoding is None:
            self.encoding, self._decided_on = encoding, number
