"""What one PDF page holds for the table reader: words, ruling lines and filled shapes.

Each pdfplumber page is read once and closed; only these compact records are kept, so a
long report reads in flat memory. Fill colours given as grey, RGB or CMYK become RGB in
0..1; arrows drawn in a symbol font become the arrows they show.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from scorecard_tui.parse.cells import rgb_from_components
from scorecard_tui.parse.layout import WordBox, x_tolerance
from scorecard_tui.parse.table_model import RGB

# Glyphs as pdfminer decodes a Symbol-font byte through StandardEncoding, and the
# private-use code points a Word or Excel export gives the same bytes, mapped to arrows.
_SYMBOL = {"›": "↑", "ﬂ": "↓", "fl": "↓", "ﬁ": "→", "fi": "→", "«": "↔", "‹": "←"}
_SYMBOL.update({chr(0xF000 + b): a for b, a in {0xAD: "↑", 0xAF: "↓", 0xAE: "→", 0xAB: "↔", 0xAC: "←"}.items()})
_SYMBOL.update({chr(b): a for b, a in {0xAD: "↑", 0xAF: "↓", 0xAE: "→", 0xAB: "↔", 0xAC: "←"}.items()})
_WINGDINGS_BYTES = {0xE7: "←", 0xE8: "→", 0xE9: "↑", 0xEA: "↓", 0xEF: "⇦", 0xF0: "⇨", 0xF1: "⇧", 0xF2: "⇩"}
_WINGDINGS = {chr(b): a for b, a in _WINGDINGS_BYTES.items()}
_WINGDINGS.update({chr(0xF000 + b): a for b, a in _WINGDINGS_BYTES.items()})
_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.I)


@dataclass(frozen=True, slots=True)
class TWord(WordBox):
    """A word placed on a page (PDF points, top-down), with what the table reader needs of its font."""

    bold: bool
    page: int
    symbol_font: str = ""
    """The font's name when it is a symbol font (Symbol, Wingdings), else empty."""


@dataclass(frozen=True, slots=True)
class Fill:
    """A filled shape (rectangle or curve bounding box) and its colour."""

    x0: float
    x1: float
    top: float
    bottom: float
    rgb: RGB

    @property
    def area(self) -> float:
        return (self.x1 - self.x0) * (self.bottom - self.top)


@dataclass
class PageCapture:
    """One page as the table reader sees it."""

    number: int
    width: float
    height: float
    words: list[TWord]
    hrules: list[tuple[float, float, float]] = field(default_factory=list)
    """Horizontal rules and filled-band edges: (x0, x1, y), collinear pieces merged."""
    vrules: list[tuple[float, float, float]] = field(default_factory=list)
    """Vertical rules: (x, top, bottom)."""
    fills: list[Fill] = field(default_factory=list)
    """Coloured fills (not white, not the page background)."""


def fill_rgb(colour: Any) -> RGB | None:
    """A shape's fill colour as RGB in 0..1; None for a pattern or an odd colour value."""
    try:
        rgb = rgb_from_components(colour)
    except (TypeError, ValueError):
        return None
    if rgb is None:
        return None
    r, g, b = (min(1.0, max(0.0, v)) for v in rgb)
    return (r, g, b)


def near_white(rgb: RGB) -> bool:
    return min(rgb) > 0.94


def is_bold(fontname: str) -> bool:
    return bool(_BOLD.search(fontname or ""))


def symbol_font(fontname: str) -> str:
    """The font name if it is a symbol font, else ``""``."""
    return fontname if re.search(r"symbol|wingding|webding", fontname or "", re.I) else ""


def symbol_text(text: str, fontname: str) -> str:
    """A word drawn in a symbol font, as the arrows (or other glyphs) it shows."""
    name = (fontname or "").lower()
    table = _WINGDINGS if "wingding" in name else _SYMBOL if "symbol" in name else None
    if table is None:
        return "".join(_SYMBOL.get(c, c) if 0xF000 <= ord(c) <= 0xF0FF else c for c in text)
    for key in ("fl", "fi"):
        text = text.replace(key, table.get(key, key))
    return "".join(table.get(c, c) for c in text)


def capture_page(page: Any, number: int) -> PageCapture:
    """Read a pdfplumber page's words, rules and fills (the caller closes the page)."""
    raw = page.extract_words(
        x_tolerance=x_tolerance(page.chars), extra_attrs=["size", "fontname"], keep_blank_chars=False
    )
    words = [
        TWord(
            w["x0"],
            w["x1"],
            w["top"],
            w["bottom"],
            symbol_text(w["text"], w["fontname"]),
            w["size"],
            is_bold(w["fontname"]),
            number,
            symbol_font(w["fontname"]),
        )
        for w in raw
    ]
    cap = PageCapture(number, float(page.width), float(page.height), words)
    h_segments: list[tuple[float, float, float]] = []
    page_area = cap.width * cap.height
    for ln in page.lines:
        if abs(ln["top"] - ln["bottom"]) < 1.0:
            h_segments.append((ln["x0"], ln["x1"], (ln["top"] + ln["bottom"]) / 2))
        elif abs(ln["x0"] - ln["x1"]) < 1.0:
            cap.vrules.append(((ln["x0"] + ln["x1"]) / 2, ln["top"], ln["bottom"]))
    for shape in _shapes(page.rects, page.curves):
        x0, x1, top, bottom = shape["x0"], shape["x1"], shape["top"], shape["bottom"]
        if bottom - top < 2.0 and x1 - x0 > 2.0:
            h_segments.append((x0, x1, (top + bottom) / 2))
            continue
        if x1 - x0 < 2.0 and bottom - top > 2.0:
            cap.vrules.append(((x0 + x1) / 2, top, bottom))
            continue
        if shape.get("stroke") or (shape.get("fill") and shape.get("object_type") == "rect"):
            h_segments += [(x0, x1, top), (x0, x1, bottom)]
            if shape.get("stroke"):
                cap.vrules += [(x0, top, bottom), (x1, top, bottom)]
        if shape.get("fill") and (x1 - x0) * (bottom - top) < 0.5 * page_area:
            rgb = fill_rgb(shape.get("non_stroking_color"))
            if rgb is not None and not near_white(rgb):
                cap.fills.append(Fill(x0, x1, top, bottom, rgb))
    cap.hrules = merge_rules(h_segments)
    return cap


def _shapes(rects: Iterable[dict[str, Any]], curves: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    yield from rects
    for c in curves:
        if c.get("fill"):
            yield {**c, "stroke": False, "object_type": "curve"}


def merge_rules(segments: Sequence[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Collinear horizontal pieces (same y within 1 pt, touching) joined into one rule."""
    out: list[list[float]] = []
    for x0, x1, y in sorted(segments, key=lambda s: (round(s[2]), s[0])):
        for r in reversed(out[-8:]):
            if abs(r[2] - y) <= 1.0 and x0 <= r[1] + 2.0 and x1 >= r[0] - 2.0:
                r[0], r[1] = min(r[0], x0), max(r[1], x1)
                break
        else:
            out.append([x0, x1, y])
    return [(a, b, y) for a, b, y in out]
