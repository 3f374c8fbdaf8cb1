"""Read a file given for import, safely: only a regular file, only up to a size limit.

A named pipe would block forever and a device (``/dev/zero``) or a huge file would be read
into memory before any check, so the file's kind and size are checked first, on the open
file itself (``fstat``), and reading stops at the limit. Failures carry the true reason.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from scorecard_tui.errors import ScorecardError

MAX_FILE_BYTES = 100 * 1024 * 1024
"""The largest file imported (100 MB); a scorecard is a few MB."""

_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}
_REASONS = {
    errno.ENOENT: "no such file",
    errno.ELOOP: "a symlink loop (too many levels of symbolic links)",
    errno.ENOTDIR: "no such file (a part of the path is not a folder)",
    errno.ENAMETOOLONG: "the file name is too long",
    errno.ENXIO: "a socket or device with nothing behind it, not a file",
    errno.EISDIR: "is a folder, not a file",
}


def read_source(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    Raises:
        ScorecardError: with the true one-line reason (no such file, permission denied,
            symlink loop, not a regular file, too big).
    """
    _refuse_if_special(path)
    try:
        # O_NONBLOCK: a file swapped for a FIFO after the check still cannot block the open
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise ScorecardError(_reason(exc, path)) from None
    try:
        info = os.fstat(fd)
        _refuse_kind(info.st_mode)
        _refuse_size(info.st_size, limit)
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(limit + 1)
    except OSError as exc:
        raise ScorecardError(_reason(exc, path)) from None
    finally:
        os.close(fd)
    _refuse_size(len(data), limit)  # the file grew while it was read
    return data


def _refuse_if_special(path: Path) -> None:
    try:
        info = os.stat(path)
    except OSError as exc:
        raise ScorecardError(_reason(exc, path)) from None
    _refuse_kind(info.st_mode)


def _refuse_kind(mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise ScorecardError("is a folder, not a file")
    if not stat.S_ISREG(mode):
        kind = _KINDS.get(stat.S_IFMT(mode), "a special file")
        raise ScorecardError(f"is {kind}, not a regular file")


def _refuse_size(size: int, limit: int) -> None:
    if size > limit:
        raise ScorecardError(
            f"the file is {_megabytes(size)}, over the {_megabytes(limit)} limit (a scorecard is a few MB)"
        )


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:,.0f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"


def _reason(exc: OSError, path: Path) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"permission denied ({_denied_where(path)})"
    if exc.errno == errno.ENOENT and os.path.islink(path):
        return "a broken symlink (what it points to does not exist)"
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    return f"cannot read the file ({exc.strerror or type(exc).__name__})"


def _denied_where(path: Path) -> str:
    """Whether the file itself or a folder on its path keeps us out."""
    for folder in reversed(Path(os.path.abspath(path)).parents):
        if not os.access(folder, os.X_OK):
            return f"the folder {folder} cannot be entered"
    return "the file is not readable by you"
