"""Repair letter-spaced text from pdftotext-style extractions.

Such extractions break words into fragments separated by single spaces and usually
separate words by two (``D irec to ra te  : C o m m u n ities``), but not always
(``N um ber o f``). Within a two-space group, where words begin is decided by a unigram
word model (``wordninja``'s English frequencies): the split into fragments that reads
as the most probable words wins. Punctuation decoded wrongly is repaired: a lone ``!``
is a right quote or apostrophe, ``$`` a left quote and a lone ``"`` an en dash.
"""

from __future__ import annotations

import re
from functools import cache

_WORD_GAP = re.compile(r" {2,}")
_SPLIT_AFTER = frozenset(",;:")
_ALONE = frozenset({"-", "–"})
_NUMBERISH = re.compile(r"^[\d.,:%/–()£]+$")
_CODELIKE = re.compile(r"^(?:[A-Z&]{1,5}\d+[A-Za-z]?|\d+[A-Za-z]{1,2}|[a-z]\d+)$")
_STRIP = re.compile(r"^[^\w&]+|(?:['\x02]s|[^\w&])+$")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_DIGIT = re.compile(r"\d")
_ACRONYM_PLURAL = re.compile(r"[A-Z]{2,6}s")
_UNKNOWN = 20.0
_RARE, _RARE_PENALTY = 13.0, 2.0
"""The word list holds run-together junk such as "fourchildren" at its rare end."""
MAX_WORD_CHARS = 40
"""The longest word built from fragments (English words are shorter); bounds the search."""


def despace_line(line: str) -> str:
    """Rebuild the words of one letter-spaced line and repair its punctuation."""
    words = [_join_group(group.split(" ")) for group in _WORD_GAP.split(line.strip())]
    return " ".join(w for w in words if w)


_OPEN, _CLOSE = "\x01", "\x02"


def _decode(frag: str) -> str:
    if frag == "$":
        return _OPEN
    if frag == "!":
        return _CLOSE
    if frag == '"':
        return "–"
    if frag.startswith("$") and len(frag) > 1:
        return "'" + frag[1:]
    return frag


def _gap(left: str, right: str) -> str:
    """Classify the gap between two fragments: ``split``, ``join`` or ``ambiguous``."""
    if left == _OPEN or right == _CLOSE:
        return "join"
    if right == _OPEN:
        return "split" if left[-1].isalnum() else "join"
    if left == "–" or right == "–":
        return "join" if (left[-1].isdigit() or right[0].isdigit()) and left != right else "split"
    if left in _ALONE or right in _ALONE:
        return "split"
    if left[-1] in _SPLIT_AFTER or (left[-1] in ".)" and right[0].isalpha()):
        return "split"
    if left == "." and right[0].isalnum():
        return "split"
    if right[0] == "(" and left[-1].isalnum():
        return "split"
    if _wordish(left[-1]) and _wordish(right[0]):
        return "ambiguous"
    return "join"


def _wordish(char: str) -> bool:
    return char.isalnum() or char in "'\"’" + _CLOSE


def _join_group(raw: list[str]) -> str:
    frags = [_decode(f) for f in raw if f]
    if not frags:
        return ""
    gaps = [_gap(frags[i], frags[i + 1]) for i in range(len(frags) - 1)]
    if frags[0] == "/" and gaps:
        gaps[0] = "split"
    words: list[str] = []
    start = 0
    for i, gap in enumerate(gaps):
        if gap == "split":
            words.extend(_segment(frags[start : i + 1], gaps[start:i]))
            start = i + 1
    words.extend(_segment(frags[start:], gaps[start:]))
    text = " ".join(words).replace(_OPEN, "'").replace(_CLOSE, "'")
    return re.sub(r"(?<=\d) ?– ?(?=\d)", "–", text)


def _segment(frags: list[str], gaps: list[str]) -> list[str]:
    """Split fragments into the most probable words, cutting only at ambiguous gaps.

    ``gaps`` holds only ``join`` and ``ambiguous``. Fragments joined for certain are
    merged first; a word then spans at most :data:`MAX_WORD_CHARS` characters (unless one
    unbreakable piece is longer), so the search is linear in the length of the line.
    """
    units = [frags[0]]
    for frag, gap in zip(frags[1:], gaps, strict=True):
        if gap == "join":
            units[-1] += frag
        else:
            units.append(frag)
    n = len(units)
    if n == 1:
        return units
    best: list[tuple[float, int]] = [(0.0, 0)] + [(float("inf"), 0)] * n
    for end in range(1, n + 1):
        token = ""
        for start in range(end - 1, -1, -1):
            token = units[start] + token
            if start < end - 1 and len(token) > MAX_WORD_CHARS:
                break
            cost = best[start][0] + _word_cost(token)
            if cost < best[end][0]:
                best[end] = (cost, start)
    words: list[str] = []
    end = n
    while end > 0:
        start = best[end][1]
        words.append("".join(units[start:end]))
        end = start
    return words[::-1]


def _word_cost(token: str) -> float:
    if token.isalpha() and token.islower():
        known = _costs().get(token)
        return _rare(known) if known is not None else _inflected_cost(token)
    core = _STRIP.sub("", token)
    if not core:
        return 3.0
    for joiner in ("-", "/"):
        if joiner in core.strip(joiner):
            return sum(_word_cost(part) for part in core.split(joiner) if part)
    if _CAMEL.search(core):
        if core[0].islower():
            return _UNKNOWN + 2 * len(core)
        return sum(_word_cost(part) for part in _CAMEL.split(core)) + 2.0
    if _NUMBERISH.match(core):
        return 1.0
    if _CODELIKE.match(core):
        return 5.0
    if _DIGIT.search(core):
        return _UNKNOWN + 2 * len(core)
    known = _costs().get(core.lower().replace("&", ""))
    if core.isupper() and len(core) <= 6:
        return min(known or 8.0, 8.0)
    if known is not None:
        return _rare(known)
    if _ACRONYM_PLURAL.fullmatch(core):
        return 8.0
    unknown = _inflected_cost(core.lower())
    if core[0].isupper() and core[1:].islower() and unknown >= _UNKNOWN:
        return 12.0 + len(core)
    return unknown


def _rare(cost: float) -> float:
    return cost + _RARE_PENALTY if cost > _RARE else cost


def _inflected_cost(word: str) -> float:
    """Cost of a word the model lacks: a plural or British spelling of one it has."""
    costs = _costs()
    candidates = [word]
    for british, american in (("is", "iz"), ("our", "or"), ("tre", "ter")):
        if british in word:
            candidates.append(word.replace(british, american))
    for candidate in candidates:
        if candidate in costs:
            return _rare(costs[candidate]) + 1.0
        if candidate.endswith("s") and candidate[:-1] in costs:
            return _rare(costs[candidate[:-1]]) + 1.5
    return _UNKNOWN + 2 * len(word)


@cache
def _costs() -> dict[str, float]:
    import wordninja

    costs: dict[str, float] = wordninja.DEFAULT_LANGUAGE_MODEL._wordcost  # the package publishes no types
    return costs
