"""Allow ``python -m scorecard_tui``."""

from scorecard_tui.cli import main

main()
