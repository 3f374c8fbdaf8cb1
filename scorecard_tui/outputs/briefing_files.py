"""A briefing written to a file in any of its formats (Markdown, CSV, Word), by the one safe writer:
what ``scorecard brief`` and the app's ``x`` share, and where ``x`` puts it."""

from __future__ import annotations

import os
import re
from pathlib import Path

from scorecard_tui.compat import StrEnum
from scorecard_tui.errors import ScorecardError
from scorecard_tui.outputs.briefing import Briefing, to_csv, to_markdown
from scorecard_tui.outputs.files import RefusedTarget, replaceable, write_file_safely


class BriefingFormat(StrEnum):
    """A briefing's file format; the value is its file extension."""

    MD = "md"
    CSV = "csv"
    DOCX = "docx"

    @property
    def binary(self) -> bool:
        """Whether the format is bytes that must never go to a terminal."""
        return self is BriefingFormat.DOCX

    @property
    def mime_type(self) -> str:
        """The format's media type, for a browser download."""
        return {
            BriefingFormat.MD: "text/markdown",
            BriefingFormat.CSV: "text/csv",
            BriefingFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        }[self]


def briefing_file_name(period: str, fmt: BriefingFormat | str = BriefingFormat.MD) -> str:
    """``scorecard-briefing-2018-19-Q2.docx`` for ``2018/19 Q2``: anything but letters, digits, ``.``
    and ``-`` becomes ``-``."""
    return "scorecard-briefing-" + re.sub(r"[^A-Za-z0-9.-]", "-", period).strip(".") + f".{BriefingFormat(fmt)}"


def briefing_bytes(briefing: Briefing, fmt: BriefingFormat | str) -> bytes:
    """The briefing in a format, as the bytes of its file."""
    fmt = BriefingFormat(fmt)
    if fmt is BriefingFormat.DOCX:
        from scorecard_tui.outputs.briefing_docx import to_docx

        return to_docx(briefing)
    return (to_markdown(briefing) if fmt is BriefingFormat.MD else to_csv(briefing)).encode("utf-8")


def write_briefing(
    briefing: Briefing,
    fmt: BriefingFormat | str,
    folder: Path | None = None,
    *,
    path: Path | None = None,
    database: Path | None = None,
) -> Path:
    """Write a briefing to ``path``, else to its named file (:func:`briefing_file_name`) in ``folder``
    (default: the current folder), through :func:`write_file_safely`.

    Args:
        briefing: What to write.
        fmt: ``md``, ``csv`` or ``docx``.
        folder: Where its named file goes (when ``path`` is not given).
        path: The exact file to write.
        database: The open database, which is never written over.

    Returns:
        The path written.

    Raises:
        ScorecardError: with a one-line reason when the file cannot or must not be written.
    """
    target = path or (folder or Path.cwd()) / briefing_file_name(briefing.report.period, fmt)
    return write_file_safely(target, briefing_bytes(briefing, fmt), protect=[database] if database else [])


def briefing_path(period: str, folder: Path | None = None, fmt: BriefingFormat | str = BriefingFormat.MD) -> Path:
    """Where ``save_briefing`` would write: ``folder`` (default: the current one) when it can be
    written, else the user data folder."""
    folder = folder or Path.cwd()
    if os.access(folder, os.W_OK):
        return folder.resolve() / briefing_file_name(period, fmt)
    from platformdirs import user_data_path

    return user_data_path("scorecard-tui", appauthor=False) / briefing_file_name(period, fmt)


def is_plain_briefing(path: Path) -> bool:
    """True when ``path`` holds an ordinary file (not a link, a folder or a database) that
    writing a briefing would replace: the app asks first."""
    return replaceable(path)


def save_briefing(
    text: str | bytes,
    period: str,
    folder: Path | None = None,
    *,
    fmt: BriefingFormat | str = BriefingFormat.MD,
    database: Path | None = None,
) -> Path:
    """Write a briefing into ``folder`` (default: the current one), else the user data folder.

    Args:
        text: The briefing, as text or as its file's bytes (:func:`briefing_bytes`).
        period: Its period, which names the file.
        fmt: Its format, which gives the file's extension.
        folder: Where to write it.
        database: The open database, which is never written over.

    Returns:
        The full path written.

    Raises:
        ScorecardError: When the file there is a link, a database or not a regular file
            (refused, not written elsewhere instead), or neither folder can be written.
        OSError: When the fallback folder cannot be made.
    """
    name = briefing_file_name(period, fmt)
    folder = folder or Path.cwd()
    if os.access(folder, os.W_OK):
        try:
            return write_file_safely(folder.resolve() / name, text, protect=[database] if database else [])
        except RefusedTarget:
            raise  # something planted there: say so rather than write elsewhere
        except ScorecardError:
            pass
    from platformdirs import user_data_path

    fallback = user_data_path("scorecard-tui", appauthor=False)
    fallback.mkdir(parents=True, exist_ok=True)
    return write_file_safely(fallback / name, text, protect=[database] if database else [])
