"""The one error type the project raises for bad input and bad state."""


class ScorecardError(Exception):
    """A problem a user can act on; the CLI prints it as one line."""


class PeriodMissing(ScorecardError):
    """The report states no period: the user must give one (``--period``, or the import dialog asks)."""
