"""Map a table's column headers, in their common wordings, to measure fields.

Case, spacing and punctuation do not matter, nor quarter or year words around a header
("Q2 target", "Target 2022/23", "Actual (Quarter 2)"). ``--map "HEADER=field"``
overrides name a field for a wording the mapper does not know, or ``ignore``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from scorecard_tui.compat import StrEnum
from scorecard_tui.errors import ScorecardError
from scorecard_tui.parse.table_model import RawTable
from scorecard_tui.text.safe import clean_text


class Field(StrEnum):
    """What a column can hold."""

    CODE = "code"
    TITLE = "title"
    GROUP = "directorate"
    QUARTER_TARGET = "quarter_target"
    QUARTER_ACTUAL = "quarter_actual"
    FORECAST_TARGET = "forecast_target"
    FORECAST_ACTUAL = "forecast_actual"
    RAG_QUARTER = "rag_quarter"
    RAG_FORECAST = "rag_forecast"
    DIRECTION = "direction"
    LONG_DIRECTION = "long_direction"
    PREVIOUS_ACTUAL = "previous_actual"
    POLARITY = "polarity"
    TOLERANCE = "tolerance"
    UNIT = "unit"
    COMMENTARY = "commentary"
    ACTIONS = "actions"
    REVIEW = "review"
    IGNORE = "ignore"


FIELD_ALIASES: dict[str, Field] = {f.value: f for f in Field} | {
    "group": Field.GROUP,
    "service": Field.GROUP,
    "target": Field.QUARTER_TARGET,
    "actual": Field.QUARTER_ACTUAL,
    "rag": Field.RAG_QUARTER,
    "status": Field.RAG_QUARTER,
    "forecast": Field.FORECAST_ACTUAL,
    "dot": Field.DIRECTION,
    "comments": Field.COMMENTARY,
}
"""Names ``--map`` accepts for each field (the field names, and a few short forms)."""

_WORDINGS: dict[Field, tuple[str, ...]] = {
    Field.CODE: (
        "ref", "reference", "code", "pi ref", "pi reference", "pi code", "pi", "pi no", "pi number", "kpi ref",
        "kpi reference", "kpi code", "kpi no", "kpi id", "indicator code", "indicator ref", "indicator id",
        "measure code", "measure ref", "measure id", "id", "no", "number", "ref no", "pm ref", "lpi ref",
        "indicator reference", "measure reference", "code ref",
    ),
    Field.TITLE: (
        "measure", "measures", "indicator", "indicators", "kpi", "kpis", "performance indicator",
        "performance measure", "kpi description", "description", "indicator description", "measure description",
        "pi description", "title", "indicator title", "measure title", "kpi title", "pi title", "indicator name",
        "measure name", "kpi name", "name", "performance indicator description", "key performance indicator",
        "key performance indicators", "indicator measure", "pi", "success measure", "what we measure",
    ),
    Field.GROUP: (
        "directorate", "department", "service", "service area", "portfolio", "theme", "priority", "outcome",
        "council plan theme", "council plan priority", "corporate priority", "priority area", "division",
        "business unit", "service unit", "portfolio area", "area", "objective", "strategic priority", "group",
        "cabinet portfolio", "corporate plan priority", "directorate service", "team", "teams", "service team",
        "committee", "business area", "department team", "service area team", "responsible team", "section",
    ),
    Field.QUARTER_TARGET: ("target", "quarter target", "quarterly target", "period target", "ytd target",
                           "target to date", "qtr target", "profiled target", "target for quarter", "q target"),
    Field.QUARTER_ACTUAL: (
        "actual", "result", "quarter result", "outturn", "performance", "value", "quarter actual",
        "quarterly actual", "quarter outturn", "ytd actual", "actual to date", "current performance",
        "latest performance", "actual performance", "period actual", "qtr actual", "current value",
        "latest value", "data", "figure", "latest data", "performance to date", "quarter performance",
        "ytd", "year to date", "current", "actual result", "q actual",
    ),
    Field.FORECAST_TARGET: ("year end target", "annual target", "yearly target", "full year target",
                            "forecast target", "end of year target", "target year end", "target annual",
                            "year target", "target for year", "annual target year end"),
    Field.FORECAST_ACTUAL: ("forecast", "year end forecast", "projected outturn", "forecast outturn",
                            "forecast actual", "year end projection", "projection", "projected",
                            "year end outturn", "annual outturn", "forecast year end", "projected year end",
                            "end of year forecast", "forecast performance", "year end actual", "projected value"),
    Field.RAG_QUARTER: ("rag", "status", "rating", "quarter rag", "rag status", "brag", "brag status",
                        "rag rating", "brag rating", "quarterly rag", "performance status", "current status",
                        "rag rating current", "status against target", "current rag", "overall rag",
                        "performance rating", "rag quarter", "ytd rag", "rag ytd", "quarter status"),
    Field.RAG_FORECAST: ("forecast rag", "year end rag", "forecast status", "projected rag", "rag forecast",
                         "forecast rating", "year end status", "forecast brag", "year end forecast rag",
                         "annual rag", "projected status", "outturn rag"),
    Field.DIRECTION: ("dot", "direction of travel", "trend", "direction", "travel", "d o t", "dot arrow",
                      "direction of trend", "trend arrow", "change", "performance trend", "trend direction",
                      "direction of travel since last quarter", "dot since last quarter", "trend since last quarter",
                      "short trend", "short term trend", "trend short", "short term", "short term direction"),
    Field.PREVIOUS_ACTUAL: ("previous value", "last quarter", "previous quarter", "previous actual",
                            "last quarter value", "previous quarter value", "previous quarter actual", "last value",
                            "previous result", "previous outturn", "previous performance", "last quarter actual",
                            "prior quarter", "previous period", "last period"),
    Field.LONG_DIRECTION: ("long trend", "long term trend", "trend long", "long term", "long term direction",
                           "longer term trend", "long term direction of travel"),
    Field.POLARITY: ("polarity", "good is", "aim", "higher is better", "lower is better", "higher or lower is better",
                     "good performance is", "higher lower is better", "good to be", "desired direction",
                     "is higher better", "is lower better", "high is good", "low is good", "better if"),
    Field.TOLERANCE: ("tolerance", "tolerance %", "target tolerance", "amber tolerance", "tolerance level",
                      "tolerance threshold", "rag tolerance", "tolerance band", "tolerance range"),
    Field.UNIT: ("unit", "units", "unit of measure", "measure type", "format"),
    Field.COMMENTARY: ("commentary", "comments", "comment", "narrative", "explanation", "update",
                       "performance commentary", "analysis", "commentary and analysis", "progress update",
                       "performance narrative", "notes",
                       "officer commentary", "service commentary", "explanation of performance", "progress",
                       "latest update", "context", "commentary on performance", "reason for variance", "variance"),
    Field.ACTIONS: ("actions", "action", "management action", "management actions", "corrective action",
                    "corrective actions", "next steps", "mitigation", "mitigating actions", "improvement actions",
                    "actions to improve", "action plan", "remedial action", "remedial actions", "what are we doing",
                    "what we are doing", "planned actions", "actions planned", "recovery actions"),
    Field.REVIEW: ("review", "next review", "review date", "next review date", "reviewed by", "scrutiny",
                   "review note", "when reviewed"),
}  # fmt: skip

_LOOKUP: dict[str, Field] = {}
for _field, _words in _WORDINGS.items():
    for _w in _words:
        _LOOKUP.setdefault(_w, _field)

_IGNORED_WORDS = ("previous", "last", "prior", "baseline", "benchmark", "comparator", "national", "regional",
                  "england", "average", "same period", "lead", "owner", "officer", "responsible", "frequency",
                  "source", "definition", "cumulative", "change from", "difference", "variance from")  # fmt: skip

_QUARTER = r"(?:q|qtr|quarter)\s*[1-4]"
_FY = r"(?:fy\s*)?(?:19|20)\d\d\s*(?:[/\-–]\s*(?:19|20)?\d\d)?"
_MONTH = (
    r"(?:jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|sep|sept|september|"
    r"oct|october|nov|november|dec|december)\.?\s*(?:(?:19|20)?\d\d)\b"
)
_PERIOD_WORDS = re.compile(rf"\b(?:{_QUARTER}|{_FY}|{_MONTH})\b", re.I)
_QUARTER_NUMBER = re.compile(r"\b(?:q|qtr|quarter)\s*([1-4])\b", re.I)


def normalise_header(header: str) -> str:
    """A header's words for matching: lower case, no punctuation, no quarter or year words.

    ``"Q2  Target (2022/23)"`` -> ``"target"``; ``"Good is:"`` -> ``"good is"``.
    """
    text = " ".join(header.split()).lower()
    text = _PERIOD_WORDS.sub(" ", text)
    text = re.sub(r"[^a-z0-9%£]+", " ", text)
    return " ".join(text.split())


def classify_header(header: str) -> Field | None:
    """The field a header names, or None when it names none we know.

    Exact wordings first, then keyword rules ("Year-end forecast RAG" is a forecast
    rating; "Actual performance this quarter" an actual).
    """
    # the header search asks of the same texts row after row, table after table: short ones are cached
    return _classify_short(header) if len(header) <= 120 else _classify(header)


@lru_cache(maxsize=2048)
def _classify_short(header: str) -> Field | None:
    return _classify(header)


def _classify(header: str) -> Field | None:
    words = normalise_header(header)
    if not words:
        return None
    if words in _LOOKUP:
        return _LOOKUP[words]
    if _has(words, *_IGNORED_WORDS):
        return None  # "Previous RAG", "Same period last year", "Lead officer": not this quarter's figures
    return _by_keywords(words)


def _has(words: str, *keys: str) -> bool:
    return _any_word(keys).search(words) is not None


@cache
def _any_word(keys: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for "any of these keys, as whole words" (the key lists are this module's own)."""
    return re.compile(rf"\b(?:{'|'.join(keys)})\b")


def _by_keywords(words: str) -> Field | None:
    forecastish = _has(words, "forecast", "projected", "projection", "year end", "yearend", "annual", "full year",
                       "end of year", "eoy")  # fmt: skip
    if _has(words, "polarity", "good is", "is better", "aim", "higher or lower", "good performance"):
        return Field.POLARITY
    if _has(words, "tolerance"):
        return Field.TOLERANCE
    if _has(words, "rag", "brag", "status", "rating", "ragg"):
        return Field.RAG_FORECAST if forecastish else Field.RAG_QUARTER
    if _has(words, "dot", "direction", "trend", "travel"):
        return Field.LONG_DIRECTION if _has(words, "long", "longer") else Field.DIRECTION
    if _has(words, "ref", "reference", "code", "id"):
        return Field.CODE
    if _has(words, "commentary", "comments?", "narrative", "explanation", "update", "analysis"):
        return Field.COMMENTARY
    if _has(words, "actions?", "next steps", "mitigation", "mitigating", "remedial"):
        return Field.ACTIONS
    if _has(words, "review", "scrutiny"):
        return Field.REVIEW
    if _has(words, "target"):
        return Field.FORECAST_TARGET if forecastish else Field.QUARTER_TARGET
    if forecastish:
        return Field.FORECAST_ACTUAL
    if _has(words, "actual", "result", "outturn", "performance", "value"):
        if _has(words, "indicator", "measure"):
            return Field.TITLE
        return Field.QUARTER_ACTUAL
    if _has(words, "indicator", "measure", "kpi", "description", "title"):
        return Field.TITLE
    if _has(
        words, "directorate", "department", "service", "portfolio", "theme", "priority", "team", "committee", "division"
    ):
        return Field.GROUP
    return None


@dataclass(frozen=True)
class ColumnMapping:
    """How one column's header was read."""

    index: int
    header: str
    field: Field | None
    """None: ignored."""
    how: str
    """``known wording``, ``--map``, ``remembered --map``, ``not a known wording``, or why it was set aside."""


@dataclass(frozen=True)
class MappedTable:
    """A table with each column given its field."""

    table: RawTable
    columns: tuple[ColumnMapping, ...]
    notes: tuple[str, ...] = ()
    """What was set aside on the way, e.g. a remembered ``--map`` naming no field."""

    def column(self, field: Field) -> int | None:
        """The index of the column holding ``field``, if any."""
        return next((c.index for c in self.columns if c.field is field), None)

    @property
    def fields(self) -> set[Field]:
        """The fields the table has a column for."""
        return {c.field for c in self.columns if c.field is not None}


def parse_overrides(items: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``["Good is=polarity", ...]`` as ``{"Good is": "polarity"}``, fields checked.

    Raises:
        ScorecardError: for an item without ``=`` or naming no field.
    """
    out: dict[str, str] = {}
    for item in items:
        header, sep, name = item.rpartition("=")
        if not sep or not header.strip():
            raise ScorecardError(f"--map {item!r} is not like 'HEADER=field'")
        field = FIELD_ALIASES.get(name.strip().lower())
        if field is None:
            names = ", ".join(f.value for f in Field)
            raise ScorecardError(f"--map {item!r}: {name.strip()!r} is not a field (fields: {names})")
        out[" ".join(header.split())] = field.value
    return out


def _override_for(header: str, overrides: dict[str, str]) -> Field | None:
    key = " ".join(header.split()).lower()
    for name, field in overrides.items():
        if " ".join(name.split()).lower() == key or normalise_header(name) == normalise_header(header) != "":
            return FIELD_ALIASES[field.lower()] if field.lower() in FIELD_ALIASES else Field(field)
    return None


def map_table(
    table: RawTable,
    *,
    overrides: dict[str, str] | None = None,
    remembered: dict[str, str] | None = None,
    report_name_hint: str = "",
) -> MappedTable:
    """Give each column of a table its field.

    Args:
        table: The table as a reader found it.
        overrides: ``--map`` choices, header -> field name; they win over everything.
        remembered: ``--map`` choices stored for this report series at an earlier import; one
            naming no field (the file may hold what another tool wrote) is set aside with a note.
        report_name_hint: The report's name, for messages.

    Returns:
        The table with its columns mapped. ``--map`` wins over a remembered ``--map``, which wins
        over a known wording; of two columns named alike, the later quarter ("Q2 actual" over "Q1
        actual") wins.

    Raises:
        ScorecardError: when no column names a measure or indicator (title), or two columns
            claim one field with nothing to choose between them (the same kind of choice, the
            same quarter): one line naming both.
    """
    usable, notes = _usable(remembered or {})
    chosen: list[ColumnMapping] = []
    for index, header in enumerate(table.header):
        if (field := _override_for(header, overrides or {})) is not None:
            how = "--map"
        elif (field := _override_for(header, usable)) is not None:
            how = "remembered --map"
        else:
            field = classify_header(header)
            how = "known wording" if field else "not a known wording"
        if field is Field.IGNORE:
            field, how = None, f"ignored ({how})"
        chosen.append(ColumnMapping(index, header, field, how))
    if not any(c.field is Field.TITLE for c in chosen):
        chosen = _title_from_lone_code(chosen)
    chosen, conflict = _one_column_per_field(chosen)
    mapped = MappedTable(table, tuple(chosen), notes)
    if Field.TITLE not in mapped.fields:
        seen = ", ".join(repr(h) for h in table.header if h.strip())[:200] or "nothing"
        where = f" in {report_name_hint}" if report_name_hint else ""
        raise ScorecardError(f"no header row naming a measure or indicator column{where}; seen: {seen}")
    if conflict is not None:
        raise conflict
    return mapped


def _usable(remembered: dict[str, str]) -> tuple[dict[str, str], tuple[str, ...]]:
    """The remembered choices that name a field, and a note for each one set aside."""
    usable = {h: f for h, f in remembered.items() if str(f).strip().lower() in FIELD_ALIASES}
    notes = tuple(
        f"remembered --map {_shown(h)}={_shown(str(f))} ignored: not a field "
        "(scorecard doctor names it; --map sets it again)"
        for h, f in remembered.items()
        if h not in usable
    )
    return {h: f.strip().lower() for h, f in usable.items()}, notes


def _shown(text: str) -> str:
    return repr(clean_text(text)[:60])


def _quarter_of(header: str) -> int:
    m = _QUARTER_NUMBER.search(header)
    return int(m.group(1)) if m else 0


_RANK = {"--map": 2, "remembered --map": 1, "known wording": 0}
"""Whose choice wins when two columns claim one field: ``--map`` now, then a remembered one, then wording."""


def _conflict(field: Field, how: str, first: str, second: str) -> ScorecardError:
    both = f"{_shown(first)} and {_shown(second)}"
    if how == "--map":
        return ScorecardError(f"--map gives {field.value} to both {both}; give the field to one column")
    return ScorecardError(
        f'columns {both} both map to {field.value} ({how}); choose one: --map "{clean_text(second)[:60]}=ignore" '
        "(or give it another field)"
    )


def _one_column_per_field(columns: list[ColumnMapping]) -> tuple[list[ColumnMapping], ScorecardError | None]:
    """One column per field (see :func:`map_table`), and the first conflict nothing resolves."""
    winner: dict[Field, ColumnMapping] = {}
    conflict: ScorecardError | None = None
    for c in columns:
        if c.field is None:
            continue
        held = winner.get(c.field)
        if held is None:
            winner[c.field] = c
        elif _RANK[c.how] != _RANK[held.how]:
            if _RANK[c.how] > _RANK[held.how]:
                winner[c.field] = c
        elif _quarter_of(c.header) == _quarter_of(held.header):
            conflict = conflict or _conflict(c.field, c.how, held.header, c.header)
        elif _quarter_of(c.header) > _quarter_of(held.header):
            winner[c.field] = c
    out = []
    for c in columns:
        if c.field is not None and winner[c.field] is not c:
            kept = winner[c.field].header
            out.append(ColumnMapping(c.index, c.header, None, f"ignored: {c.field.value} is read from {kept!r}"))
        else:
            out.append(c)
    return out, conflict


def _title_from_lone_code(columns: list[ColumnMapping]) -> list[ColumnMapping]:
    """A table whose only naming column is headed "PI" or "KPI" holds titles there, not codes."""
    out = []
    for c in columns:
        lone = normalise_header(c.header) in ("pi", "kpi", "measure", "indicator")
        if c.field is Field.CODE and c.how == "known wording" and lone:
            out.append(ColumnMapping(c.index, c.header, Field.TITLE, c.how))
        else:
            out.append(c)
    return out
