"""The ``scorecard`` command (``main``): the click commands (import, inspect, export, summary,
briefing, lens, doctor, serve, demo) and the sample reports they ship with.

Owns argument parsing, exit codes and what is printed to the terminal.
May import every other package; nothing imports it but ``__main__``.
"""
