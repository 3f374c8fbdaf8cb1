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
        return text  # no control, format or surrogate character (nor escape, bidi mark or tab): nothing to drop
    text = _ESCAPES.sub("", text).translate(_BIDI).replace("\t", " ")
    return "".join(c for c in text if c == "\n" or unicodedata.category(c) not in ("Cc", "Cf", "Cs"))


def clean_line(text: str) -> str:
    """:func:`clean_text` on one line: runs of whitespace (newlines too) become one space."""
    return " ".join(clean_text(text).split())


SUBTITLE_LINES = 4
SUBTITLE_LINE_CHARS = 200


def clean_subtitle(text: str | None) -> str | None:
    """A subtitle as at most :data:`SUBTITLE_LINES` clean lines (each cut to
    :data:`SUBTITLE_LINE_CHARS` characters), or None when nothing is left."""
    lines = [clean_line(line)[:SUBTITLE_LINE_CHARS].strip() for line in (text or "").splitlines()]
    return "\n".join([line for line in lines if line][:SUBTITLE_LINES]) or None


def _is_clean(texts: list[str]) -> bool:
    return "".join(texts).replace("\n", "").isprintable()


def _value(value: Value) -> Value:
    return clean_text(value) if isinstance(value, str) else value


def clean_optional(text: str | None) -> str | None:
    """:func:`clean_text`, with None left as None."""
    return None if text is None else clean_text(text)


def clean_measure(m: Measure) -> Measure:
    """A measure with every piece of text cleaned (numbers and enums as they are)."""
    values = (m.quarter_target, m.quarter_actual, m.forecast_target, m.forecast_actual, m.previous_actual)
    texts = [m.directorate, m.code, m.title, m.commentary, m.actions, m.review, m.unit or "", *m.alt_codes]
    texts += [v for v in values if isinstance(v, str)]
    texts += [f"{d.month}{d.body or ''}" for d in m.review_dates]
    if _is_clean(texts):
        return m  # nothing to drop: the common case costs no copy
    return replace(
        m,
        directorate=clean_text(m.directorate),
        code=clean_text(m.code),
        alt_codes=tuple(clean_text(c) for c in m.alt_codes),
        title=clean_text(m.title),
        quarter_target=_value(m.quarter_target),
        quarter_actual=_value(m.quarter_actual),
        forecast_target=_value(m.forecast_target),
        forecast_actual=_value(m.forecast_actual),
        previous_actual=_value(m.previous_actual),
        unit=clean_optional(m.unit),
        commentary=clean_text(m.commentary),
        actions=clean_text(m.actions),
        review=clean_text(m.review),
        review_dates=tuple(ReviewDate(clean_text(d.month), clean_optional(d.body), d.past) for d in m.review_dates),
    )


def clean_report(report: Report) -> Report:
    """A report with its metadata (name, source, organisation, team, file name) on one clean line
    each, its subtitle in a few clean lines, and its measures cleaned."""
    return replace(
        report,
        name=clean_line(report.name),
        source=clean_line(report.source),
        period=clean_line(report.period),
        organisation=None if report.organisation is None else clean_line(report.organisation),
        team=None if report.team is None else clean_line(report.team),
        file_name=clean_line(report.file_name),
        subtitle=clean_subtitle(report.subtitle),
        measures=tuple(clean_measure(m) for m in report.measures),
    )


def clean_annotation(a: Annotation) -> Annotation:
    """A flag or note with its code, author and text cleaned (a note keeps its newlines)."""
    if _is_clean([a.code, a.period, a.kind, a.value, a.author]):
        return a
    return replace(
        a,
        code=clean_text(a.code),
        period=clean_text(a.period),
        kind=clean_text(a.kind),
        value=clean_text(a.value),
        author=clean_text(a.author),
    )
