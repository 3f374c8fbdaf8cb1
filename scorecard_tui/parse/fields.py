"""Cell-level readers: RAG words, direction of travel, values with units, codes and titles."""

from __future__ import annotations

import re

from scorecard_tui.errors import ScorecardError
from scorecard_tui.model import Direction, Rag, Value

_RAG_WORDS = {"red": Rag.RED, "amber": Rag.AMBER, "green": Rag.GREEN}
_NOT_APPLICABLE = {"n/a", "na", "notapplicable", ""}
_DIRECTIONS = {d.value.lower(): d for d in Direction}


_SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """Lower-case text with all whitespace removed, for matching fixed vocabularies."""
    return _SPACE.sub("", text).lower()


def parse_rag(text: str) -> Rag | None:
    """``Red``/``Amber``/``Green`` (even broken over lines, ``Ambe r``); None for N/A or blank."""
    word = squash(text)
    if word in _RAG_WORDS:
        return _RAG_WORDS[word]
    if word in _NOT_APPLICABLE:
        return None
    raise ScorecardError(f"not a RAG status: {text!r}")


def parse_direction(text: str) -> Direction | None:
    """A direction of travel, or None when the cell is empty."""
    word = squash(text)
    if not word:
        return None
    if word in _DIRECTIONS:
        return _DIRECTIONS[word]
    raise ScorecardError(f"not a direction of travel: {text!r}")


def is_direction_word(text: str) -> bool:
    """Whether text reads as a direction of travel."""
    return squash(text) in _DIRECTIONS


_NUMBER = re.compile(r"^(?P<num>[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-+]?\.\d+)\s*(?P<unit>.*)$")


def parse_value(text: str) -> tuple[Value, str | None]:
    """Read a cell value and its unit.

    ``90.0%`` -> (90.0, "%"); ``3.5 per 100,000 population`` -> (3.5, "per 100,000
    population"); ``On Track`` -> ("On Track", None); ``N/A`` -> (None, None).
    """
    text = " ".join(text.split())
    if squash(text) in _NOT_APPLICABLE:
        return None, None
    match = _NUMBER.match(text)
    if not match:
        return text, None
    number = float(match["num"].replace(",", ""))
    unit = match["unit"].strip() or None
    return number, unit


_CODE_NUMBER = r"(?:[A-Z]{1,4}\d+[A-Za-z]?|\d+[A-Za-z]?)"
_CODE_PREFIX = r"(?:[A-Z][A-Za-z&]*\s+){1,3}?"
_CODE = re.compile(rf"^\s*(?P<code>{_CODE_PREFIX}{_CODE_NUMBER}(?:\s*\((?:i|ii|iii|iv|v|vi)\))?)(?=\s|$|\()")
_ALT = re.compile(rf"\(\s*(?P<alt>(?:[A-Z][A-Za-z&]*\s*){{1,3}}?{_CODE_NUMBER})\s*\)")
_LEADING_ALT = re.compile(rf"^\s*\(\s*((?:[A-Z][A-Za-z&]*\s*){{1,3}}?{_CODE_NUMBER})\s*\)\s*")
_TRAILING_ALT = re.compile(rf"\s*\(\s*((?:[A-Z][A-Za-z&]*\s*){{1,3}}?{_CODE_NUMBER})\s*\)\s*$")


def _space_codes(text: str) -> str:
    return re.sub(r"(?<=[A-Za-z&])(?=PM\d)", " ", text)


def normalise_code(code: str) -> str:
    """Tidy a code's spacing: ``L&IPM23c`` -> ``L&I PM23c``, ``NI155`` -> ``NI 155``."""
    code = " ".join(code.split())
    code = re.sub(r"(?<=[A-Za-z&])(?=PM\d)", " ", code)
    code = re.sub(r"\bNI(?=\d)", "NI ", code)
    return re.sub(r"\s+(?=\((?:i|ii|iii|iv|v|vi)\))", " ", code)


def looks_like_code_start(text: str) -> bool:
    """Whether a line of a measure cell starts with a measure code."""
    match = _CODE.match(_space_codes(text))
    if not match:
        return False
    parts = match["code"].split()
    number = re.sub(r"\(.*", "", parts[-1]) or parts[-2]
    prefix = parts[0]
    return bool(re.search(r"[A-Za-z]", number)) or prefix.isupper()


def split_code_title(text: str) -> tuple[str, tuple[str, ...], str]:
    """Split a measure cell into primary code, alternative codes and title.

    Handles ``YA&H PM08 (NI 155) Number of ...``, ``SEND 6 (L&I PM26a) ...`` and a
    trailing alternative code, ``SS PM07 - Children in Care ... (EIISS PM05)``.
    """
    text = _space_codes(" ".join(text.split()))
    match = _CODE.match(text)
    if not match:
        raise ScorecardError(f"no measure code at the start of {text[:40]!r}")
    code = normalise_code(match["code"])
    rest = text[match.end() :]
    alts: list[str] = []
    while leading := _LEADING_ALT.match(rest):
        alts.append(normalise_code(leading.group(1)))
        rest = rest[leading.end() :]
    rest = re.sub(r"^\s*[-–:]\s*", "", rest).strip()
    while trailing := _TRAILING_ALT.search(rest):
        alts.append(normalise_code(trailing.group(1)))
        rest = rest[: trailing.start()].strip()
    return code, tuple(alts), rest
