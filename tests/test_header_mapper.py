"""Property tests for the header mapper: wording variants map alike; order, overrides and missing titles."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorecard_tui.errors import ScorecardError
from scorecard_tui.model import number_repeats
from scorecard_tui.parse.headers import _WORDINGS, Field, classify_header, map_table, parse_overrides
from scorecard_tui.parse.table_measures import measures_from_table
from scorecard_tui.parse.table_model import RawTable, TableCell, TableRow

ALL_WORDINGS = sorted({w for words in _WORDINGS.values() for w in words})
PERIOD_WORDS = [
    "",
    "Q2",
    "Q4",
    "Quarter 3",
    "Qtr 1",
    "2023/24",
    "2022-23",
    "Q1 2024/25",
    "(Q2)",
    "(2023/24)",
    "Sept 2023",
]
ISSUE_LIST = {
    Field.CODE: ["Ref", "Code", "PI ref", "KPI ref", "Indicator code", "ID"],
    Field.TITLE: ["Measure", "Indicator", "KPI", "Performance indicator", "KPI description", "Description"],
    Field.GROUP: ["Directorate", "Department", "Service", "Service area", "Portfolio", "Theme", "Priority"],
    Field.QUARTER_TARGET: ["Target", "Quarter target"],
    Field.QUARTER_ACTUAL: ["Actual", "Result", "Quarter result", "Outturn", "Performance", "Value"],
    Field.FORECAST_ACTUAL: ["Forecast", "Year end forecast", "Projected outturn"],
    Field.FORECAST_TARGET: ["Year end target"],
    Field.RAG_QUARTER: ["RAG", "Status", "Rating", "Quarter RAG"],
    Field.RAG_FORECAST: ["Forecast RAG"],
    Field.DIRECTION: ["DoT", "Direction of travel", "Trend"],
    Field.POLARITY: ["Polarity", "Good is", "Aim: High/Low", "Higher is better", "Lower is better", "Aim"],
    Field.COMMENTARY: ["Commentary", "Comments", "Narrative", "Explanation", "Update"],
    Field.ACTIONS: ["Actions", "Management action", "Corrective action", "Next steps", "Mitigation"],
    Field.REVIEW: ["Review", "Next review"],
}


@pytest.mark.parametrize(("field", "header"), [(f, h) for f, hs in ISSUE_LIST.items() for h in hs])
def test_every_wording_the_issue_lists(field: Field, header: str) -> None:
    assert classify_header(header) is field


def decorate(draw, text: str) -> str:
    """The same header as another council might print it: case, spacing, punctuation, period words."""
    cased = "".join(c.upper() if draw(st.booleans()) else c.lower() for c in text)
    spaced = re.sub(" ", lambda _: draw(st.sampled_from([" ", "  ", "\n", " \t "])), cased)
    before, after = draw(st.sampled_from(PERIOD_WORDS)), draw(st.sampled_from(PERIOD_WORDS))
    tail = draw(st.sampled_from(["", ":", " *", "."]))
    return f"{before} {spaced}{tail} {after}".strip()


@st.composite
def decorated(draw) -> tuple[str, str]:
    wording = draw(st.sampled_from(ALL_WORDINGS))
    return wording, decorate(draw, wording)


@given(decorated())
@settings(max_examples=400)
def test_decoration_does_not_change_the_mapping(pair: tuple[str, str]) -> None:
    plain, printed = pair
    assert classify_header(printed) is classify_header(plain)


@st.composite
def tables(draw) -> tuple[RawTable, dict[str, Field]]:
    fields = draw(st.lists(st.sampled_from([f for f in ISSUE_LIST if f is not Field.TITLE]), unique=True, max_size=8))
    chosen = {draw(st.sampled_from(ISSUE_LIST[Field.TITLE])): Field.TITLE}
    for field in fields:
        chosen[draw(st.sampled_from(ISSUE_LIST[field]))] = field
    headers = draw(st.permutations(list(chosen)))
    printed = [decorate(draw, h) for h in headers]
    return RawTable(header=tuple(printed), rows=()), {p: chosen[h] for p, h in zip(printed, headers, strict=True)}


@given(tables())
@settings(max_examples=200)
def test_any_column_order_maps_each_column_to_its_field(case: tuple[RawTable, dict[str, Field]]) -> None:
    table, expected = case
    mapped = map_table(table)
    assert {c.header: c.field for c in mapped.columns} == expected
    assert all(c.how == "known wording" for c in mapped.columns)


@given(tables(), st.data())
@settings(max_examples=100)
def test_an_override_always_wins(case: tuple[RawTable, dict[str, Field]], data: st.DataObject) -> None:
    table, _ = case
    header = data.draw(st.sampled_from(table.header))
    target = data.draw(st.sampled_from([f for f in Field if f not in (Field.TITLE, Field.IGNORE)]))
    other_title = any(h != header and classify_header(h) is Field.TITLE for h in table.header)
    try:
        mapped = map_table(table, overrides={" ".join(header.upper().split()): target.value})
    except ScorecardError as exc:
        assert not other_title and "no header row naming a measure or indicator column" in str(exc)
        return
    (column,) = [c for c in mapped.columns if c.header == header]
    assert column.field is target and column.how == "--map"


@given(st.lists(st.sampled_from([h for f, hs in ISSUE_LIST.items() if f not in (Field.TITLE, Field.CODE) for h in hs]),
                max_size=6))  # fmt: skip
def test_no_title_column_is_one_clear_error(headers: list[str]) -> None:
    with pytest.raises(ScorecardError, match=r"^no header row naming a measure or indicator column; seen: "):
        map_table(RawTable(header=tuple(headers), rows=()))


def test_the_later_quarter_wins_a_repeated_field() -> None:
    mapped = map_table(RawTable(header=("Indicator", "Q1 Actual", "Q2 Actual", "Q2 Target"), rows=()))
    fields = [c.field for c in mapped.columns]
    assert fields == [Field.TITLE, None, Field.QUARTER_ACTUAL, Field.QUARTER_TARGET]
    assert "read from 'Q2 Actual'" in mapped.columns[1].how


@pytest.mark.parametrize("header", ["Previous RAG", "Lead officer", "Same period last year", "Baseline"])
def test_comparison_columns_are_ignored(header: str) -> None:
    assert classify_header(header) is None


@pytest.mark.parametrize("header", ["Previous quarter actual", "Previous value", "Last quarter", "Previous quarter"])
def test_the_previous_actual_is_its_own_field(header: str) -> None:
    assert classify_header(header) is Field.PREVIOUS_ACTUAL


@pytest.mark.parametrize("header", ["Team", "Department", "Division", "Committee", "Service"])
def test_grouping_words_name_the_directorate(header: str) -> None:
    assert classify_header(header) is Field.GROUP


def test_parse_overrides() -> None:
    assert parse_overrides(["Good is=polarity", " What we count = title ", "Notes=ignore"]) == {
        "Good is": "polarity",
        "What we count": "title",
        "Notes": "ignore",
    }
    for bad in ("no equals", "=title", "X=nonsense"):
        with pytest.raises(ScorecardError):
            parse_overrides([bad])


def test_previous_quarter_rating_does_not_take_the_rating_column() -> None:
    mapped = map_table(RawTable(header=("Indicator", "Previous RAG", "Last quarter RAG", "Current RAG"), rows=()))
    assert [c.field for c in mapped.columns] == [Field.TITLE, None, None, Field.RAG_QUARTER]


cells = st.builds(
    TableCell,
    text=st.text(max_size=10) | st.sampled_from(["G", "Blue", "↑", "\uf0ea", "56%", "£2.4m", "n/a", "High"]),
    fill=st.none() | st.tuples(*[st.floats(0, 1)] * 3),
    number=st.none() | st.floats(-1e9, 1e9, allow_nan=False),
    number_format=st.none() | st.sampled_from(["0.0%", "£#,##0", "General", '0" days"']),
    font=st.none() | st.sampled_from(["Wingdings", "Symbol", "Arial"]),
)


@given(
    st.lists(st.sampled_from([h for hs in ISSUE_LIST.values() for h in hs]), min_size=1, max_size=8, unique=True),
    st.lists(st.lists(cells, min_size=0, max_size=9), max_size=5),
)
@settings(max_examples=200)
def test_any_cells_read_or_give_one_clear_reason(headers: list[str], rows: list[list[TableCell]]) -> None:
    """What every table reader hands over (PDF or spreadsheet cells) becomes measures or one ScorecardError."""
    table = RawTable(
        header=("Indicator", *headers), rows=tuple(TableRow(cells=tuple(r), line=i) for i, r in enumerate(rows))
    )
    try:
        read = measures_from_table(map_table(table), report_name="R", as_of=date(2024, 6, 30))
    except ScorecardError as exc:
        assert "\n" not in str(exc)
        return
    keys = {m.key for m in number_repeats(read.measures)}  # a repeated code is CODE#2, as the store keys it
    assert len(keys) == len(read.measures)


# -- issue 18: two columns claiming one field are refused, naming both --------------------


def test_three_headers_mapped_to_title_are_refused_naming_the_first_two() -> None:
    table = RawTable(header=("Ref", "Measure", "Indicator", "Description", "RAG"), rows=())
    with pytest.raises(ScorecardError) as caught:
        map_table(table, overrides={"Measure": "title", "Indicator": "title", "Description": "title"})
    assert str(caught.value) == "--map gives title to both 'Measure' and 'Indicator'; give the field to one column"


def test_two_remembered_maps_to_one_field_are_refused_and_a_map_settles_it() -> None:
    table = RawTable(header=("Ref", "What we count", "What we track", "RAG"), rows=())
    remembered = {"What we count": "title", "What we track": "title"}
    with pytest.raises(ScorecardError, match=r"'What we count' and 'What we track' both map to title \(remembered"):
        map_table(table, remembered=remembered)
    mapped = map_table(table, remembered=remembered, overrides={"What we track": "ignore"})
    assert [c.field for c in mapped.columns] == [Field.CODE, Field.TITLE, None, Field.RAG_QUARTER]


def test_two_known_wordings_of_one_field_in_one_quarter_are_refused() -> None:
    table = RawTable(header=("Indicator", "Q2 Target", "Q2 target (profiled)"), rows=())
    with pytest.raises(ScorecardError, match=r"'Q2 Target' and 'Q2 target \(profiled\)' both map to quarter_target"):
        map_table(table)


def test_a_map_wins_over_a_known_wording_without_a_conflict() -> None:
    mapped = map_table(RawTable(header=("Indicator", "Measure", "RAG"), rows=()), overrides={"Measure": "title"})
    assert [(c.field, c.how) for c in mapped.columns][:2] == [
        (None, "ignored: title is read from 'Measure'"),
        (Field.TITLE, "--map"),
    ]


def test_a_remembered_map_naming_no_field_is_set_aside_with_a_note() -> None:
    table = RawTable(header=("Ref", "Indicator", "Goal\x1b[31m"), rows=())
    mapped = map_table(table, remembered={"Goal\x1b[31m": "goodness", "Ref": "code"})
    assert [c.field for c in mapped.columns] == [Field.CODE, Field.TITLE, None]
    (note,) = mapped.notes
    assert note.startswith("remembered --map 'Goal'='goodness' ignored: not a field")
    assert "\x1b" not in note
