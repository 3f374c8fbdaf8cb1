"""Triage judgement with no I/O: changes since the last period, review dates, a measure's figures and
polarity, and the scrutiny lens (signals, questions, promises, the bodies they name, the chase list).

Owns what the tool concludes about measures; nothing here reads a file, a database or a terminal.
May import: ``model`` and ``compat``.
"""
