"""Break tests: hostile input must not cost unbounded CPU time (issue 8, point 9)."""

from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from scorecard_tui.parse.letters import despace_line
from scorecard_tui.parse.pdf_precheck import MAX_CHARS_PER_PAGE, MAX_WORDS_PER_PAGE
from scorecard_tui.parse.text import MAX_TEXT_CHARS
from scorecard_tui.store import Store
from tests.conftest import SEED_TEXT


def _letter_spaced(chars: int, seed: int = 8) -> str:
    """A line of single letters separated by single spaces, as a letter-spaced extraction gives."""
    rng = random.Random(seed)
    return " ".join(rng.choice("etaoinshrdlucmfwyp") for _ in range(chars // 2))[:chars]


def _seconds(line: str) -> float:
    """CPU seconds this process spends de-spacing ``line`` (other processes' load does not count)."""
    start = time.process_time()
    despace_line(line)
    return time.process_time() - start


def test_a_10000_character_letter_spaced_line_despaces_in_under_a_second():
    despace_line("w o r d")  # loads the word model outside the timing
    line = _letter_spaced(10_000)
    assert len(line) >= 9_999
    assert min(_seconds(line) for _ in range(2)) < 1.0  # about 0.2 s: the old search took minutes


def test_despacing_time_grows_linearly_with_the_line():
    despace_line("w o r d")
    short = min(_seconds(_letter_spaced(2_000, seed)) for seed in range(3))
    long = min(_seconds(_letter_spaced(8_000, seed)) for seed in range(3))
    # four times the text: linear work takes about 4x; the old quadratic search took 16x+
    assert long < 8 * short + 0.05


def _page_of_words(path: Path, words: int, word: str = "word") -> Path:
    """One 2,000-point page of ``words`` words in a 2-point font."""
    canvas = Canvas(str(path), pagesize=(2000, 2000))
    text = canvas.beginText(5, 1990)
    text.setFont("Helvetica", 2)
    sep = " " if word == "word" else ""
    for _ in range(words // 250):
        text.textLine(sep.join(word for _ in range(250)))
    canvas.drawText(text)
    canvas.save()
    return path


def _import(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scorecard_tui", "import", *args], capture_output=True, text=True, timeout=60
    )


def test_a_page_of_150000_words_is_refused_in_one_line_before_it_is_read(tmp_path: Path):
    pdf = _page_of_words(tmp_path / "dense.pdf", 150_000)
    db = tmp_path / "scorecard.db"
    with Store(db):
        pass
    before = db.read_bytes()
    start = time.perf_counter()
    result = _import(str(pdf), "--db", str(db))
    elapsed = time.perf_counter() - start
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"scorecard: {pdf}: page 1 has 150,000 words; a scorecard page has at most "
        f"{MAX_WORDS_PER_PAGE:,}: not a scorecard"
    ]
    assert db.read_bytes() == before
    assert elapsed < 15  # pdfplumber alone took 50 s to list this page's characters


def test_a_page_of_words_run_together_is_refused_by_its_characters(tmp_path: Path):
    pdf = _page_of_words(tmp_path / "run-together.pdf", 250 * 100, word="wordword")
    db = tmp_path / "scorecard.db"
    result = _import(str(pdf), "--db", str(db))
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.endswith(
        f"page 1 has 200,000 characters; a scorecard page has at most {MAX_CHARS_PER_PAGE:,}: not a scorecard"
    )


def test_a_text_file_over_the_text_limit_is_refused_before_it_is_repaired(tmp_path: Path):
    seed = SEED_TEXT.read_text(encoding="utf-8")
    big = tmp_path / "long.txt"
    big.write_text(seed * (MAX_TEXT_CHARS // len(seed) + 1), encoding="utf-8")
    start = time.perf_counter()
    result = _import(str(big), "--db", str(tmp_path / "t.db"))
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.endswith(f"a scorecard's text extraction has at most {MAX_TEXT_CHARS:,}: not a scorecard")
    assert time.perf_counter() - start < 10
