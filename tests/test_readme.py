"""The README's promises: the two Quick start commands, CI running the second, the key table."""

from __future__ import annotations

import re

from scorecard_tui.app.keys import APP_KEYS, EDITOR_KEYS, MOVING_KEYS
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def key_table() -> str:
    """The README's key table, as generated from the app's one list of keys."""
    rows = ["| Key | What it does |", "|---|---|"]
    rows += [f"| `{k.display}` | {k.long} |" for k in APP_KEYS]
    rows += [f"| `{keys}` | {what} |" for keys, what in MOVING_KEYS]
    rows += [f"| `{keys}` | {what} |" for keys, what in EDITOR_KEYS]
    return "\n".join(rows)


def test_quick_start_is_exactly_two_commands():
    section = README.split("## Quick start", 1)[1]
    block = re.search(r"```\n(.*?)```", section, re.S).group(1)
    assert block.strip().splitlines() == ["pip install . && scorecard demo", "pip install '.[test]' && pytest"]


def test_ci_runs_the_readme_test_command():
    assert "pip install --quiet '.[test]' && pytest" in (ROOT / ".ci" / "run").read_text()


def test_key_table_lists_every_key():
    table = README.split("<!-- keys -->", 1)[1].split("<!-- /keys -->", 1)[0].strip()
    hint = "regenerate with: python -c 'from tests.test_readme import key_table; print(key_table())'"
    assert table == key_table(), hint


def test_shared_server_section_recommends_ssh_compression_and_says_why():
    section = README.split("## One database on a shared server", 1)[1].split("\n## ", 1)[0]
    assert "ssh -C" in section
    assert "KB" in section and "with `-C`" in section  # the measured difference, not just the advice


def test_readme_says_datasette_works_with_search():
    assert "datasette scorecard.db" in README
    assert "_search=" in README
