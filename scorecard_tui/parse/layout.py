"""Geometry helpers for the PDF reader: words, lines, gutters and word tolerances.

Nothing here knows about scorecards; it only knows words on pages.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import median
from typing import Any, TypeVar


@dataclass(frozen=True, slots=True)
class WordBox:
    """A word's box on a page (PDF points, top-down), its text and font size: what every reader's word holds."""

    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    size: float


W = TypeVar("W", bound=WordBox)


@dataclass(frozen=True, slots=True)
class Word(WordBox):
    """A word placed on a page (PDF points, top-down)."""

    page: int


def x_tolerance(chars: Sequence[dict[str, Any]]) -> float:
    """The gap below which two glyphs on a line belong to one word, measured on the page.

    With space glyphs drawn, words split at them and the cut need only clear the letter
    spacing. Without them, glyph gaps fall in two clusters (inside words, between words)
    and the cut goes between the two (Otsu's threshold).
    """
    gaps: list[float] = []
    widths: list[float] = []
    spaces = 0
    prev = None
    for ch in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        if ch["text"].isspace():
            spaces += 1
            prev = None
            continue
        widths.append(ch["x1"] - ch["x0"])
        if prev is not None and abs(prev["top"] - ch["top"]) < 1.0:
            gaps.append(ch["x0"] - prev["x1"])
        prev = ch
    if len(gaps) < 10:
        return 3.0
    width = median(widths)
    near = sorted(g for g in gaps if g < 2.5 * width)
    if not near:
        return 3.0
    if spaces > 0.02 * len(chars):
        return near[int(0.98 * (len(near) - 1))] + 0.25 * width
    if near[-1] - near[0] < 0.1 * width:
        return 3.0  # one cluster: every near gap is inside a word
    return _otsu(near)


def _otsu(values: list[float]) -> float:
    """The cut between the two clusters of sorted values."""
    n = len(values)
    total = sum(values)
    best, cut, left = -1.0, values[-1], 0.0
    for i in range(1, n):
        left += values[i - 1]
        w0, w1 = i / n, (n - i) / n
        m0, m1 = left / i, (total - left) / (n - i)
        between = w0 * w1 * (m0 - m1) ** 2
        if between > best:
            best, cut = between, (values[i - 1] + values[i]) / 2
    return cut


def group_lines(words: Iterable[Word], tolerance: float | None = None) -> list[list[Word]]:
    """Words grouped into lines by their tops, each line sorted left to right."""
    ordered = sorted(words, key=lambda w: (w.page, w.top, w.x0))
    lines: list[list[Word]] = []
    for w in ordered:
        tol = tolerance if tolerance is not None else 0.5 * w.size
        if lines and lines[-1][0].page == w.page and abs(lines[-1][0].top - w.top) <= tol:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def line_text(line: Sequence[Word]) -> str:
    """The words of a line joined by spaces."""
    return " ".join(w.text for w in line)


def runs(line: Sequence[W]) -> list[list[W]]:
    """A line's separately placed runs of words: split where the gap is wider than two of the font's sizes."""
    out: list[list[W]] = []
    for w in line:
        if out and w.x0 - out[-1][-1].x1 <= 2.0 * w.size:
            out[-1].append(w)
        else:
            out.append([w])
    return out


def segments(line: Sequence[Word]) -> list[str]:
    """The texts of a line's separately placed runs of words."""
    return [line_text(s) for s in runs(line)]


def merge_spans(spans: Iterable[tuple[float, float]], min_gutter: float = 1.0) -> list[tuple[float, float]]:
    """Overlapping (or nearly touching) x ranges merged into one."""
    merged: list[list[float]] = []
    for x0, x1 in sorted(spans):
        if merged and x0 <= merged[-1][1] + min_gutter:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return [(a, b) for a, b in merged]


class PageWords:
    """One page's words stored compactly (8 bytes a coordinate), made into Words on demand."""

    __slots__ = ("coords", "number", "texts")

    def __init__(self, number: int, words: Sequence[Word]) -> None:
        self.number = number
        self.coords = array("d", [v for w in words for v in (w.x0, w.x1, w.top, w.bottom, w.size)])
        self.texts = [w.text for w in words]

    def __len__(self) -> int:
        return len(self.texts)

    def words(self) -> list[Word]:
        c = self.coords
        return [
            Word(c[5 * i], c[5 * i + 1], c[5 * i + 2], c[5 * i + 3], text, c[5 * i + 4], self.number)
            for i, text in enumerate(self.texts)
        ]
