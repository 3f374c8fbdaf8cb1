"""Find a table's header row on a PDF page and the columns it names.

A header row is a line most of whose words are the words column headers use, one of
them naming the measure (measure, indicator, KPI, description, PI). Its band is the
filled box or ruled row it sits in, or, when there is neither, the header line and the
bold lines wrapped under it. The header words give the columns; vertical rules, where
drawn, give their edges, else the left edges the body text lines up on.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from scorecard_tui.parse.pdf_capture import PageCapture, TWord
from scorecard_tui.text.safe import clean_line

_TITLE_WORDS = {"measure", "measures", "indicator", "indicators", "kpi", "kpis", "description", "pi", "metric"}
_CODE_WORDS = {"ref", "reference", "code", "id", "pi", "no", "ref.", "no."}
_HEADER_WORDS = _TITLE_WORDS | _CODE_WORDS | {
    "target", "targets", "actual", "actuals", "result", "results", "outturn", "performance", "value", "forecast",
    "projected", "rag", "brag", "status", "rating", "dot", "direction", "trend", "travel", "commentary",
    "comments", "comment", "narrative", "explanation", "update", "actions", "action", "mitigation", "polarity",
    "good", "aim", "directorate", "department", "service", "portfolio", "theme", "priority", "review",
    "baseline", "benchmark", "previous", "current", "lead", "owner", "frequency", "year", "quarter", "q1", "q2",
    "q3", "q4", "management", "corrective", "next", "steps", "area", "end",
}  # fmt: skip
_GROUP_WORDS = {"directorate", "department", "service", "portfolio", "theme", "priority", "division"}
_WORD = re.compile(r"[a-z0-9.]+")


def line_words(line: Sequence[TWord]) -> list[str]:
    return [t for w in line for t in _WORD.findall(w.text.lower())]


def is_header_line(line: Sequence[TWord], titled: bool = True) -> bool:
    """True if most of the line's words are column-header words (one naming the measure, if ``titled``)."""
    words = [w for w in line_words(line) if not w.isdigit()]
    known = {w.rstrip(".") for w in words if w in _HEADER_WORDS}
    named = bool(known & _TITLE_WORDS)
    cells = len(_runs(list(line)))  # a header row has cells apart; a title is one run of words
    enough = (len(known) >= 3 and cells >= 2) or (named and len(known) == 2 and cells >= 3)  # "Indicator 2022/23 Trend"
    return enough and (named or not titled) and sum(w in _HEADER_WORDS for w in words) >= 0.5 * len(words)


@dataclass(frozen=True)
class Band:
    """The header row on one page: its vertical extent and its words."""

    top: float
    bottom: float
    words: tuple[TWord, ...]


def header_band(page: PageCapture, lines: list[list[TWord]], index: int) -> Band:
    """The header row around ``lines[index]``: its filled box, else its ruled row, else the bold lines
    next to it (cells wrapped over lines, or centred in a taller row)."""
    first = lines[index]
    top, bottom = min(w.top for w in first), max(w.bottom for w in first)
    x0, x1 = min(w.x0 for w in first), max(w.x1 for w in first)
    box = [f for f in page.fills if f.top <= top + 1 and f.bottom >= bottom - 1 and f.x0 <= x0 + 2 and f.x1 >= x1 - 2]
    across = [y for a, b, y in page.hrules if a <= x0 + 2 and b >= x1 - 2]
    below = sorted(y for y in across if y >= bottom - 0.5)
    above = [y for y in across if top - 3.0 * first[0].size <= y <= top + 0.5]
    if box:
        upper, limit = max(f.top for f in box), min(f.bottom for f in box)
    elif above and below:
        upper, limit = max(above), below[0]
    else:
        upper, limit = _bold_run(lines, index, top, bottom)
    words = tuple(
        w for line in lines for w in line if upper - 0.5 <= (w.top + w.bottom) / 2 <= max(limit, bottom) + 0.5
    )
    return Band(min(upper, top), max(limit, bottom), words)


def _bold_run(lines: list[list[TWord]], index: int, top: float, bottom: float) -> tuple[float, float]:
    """The extent of the bold lines run through ``lines[index]`` (close together, no gap); for a plain
    header, the close lines under it with nothing in its first cell's place (wrapped header cells)."""
    first = lines[index]
    if not all(w.bold for w in first):
        first_cell = first[0].x1 + 0.6 * first[0].size
        for line in lines[index + 1 :]:
            close = min(w.top for w in line) - bottom < 0.5 * line[0].size
            if close and min(w.x0 for w in line) > first_cell and not any(w.bold for w in line):
                bottom = max(w.bottom for w in line)
            else:
                break
        return top, bottom
    for line in lines[index + 1 :]:
        if all(w.bold for w in line) and min(w.top for w in line) - bottom < 0.6 * line[0].size:
            bottom = max(w.bottom for w in line)
        else:
            break
    for line in reversed(lines[:index]):
        if all(w.bold for w in line) and top - max(w.bottom for w in line) < 0.4 * line[0].size:
            top = min(w.top for w in line)
        else:
            break
    return top, bottom


@dataclass(frozen=True)
class Columns:
    """The table's columns: header text and left edges (``edges[i]`` starts column i)."""

    names: tuple[str, ...]
    edges: tuple[float, ...]
    right: float
    anchor: int
    """The column whose text starts a row: the code column, else the measure's title, else the first."""
    ruled: bool = False
    """True when vertical rules give the column edges (and so the last column's right edge)."""
    group: int | None = None
    """The grouping column (Directorate, Service, Portfolio, Theme...), if there is one."""
    code_anchor: bool = False
    """True when the anchor is a code column (codes do not wrap, so each new code starts a row)."""

    def index(self, w: TWord) -> int:
        """The column a word starts in (a word left of the table goes to the first column)."""
        return max(0, bisect_right(self.edges, w.x0 + 0.5) - 1)


def find_columns(band: Band, page: PageCapture, body: Sequence[TWord]) -> Columns:
    """The columns named by the header band's words."""
    probe = band.bottom - 2.0  # rules between the lowest header cells (a label above may span several)
    rules = sorted(x for x, top, bottom in page.vrules if top <= probe <= bottom + 0.5 and bottom > top)
    rules = [x for i, x in enumerate(rules) if i == 0 or x - rules[i - 1] > 1.5]
    edges: list[float] = []
    spans: dict[int, list[TWord]] = {}
    prefixes: list[list[TWord]] = []
    if len(rules) >= 2:
        cells: dict[int, list[TWord]] = {}
        lines = _band_lines(band.words)
        for n, line in enumerate(lines):
            for run in _runs(line):
                over = [k for k in range(len(rules) - 1) if _overlap(run, rules[k], rules[k + 1]) > 3.0]
                if n + 1 < len(lines) and len(over) >= 2:
                    for k in over:
                        spans.setdefault(k, []).extend(run)
                    continue
                for w in run:
                    cells.setdefault(bisect_right(rules, w.x0 + 0.5) - 1, []).append(w)
        clusters = [cells[k] for k in sorted(cells)]
        prefixes = [spans.get(k, []) for k in sorted(cells)]
        edges = [rules[k] if k >= 0 else min(w.x0 for w in cells[k]) - 2.0 for k in sorted(cells)]
    else:
        clusters = _clusters(band, _evidence(page, body))
        for i, cluster in enumerate(clusters):
            left = min(w.x0 for w in cluster)
            edges.append(left - 2.0 if i == 0 else _left_edge(clusters[i - 1], left, body))
    right = max(rules[-1] if rules else 0.0, max(w.x1 for w in band.words), max((w.x1 for w in body), default=0))
    if not prefixes:
        prefixes = [[] for _ in clusters]
    names = tuple(
        clean_line(" ".join(w.text for w in [*p, *_reading_order(c)])) for p, c in zip(prefixes, clusters, strict=True)
    )
    anchor = _anchor(names)
    group = next((i for i, n in enumerate(names) if set(_WORD.findall(n.lower())) & _GROUP_WORDS and i != anchor), None)
    code = bool(set(_WORD.findall(names[anchor].lower())) & _CODE_WORDS) if names else False
    return Columns(names, tuple(edges), right, anchor, ruled=len(rules) >= 2, group=group, code_anchor=code)


def _clusters(band: Band, evidence: Sequence[float]) -> list[list[TWord]]:
    """Header words grouped into cells: words that overlap or sit close on the x axis, unless
    the body's text or fills start a column in the gap between them."""
    size = max(w.size for w in band.words)
    out: list[list[TWord]] = []
    right = -1e9
    for w in sorted(band.words, key=lambda w: w.x0):
        split = any(right - 1.5 <= e <= w.x0 + 0.5 for e in evidence)
        if out and w.x0 - right < 0.6 * size and not split:
            out[-1].append(w)
            right = max(right, w.x1)
        else:
            out.append([w])
            right = w.x1
    return out


def _evidence(page: PageCapture, body: Sequence[TWord]) -> list[float]:
    """Left edges where several body rows start a run of text or a cell fill."""
    starts = Counter(round(w.x0) for w in _line_starts(body))
    starts.update(round(f.x0) for f in page.fills)
    return [float(x) for x, n in starts.items() if n >= 3]


def _band_lines(words: Sequence[TWord]) -> list[list[TWord]]:
    lines: list[list[TWord]] = []
    for w in sorted(words, key=lambda w: (w.top + w.bottom, w.x0)):
        if lines and abs(lines[-1][0].top + lines[-1][0].bottom - w.top - w.bottom) <= 0.8 * w.size:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def _runs(line: list[TWord]) -> list[list[TWord]]:
    """A line's words split where the gap is wider than a space."""
    out: list[list[TWord]] = []
    for w in line:
        if out and w.x0 - out[-1][-1].x1 < 0.6 * w.size:
            out[-1].append(w)
        else:
            out.append([w])
    return out


def _overlap(run: list[TWord], x0: float, x1: float) -> float:
    return min(run[-1].x1, x1) - max(run[0].x0, x0)


def _reading_order(words: list[TWord]) -> list[TWord]:
    lines: list[list[TWord]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        if lines and abs(lines[-1][0].top - w.top) <= 0.5 * w.size:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [w for line in lines for w in sorted(line, key=lambda w: w.x0)]


def _left_edge(prev: list[TWord], left: float, body: Sequence[TWord]) -> float:
    """Where a column starts when no rule says: where its body text lines up, if left of its header."""
    prev_right = max(w.x1 for w in prev)
    starts = Counter(round(w.x0) for w in _line_starts(body) if prev_right - 0.5 < w.x0 < left - 0.5)
    common = [x for x, n in starts.items() if n >= 2]
    return (min(common) if common else left) - 1.0


def _line_starts(body: Sequence[TWord]) -> list[TWord]:
    """Words that start a run of text (first on their line, or after a wide gap)."""
    out: list[TWord] = []
    prev: TWord | None = None
    for w in sorted(body, key=lambda w: (w.page, round(w.top), w.x0)):
        if prev is None or prev.page != w.page or abs(prev.top - w.top) > 1.0 or w.x0 - prev.x1 > 0.6 * w.size:
            out.append(w)
        prev = w
    return out


def _anchor(names: Sequence[str]) -> int:
    words = [set(_WORD.findall(n.lower())) for n in names]
    for i, ws in enumerate(words):
        if ws & _CODE_WORDS and len(ws) <= 3:
            return i
    for i, ws in enumerate(words):
        if ws & _TITLE_WORDS:
            return i
    return 0
