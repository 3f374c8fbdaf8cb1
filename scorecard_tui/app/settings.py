"""The user's own settings (for now the theme), kept in a small JSON file in their config folder.

The file is ``settings.json`` in ``$XDG_CONFIG_HOME/scorecard-tui`` (``~/.config/scorecard-tui``
when unset). It is only ever read and written as a regular file of the user's: a link, a folder
or a pipe in its place is left alone, a new version is written to a file created for it alone
(mode 0600) and moved over the old one, and anything in it that is not what is expected is
ignored, with one line saying so.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from scorecard_tui.text.shown_name import shown_name

MAX_BYTES = 4096
"""A settings file is a few dozen bytes: anything bigger is not ours."""
_THEME_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_KINDS = {stat.S_IFLNK: "a link", stat.S_IFDIR: "a folder", stat.S_IFIFO: "a pipe"}


@dataclass(frozen=True)
class Settings:
    """What the user chose last time."""

    theme: str | None = None
    """The name of the Textual theme chosen in the palette, or None for the default."""


def settings_path() -> Path:
    """``settings.json`` in the user's config folder (``XDG_CONFIG_HOME`` respected)."""
    from platformdirs import user_config_path

    return user_config_path("scorecard-tui", appauthor=False) / "settings.json"


def load_settings(path: Path) -> tuple[Settings, str | None]:
    """The settings in ``path``, and a one-line notice when the file was there but not used.

    A missing file is the defaults, silently; a link, a huge file, bad JSON or a value of the
    wrong kind is the defaults, with a notice naming the file and what was wrong with it.
    """
    try:
        raw = _read_regular(path)
    except FileNotFoundError:
        return Settings(), None
    except (OSError, ValueError) as exc:
        return Settings(), f"{shown_name(path)}: {_reason(exc)}; ignored (settings are at their defaults)"
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return Settings(), f"{shown_name(path)}: not valid JSON; ignored (settings are at their defaults)"
    if not isinstance(data, dict):
        return Settings(), f"{shown_name(path)}: not a JSON object; ignored (settings are at their defaults)"
    theme = data.get("theme")
    if theme is None:
        return Settings(), None
    if not isinstance(theme, str) or not _THEME_NAME.fullmatch(theme):
        return Settings(), f"{shown_name(path)}: the theme is not a theme name; ignored (the default theme is used)"
    return Settings(theme=theme), None


def save_settings(settings: Settings, path: Path) -> None:
    """Write ``settings`` to ``path``: a new file, readable by the user alone, moved over the old one.

    Raises:
        OSError: When the folder cannot be made or written, or ``path`` is not a regular file
            (a link is never written through, nor replaced).
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(FileNotFoundError):
        kind = stat.S_IFMT(path.lstat().st_mode)
        if kind != stat.S_IFREG:
            raise OSError(f"{path} is {_KINDS.get(kind, 'not a regular file')}; not replacing it")
    payload = json.dumps({"theme": settings.theme}, indent=2).encode("utf-8") + b"\n"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        if stat.S_ISREG(tmp.lstat().st_mode):  # left by a process of ours that died mid-write
            tmp.unlink()
    fd = os.open(tmp, flags, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _read_regular(path: Path) -> bytes:
    """The bytes of the regular file at ``path``, never through a link nor waiting on a pipe.

    Raises:
        FileNotFoundError: When there is no file.
        ValueError: When it is not a regular file or is too big to be ours.
        OSError: When it cannot be read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if not isinstance(exc, FileNotFoundError) and path.is_symlink():
            raise ValueError("is a link") from exc
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError(f"is {_KINDS.get(stat.S_IFMT(info.st_mode), 'not a regular file')}")
        if info.st_size > MAX_BYTES:
            raise ValueError(f"is {info.st_size:,} bytes, more than a settings file holds")
        return os.read(fd, MAX_BYTES + 1)
    finally:
        os.close(fd)


def _reason(exc: OSError | ValueError) -> str:
    if isinstance(exc, OSError):
        return f"cannot be read ({exc.strerror or exc})"
    return str(exc)
