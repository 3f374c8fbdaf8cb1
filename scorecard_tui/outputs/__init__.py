"""What the tool writes for people and other tools: the briefing (Markdown, CSV, Word), the export
(JSON, CSV), the printed summary and lens, the protective marking, and the one safe file writer.

Owns every output format; knows nothing of Textual or the click commands.
May import: ``model``, ``records``, ``errors``, ``compat``, ``text``, ``triage`` and ``store`` (to read).
"""
