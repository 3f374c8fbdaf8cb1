"""Read the cells of any council's table: status words and fill colours, values, money, arrows.

Used by every table family (spreadsheets, header-row PDFs, colour-only-RAG PDFs). Each
reader is a plain function of a cell's text (and, where it matters, its fill or font);
none knows which reader found the cell.
"""

from __future__ import annotations

import colorsys
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from scorecard_tui.errors import ScorecardError
from scorecard_tui.model import Direction, Polarity, Rag, Value
from scorecard_tui.parse.fields import squash
from scorecard_tui.parse.table_model import RGB

# -- status ---------------------------------------------------------------------------

RATING_WORDS: tuple[tuple[Rag | None, tuple[str, ...]], ...] = (
    (Rag.GREEN, ("Green", "G", "on target", "above target", "target met", "met", "achieved", "on track",
                 "ahead of target", "OK", "target achieved", "on or above target", "✓", "✔", "☑")),
    (Rag.AMBER, ("Amber", "A", "Yellow", "Y", "close to target", "within tolerance", "slightly below target",
                 "at risk", "warning", "some slippage", "slippage", "nearly met", "within agreed tolerance")),
    (Rag.RED, ("Red", "R", "below target", "off target", "off track", "not met", "not achieved", "target missed",
               "alert", "target not met", "missed", "behind target", "✗", "✖", "✘", "❌", "☒")),
    (Rag.BLUE, ("Blue", "B", "exceeded", "complete", "completed", "target exceeded", "exceeding target")),
    (None, ("for info only", "for information only", "for info", "for information", "info only",
            "information only", "data only", "contextual", "monitor only", "monitor", "unknown", "not due",
            "not yet due", "baseline", "baseline year", "no target", "n/a", "not applicable", "blank", "-",
            "not available", "data not available", "data awaited", "awaiting data", "no data", "volumetric",
            "not rated", "no rating", "no RAG", "TBC", "TBD", "new measure")),
)  # fmt: skip
"""Every rating word built in, by the rating it stores (None: no rating). The README lists them."""

AMBIGUOUS_WORDS = frozenset({"exceeded", "complete", "completed", "targetexceeded", "exceedingtarget"})
"""Words stored as Blue that a report with no Blue may mean as Green: ``inspect`` says so."""

_COLOURS = {"red": Rag.RED, "amber": Rag.AMBER, "yellow": Rag.AMBER, "green": Rag.GREEN, "blue": Rag.BLUE}
_SHAPES = {"circle", "star", "triangle", "square", "diamond", "dot", "tick", "cross", "flag", "light", "icon"}
_SHAPES |= {"symbol", "box", "block", "marker", "shape", "rectangle", "hexagon", "pentagon", "face", "smiley"}


_NOT_WORD = re.compile(r"[\W_]+")


def rating_key(text: str) -> str:
    """The form a rating word is matched in: letters and digits only, lower case (``N/A`` -> ``na``).

    Text with no letter or digit keeps its symbols (``●``); dashes and full stops alone are blank.
    """
    letters = _NOT_WORD.sub("", text.lower())
    if letters:
        return letters
    return "".join(c for c in text if not c.isspace() and c not in "-–—.‐−")


_STATUS_WORDS: dict[str, Rag | None] = {}
for _rag, _rating_words in RATING_WORDS:
    for _w in _rating_words:
        _STATUS_WORDS.setdefault(rating_key(_w), _rag)
_STATUS_WORDS[""] = None


def rating_meaning(rag: Rag | None) -> str:
    """How a stored rating is named: ``Green``, ``none``."""
    return rag.value if rag is not None else "none"


def parse_rating_name(name: str) -> Rag | None:
    """``Red``/``Amber``/``Green``/``Blue``/``none`` (any case) as a rating.

    Raises:
        ScorecardError: for any other name.
    """
    key = rating_key(name)
    for rag in Rag:
        if key == rag.value.lower():
            return rag
    if key in ("none", "na", "norating", "blank"):
        return None
    raise ScorecardError(f"{name.strip()!r} is not Red, Amber, Green, Blue or none")


_LEGEND_ENTRY = re.compile(
    r"(?P<symbol>[^\w\s.,;:=()\-–—|/'\"])\s*[=:\-–]?\s*(?P<words>[A-Za-z][A-Za-z /]*?)\s*(?=[,;|]|$|[^\w\s/])"
)


_PHRASE_ENTRY = re.compile(
    r"\b(?P<phrase>(?:red|amber|yellow|green|blue)\s+[a-z]+)\s*(?:[=:–—-]|\b(?:means|shows|indicates|is)\b)\s*"
    r"(?:that\s+)?(?:(?:the\s+)?(?:performance|indicator|measure|result)\s+)?(?:is\s+)?"
    r"(?P<words>[a-z][a-z ]*?)\s*(?=[,;.(]|\band\b|$|\s(?:an?\s+|the\s+)?(?:red|amber|yellow|green|blue)\s+[a-z]+\s"
    r"*(?:[=:–—-]|\b(?:means|shows|indicates|is)\b))",
    re.I,
)
"""A key's sentence for a colour and shape: ``a blue circle means performance is within target``."""
_KEY_MEANINGS: dict[str, Rag | None] = {"withintarget": Rag.AMBER}
"""Meanings a key gives that are no rating word in a cell: in a key of three ("above target",
"within target", "behind target") "within target" is the middle one, Amber; in a cell it could mean met."""


def legend_symbols(line: str) -> dict[str, Rag | None]:
    """The symbols a legend or key line gives meanings to: ``Key: ● On target, ▲ Close to target,
    ■ Below target`` -> ``{"●": Green, "▲": Amber, "■": Red}``; and the colours with a shape a key's
    sentence gives them to: ``a blue circle means performance is within target`` -> ``{"bluecircle":
    Amber}`` (keyed by :func:`rating_key`).

    A symbol or phrase counts only when the words after it are rating words built in; a line with
    none is no legend (an empty dict).
    """
    found: dict[str, Rag | None] = {}
    for match in _LEGEND_ENTRY.finditer(line):
        key = rating_key(match["words"])
        if key in _STATUS_WORDS and key:
            found[match["symbol"]] = _STATUS_WORDS[key]
    for match in _PHRASE_ENTRY.finditer(line):
        colour, shape = match["phrase"].lower().split()
        key = rating_key(match["words"])
        if shape in _SHAPES and key and (key in _STATUS_WORDS or key in _KEY_MEANINGS):
            found[colour + shape] = _STATUS_WORDS[key] if key in _STATUS_WORDS else _KEY_MEANINGS[key]
    return found


def parse_status(text: str, words: Mapping[str, Rag | None] | None = None) -> Rag | None:
    """A rating from its words: Red/Amber/Green/Blue, R/A/G/B, council wordings, ticks and crosses.

    Case, spacing and punctuation do not matter. ``words`` (keyed by :func:`rating_key`)
    are the report's own: ``--rating`` choices and its legend; they win. A colour with a
    shape ("green star", "red triangle") is that colour. The no-rating forms (N/A, Not due,
    For info only, blank, ...) give None.

    Raises:
        ScorecardError: for text that is neither a rating nor a no-rating form.
    """
    key = rating_key(text)
    if words and key in words:
        return words[key]
    if key in _STATUS_WORDS:
        return _STATUS_WORDS[key]
    parts = re.findall(r"[a-z]+", text.lower())
    if len(parts) == 2 and parts[0] in _COLOURS and parts[1] in _SHAPES:
        return _COLOURS[parts[0]]
    head = re.split(r"[(\-–:/,]", text.strip(), maxsplit=1)[0]  # "Green (on target)", "Red - missed"
    if head.strip() and head.strip() != text.strip() and rating_key(head) in _STATUS_WORDS:
        return _STATUS_WORDS[rating_key(head)]
    raise ScorecardError(f"not a rating: {_shown(text)}")


@dataclass(frozen=True)
class FillRating:
    """What a cell's fill colour says about its rating."""

    rag: Rag | None
    classified: bool
    """False for a coloured fill that is no rating colour (grey, purple, black): ``inspect`` says so."""


_WHITE = FillRating(None, True)


def rating_from_fill(fill: RGB | None) -> FillRating:
    """Classify a fill colour by hue into Red, Amber, Green or Blue.

    White or no fill is no rating. Greys, near-black and hues that are none of the four
    (purple, magenta) are unclassifiable: the rating stays empty, and it is never guessed.
    Pale tints (Excel's "Good" and "Bad" fills) classify by their hue.
    """
    if fill is None:
        return _WHITE
    r, g, b = (min(max(float(c), 0.0), 1.0) for c in fill)
    hue, _, value = colorsys.rgb_to_hsv(r, g, b)
    chroma = max(r, g, b) - min(r, g, b)
    if chroma < 0.08:
        return _WHITE if value > 0.92 else FillRating(None, False)
    if value < 0.2:
        return FillRating(None, False)
    degrees = hue * 360
    if degrees < 15 or degrees >= 335:
        return FillRating(Rag.RED, True)
    if degrees < 66:
        return FillRating(Rag.AMBER, True)
    if degrees < 165:
        return FillRating(Rag.GREEN, True)
    if degrees < 255:
        return FillRating(Rag.BLUE, True)
    return FillRating(None, False)


def rgb_from_components(components: tuple[float, ...] | list[float] | float | None) -> RGB | None:
    """A PDF colour (grey, RGB or CMYK components in 0..1) as RGB; None when absent or odd."""
    if components is None:
        return None
    if isinstance(components, int | float):
        components = (float(components),)
    values = [float(c) for c in components]
    if len(values) == 1:
        return (values[0], values[0], values[0])
    if len(values) == 3:
        return (values[0], values[1], values[2])
    if len(values) == 4:
        c, m, y, k = values
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return None


# -- direction of travel ----------------------------------------------------------------

_DIRECTION_WORDS: dict[str, Direction] = {}
for _words, _direction in (
    (
        "improving improved improvement better up upward increasing increased higher positive gettingbetter green",
        Direction.IMPROVING,
    ),
    (
        "stabilised stabilized stable same maintained nochange unchanged static steady "
        "nochangeinperformance sameasbefore nosignificantchange level flat sustained amber yellow",
        Direction.STABILISED,
    ),
    (
        "deteriorating deteriorated worse worsening declined declining down downward decreasing decreased "
        "lower negative gettingworse red",
        Direction.DETERIORATING,
    ),
):
    _DIRECTION_WORDS |= dict.fromkeys(_words.split(), _direction)

_ARROWS: dict[str, Direction] = {}
for _chars, _direction in (
    ("↑⬆⇧⇑▲△▴⏶🡑🡅🡩🡹🠉🠝↗⬈⇗", Direction.IMPROVING),
    ("→←↔⇔⬄⇨⇦⇒⇐⬌►▶◄◀▸◂▻◅⟷⟶🡒🡐🡪🡺🡨🡸⮕⬅➡➔➜➞", Direction.STABILISED),
    ("↓⬇⇩⇓▼▽▾⏷🡓🡇🡫🡻🠋🠟↘⬊⇘", Direction.DETERIORATING),
):
    _ARROWS |= dict.fromkeys(_chars, _direction)


def _codes(up: tuple[int, ...], down: tuple[int, ...], level: tuple[int, ...]) -> dict[int, Direction]:
    """A symbol font's arrow letters (their codes) by the direction they show."""
    pairs = ((up, Direction.IMPROVING), (down, Direction.DETERIORATING), (level, Direction.STABILISED))
    return {code: direction for codes, direction in pairs for code in codes}


# Symbol fonts: a Word or Excel export draws the arrow with a letter of a symbol font.
# The letter comes out of the PDF as itself (Latin-1) or in the private-use block at
# U+F000 + code (how Word stores symbol-font characters).
_WINGDINGS = _codes(
    up=(0xE1, 0xE9, 0xF1, 0xEC, 0xE4, 0xF5),  # heavy arrow, é: arrow, ñ: white arrow, up-right, and others
    down=(0xE2, 0xEA, 0xF2, 0xEE, 0xE6, 0xF8),  # heavy arrow, ê: arrow, ò: white arrow, down-right, and others
    # heavy right arrow, è: right arrow, ð: white right arrow, left arrow, two others, ó: left-right arrow
    level=(0xE0, 0xE8, 0xF0, 0xDF, 0xE7, 0xEF, 0xF3),
)
_WINGDINGS3 = _codes(
    up=(0x68, 0x70, 0xC7),  # h: arrowhead, p: triangle, and another
    down=(0x69, 0x71, 0xC8),  # i: arrowhead, q: triangle, and another
    level=(0x67, 0x75, 0x66, 0x74, 0xC6),  # g: right arrowhead, u: right triangle, f and t: their left ones
)
_SYMBOL = _codes(
    up=(0xAD, 0xDD),  # arrowup, arrowdblup
    down=(0xAF, 0xDF),  # arrowdown, arrowdbldown
    level=(0xAE, 0xAC, 0xAB, 0xDE),  # arrowright, arrowleft, arrowboth, arrowdblright
)
_NO_DIRECTION = {"", "-", "–", "—", "n/a", "na", "notapplicable", "new", "newmeasure", "nodata", "notavailable"}
_NO_DIRECTION |= {"datanotavailable", "notdue", "tbc", "nocomparison", "baseline", "noprevious", "notcomparable"}
_NO_DIRECTION |= {"unknown", "dataonly", "forinfoonly", "forinformationonly", "notrend", "blank"}


def _symbol_table(font: str | None) -> dict[int, Direction]:
    name = (font or "").lower().replace(" ", "")
    if "wingdings3" in name:
        return _WINGDINGS3
    if "symbol" in name:
        return _SYMBOL
    return _WINGDINGS


_NOT_LOWER = re.compile(r"[^a-z]")


def parse_direction_cell(text: str, font: str | None = None) -> Direction | None:
    """A direction of travel from words, arrows, or a symbol-font letter.

    Args:
        text: The cell's text.
        font: The font the cell's text is drawn in, when known (PDFs): a Wingdings,
            Wingdings 3 or Symbol letter is read by that font's table. A private-use
            character (U+F0xx) is read the same way; a lone é/ê/è is read as Wingdings.

    Raises:
        ScorecardError: for text that is no direction and no empty form.
    """
    word = squash(text).strip(".:;*")
    if word in _DIRECTION_WORDS:
        return _DIRECTION_WORDS[word]
    if word in _NO_DIRECTION:
        return None
    letters = _NOT_LOWER.sub("", word)
    if letters in _DIRECTION_WORDS and letters == _NOT_WORD.sub("", word):  # "Getting-worse", "No change."
        return _DIRECTION_WORDS[letters]
    if letters and letters in _NO_DIRECTION:
        return None
    if letters in _DIRECTION_WORDS and len(letters) > 2:  # "↑ Improving", "(Better)"
        return _DIRECTION_WORDS[letters]
    chars = [c for c in text if not c.isspace() and c not in ".,:;*()'\"!"]
    found = {_arrow(c, font) for c in chars}
    if len(chars) <= 3 and len(found) == 1 and None not in found:
        return found.pop()
    for phrase, direction in _DIRECTION_WORDS.items():
        if len(phrase) > 3 and word.startswith(phrase):
            return direction
    raise ScorecardError(f"not a direction of travel: {_shown(text)}")


def _arrow(char: str, font: str | None) -> Direction | None:
    if char in _ARROWS:
        return _ARROWS[char]
    code = ord(char)
    symbolic = font is not None and any(n in font.lower() for n in ("wingding", "symbol", "webding"))
    if 0xF020 <= code <= 0xF0FF:
        return _symbol_table(font).get(code - 0xF000)
    if symbolic or char in "éêè":
        return _symbol_table(font).get(code)
    return None


# -- polarity ---------------------------------------------------------------------------

_HIGHER = {"high", "higher", "highisgood", "higherisbetter", "highisbetter", "bigger", "biggerisbetter", "up"}
_HIGHER |= {"aimhigh", "aimhigher", "maximise", "increase", "goodishigh", "goodishigher", "h", "+", "more"}
_LOWER = {"low", "lower", "lowisgood", "lowerisbetter", "lowisbetter", "smaller", "smallerisbetter", "down"}
_LOWER |= {"aimlow", "aimlower", "minimise", "decrease", "goodislow", "goodislower", "l", "-", "less"}
_YES = {"y", "yes", "true", "1", "✓", "✔"}
_NO = {"n", "no", "false", "0", "✗", "✘"}
_NO_POLARITY = {"", "n/a", "na", "notapplicable", "none", "neutral", "contextual", "tbc", "–", "—"}


def parse_polarity(text: str, header: str = "") -> Polarity | None:
    """Which way is good: High/Low, Higher/Lower is better, Aim: High, arrows; None when not said.

    Under a header that asks a yes/no question ("Higher is better?"), Y/N answer it.

    Raises:
        ScorecardError: for text that says neither.
    """
    word = squash(text).strip(".:;*?")
    for prefix in ("goodis", "aim", "polarity"):
        if word.startswith(prefix + ":"):
            word = word[len(prefix) + 1 :]
    if word in _YES | _NO:
        asked = squash(header)
        ask_lower = "lower" in asked or ("low" in asked and "higher" not in asked)
        yes = Polarity.LOWER if ask_lower else Polarity.HIGHER
        no = Polarity.HIGHER if ask_lower else Polarity.LOWER
        return yes if word in _YES else no
    if word in _HIGHER:
        return Polarity.HIGHER
    if word in _LOWER:
        return Polarity.LOWER
    if word in _NO_POLARITY:
        return None
    arrows = {_ARROWS.get(c) for c in text if not c.isspace()}
    if arrows == {Direction.IMPROVING}:
        return Polarity.HIGHER
    if arrows == {Direction.DETERIORATING}:
        return Polarity.LOWER
    lower = re.search(r"low|reduc|decreas|minimi|small|less|fewer", word)
    higher = re.search(r"high|increas|maximi|big|more|great", word)
    if bool(lower) != bool(higher):  # "Aim to reduce", "Aim to maximise"
        return Polarity.LOWER if lower else Polarity.HIGHER
    raise ScorecardError(f"not a polarity (higher or lower is better): {_shown(text)}")


# -- values -----------------------------------------------------------------------------

_NO_VALUE = {"", "-", "–", "—", "n/a", "na", "n.a.", "notapplicable", "notavailable", "datanotavailable"}
_NO_VALUE |= {"nodata", "notdue", "notyetdue", "tbc", "tbd", "dataawaited", "awaitingdata", "notyetavailable", "*"}
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
_MONEY = re.compile(
    rf"^(?P<sign>[-−]?)\s*£\s*(?P<sign2>[-−]?)\s*(?P<num>{_NUMBER})\s*(?P<scale>k|m|bn|b|million|billion|thousand)?$",
    re.I,
)
_SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9, "billion": 1e9}
_PLAIN = re.compile(rf"^(?P<sign>[-+−]?)\s*(?P<num>{_NUMBER})\s*(?P<unit>.*)$")


def parse_value_text(text: str) -> tuple[Value, str | None]:
    """A value cell's text as a number with its unit, qualitative text, or None.

    ``90.0%`` -> (90.0, "%"); ``1,234 days`` -> (1234.0, "days"); ``£1,200`` -> (1200.0,
    "£"); ``£2.4m`` -> (2400000.0, "£"); ``On track`` -> ("On track", None); ``N/A``,
    ``-``, ``Not available``, ``Data not available``, blank -> (None, None).
    """
    text = " ".join(text.split())
    if squash(text).strip(".:;") in _NO_VALUE:
        return None, None
    negative_brackets = text.startswith("(") and text.endswith(")") and "£" in text
    inner = text[1:-1].strip() if negative_brackets else text
    if money := _MONEY.match(inner):
        number = float(money["num"].replace(",", "")) * _SCALES.get((money["scale"] or "").lower(), 1.0)
        negative = bool(money["sign"] or money["sign2"]) != negative_brackets
        return (-number if negative else number), "£"
    if plain := _PLAIN.match(text):
        unit = plain["unit"].strip() or None
        if unit and not _is_unit(unit):
            return text, None
        number = float(plain["num"].replace(",", ""))
        return (-number if plain["sign"] in ("-", "−") else number), unit
    return text, None


def _is_unit(unit: str) -> bool:
    """Whether what follows a number is a unit (``%``, ``days``, ``per 1,000``), not a sentence."""
    return len(unit) <= 40 and not re.search(r"[.;:!?]\s|\d{4}", unit)


def parse_number_cell(number: float, number_format: str | None) -> tuple[float, str | None]:
    """A spreadsheet number with its format: ``0.563`` in ``0.0%`` is (56.3, "%"); ``£#,##0`` gives ``£``."""
    percent, unit = _format_unit(number_format or "")
    return (round(number * 100, 10), unit) if percent else (number, unit)


@functools.lru_cache(maxsize=256)
def _format_unit(fmt: str) -> tuple[bool, str | None]:
    """Whether a number format shows a percentage, and the unit it shows (a workbook uses a few formats)."""
    shown = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", fmt)
    if "%" in shown:
        return True, "%"
    if "£" in fmt:
        return False, "£"
    literal = re.search(r'"\s*([^"]*?)\s*"\s*(?:;|$)', fmt)
    if literal and literal.group(1) and not literal.group(1).startswith("£"):
        return False, literal.group(1)
    return False, None


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= 40 else text[:40] + "…")
