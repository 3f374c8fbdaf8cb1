"""Read a scorecard PDF with pdfplumber.

Columns are found from the page itself (gutters that no word crosses, named by what they
hold), rows from the RAG cells, so fonts, widths, paper size, ruling lines and colours do
not matter. Footers and directorate headings are recognised by their wording.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from statistics import median

from scorecard_tui.errors import ScorecardError
from scorecard_tui.parse.footer import FooterInfo, is_footer
from scorecard_tui.parse.layout import Word, columns, group_lines, line_text, segments, x_tolerance
from scorecard_tui.parse.rows import RowCells

_HEADING = re.compile(r"^Directorate\s*:\s*(?P<name>.+)$", re.I)
_RAGS = re.compile(r"^(red|amber|green|n/a)+$")
_DIRECTIONS = re.compile(r"^(improving|stabilised|deteriorating)+$")
TEXT_FIELDS = ("commentary", "actions", "review")

ProgressCallback = Callable[[int, int], None]


@dataclass
class _Heading:
    page: int
    top: float
    name: str


@dataclass
class _Columns:
    measure: tuple[float, float]
    rag_quarter: tuple[float, float]
    rag_forecast: tuple[float, float]
    data: tuple[float, float]
    direction: tuple[float, float] | None
    texts: list[tuple[float, float]]

    def field_of(self, w: Word) -> str | None:
        centre = (w.x0 + w.x1) / 2
        named = [
            ("measure", self.measure),
            ("rag_quarter", self.rag_quarter),
            ("rag_forecast", self.rag_forecast),
            ("data", self.data),
            ("direction", self.direction),
            *zip(TEXT_FIELDS, self.texts, strict=False),
        ]
        for name, span in named:
            if span and span[0] - 0.5 <= centre <= span[1] + 0.5:
                return name
        return None


def read_pdf_words(
    path: Path, footer: FooterInfo, on_page: ProgressCallback | None = None
) -> tuple[list[Word], list[_Heading], int]:
    """Body words, directorate headings and page count; footers go into ``footer``."""
    import pdfplumber

    body: list[Word] = []
    headings: list[_Heading] = []
    pdf = pdfplumber.open(path)
    seen = 0
    with pdf:
        total = len(pdf.pages)
        for number, page in enumerate(pdf.pages, start=1):
            words = page.extract_words(x_tolerance=x_tolerance(page.chars), extra_attrs=["size"])
            placed = [Word(w["x0"], w["x1"], w["top"], w["bottom"], w["text"], w["size"], number) for w in words]
            seen += len(placed)
            page.close()
            _sort_page(placed, footer, body, headings)
            if on_page:
                on_page(number, total)
    if not seen:
        raise ScorecardError("no text found (a scanned or empty PDF?)")
    if not headings:
        raise ScorecardError("not a scorecard: no 'Directorate :' headings found")
    return body, headings, total


def _sort_page(words: list[Word], footer: FooterInfo, body: list[Word], headings: list[_Heading]) -> None:
    in_footer = False
    for line in group_lines(words):
        text = line_text(line)
        if in_footer or is_footer(text):
            in_footer = True
            footer.read(segments(line))
        elif m := _HEADING.match(text):
            headings.append(_Heading(line[0].page, line[0].top, " ".join(m["name"].split())))
        elif headings:
            body.extend(line)


def find_columns(body: list[Word]) -> _Columns:
    """Name the columns by what they hold."""
    spans = columns(body)
    texts: dict[tuple[float, float], str] = {s: "" for s in spans}
    for w in sorted(body, key=lambda w: (w.page, w.top, w.x0)):
        for s in spans:
            if s[0] <= w.x0 and w.x1 <= s[1]:
                texts[s] += w.text.lower()
                break
    rags = [s for s in spans if _RAGS.match(texts[s])]
    data = [s for s in spans if "quarterlydata" in texts[s] and "target" in texts[s]]
    if len(rags) < 2 or not data:
        raise ScorecardError("not a scorecard: no RAG and 'Quarterly data' columns found")
    direction = next((s for s in spans if _DIRECTIONS.match(texts[s])), None)
    after = (direction or data[0])[1]
    narrative = [s for s in spans if s[0] > after]
    if len(narrative) != 3:
        raise ScorecardError(
            f"not a scorecard: expected commentary, actions and review columns, found {len(narrative)}"
        )
    return _Columns(spans[0], rags[0], rags[1], data[0], direction, narrative)


def read_pdf_rows(
    path: Path, footer: FooterInfo, on_page: ProgressCallback | None = None
) -> tuple[list[RowCells], int]:
    """The rows of a scorecard PDF and its page count.

    Raises:
        ScorecardError: for a PDF that cannot be read or is not a scorecard.
    """
    body, headings, total = read_pdf_words(path, footer, on_page)
    cols = find_columns(body)
    by_field: dict[str, list[Word]] = {}
    for w in body:
        if name := cols.field_of(w):
            by_field.setdefault(name, []).append(w)
    starts = _row_starts(by_field.get("rag_quarter", []) + by_field.get("rag_forecast", []))
    rows = _assign(by_field, starts, headings)
    limits = {name: max(w.x1 for w in ws) for name, ws in by_field.items()}
    leading = _leading(by_field)
    space = _space_width(by_field)
    for row, cells in rows:
        _fill(row, cells, limits, leading, space)
    return [r for r, _ in rows], total


def _row_starts(rag_words: list[Word]) -> list[tuple[int, float]]:
    """Where rows begin: the first line of each RAG cell (continuations have none)."""
    starts: list[tuple[int, float]] = []
    for line in group_lines(rag_words):
        w = line[0]
        near = [s for s in starts if s[0] == w.page and abs(s[1] - w.top) < 1.6 * w.size * 1.5]
        if not near:
            starts.append((w.page, w.top))
    return sorted(starts)


def _assign(
    by_field: dict[str, list[Word]], starts: list[tuple[int, float]], headings: list[_Heading]
) -> list[tuple[RowCells, dict[str, list[Word]]]]:
    marks = sorted([(p, t, "row", "") for p, t in starts] + [(h.page, h.top, "heading", h.name) for h in headings])
    rows: list[tuple[RowCells, dict[str, list[Word]]]] = []
    directorate = ""
    for page, _top, kind, name in marks:
        if kind == "heading":
            directorate = name
        else:
            if not directorate:
                raise ScorecardError("a measure comes before any 'Directorate :' heading")
            rows.append((RowCells(directorate, first_page=page, last_page=page), {}))
    row_marks = [(p, t) for p, t, kind, _ in marks if kind == "row"]
    for name, words in by_field.items():
        for w in words:
            i = _row_index(row_marks, w)
            if i is None:
                continue
            row, cells = rows[i]
            cells.setdefault(name, []).append(w)
            row.last_page = max(row.last_page, w.page)
    return rows


def _row_index(marks: list[tuple[int, float]], w: Word) -> int | None:
    key = (w.page, w.top + 0.6 * w.size)
    lo, hi = 0, len(marks)
    while lo < hi:
        mid = (lo + hi) // 2
        if marks[mid] <= key:
            lo = mid + 1
        else:
            hi = mid
    return lo - 1 if lo else None


def _leading(by_field: dict[str, list[Word]]) -> float:
    deltas: list[float] = []
    for name in TEXT_FIELDS:
        lines = group_lines(by_field.get(name, []))
        for a, b in itertools.pairwise(lines):
            if a[0].page == b[0].page and 0 < b[0].top - a[0].top < 3 * a[0].size:
                deltas.append(b[0].top - a[0].top)
    return median(deltas) if deltas else 10.0


def _space_width(by_field: dict[str, list[Word]]) -> float:
    """The usual gap between words on a line of narrative."""
    gaps = [
        b.x0 - a.x1
        for name in TEXT_FIELDS
        for line in group_lines(by_field.get(name, []))
        for a, b in itertools.pairwise(line)
    ]
    return median(gaps) if gaps else 2.5


def _fill(row: RowCells, cells: dict[str, list[Word]], limits: dict[str, float], leading: float, space: float) -> None:
    def plain(name: str) -> str:
        text = ""
        for line in group_lines(cells.get(name, [])):
            joined = line_text(line)
            text = text + joined if _broken_word(text, joined) else f"{text} {joined}".strip()
        return text

    row.measure = plain("measure")
    row.rag_quarter = plain("rag_quarter")
    row.rag_forecast = plain("rag_forecast")
    row.data = plain("data")
    row.direction = plain("direction")
    for name in TEXT_FIELDS:
        setattr(row, name, _paragraphs(group_lines(cells.get(name, [])), limits.get(name, 0), leading, space))


def _paragraphs(lines: list[list[Word]], limit: float, leading: float, space: float) -> list[str]:
    """Join lines into paragraphs: a wide gap, or a line the next word would have fitted on, ends one."""
    out: list[str] = []
    prev: list[Word] | None = None
    for line in lines:
        if prev is None:
            out.append(line_text(line))
        else:
            if line[0].page == prev[0].page:
                gap_break = line[0].top - prev[0].top > 1.3 * leading
            else:
                gap_break = line[0].text[:1] in "-•"
            fits = prev[-1].x1 + space + (line[0].x1 - line[0].x0) <= limit - 0.5
            if gap_break or fits:
                out.append(line_text(line))
            elif _broken_word(out[-1], line[0].text):
                out[-1] += line_text(line)
            else:
                out[-1] += " " + line_text(line)
        prev = line
    return out


def _broken_word(before: str, after: str) -> bool:
    """A line ending inside a word broken after "/" or "-" (``reablement/`` + ``rehabilitation``)."""
    last = before.rsplit(" ", 1)[-1]
    return len(last) > 1 and (last.endswith("/") or (last.endswith("-") and after[:1].islower()))
