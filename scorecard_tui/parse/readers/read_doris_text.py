"""Text extractions of DORIS-style scorecards ("Directorate :" headings, "Quarterly data" rows)."""

from __future__ import annotations

import re

from scorecard_tui.errors import ScorecardError
from scorecard_tui.parse.doris import ProgressCallback
from scorecard_tui.parse.readers import Claim, Decline, Found

_DORIS_TEXT = re.compile(r"D\s*i\s*r\s*e\s*c\s*t\s*o\s*r\s*a\s*t\s*e\s*:")
_MARKERS = ("quarterlydata", "timefetched")
_SNIFF = 65536


def doris_markers(text: str) -> tuple[bool, bool]:
    """Whether text has a "Directorate :" heading with "Quarterly" words (strong), or any DORIS marker."""
    squashed = "".join(text.split()).lower()
    heading = _DORIS_TEXT.search(text) is not None
    strong = heading and "Quarterly" in text.replace(" ", "")
    return strong, heading or any(m in squashed for m in _MARKERS)


class DorisTextReader:
    """UTF-8 text with DORIS markers; a delimited table with only a stray marker is left to the CSV reader."""

    name = "DORIS-style text"

    def claims(self, data: bytes, suffix: str) -> Claim | Decline:
        from scorecard_tui.parse.spreadsheet import decode_text, looks_like_csv

        head = decode_text(data[:_SNIFF])
        strong, weak = doris_markers(head)
        if strong:
            return Claim()
        if not weak:
            return Decline("no 'Directorate :' heading, 'Quarterly data' rows or 'Time Fetched' footer")
        if suffix in (".csv", ".tsv") or looks_like_csv(head):
            return Decline("delimited rows with no 'Directorate :' heading over 'Quarterly' data")
        return Claim()

    def read(self, data: bytes, suffix: str, on_page: ProgressCallback | None) -> Found:
        from scorecard_tui.parse.text import read_text_rows

        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise ScorecardError("not a PDF or a text extraction of one") from None
        if "\x00" in text:
            raise ScorecardError("not a PDF or a text extraction of one")
        found = read_text_rows(text)
        if on_page:
            on_page(found.pages, found.pages)
        return Found("DORIS-style scorecard (text extraction)", extraction=found)


READER = DorisTextReader()
