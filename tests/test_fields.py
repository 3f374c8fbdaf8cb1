"""Cell readers: values, codes, RAG and direction words, review dates, periods, letter spacing."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecard_tui.errors import ScorecardError
from scorecard_tui.model import Direction, Rag, ReviewDate, format_value
from scorecard_tui.parse.fields import (
    parse_direction,
    parse_rag,
    parse_value,
    split_code_title,
)
from scorecard_tui.parse.footer import check_period, period_label
from scorecard_tui.parse.letters import despace_line
from scorecard_tui.parse.reviews import review_dates
from scorecard_tui.text.safe import clean_text


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("100.0", 100.0, None),
        ("90.0%", 90.0, "%"),
        ("10.0 days", 10.0, "days"),
        ("3.5 per 100,000 population", 3.5, "per 100,000 population"),
        ("82.20 per 10,000\npopulation", 82.2, "per 10,000 population"),
        ("8,033.2", 8033.2, None),
        ("On Track", "On Track", None),
        ("Some  Slippage", "Some Slippage", None),
        ("N/A", None, None),
        ("", None, None),
    ],
)
def test_parse_value(text, value, unit):
    assert parse_value(text) == (value, unit)


@given(
    st.floats(min_value=0, max_value=1e7, allow_nan=False).map(lambda f: round(f, 2)),
    st.sampled_from([None, "%", "days", "per 100,000 population"]),
)
def test_value_round_trips_through_its_display(number, unit):
    assert parse_value(format_value(number, unit)) == (number, unit)


@given(st.text(max_size=40))
def test_parse_value_reads_any_text(text):
    value, _unit = parse_value(text)
    assert value is None or isinstance(value, float | str)


@pytest.mark.parametrize(
    ("cell", "code", "alts", "title"),
    [
        ("LCT PM03 Number of older people", "LCT PM03", (), "Number of older people"),
        ("YA&H PM08 (NI 155) Number of new homes", "YA&H PM08", ("NI 155",), "Number of new homes"),
        ("SEND 6 (L&I PM26a) Percentage of new EHCPs", "SEND 6", ("L&I PM26a",), "Percentage of new EHCPs"),
        ("AHH Local 2A (i) Adults aged 18 to 64", "AHH Local 2A (i)", (), "Adults aged 18 to 64"),
        (
            "SS PM07 - Children in Care per 10,000 (EIISS PM05)",
            "SS PM07",
            ("EIISS PM05",),
            "Children in Care per 10,000",
        ),
        ("L&IPM23c Maintained Schools", "L&I PM23c", (), "Maintained Schools"),
        ("EIISS PM16a (NI117) Percentage", "EIISS PM16a", ("NI 117",), "Percentage"),
        ("CP 08f Average working days", "CP 08f", (), "Average working days"),
    ],
)
def test_split_code_title(cell, code, alts, title):
    assert split_code_title(cell) == (code, alts, title)


def test_a_cell_without_a_code_is_an_error():
    with pytest.raises(ScorecardError, match="no measure code"):
        split_code_title("Number of older people")


@given(st.text(max_size=60))
def test_split_code_title_raises_only_our_error(text):
    with contextlib.suppress(ScorecardError):
        split_code_title(text)


def test_rag_and_direction_words():
    assert parse_rag("Ambe r") is Rag.AMBER
    assert parse_rag("N/A") is None
    assert parse_direction("Deterio\nrating") is Direction.DETERIORATING
    assert parse_direction("") is None
    with pytest.raises(ScorecardError):
        parse_rag("Purple")


FETCHED = date(2018, 8, 24)


@pytest.mark.parametrize(
    ("note", "dates"),
    [
        (
            "This measure will be considered by Executive Scrutiny in November 2018.",
            [ReviewDate("2018-11", "Executive Scrutiny", False)],
        ),
        ("Review performance at the end of September 2018", [ReviewDate("2018-09", None, False)]),
        (
            "This measure was reviewed by Executive Scrutiny in January 2018.",
            [ReviewDate("2018-01", "Executive Scrutiny", True)],
        ),
        (
            "There will also be a Performance Surgery on SEND by the end of 2018/19.",
            [ReviewDate("2019-03", "Performance Surgery", False)],
        ),
        ("Demand to be considered by CLT in August 2018.", [ReviewDate("2018-08", "CLT", False)]),
        ("No further action planned.", []),
        ("Derby responded to an MP letter in March 2018.", []),
    ],
)
def test_review_dates(note, dates):
    assert list(review_dates(note, FETCHED)) == dates


@given(st.text(max_size=200))
def test_review_dates_never_raise(text):
    for d in review_dates(text, FETCHED):
        assert len(d.month) == 7


@pytest.mark.parametrize(
    ("fetched", "label"),
    [
        (date(2018, 8, 24), "2018/19 Q1"),
        (date(2018, 11, 2), "2018/19 Q2"),
        (date(2019, 2, 1), "2018/19 Q3"),
        (date(2019, 5, 1), "2018/19 Q4"),
    ],
)
def test_period_from_the_fetch_date(fetched, label):
    assert period_label(fetched) == label


def test_period_from_a_stated_period():
    assert period_label(date(2018, 12, 1), "covers the period of 1 April 2018 – 30 June 2018.") == "2018/19 Q1"


@pytest.mark.parametrize("label", ["2018/19 Q1", " 2018/19  Q4 ", "1999/00 Q2", "2099/00 Q3"])
def test_a_period_label_is_checked(label):
    assert check_period(label) == " ".join(label.split())


def test_a_period_label_whose_years_do_not_follow_is_refused():
    with pytest.raises(ScorecardError, match=r"2018 is followed by 19, not 20 \(like '2018/19 Q1'\)"):
        check_period("2018/20 Q2")


@pytest.mark.parametrize(
    ("line", "text"),
    [
        ("D irec to ra te  : C o m m u n ities  &  P lace", "Directorate : Communities & Place"),
        ("LC T  P M 03  N um ber o f", "LCT PM03 Number of"),
        ("R ed G reen Q uarte rly  da ta", "Red Green Quarterly data"),
        ("T a rge t 100 .0", "Target 100.0"),
        ("las t yea r ! s  s ta tem en t o f", "last year's statement of"),
        ("judged  $ good !  o r", "judged 'good' or"),
        ('P e rcen tage  o f 16 " 17', "Percentage of 16–17"),
        ('o f 1  A p ril 2018  "  30  June', "of 1 April 2018 – 30 June"),
        (
            "T im e  F e tched : F riday  24  A ugus t 2018  11 :12 :02 P erfo rm ance",
            "Time Fetched: Friday 24 August 2018 11:12:02 Performance",
        ),
        ("D a ta  S ou rce : D O R IS C orpo ra te  R esou rces", "Data Source: DORIS Corporate Resources"),
        ("the  F irs tC a re  sys tem", "the FirstCare system"),
        ("C O G /C LT", "COG/CLT"),
    ],
)
def test_despace_line(line, text):
    assert despace_line(line) == text


@given(st.text(max_size=80))
def test_despace_line_never_raises(line):
    despace_line(line)


def test_clean_text_strips_escapes_and_keeps_markup_literal():
    dirty = "a\x1b[31mred\x1b[0m \x1b]8;;http://evil\x07link\x1b]8;;\x07 \u202eevil\u202c [bold]x[/] \x00\x07"
    assert clean_text(dirty) == "ared link evil [bold]x[/] "


codes = st.builds(
    lambda prefix, pm, digits, suffix: f"{prefix} {'PM' if pm else ''}{digits}{suffix}",
    st.from_regex(r"[A-Z]{1,4}(&[A-Z])?", fullmatch=True),
    st.booleans(),
    st.from_regex(r"[0-9]{1,3}", fullmatch=True),
    st.sampled_from(["", "a", "b", "f"]),
).filter(lambda code: not code.split()[-1].isdigit() or code.split()[0].isupper())
titles = st.lists(
    st.sampled_from(["Number", "of", "new", "homes", "Percentage", "children", "(gross)"]), min_size=1
).map(lambda words: " ".join(["Average", *words]))


@given(codes, titles)
def test_codes_parse_back_from_a_cell(code, title):
    assert split_code_title(f"{code} {title}") == (code, (), title)


@given(codes, st.from_regex(r"NI [0-9]{2,3}", fullmatch=True), titles)
def test_alternative_codes_before_or_after_the_title(code, alt, title):
    assert split_code_title(f"{code} ({alt}) {title}") == (code, (alt,), title)
    assert split_code_title(f"{code} - {title} ({alt})") == (code, (alt,), title)


BODIES = ["Executive Scrutiny", "Performance Surgery", "CLT", "Corporate Parenting"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip


@given(
    st.sampled_from(BODIES), st.integers(1, 12), st.integers(2015, 2030), st.dates(date(2015, 1, 1), date(2030, 12, 31))
)
def test_review_dates_parse_what_they_describe(body, month, year, as_of):
    note = f"This measure will be considered by {body} in {MONTHS[month - 1]} {year}."
    (found,) = review_dates(note, as_of)
    assert found.month == f"{year:04d}-{month:02d}"
    assert found.body == body
    assert found.past == ((year, month) < (as_of.year, as_of.month))


@given(st.text())
def test_clean_text_is_idempotent_and_leaves_no_controls(text):
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
    assert not any(ord(c) < 32 and c != "\n" for c in cleaned)
    assert "\x1b" not in cleaned and "\u202e" not in cleaned


@given(st.lists(st.from_regex(r"[A-Za-z0-9.,()%]{1,12}", fullmatch=True), min_size=1, max_size=8))
def test_despace_keeps_words_that_are_already_whole(words):
    assert despace_line("  ".join(words)) == " ".join(words)
