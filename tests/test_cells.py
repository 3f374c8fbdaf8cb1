"""Cell readers every table family shares: ratings (words and fill colours), values, money, arrows, periods."""

from __future__ import annotations

import colorsys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecard_tui.errors import ScorecardError
from scorecard_tui.model import Direction, Polarity, Rag
from scorecard_tui.parse.cells import (
    parse_direction_cell,
    parse_number_cell,
    parse_polarity,
    parse_status,
    parse_value_text,
    rating_from_fill,
    rgb_from_components,
)
from scorecard_tui.parse.period_words import find_period, strip_period_words


@pytest.mark.parametrize(
    ("text", "rag"),
    [
        ("Red", Rag.RED), ("R", Rag.RED), ("off target", Rag.RED), ("Off Target", Rag.RED),
        ("Amber", Rag.AMBER), ("A", Rag.AMBER), ("Ambe r", Rag.AMBER),
        ("Green", Rag.GREEN), ("g", Rag.GREEN), ("On target", Rag.GREEN),
        ("Blue", Rag.BLUE), ("B", Rag.BLUE), ("Exceeded", Rag.BLUE), ("Completed", Rag.BLUE),
        ("N/A", None), ("Not due", None), ("Data not available", None), ("Contextual", None), ("", None),
        ("-", None), ("Not applicable", None),
    ],
)  # fmt: skip
def test_status_text_forms(text: str, rag: Rag | None) -> None:
    assert parse_status(text) is rag


def test_unknown_status_is_an_error() -> None:
    with pytest.raises(ScorecardError, match="not a rating: 'Purple'"):
        parse_status("Purple")


@pytest.mark.parametrize(
    ("rgb", "rag"),
    [
        ((1, 0, 0), Rag.RED), ((0.72, 0.11, 0.11), Rag.RED), ((1, 0.78, 0.81), Rag.RED),  # Excel "Bad" pale red
        ((1, 0.75, 0), Rag.AMBER), ((1, 1, 0), Rag.AMBER), ((1, 0.6, 0), Rag.AMBER),  # orange
        ((0, 0.69, 0.31), Rag.GREEN), ((0.57, 0.82, 0.31), Rag.GREEN), ((0.78, 0.94, 0.81), Rag.GREEN),
        ((0, 0.44, 0.75), Rag.BLUE), ((0, 0.69, 0.94), Rag.BLUE), ((0.05, 0.28, 0.63), Rag.BLUE),
    ],
)  # fmt: skip
def test_fill_colours_classify_by_hue(rgb: tuple[float, float, float], rag: Rag) -> None:
    assert rating_from_fill(rgb).rag is rag and rating_from_fill(rgb).classified


@pytest.mark.parametrize("rgb", [(0.5, 0.5, 0.5), (0.8, 0.8, 0.8), (0.05, 0.0, 0.05), (0.44, 0.19, 0.63), (1, 0, 1)])
def test_grey_black_and_purple_fills_are_unclassifiable(rgb: tuple[float, float, float]) -> None:
    result = rating_from_fill(rgb)
    assert result.rag is None and not result.classified


def test_white_or_no_fill_is_no_rating_and_nothing_to_say() -> None:
    assert rating_from_fill(None).classified and rating_from_fill((1, 1, 1)).classified
    assert rating_from_fill((1, 1, 1)).rag is None


@given(st.floats(0, 359.9), st.floats(0.5, 1), st.floats(0.4, 1))
def test_every_saturated_hue_is_one_rating_or_unclassified(hue: float, sat: float, val: float) -> None:
    rgb = colorsys.hsv_to_rgb(hue / 360, sat, val)
    result = rating_from_fill(rgb)
    if hue < 14 or hue > 336:
        assert result.rag is Rag.RED
    elif 20 < hue < 60:
        assert result.rag is Rag.AMBER
    elif 75 < hue < 160:
        assert result.rag is Rag.GREEN
    elif 175 < hue < 250:
        assert result.rag is Rag.BLUE
    elif 260 < hue < 330:
        assert not result.classified


def test_pdf_colour_spaces() -> None:
    assert rgb_from_components((0.5,)) == (0.5, 0.5, 0.5)
    assert rgb_from_components(0.2) == (0.2, 0.2, 0.2)
    assert rgb_from_components((0, 1, 1, 0)) == (1, 0, 0)  # CMYK red
    assert rating_from_fill(rgb_from_components((0, 0.25, 1, 0))).rag is Rag.AMBER
    assert rating_from_fill(rgb_from_components((1, 0, 1, 0))).rag is Rag.GREEN
    assert rgb_from_components(None) is None and rgb_from_components((1, 2)) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234", (1234.0, None)), ("56.3%", (56.3, "%")), ("10.0 days", (10.0, "days")),
        ("3.5 per 1,000", (3.5, "per 1,000")), ("£1,200", (1200.0, "£")), ("£2.4m", (2_400_000.0, "£")),
        ("£350k", (350_000.0, "£")), ("-£1,200", (-1200.0, "£")), ("(£500)", (-500.0, "£")), ("-3.2", (-3.2, None)),
        ("n/a", (None, None)), ("N/A", (None, None)), ("-", (None, None)), ("", (None, None)),
        ("Not available", (None, None)), ("Data not available", (None, None)), ("On track", ("On track", None)),
        ("3 actions completed. More due.", ("3 actions completed. More due.", None)),
    ],
)  # fmt: skip
def test_value_text(text: str, expected: tuple) -> None:
    assert parse_value_text(text) == expected


@given(st.integers(0, 10**9), st.sampled_from(["", "%", " days", " per 100,000 population"]))
def test_numbers_with_thousands_separators_read_back(number: int, unit: str) -> None:
    value, got_unit = parse_value_text(f"{number:,}{unit}")
    assert value == float(number) and (got_unit or "") == unit.strip()


def test_spreadsheet_number_formats() -> None:
    assert parse_number_cell(0.563, "0.0%") == (56.3, "%")
    assert parse_number_cell(0.5, "0%") == (50.0, "%")
    assert parse_number_cell(2400000, "£#,##0") == (2400000, "£")
    assert parse_number_cell(11.2, '0.0" per 100,000"') == (11.2, "per 100,000")
    assert parse_number_cell(7, "General") == (7, None)
    assert parse_number_cell(7, '0" days"') == (7, "days")


@pytest.mark.parametrize(
    ("text", "font", "direction"),
    [
        ("Improving", None, Direction.IMPROVING), ("Better", None, Direction.IMPROVING),
        ("Improved", None, Direction.IMPROVING), ("Up", None, Direction.IMPROVING),
        ("Stabilised", None, Direction.STABILISED), ("Same", None, Direction.STABILISED),
        ("Maintained", None, Direction.STABILISED), ("No change", None, Direction.STABILISED),
        ("Deteriorating", None, Direction.DETERIORATING), ("Worse", None, Direction.DETERIORATING),
        ("Declined", None, Direction.DETERIORATING), ("Down", None, Direction.DETERIORATING),
        ("↑", None, Direction.IMPROVING), ("↓", None, Direction.DETERIORATING), ("→", None, Direction.STABILISED),
        ("↔", None, Direction.STABILISED), ("▲", None, Direction.IMPROVING), ("▼", None, Direction.DETERIORATING),
        ("é", "Wingdings-Regular", Direction.IMPROVING), ("ê", "Wingdings", Direction.DETERIORATING),
        ("è", "ABCDEF+Wingdings", Direction.STABILISED), ("é", None, Direction.IMPROVING),
        ("\uf0e9", None, Direction.IMPROVING), ("\uf0ea", None, Direction.DETERIORATING),
        ("\uf0e8", None, Direction.STABILISED), ("\uf0e1", None, Direction.IMPROVING),
        ("\uf0e2", None, Direction.DETERIORATING), ("\uf0ad", "Symbol", Direction.IMPROVING),
        ("\xaf", "Symbol", Direction.DETERIORATING), ("\xae", "SymbolMT", Direction.STABILISED),
        ("h", "Wingdings3", Direction.IMPROVING), ("i", "Wingdings 3", Direction.DETERIORATING),
        ("", None, None), ("N/A", None, None), ("-", None, None),
    ],
)  # fmt: skip
def test_direction_words_arrows_and_symbol_fonts(text: str, font: str | None, direction: Direction | None) -> None:
    assert parse_direction_cell(text, font) is direction


def test_a_letter_in_a_text_font_is_no_arrow() -> None:
    with pytest.raises(ScorecardError):
        parse_direction_cell("h", "Arial")


@pytest.mark.parametrize(
    ("text", "header", "polarity"),
    [
        ("High", "Good is", Polarity.HIGHER), ("Low", "Good is", Polarity.LOWER),
        ("Higher is better", "Polarity", Polarity.HIGHER), ("Lower is better", "Polarity", Polarity.LOWER),
        ("Aim: High", "Aim", Polarity.HIGHER), ("↓", "Polarity", Polarity.LOWER),
        ("Y", "Higher is better?", Polarity.HIGHER), ("N", "Higher is better?", Polarity.LOWER),
        ("Yes", "Lower is better", Polarity.LOWER), ("", "Polarity", None), ("n/a", "Polarity", None),
    ],
)  # fmt: skip
def test_polarity(text: str, header: str, polarity: Polarity | None) -> None:
    assert parse_polarity(text, header) is polarity


@pytest.mark.parametrize(
    ("title", "label", "name"),
    [
        ("Corporate Performance Report - Quarter 2 2023/24", "2023/24 Q2", "Corporate Performance Report"),
        ("Q1 2024/25 Council Scorecard", "2024/25 Q1", "Council Scorecard"),
        ("KPI Report 2022/23 (Quarter 4)", "2022/23 Q4", "KPI Report"),
        ("Year-end 2022/23 Performance Report", "2022/23 Q4", "Performance Report"),
        ("Performance Report: April to June 2024", "2024/25 Q1", "Performance Report"),
        ("Performance to the end of September 2023", "2023/24 Q2", "Performance"),
        ("Council Plan 2023/24 Performance - Q3", "2023/24 Q3", "Council Plan Performance"),
        ("Scorecard, 1 January - 31 March 2024", "2023/24 Q4", "Scorecard"),
    ],
)
def test_period_words(title: str, label: str, name: str) -> None:
    found = find_period([title])
    assert found is not None and found.label == label
    assert strip_period_words(title) == name


def test_no_period_words() -> None:
    assert find_period(["Corporate Scorecard", "Ref Indicator Target"]) is None
    assert find_period(["Report 2023/25 Q2"]) is None  # not one financial year


def test_quarter_in_a_header_and_year_in_the_title() -> None:
    found = find_period(["Council Plan Scorecard 2023/24", "Ref", "Indicator", "Q3 Target", "Q3 Actual"])
    assert found is not None and found.label == "2023/24 Q3"


@pytest.mark.parametrize(
    ("text", "rag"),
    [("Green (on target)", Rag.GREEN), ("Red - missed", Rag.RED), ("On track", Rag.GREEN), ("At risk", Rag.AMBER),
     ("Off track", Rag.RED), ("Amber: close", Rag.AMBER)],
)  # fmt: skip
def test_status_with_words_after_it(text: str, rag: Rag) -> None:
    assert parse_status(text) is rag


@pytest.mark.parametrize(
    ("text", "direction"),
    [("↑ Improving", Direction.IMPROVING), ("(Better)", Direction.IMPROVING), ("↓ Worse", Direction.DETERIORATING)],
)
def test_direction_with_arrow_and_word(text: str, direction: Direction) -> None:
    assert parse_direction_cell(text) is direction


@pytest.mark.parametrize(
    ("text", "polarity"),
    [("Aim to reduce", Polarity.LOWER), ("Aim to maximise", Polarity.HIGHER), ("Smaller numbers", Polarity.LOWER)],
)
def test_polarity_in_free_words(text: str, polarity: Polarity) -> None:
    assert parse_polarity(text, "Polarity") is polarity
