"""Words into lines, lines into a cell's paragraphs, and a page's furniture left out (table PDFs)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from scorecard_tui.parse.furniture import is_marking
from scorecard_tui.parse.layout import runs
from scorecard_tui.parse.page_forms import is_page_label, is_page_number
from scorecard_tui.parse.pdf_capture import PageCapture, TWord
from scorecard_tui.parse.pdf_header import is_header_line
from scorecard_tui.text.safe import clean_line

Line = list[TWord]

PAGE_NUMBER = re.compile(r"\bpage\s*\d+(\s*(of|/)\s*\d+)?$|^\d+(\s+of\s+\d+)?$", re.I)
_BULLET = "•-–▪◦*"


def text_lines(words: Sequence[TWord]) -> list[Line]:
    """Words in lines by their vertical centres (a larger glyph, such as an arrow, stays on its line)."""
    out: list[Line] = []
    for w in sorted(words, key=lambda w: (w.top + w.bottom, w.x0)):
        first = out[-1][0] if out else None
        if first and abs(first.top + first.bottom - w.top - w.bottom) <= 0.8 * max(w.size, first.size):
            out[-1].append(w)
        else:
            out.append([w])
    return [sorted(line, key=lambda w: w.x0) for line in out]


def words_text(words: Sequence[TWord]) -> str:
    return clean_line(" ".join(w.text for w in words))


def body_lines(pages: list[PageCapture]) -> list[list[Line]]:
    """Each page's lines without its furniture: page numbers, protective markings (``OFFICIAL``) and lines
    repeated near the top or bottom of pages."""
    per_page = [text_lines(p.words) for p in pages]
    seen: Counter[tuple[str, int]] = Counter()
    keys: list[list[tuple[str, int]]] = []
    for lines in per_page:
        ks = [(re.sub(r"\d+", "#", words_text(ln).lower()), round(ln[0].top / 4)) for ln in lines]
        keys.append(ks)
        seen.update(set(ks))
    repeated = max(2, len(pages) // 2)
    out: list[list[Line]] = []
    for page, lines, ks in zip(pages, per_page, keys, strict=True):
        margin = 0.12 * page.height
        furniture = {id(ln) for ln in page_furniture(page, lines)}
        kept: list[Line] = []
        in_header = False
        for i, (ln, k) in enumerate(zip(lines, ks, strict=True)):
            close = bool(kept) and ln[0].top - kept[-1][0].top < 2.5 * ln[0].size
            in_header = is_header_line(ln, False) or (in_header and close)
            top, bottom = ln[0].top, max(w.bottom for w in ln)
            if top < margin:  # apart from the lines below it, as a running head is
                edge = i + 1 == len(lines) or lines[i + 1][0].top - bottom > 1.2 * ln[0].size
            else:  # apart from the lines above it, as a footer is
                edge = bottom > page.height - margin and (i == 0 or top - lines[i - 1][0].bottom > 1.2 * ln[0].size)
            numbered = PAGE_NUMBER.search(words_text(ln)) or is_page_number(words_text(ln))
            # a page number set close above (below) the table, with no gap: still furniture
            edge = edge or (id(ln) in furniture and any(map(is_page_label, furniture_texts(ln))))
            marking = (top < margin or bottom > page.height - margin) and is_marking(words_text(ln))
            if not marking and (in_header or not edge or not (numbered or seen[k] >= repeated)):
                kept.append(ln)
        out.append(kept)
    return out


def page_furniture(page: PageCapture, lines: list[Line]) -> list[Line]:
    """The page's header and footer lines: those in its top (bottom) eighth, down (up) to the
    first gap wider than a line, which parts a running header (footer) from the body."""
    margin = 0.12 * page.height

    def block(ordered: list[Line], inside: Callable[[Line], bool], gap: Callable[[Line, Line], float]) -> list[Line]:
        for k, ln in enumerate(ordered):
            if not inside(ln):
                return ordered[:k]
            if k + 1 == len(ordered) or gap(ln, ordered[k + 1]) > 1.2 * ln[0].size:
                return ordered[: k + 1]
        return ordered

    top = block(lines, lambda ln: _bottom(ln) <= margin, lambda a, b: b[0].top - _bottom(a))
    bottom = block(lines[::-1], lambda ln: ln[0].top >= page.height - margin, lambda a, b: a[0].top - _bottom(b))
    return top + bottom[::-1]


def furniture_texts(line: Line) -> list[str]:
    """A furniture line's text, and the runs set apart at its ends when it has at most three
    ("Borough Council ... 4"), where a page number stands."""
    parts = runs(line)
    texts = [words_text(line)]
    if 1 < len(parts) <= 3:
        texts += [words_text(parts[0]), words_text(parts[-1])]
    return texts


def _bottom(line: Line) -> float:
    return max(w.bottom for w in line)


def cell_text(words: list[TWord]) -> str:
    """A cell's lines joined into paragraphs: a wider gap or a bullet starts a new one."""
    if not words:
        return ""
    lines = _lines_by_page(words)
    limit = max(w.x1 for w in words)
    paras: list[str] = []
    prev: Line | None = None
    for line in lines:
        text = words_text(line)
        if not text:
            continue
        new = prev is None or text[:1] in _BULLET
        if prev is not None and line[0].page == prev[0].page:
            new = new or line[0].top - prev[0].top > 1.6 * max(w.size for w in prev)
        elif prev is not None:  # over a page break: a sentence ended on a line the next word would have fitted
            room = limit - prev[-1].x1 - 0.3 * prev[-1].size
            new = new or (paras[-1].endswith((".", "!", "?", ":")) and line[0].x1 - line[0].x0 <= room)
        if new:
            paras.append(text)
        elif paras[-1].endswith(("-", "/")) and len(paras[-1].rsplit(" ", 1)[-1]) > 1 and text[:1].islower():
            paras[-1] += text
        else:
            paras[-1] += " " + text
        prev = line
    return "\n".join(paras)


def _lines_by_page(words: list[TWord]) -> list[Line]:
    out: list[Line] = []
    for page in sorted({w.page for w in words}):
        out += text_lines([w for w in words if w.page == page])
    return out
