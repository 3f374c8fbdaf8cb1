"""Allow ``python -m scorecard_tui``."""

from scorecard_tui.cli.main import main

main()
