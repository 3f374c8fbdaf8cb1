"""OpenDocument spreadsheets (``.ods``), read with python-calamine after their limits are checked."""

from __future__ import annotations

from scorecard_tui.parse.doris import ProgressCallback
from scorecard_tui.parse.readers import Claim, Decline, Found


class OdsReader:
    """Zips whose first entry says they are an OpenDocument spreadsheet."""

    name = ".ods"

    def claims(self, data: bytes, suffix: str) -> Claim | Decline:
        from scorecard_tui.parse.ods_limits import is_ods

        if is_ods(data):
            return Claim()
        return Decline("not a zip whose mimetype says OpenDocument spreadsheet")

    def read(self, data: bytes, suffix: str, on_page: ProgressCallback | None) -> Found:
        from scorecard_tui.parse.calamine_sheets import read_calamine
        from scorecard_tui.parse.ods_limits import check_ods

        layout = check_ods(data)
        return Found(
            "spreadsheet (.ods)", table=read_calamine(data, "OpenDocument spreadsheet (.ods)", layout.formats, on_page)
        )


READER = OdsReader()
