"""Tell commentary, actions and review apart in text that carries no column positions.

A text extraction prints a row's narrative cells one after another as blank-line
separated blocks: the commentary, then the actions, then the review. The review column
is narrower, so its lines are shorter; where commentary ends and actions begin is read
from the wording, as a careful reader would (what happened vs. what will be done).
"""

from __future__ import annotations

import re
from statistics import median

Block = list[str]
_CLEAR_ACTION = 2.0

_ACTION_CUES = [
    (re.compile(r"^[-•#]?\s*(continue|embed|implement|deliver|ensure|develop|review|introduce|improve)\b", re.I), 3.0),
    (re.compile(r"^[-•#]?\s*(to reduce|to improve|actions?)\b", re.I), 3.0),
    (re.compile(r"\b(we|work|team|checks|assessments|actions)\s+(will|are|is|continues?|regularly|have)\b", re.I), 2.0),
    (
        re.compile(
            r"\bwill\s+(continue|begin|be using|remain on-going|be at full|be allocated|be targeted|be supported)\b",
            re.I,
        ),
        2.0,
    ),
    (re.compile(r"\b(initiatives|strategy|planned to continue)\b", re.I), 2.0),
    (re.compile(r"\b(has|have) continued to\b", re.I), 1.0),
    (re.compile(r"\bthere will be\b", re.I), 2.0),
    (
        re.compile(
            r"\b(on-going|ongoing|planned to continue|action plan|meetings in place|has resolved|implement)\b", re.I
        ),
        1.5,
    ),
]
_COMMENT_CUES = [
    (re.compile(r"\b(was|were|has been|have been|had)\b", re.I), -1.0),
    (re.compile(r"\d+(\.\d+)?%|\bfigures?\b|\bdata\b|\bperformance\b", re.I), -1.0),
    (re.compile(r"\b(it is anticipated|it should be noted|despite|because)\b", re.I), -1.0),
]


def split_narrative(blocks: list[Block], narrow: int) -> tuple[list[Block], list[Block], list[Block]]:
    """Split a row's narrative blocks into commentary, actions and review.

    Args:
        blocks: Blank-line separated blocks of lines, in order.
        narrow: The longest line (in characters) a review-column block has.
    """
    end = len(blocks)
    while end > 0 and max(map(len, blocks[end - 1])) <= narrow:
        end -= 1
    if end == len(blocks) and blocks:
        end = len(blocks) - 1
    wide, review = blocks[:end], blocks[end:]
    if len(wide) < 2:
        return wide, [], review
    scores = [action_score(" ".join(b)) for b in wide]
    clear = [k for k in range(1, len(wide)) if scores[k] >= _CLEAR_ACTION]
    best = clear[0] if clear else max(range(1, len(wide)), key=lambda k: (sum(scores[k:]), k))
    return wide[:best], wide[best:], review


def action_score(text: str) -> float:
    """How much a block reads as an action rather than commentary (the first sentence counts most)."""
    first = re.split(r"(?<=[.;:])\s", text, maxsplit=1)[0]
    score = sum(w for p, w in _ACTION_CUES if p.search(first))
    score += sum(w for p, w in _COMMENT_CUES if p.search(first))
    if re.match(r"^[-•#]", text):
        score += 0.5
    return score


def review_width(rows: list[list[Block]]) -> int:
    """The line width separating review blocks from commentary, measured on the document.

    The last block of a row is review text; the first is commentary.
    """
    last = [max(map(len, r[-1])) for r in rows if r]
    first = [max(map(len, r[0])) for r in rows if len(r) > 1]
    if not last or not first:
        return 40
    return int((median(last) + median(first)) / 2)


def paragraphs(block: Block) -> list[str]:
    """Paragraphs of a block: a bullet, or a line ending a sentence well short of the column, ends one."""
    width = max(map(len, block))
    out: list[list[str]] = []
    for i, line in enumerate(block):
        prev = block[i - 1] if i else ""
        bullet = bool(re.match(r"^[-•#]", line))
        hard = bool(prev) and prev.rstrip().endswith((".", ":")) and len(prev) < 0.8 * width and line[:1].isupper()
        if not out or bullet or hard:
            out.append([])
        out[-1].append(line)
    return [_join(p) for p in out]


def _join(lines: list[str]) -> str:
    text = ""
    for line in lines:
        if text.endswith("-") and not text.endswith(" -") and line[:1].islower():
            text += line
        else:
            text = f"{text} {line}" if text else line
    return re.sub(r"^#\s*", "• ", text)
