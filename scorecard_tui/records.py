"""Reports as plain dicts: the JSON contract other tools read, the store's saved measures and the samples."""

from __future__ import annotations

from typing import Any

from scorecard_tui.compat import datetime_from_iso
from scorecard_tui.model import Direction, Measure, Polarity, Rag, Report, ReviewDate, tolerance_share

MEASURE_FIELDS = (
    "directorate",
    "code",
    "alt_codes",
    "title",
    "rag_quarter",
    "rag_forecast",
    "quarter_target",
    "quarter_actual",
    "forecast_target",
    "forecast_actual",
    "unit",
    "direction",
    "commentary",
    "actions",
    "review",
    "review_dates",
    "pages",
    "polarity",
)


def measure_to_dict(m: Measure) -> dict[str, Any]:
    """One measure in the export contract's names."""
    return {
        "directorate": m.directorate,
        "code": m.code,
        "alt_codes": list(m.alt_codes),
        "title": m.title,
        "rag_quarter": m.rag_quarter and m.rag_quarter.value,
        "rag_forecast": m.rag_forecast and m.rag_forecast.value,
        "quarter_target": m.quarter_target,
        "quarter_actual": m.quarter_actual,
        "forecast_target": m.forecast_target,
        "forecast_actual": m.forecast_actual,
        "unit": m.unit,
        "direction": m.direction and m.direction.value,
        "commentary": m.commentary,
        "actions": m.actions,
        "review": m.review,
        "review_dates": [{"month": d.month, "body": d.body, "past": d.past} for d in m.review_dates],
        "pages": list(m.pages),
        "polarity": m.polarity and m.polarity.value,
        **({"long_direction": m.long_direction.value} if m.long_direction else {}),
        **({"previous_actual": m.previous_actual} if m.previous_actual is not None else {}),
        **({"direction_derived": True} if m.direction_derived else {}),
        **({"tolerance": m.tolerance} if m.tolerance is not None else {}),
    }


def report_to_dict(report: Report) -> dict[str, Any]:
    """One report in the export contract's names."""
    return {
        "name": report.name,
        "source": report.source,
        "period": report.period,
        "fetched_at": report.fetched_at and report.fetched_at.isoformat(),
        "pages": report.pages,
        "subtitle": report.subtitle,
        "measures": [measure_to_dict(m) for m in report.measures],
        **({"unread_rows": list(report.unread_rows)} if report.unread_rows else {}),
    }


def measure_from_dict(d: dict[str, Any]) -> Measure:
    """The inverse of :func:`measure_to_dict` (extra keys are ignored)."""
    return Measure(
        directorate=d["directorate"],
        code=d["code"],
        alt_codes=tuple(d.get("alt_codes", ())),
        title=d["title"],
        rag_quarter=Rag(d["rag_quarter"]) if d.get("rag_quarter") else None,
        rag_forecast=Rag(d["rag_forecast"]) if d.get("rag_forecast") else None,
        quarter_target=d.get("quarter_target"),
        quarter_actual=d.get("quarter_actual"),
        forecast_target=d.get("forecast_target"),
        forecast_actual=d.get("forecast_actual"),
        unit=d.get("unit"),
        direction=Direction(d["direction"]) if d.get("direction") else None,
        long_direction=Direction(d["long_direction"]) if d.get("long_direction") else None,
        previous_actual=d.get("previous_actual"),
        direction_derived=bool(d.get("direction_derived")),
        tolerance=tolerance_share(d.get("tolerance")),
        commentary=d.get("commentary", ""),
        actions=d.get("actions", ""),
        review=d.get("review", ""),
        review_dates=tuple(
            ReviewDate(r["month"], r.get("body"), bool(r.get("past"))) for r in d.get("review_dates", ())
        ),
        pages=tuple(d.get("pages", (0, 0))),
        polarity=Polarity(d["polarity"]) if d.get("polarity") else None,
    )


def report_from_dict(d: dict[str, Any], *, sha256: str = "") -> Report:
    """A report from the export contract (or a sample's structured source)."""
    return Report(
        name=d["name"],
        source=d["source"],
        period=d["period"],
        fetched_at=datetime_from_iso(d["fetched_at"]) if d.get("fetched_at") else None,
        pages=int(d.get("pages", 0) or 0),
        measures=tuple(measure_from_dict(m) for m in d["measures"]),
        organisation=d.get("organisation"),
        team=d.get("team"),
        sha256=sha256 or d.get("sha256", ""),
        subtitle=d.get("subtitle"),
    )
