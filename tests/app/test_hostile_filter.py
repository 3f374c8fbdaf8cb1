"""Filter input that is FTS syntax or SQL wildcards never errors: it falls back to a substring match."""

from __future__ import annotations

from pathlib import Path

from tests.app.pilot_helpers import settle
from tests.app.test_app_pilot import codes, press, status

WIDE = (160, 48)


CASES = [
    ("AND", None),
    ("NEAR(", None),
    ('"unbalanced', None),
    ("foster*", {"SS PM23b", "SS PM25", "SS PM28"}),
    ("100%", None),
    ("a_b", set()),
    ("OR NOT", None),
    ("'; DROP TABLE measures; --", set()),
]


async def test_filter_input_never_errors(sample_db: Path, open_app) -> None:
    async with open_app(sample_db, WIDE) as (app, pilot):
        for query, expected in CASES:
            await pilot.press("slash", *query)
            await settle(pilot)
            assert app.is_running
            assert not [n for n in app._notifications if n.severity == "error"], query
            assert f"'{query}'" in status(app)
            if expected is not None:
                assert set(codes(app)) == expected, query
            await press(pilot, "escape", "escape")
            assert status(app).startswith("20 of 20 measures"), query
