"""Rating and direction words as councils write them (issue 19): every built-in word, in any case,
spacing and punctuation, reads as the README says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorecard_tui.errors import ScorecardError
from scorecard_tui.model import Direction, Rag
from scorecard_tui.parse.cells import RATING_WORDS, parse_direction_cell, parse_rating_name, parse_status
from tests.helpers import kpis_csv

WORDS = [(word, rag) for rag, words in RATING_WORDS for word in words if any(c.isalpha() for c in word)]
ISSUE_WORDS = {
    Rag.GREEN: "on target|above target|target met|met|achieved|on track|ahead of target|OK",
    Rag.AMBER: "close to target|within tolerance|slightly below target|at risk|warning|some slippage",
    Rag.RED: "below target|off target|off track|not met|not achieved|target missed|alert",
    Rag.BLUE: "exceeded|complete|completed",
    None: "for info only|for information only|data only|contextual|monitor only|unknown|not due|baseline|"
    "no target|n/a|blank",
}
DIRECTIONS = {
    Direction.IMPROVING: "Improving|up|improved|↗|Green|Getting better",
    Direction.STABILISED: "No Change|same|sustained|Amber",
    Direction.DETERIORATING: "Getting Worse|down|declined|↘|Red",
}


def _disguise(word: str, data: st.DataObject) -> str:
    """The word as a council might type it: any case, spaces doubled or dropped, punctuation around it."""
    chars = [c.upper() if data.draw(st.booleans()) else c.lower() for c in word]
    spaced = "".join(
        c if c != " " else data.draw(st.sampled_from([" ", "  ", "-", "_", "\u00a0", " / "])) for c in chars
    )
    before = data.draw(st.sampled_from(["", " ", "*", "(", "'", '"']))
    after = data.draw(st.sampled_from(["", " ", ".", "*", ")", ":", "'", '"', "!"]))
    return before + spaced + after


@pytest.mark.parametrize(("rag", "words"), ISSUE_WORDS.items())
def test_every_word_the_issue_names_is_built_in(rag: Rag | None, words: str) -> None:
    for word in words.split("|"):
        assert parse_status(word) is rag, word


@given(st.data())
@settings(max_examples=300)
def test_rating_words_in_any_case_spacing_and_punctuation(data: st.DataObject) -> None:
    word, rag = data.draw(st.sampled_from(WORDS))
    assert parse_status(_disguise(word, data)) is rag


@given(st.data())
@settings(max_examples=200)
def test_direction_words_in_any_case_spacing_and_punctuation(data: st.DataObject) -> None:
    direction = data.draw(st.sampled_from(list(DIRECTIONS)))
    word = data.draw(st.sampled_from(DIRECTIONS[direction].split("|")))
    assert parse_direction_cell(_disguise(word, data)) is direction


@pytest.mark.parametrize(
    ("text", "rag"),
    [("✓", Rag.GREEN), ("✔", Rag.GREEN), ("✗", Rag.RED), ("✖", Rag.RED), ("Green star", Rag.GREEN),
     ("blue circle", Rag.BLUE), ("Red triangle", Rag.RED), ("amber diamond", Rag.AMBER)],
)  # fmt: skip
def test_ticks_crosses_and_coloured_shapes(text: str, rag: Rag) -> None:
    assert parse_status(text) is rag


def test_a_shape_alone_needs_the_files_legend() -> None:
    with pytest.raises(ScorecardError, match="not a rating: '●'"):
        parse_status("●")
    assert parse_status("●", {"●": Rag.GREEN}) is Rag.GREEN


def test_the_reports_own_words_win_over_the_built_in_ones() -> None:
    assert parse_status("Exceeded", {"exceeded": Rag.GREEN}) is Rag.GREEN
    assert parse_status("above target", {"abovetarget": None}) is None


@pytest.mark.parametrize(("name", "rag"), [("Red", Rag.RED), ("amber", Rag.AMBER), ("GREEN", Rag.GREEN),
                                           ("Blue", Rag.BLUE), ("none", None)])  # fmt: skip
def test_rating_names_for_the_option(name: str, rag: Rag | None) -> None:
    assert parse_rating_name(name) is rag


def test_a_rating_name_that_is_none_of_the_five_is_refused() -> None:
    with pytest.raises(ScorecardError, match="'Purple' is not Red, Amber, Green, Blue or none"):
        parse_rating_name("Purple")


README = Path(__file__).parents[1] / "README.md"


def _readme_rows(first_header: str) -> dict[str, list[str]]:
    """The README table whose first column is headed ``first_header``: stored as -> its words."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {first_header} |"))
    rows: dict[str, list[str]] = {}
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        stored, words = (cell.strip() for cell in line.strip("|").split("|", 1))
        rows[stored] = [w.strip() for w in re.split(r",(?![^(]*\))", words.split("(and")[0])]
    return rows


def test_the_readme_rating_table_is_what_is_read() -> None:
    rows = _readme_rows("stored as")
    assert set(rows) == {"Green", "Amber", "Red", "Blue", "no rating"}
    for stored, words in rows.items():
        expected = None if stored == "no rating" else Rag(stored)
        for word in words:
            assert parse_status(word) is expected, (stored, word)


def test_the_readme_direction_table_is_what_is_read() -> None:
    for stored, words in _readme_rows("direction stored").items():
        for word in words:
            for part in word.split() if all(len(p) == 1 for p in word.split()) else [word]:
                assert parse_direction_cell(part) is Direction(stored), (stored, part)


def test_a_legend_line_gives_shapes_their_meaning(tmp_path: Path) -> None:
    from scorecard_tui.parse import read_scorecard

    f = kpis_csv(
        tmp_path,
        "Key: ● On target, ▲ Close to target, ■ Below target\n\nRef,Indicator,Actual,Status\n"
        "K1,One,5,●\nK2,Two,6,▲\nK3,Three,7,■\n",
    )
    reading = read_scorecard(f, period="2024/25 Q1")
    assert [m.rag_quarter for m in reading.report.measures] == [Rag.GREEN, Rag.AMBER, Rag.RED]
    assert {(w.word, w.meaning, w.how) for w in reading.rating_words} == {
        ("●", "Green", "the file's legend"),
        ("▲", "Amber", "the file's legend"),
        ("■", "Red", "the file's legend"),
    }
    assert reading.report.name == "KPIs"  # the key names nothing


@pytest.mark.parametrize("quoted", [True, False], ids=["one cell", "split at its commas"])
def test_a_keys_sentence_gives_coloured_shapes_the_meaning_it_says(tmp_path: Path, quoted: bool) -> None:
    """A key that says what its coloured shapes mean wins over the colour: here the blue circle is
    the middle of three ("within target"), Amber, not Blue; the sentence is no subtitle."""
    from scorecard_tui.parse import read_scorecard

    key = (
        "A green star means performance is above target, a blue circle means performance is within target "
        "and a red triangle means performance is behind target."
    )
    line = '"' + key + '"' if quoted else key
    f = kpis_csv(
        tmp_path,
        f"Quarterly Performance Report 2023/24 Q2\n{line}\n\n"
        "Ref,Indicator,Target,Actual,Status\nPI 1,Calls answered,90%,93%,green star\n"
        "PI 2,Rent collected,98%,97.5%,Blue Circle\nPI 3,Days to relet,20,31,red triangle\n",
    )
    reading = read_scorecard(f)
    assert [m.rag_quarter for m in reading.report.measures] == [Rag.GREEN, Rag.AMBER, Rag.RED]
    assert {(w.word, w.meaning, w.how) for w in reading.rating_words} == {
        ("green star", "Green", "the file's legend"),
        ("Blue Circle", "Amber", "the file's legend"),
        ("red triangle", "Red", "the file's legend"),
    }
    assert reading.report.subtitle is None


def test_within_target_in_a_cell_is_no_rating_word() -> None:
    """Only a key makes "within target" Amber: in a cell it could mean met, so it is refused, naming it."""
    with pytest.raises(ScorecardError, match="not a rating: 'within target'"):
        parse_status("within target")


def test_inspect_on_a_doris_scorecard_lists_its_rating_words_and_why_rating_does_not_apply(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from scorecard_tui.cli.main import cli

    sample = Path(__file__).resolve().parents[1] / "sample_data" / "derby-scorecard-2018-19-q1.pdf"
    shown = CliRunner().invoke(cli, ["inspect", str(sample), "--db", str(tmp_path / "none.db")])
    assert shown.exit_code == 0, shown.output
    table = shown.output[shown.output.index("Rating words") : shown.output.index("note:")]
    rows = [line.split("│") for line in table.splitlines() if "│" in line]
    assert [[c.strip() for c in r] for r in rows] == [
        ["Red", "Red", "16", "DORIS layout (fixed words)"],
        ["Amber", "Amber", "6", "DORIS layout (fixed words)"],
        ["Green", "Green", "10", "DORIS layout (fixed words)"],
        ["N/A", "none", "1", "DORIS layout (fixed words)"],
    ]
    said = " ".join(shown.output.split())
    assert "--rating and --skip-unreadable do not apply to a DORIS-style scorecard" in said
    assert not (tmp_path / "none.db").exists()
