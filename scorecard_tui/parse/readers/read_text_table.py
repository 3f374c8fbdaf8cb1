"""Delimited text: ``.csv``, ``.tsv``, and a table copied from a web page or Word into a text
file (tab-separated)."""

from __future__ import annotations

from scorecard_tui.parse.doris import ProgressCallback
from scorecard_tui.parse.readers import Claim, Decline, Found

_SNIFF = 65536


class TextTableReader:
    """A ``.csv``/``.tsv`` file, or text whose first lines split evenly on commas, semicolons or tabs."""

    name = "CSV or tab-separated text"

    def claims(self, data: bytes, suffix: str) -> Claim | Decline:
        from scorecard_tui.parse.spreadsheet import decode_text, looks_like_csv

        if suffix in (".csv", ".tsv"):
            return Claim()
        if looks_like_csv(decode_text(data[:_SNIFF])):
            return Claim()
        return Decline("its first lines do not split into 3 or more columns on commas, semicolons or tabs")

    def read(self, data: bytes, suffix: str, on_page: ProgressCallback | None) -> Found:
        from scorecard_tui.parse.spreadsheet import read_csv

        table = read_csv(data, on_page)
        if on_page:
            on_page(1, 1)
        return Found("spreadsheet (.csv)", table=table)


READER = TextTableReader()
