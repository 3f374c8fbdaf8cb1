"""Old Excel ``.xls`` workbooks (BIFF8 in an OLE compound file), read with python-calamine after
their limits are checked."""

from __future__ import annotations

from scorecard_tui.parse.doris import ProgressCallback
from scorecard_tui.parse.readers import Claim, Decline, Found

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class XlsReader:
    """OLE compound files (Excel 97-2003 ``.xls``; a Word ``.doc`` is named as such)."""

    name = ".xls"

    def claims(self, data: bytes, suffix: str) -> Claim | Decline:
        return Claim() if data.startswith(OLE_MAGIC) else Decline("not an Office 97 (OLE) file")

    def read(self, data: bytes, suffix: str, on_page: ProgressCallback | None) -> Found:
        from scorecard_tui.parse.calamine_sheets import read_calamine
        from scorecard_tui.parse.xls_limits import check_xls

        layout = check_xls(data)
        return Found("spreadsheet (.xls)", table=read_calamine(data, "old Excel file (.xls)", layout.formats, on_page))


READER = XlsReader()
