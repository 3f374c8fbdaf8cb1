"""Read a pdftotext-style text extraction of a scorecard."""

from __future__ import annotations

import re
from dataclasses import dataclass

from scorecard_tui.errors import ScorecardError
from scorecard_tui.parse.doris import DIRECTORATE_HEADING, TITLE_LINES, Extraction
from scorecard_tui.parse.fields import is_direction_word, looks_like_code_start, squash
from scorecard_tui.parse.footer import FooterInfo, is_footer
from scorecard_tui.parse.letters import despace_line
from scorecard_tui.parse.narrative import Block, paragraphs, review_width, split_narrative
from scorecard_tui.parse.page_numbers import NOT_NUMBERED, PageNumber, check_page_numbers
from scorecard_tui.parse.rows import RowCells

_RAG_LINE = re.compile(r"^(red|amber|green|n/a)(red|amber|green|n/a)?quarterlydata$")
MAX_TEXT_CHARS = 1_000_000
"""The longest text extraction read (the 11-page sample's is 32,000 characters); repairing
letter-spaced text costs about 12 µs a character, so this bounds a file to about 12 s."""


@dataclass
class _Line:
    text: str
    page: int


_TEXT_NUMBERED = "numbered 'Page N of M': checked for repeats and order (a text extraction loses some footers)"


def read_text_rows(raw: str) -> Extraction:
    """Rows of a text extraction, what its footers say, the number of pages it names, and the
    lines above the first heading (such as "ILLUSTRATIVE DATA - NOT PUBLISHED").

    Raises:
        ScorecardError: when the text holds no scorecard rows.
    """
    if len(raw) > MAX_TEXT_CHARS:
        raise ScorecardError(
            f"the text has {len(raw):,} characters; a scorecard's text extraction has at most "
            f"{MAX_TEXT_CHARS:,}: not a scorecard"
        )
    footer = FooterInfo()
    lines: list[_Line] = []
    numbering: list[PageNumber] = []
    page = 1
    for raw_line in raw.splitlines():
        text = despace_line(raw_line)
        if is_footer(text):
            stated = footer.read([text])
            if stated:
                page = stated + 1
                numbering.append((stated, footer.total_pages or 0))
            continue
        lines.append(_Line(text, page))
    check_page_numbers(numbering, every_footer_read=False)
    checked = _TEXT_NUMBERED if numbering else NOT_NUMBERED
    first = next((i for i, ln in enumerate(lines) if DIRECTORATE_HEADING.match(ln.text)), 0)
    title_lines = tuple([t for ln in lines[:first] if (t := " ".join(ln.text.split()))][:TITLE_LINES])
    anchors = [i for i, ln in enumerate(lines) if _RAG_LINE.match(squash(ln.text))]
    if not anchors:
        raise ScorecardError("no scorecard measures found (no 'Quarterly data' rows)")
    starts = [_title_start(lines, a) for a in anchors]
    rows: list[RowCells] = []
    narratives: list[list[Block]] = []
    directorate = ""
    cursor = 0
    for n, (anchor, start) in enumerate(zip(anchors, starts, strict=True)):
        for ln in lines[cursor:anchor]:
            if m := DIRECTORATE_HEADING.match(ln.text):
                directorate = " ".join(m["name"].split())
        if not directorate:
            raise ScorecardError("a measure comes before any 'Directorate :' heading")
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        row, blocks = _read_row(lines, directorate, start, anchor, end)
        rows.append(row)
        narratives.append(blocks)
        cursor = anchor
    narrow = review_width(narratives)
    for row, blocks in zip(rows, narratives, strict=True):
        commentary, actions, review = split_narrative(blocks, narrow)
        row.commentary = [p for b in commentary for p in paragraphs(b)]
        row.actions = [p for b in actions for p in paragraphs(b)]
        row.review = [p for b in review for p in paragraphs(b)]
    return Extraction(rows, footer, footer.total_pages or max(ln.page for ln in lines), title_lines, checked)


def _title_start(lines: list[_Line], anchor: int) -> int:
    """The first line of the measure cell above a RAG line."""
    i = anchor - 1
    while i >= 0 and not lines[i].text:
        i -= 1
    end = i
    while i >= 0 and lines[i].text and not DIRECTORATE_HEADING.match(lines[i].text):
        if looks_like_code_start(lines[i].text):
            return i
        i -= 1
    raise ScorecardError(f"no measure code above the row at {lines[end].text[:40]!r}")


def _read_row(lines: list[_Line], directorate: str, start: int, anchor: int, end: int) -> tuple[RowCells, list[Block]]:
    title = [ln.text for ln in lines[start:anchor] if ln.text and not DIRECTORATE_HEADING.match(ln.text)]
    rag = _RAG_LINE.match(squash(lines[anchor].text))
    assert rag
    row = RowCells(
        directorate=directorate,
        measure=" ".join(title),
        rag_quarter=rag[1],
        rag_forecast=rag[2] or "",
        first_page=lines[start].page,
        last_page=max((ln.page for ln in lines[start:end] if ln.text), default=lines[start].page),
    )
    data = ["Quarterly data"]
    i = anchor + 1
    seen_forecast = seen_actual = False
    while i < end:
        text = lines[i].text
        if not text and seen_actual:
            break
        if text:
            data.append(text)
            seen_forecast |= squash(text).startswith("forecastdata")
            seen_actual |= seen_forecast and "actual" in squash(text)
        i += 1
    row.data = " ".join(data)
    while i < end and not lines[i].text:
        i += 1
    if i < end and is_direction_word(lines[i].text):
        row.direction = lines[i].text
        i += 1
    blocks: list[Block] = []
    for ln in lines[i:end]:
        if DIRECTORATE_HEADING.match(ln.text):
            break
        if not ln.text:
            if blocks and blocks[-1]:
                blocks.append([])
            continue
        if not blocks:
            blocks.append([])
        blocks[-1].append(ln.text)
    return row, [b for b in blocks if b]
