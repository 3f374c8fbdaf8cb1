"""Break tests: hostile input must not cost unbounded CPU time (issue 8, point 9)."""

from __future__ import annotations

import random
import time

from scorecard_tui.parse.letters import despace_line


def _letter_spaced(chars: int, seed: int = 8) -> str:
    """A line of single letters separated by single spaces, as a letter-spaced extraction gives."""
    rng = random.Random(seed)
    return " ".join(rng.choice("etaoinshrdlucmfwyp") for _ in range(chars // 2))[:chars]


def _seconds(line: str) -> float:
    start = time.perf_counter()
    despace_line(line)
    return time.perf_counter() - start


def test_a_10000_character_letter_spaced_line_despaces_in_under_a_second():
    despace_line("w o r d")  # loads the word model outside the timing
    line = _letter_spaced(10_000)
    assert len(line) >= 9_999
    assert _seconds(line) < 1.0


def test_despacing_time_grows_linearly_with_the_line():
    despace_line("w o r d")
    short = min(_seconds(_letter_spaced(2_000, seed)) for seed in range(3))
    long = min(_seconds(_letter_spaced(8_000, seed)) for seed in range(3))
    # four times the text: linear work takes about 4x; the old quadratic search took 16x+
    assert long < 8 * short + 0.05
