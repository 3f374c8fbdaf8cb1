"""scorecard-tui: read and triage council performance scorecards in the terminal."""

__version__ = "0.1.0"
