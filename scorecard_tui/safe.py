"""Make text from a report harmless to show: no escape sequences, controls or bidi overrides."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from scorecard_tui.model import Annotation, Measure, Report, ReviewDate, Value

_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"))


def clean_text(text: str) -> str:
    """Make report text harmless: drop escape sequences, control and bidi characters.

    Newlines survive; tabs become spaces. Rich markup is left as literal text: the
    display layer prints it escaped.
    """
    if text.isprintable() or text.replace("\n", "").isprintable():
        return text  # nothing to drop (the common case, at C speed)
    text = _ESCAPES.sub("", text).translate(_BIDI).replace("\t", " ")
    return "".join(c for c in text if c == "\n" or unicodedata.category(c) not in ("Cc", "Cf", "Cs"))


def clean_line(text: str) -> str:
    """:func:`clean_text` on one line: runs of whitespace (newlines too) become one space."""
    return " ".join(clean_text(text).split())


def _value(value: Value) -> Value:
    return clean_line(value) if isinstance(value, str) else value


def _optional_line(text: str | None) -> str | None:
    return None if text is None else clean_line(text)


def clean_measure(m: Measure) -> Measure:
    """A measure with every piece of text cleaned (numbers and enums as they are)."""
    return replace(
        m,
        directorate=clean_line(m.directorate),
        code=clean_line(m.code),
        alt_codes=tuple(clean_line(c) for c in m.alt_codes),
        title=clean_line(m.title),
        quarter_target=_value(m.quarter_target),
        quarter_actual=_value(m.quarter_actual),
        forecast_target=_value(m.forecast_target),
        forecast_actual=_value(m.forecast_actual),
        unit=_optional_line(m.unit),
        commentary=clean_text(m.commentary),
        actions=clean_text(m.actions),
        review=clean_text(m.review),
        review_dates=tuple(ReviewDate(clean_line(d.month), _optional_line(d.body), d.past) for d in m.review_dates),
    )


def clean_report(report: Report) -> Report:
    """A report with its metadata (name, source, organisation, team, file name) and measures cleaned."""
    return replace(
        report,
        name=clean_line(report.name),
        source=clean_line(report.source),
        period=clean_line(report.period),
        organisation=_optional_line(report.organisation),
        team=_optional_line(report.team),
        file_name=clean_line(report.file_name),
        measures=tuple(clean_measure(m) for m in report.measures),
    )


def clean_annotation(a: Annotation) -> Annotation:
    """A flag or note with its code, author and text cleaned (a note keeps its newlines)."""
    return replace(
        a,
        code=clean_line(a.code),
        period=clean_line(a.period),
        kind=clean_line(a.kind),
        value=clean_text(a.value),
        author=clean_line(a.author),
    )
