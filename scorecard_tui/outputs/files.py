"""Write an output file (a briefing) whole, without writing through links or over a database."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from scorecard_tui.errors import ScorecardError
from scorecard_tui.store.db_file import SQLITE_MAGIC, WAL_MAGIC

DATABASE_COMPANIONS = ("", "-wal", "-shm", "-journal")
"""A database file and the files SQLite keeps beside it."""


class RefusedTarget(ScorecardError):
    """The path holds something that must not be replaced (a link, a database, a pipe...)."""


_KIND = {
    stat.S_IFLNK: "a symbolic link",
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a named pipe",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
}


def write_file_safely(path: str | os.PathLike[str], data: str | bytes, *, protect: Iterable[Path] = ()) -> Path:
    """Replace ``path`` with ``data`` so that readers see the old file or the new, never half.

    The new text goes to a temporary file beside it, created exclusively under a random
    name (so a link planted there is never followed), synced, then renamed over ``path``.
    An existing file keeps its permissions; a new one gets the usual ones (the umask).

    Args:
        path: The file to write.
        data: Text (written as UTF-8) or bytes.
        protect: Database files in use: neither they nor their ``-wal``/``-shm`` files are written.

    Returns:
        The path written.

    Raises:
        RefusedTarget: With a one-line reason when ``path`` is not a regular file (a link,
            a folder, a pipe, a device) or is a SQLite database or one of its companions.
        ScorecardError: With a one-line reason when the file cannot be written.
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    mode = _existing_mode(path, list(protect))
    import secrets  # on first write: it loads OpenSSL (~7 ms of the app's start-up, which reads only)

    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(tmp, flags, 0o600 if mode is not None else 0o666)
    except OSError as exc:
        raise ScorecardError(f"{path}: cannot write ({exc.strerror})") from exc
    try:
        with os.fdopen(fd, "wb") as out:
            if mode is not None:
                os.fchmod(out.fileno(), mode)
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        if _existing_mode(path, list(protect)) != mode:  # changed under us: do not guess
            raise RefusedTarget(f"{path}: changed while it was being written; not replaced")
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise ScorecardError(f"{path}: cannot write ({exc.strerror or exc})") from exc
        raise
    _sync_folder(path.parent)
    return path


def replaceable(path: Path, protect: Iterable[Path] = ()) -> bool:
    """Whether ``path`` holds an ordinary file that :func:`write_file_safely` would replace (not a
    link, a folder, a pipe or a database): a caller asks before writing over one."""
    try:
        return _existing_mode(path, list(protect)) is not None
    except ScorecardError:
        return False


def _existing_mode(path: Path, protect: list[Path]) -> int | None:
    """The permission bits of the regular file at ``path``, or None when there is none.

    Raises:
        RefusedTarget: When ``path`` must not be replaced.
    """
    if _is_protected(path, protect):
        raise RefusedTarget(f"{path}: is the database (or one of its files); not writing over it")
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ScorecardError(f"{path}: cannot write ({exc.strerror})") from exc
    kind = stat.S_IFMT(info.st_mode)
    if kind != stat.S_IFREG:
        raise RefusedTarget(f"{path}: is {_KIND.get(kind, 'not a regular file')}; not writing there")
    if _head(path).startswith((SQLITE_MAGIC, *WAL_MAGIC)):
        raise RefusedTarget(f"{path}: is a SQLite database; not writing over it")
    return stat.S_IMODE(info.st_mode)


def _head(path: Path) -> bytes:
    """The first bytes of a regular file, read without following a link or waiting on a pipe.

    Raises:
        RefusedTarget: When the file cannot be read, so what it holds is unknown.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise RefusedTarget(f"{path}: exists and cannot be read ({exc.strerror}); not replacing it") from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise RefusedTarget(f"{path}: is not a regular file; not writing there")
        return os.read(fd, len(SQLITE_MAGIC))
    finally:
        os.close(fd)


def _is_protected(path: Path, protect: list[Path]) -> bool:
    target = _located(path)
    for db in protect:
        if not db:
            continue
        for suffix in DATABASE_COMPANIONS:
            other = db.with_name(db.name + suffix)
            if target == _located(other):
                return True
            with contextlib.suppress(OSError):
                if os.path.samefile(path, other):
                    return True
    return False


def _located(path: Path) -> Path:
    """Where a name lands: its folder resolved, the name itself as given (a link there is not followed)."""
    return path.absolute().parent.resolve() / path.name


def _sync_folder(folder: Path) -> None:
    """Make the rename durable where the platform allows it."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
