"""An import refused only for unknown rating words says so structurally (the app asks about each
word), in the same one line the CLI has always printed."""

from __future__ import annotations

from pathlib import Path

import pytest

from scorecard_tui.errors import RatingWordsUnknown, ScorecardError, UnknownWord
from scorecard_tui.parse import read_scorecard
from scorecard_tui.parse.table_report import parse_choices

LONG = "Within agreed tolerance but watched closely by the board"


def council(folder: Path, statuses: list[str], extra: str = "") -> Path:
    path = folder / "kpis.csv"
    rows = [f"K{i},Measure {i},80,{70 + i},{s}" for i, s in enumerate(statuses, start=1)]
    path.write_text("Ref,Indicator,Target,Actual,Status\n" + "\n".join(rows) + "\n" + extra, encoding="utf-8")
    return path


def test_the_words_their_rows_and_the_first_rows_are_carried(tmp_path: Path) -> None:
    path = council(tmp_path, ["lg", "la", "lg", "lg", "lg", "Green", LONG])
    with pytest.raises(RatingWordsUnknown) as raised:
        read_scorecard(path, period="2024/25 Q1")
    assert raised.value.words == (
        UnknownWord("lg", 4, ("row 2", "row 4", "row 5")),
        UnknownWord("la", 1, ("row 3",)),
        UnknownWord(LONG, 1, ("row 8",)),  # whole, though the line names its first 40 characters
    )
    assert str(raised.value) == (
        "'lg' is not a rating word (4 rows: row 2, row 4, row 5, ...): add --rating 'lg=Red|Amber|Green|Blue|none'; "
        "'la' is not a rating word (1 row: row 3): add --rating 'la=Red|Amber|Green|Blue|none'; "
        f"{LONG[:40]!r} is not a rating word (1 row: row 8): add --rating "
        f"{(LONG[:40] + '=Red|Amber|Green|Blue|none')!r}; nothing imported "
        "(or --skip-unreadable to import the rest, the rows left out recorded with the report)"
    )
    ratings = tuple(f"{w.word}=Amber" for w in raised.value.words)  # as the app gives them
    reading = read_scorecard(path, period="2024/25 Q1", overrides=parse_choices((), ratings))
    assert len(reading.report.measures) == 7


def test_a_row_wrong_otherwise_is_no_question_of_words(tmp_path: Path) -> None:
    path = council(tmp_path, ["lg", "Green"], extra="K9,,80,70,Green\n")
    with pytest.raises(ScorecardError) as raised:
        read_scorecard(path, period="2024/25 Q1")
    assert not isinstance(raised.value, RatingWordsUnknown)
    assert "rows cannot be read" in str(raised.value)
