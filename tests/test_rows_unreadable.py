"""A table whose rows do not all read says which, why and how many measures the rest hold
(``RowsUnreadable``), so the app can offer to import the rest as ``--skip-unreadable`` would."""

from __future__ import annotations

from pathlib import Path

import pytest

from scorecard_tui.errors import RatingWordsUnknown, RowsUnreadable, UnreadRow
from scorecard_tui.parse import read_scorecard
from scorecard_tui.parse.table_report import TableReadError, parse_choices


def kpis(folder: Path, *rows: str) -> Path:
    path = folder / "kpis.csv"
    path.write_text("KPIs 2024/25 Q1\r\nRef,Indicator,Actual,Status\r\n" + "\r\n".join(rows) + "\r\n", encoding="utf-8")
    return path


def test_the_rows_that_will_not_read_are_named_with_the_measures_the_rest_hold(tmp_path: Path) -> None:
    path = kpis(tmp_path, "K1,One,5,Green", "K2,,6,Red", "K3,Three,7,zz", "K4,Four,8,Amber")
    with pytest.raises(RowsUnreadable) as raised:
        read_scorecard(path)
    exc = raised.value
    assert isinstance(exc, TableReadError)  # inspect still shows the mapping
    assert not isinstance(exc, RatingWordsUnknown)
    assert exc.readable == 2
    assert [w.word for w in exc.words] == ["zz"]
    assert exc.rows == (
        UnreadRow("row 4", "'K2 | (blank) | 6 | Red'", "no measure title", "check the row, or its column's --map"),
        UnreadRow(
            "row 5", "'K3 | Three | 7 | zz'", "not a rating: 'zz'", "add --rating 'zz=Red|Amber|Green|Blue|none'"
        ),
    )
    assert str(exc).startswith("1 of 4 rows cannot be read, nothing imported: 'zz' is not a rating word")
    assert str(exc).endswith("(or --skip-unreadable to import the rest, the rows left out recorded with the report)")
    reading = read_scorecard(path, overrides=parse_choices((), skip_unreadable=True))
    assert reading.report.unread_rows == tuple(row.line() for row in exc.rows)  # what --skip-unreadable records


def test_no_row_read_is_no_rest(tmp_path: Path) -> None:
    path = kpis(tmp_path, "K1,,5,Green", "K2,,6,Red")
    for skip in (False, True):
        with pytest.raises(RowsUnreadable) as raised:
            read_scorecard(path, overrides=parse_choices((), skip_unreadable=skip))
        assert raised.value.readable == 0 and len(raised.value.rows) == 2
        assert "--skip-unreadable" not in str(raised.value)
