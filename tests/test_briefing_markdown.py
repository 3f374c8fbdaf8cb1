"""Issue 22, point 1: the briefing's Markdown text, checked against a CommonMark renderer (with
GitHub's tables and strikethrough) over generated text full of Markdown: every piece of report text
renders as itself, and never as a link, image, HTML, heading, list, quote, code, emphasis or table."""

from __future__ import annotations

import html
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from scorecard_tui.outputs.briefing import _md_lines
from scorecard_tui.text.markdown_text import cell, heading, inline, strong

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
PIECES = [*"ab1 #*_`[]()<>!&;|~\\-=+:/.\"'", "http", "&amp;", "&#42;", "<b>", "</a>", "1.", "](", "**", "__"]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=25).map("".join)
CHECKED = settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))


def _tags(rendered: str) -> set[str]:
    return set(re.findall(r"<([a-z0-9]+)", rendered))


def _text(rendered: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip()


def _words(text: str) -> str:
    return " ".join(text.split())


@CHECKED
@given(TEXTS)
def test_inline_text_renders_as_itself_in_a_list_item(text: str):
    rendered = MD.render(f"- **Why:** {inline(text)}")
    assert _tags(rendered) <= {"ul", "li", "strong"} and rendered.count("<strong>") == 1
    assert _text(rendered) == _words(f"Why: {text}")


@CHECKED
@given(TEXTS, TEXTS)
def test_two_texts_on_one_line_stay_apart(code: str, title: str):
    """A link, emphasis or code span cannot start in one field and end in the next."""
    rendered = MD.render(f"- **RAISE** {inline(code)}: {inline(title)}")
    assert _tags(rendered) <= {"ul", "li", "strong"} and rendered.count("<strong>") == 1
    assert _text(rendered) == _words(f"RAISE {_words(code)}: {title}")


@CHECKED
@given(TEXTS)
def test_bold_text_renders_as_itself_in_bold(text: str):
    if not _words(text):
        return
    rendered = MD.render(f"x {strong(text)} y")
    assert _tags(rendered) <= {"p", "strong"}
    assert _text(rendered) == _words(f"x {text} y")


@CHECKED
@given(TEXTS, TEXTS)
def test_cells_stay_in_their_cells(a: str, b: str):
    rendered = MD.render(f"| A | B |\n|---|---|\n| {cell(a)} | {cell(b)} |\n")
    assert _tags(rendered) <= {"table", "thead", "tbody", "tr", "th", "td"}
    cells = re.findall(r"<td>(.*?)</td>", rendered, re.S)
    assert [html.unescape(c).strip() for c in cells] == [_words(a), _words(b)]


@CHECKED
@given(TEXTS)
def test_heading_text_renders_whole(text: str):
    rendered = MD.render(f"### C: {heading(text)}")
    assert _tags(rendered) == {"h3"}
    assert _text(rendered) == _words(f"C: {text}")


@CHECKED
@given(st.lists(TEXTS, min_size=1, max_size=5))
def test_a_note_s_lines_stay_lines_of_one_paragraph(lines: list[str]):
    if not "".join(lines).strip():
        return  # an empty note is no note (the store leaves it out)
    body = "\n".join(f"    {line}" for line in _md_lines("\n".join(lines)))
    rendered = MD.render(f"- item\n  - Note:\\\n{body}\n")
    assert _tags(rendered) <= {"ul", "li", "br"}
    shown = [_words(html.unescape(re.sub(r"<[^>]+>", "", part))) for part in rendered.split("<br />")[1:]]
    expected = [_words(line) for line in "\n".join(lines).strip().splitlines()]
    assert [re.sub("^\u2022", "-", s) for s in shown] == [re.sub(r"^[*+](?= )", "-", e) for e in expected]
