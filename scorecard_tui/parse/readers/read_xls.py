"""Old Excel ``.xls`` workbooks (OLE compound files)."""

from __future__ import annotations

from scorecard_tui.errors import ScorecardError
from scorecard_tui.parse.doris import ProgressCallback
from scorecard_tui.parse.readers import Claim, Decline, Found

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class XlsReader:
    """OLE compound files (Excel 97-2003 ``.xls``)."""

    name = ".xls"

    def claims(self, data: bytes, suffix: str) -> Claim | Decline:
        return Claim() if data.startswith(OLE_MAGIC[:4]) else Decline("not an Office 97 (OLE) file")

    def read(self, data: bytes, suffix: str, on_page: ProgressCallback | None) -> Found:
        raise ScorecardError("an old Excel .xls (or other Office 97) file: save it as .xlsx or .csv and import that")


READER = XlsReader()
