"""``.xlsx`` workbooks (and any other zip, to say what it is instead)."""

from __future__ import annotations

from scorecard_tui.parse.doris import ProgressCallback
from scorecard_tui.parse.readers import Claim, Decline, Found


class XlsxReader:
    """Zip files not claimed by the OpenDocument reader: read as ``.xlsx`` (a Word document or
    another zip is named as such)."""

    name = ".xlsx"

    def claims(self, data: bytes, suffix: str) -> Claim | Decline:
        return Claim() if data.startswith(b"PK\x03\x04") else Decline("not a zip (an .xlsx is one)")

    def read(self, data: bytes, suffix: str, on_page: ProgressCallback | None) -> Found:
        from scorecard_tui.parse.spreadsheet import read_xlsx

        table = read_xlsx(data, on_page)
        if on_page:
            on_page(table.pages, table.pages)
        return Found("spreadsheet (.xlsx)", table=table)


READER = XlsxReader()
