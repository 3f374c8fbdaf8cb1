"""Tab completion of a file path, as a shell does it: the import dialog's path field."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

IMPORTABLE = (".pdf", ".xlsx", ".csv", ".ods", ".xls", ".html", ".htm", ".tsv")
"""File types the import reads (folders are always offered)."""


@dataclass(frozen=True)
class Completion:
    """The text completed as far as it is unambiguous, and the names it could go on to."""

    text: str
    choices: tuple[str, ...] = ()


def complete_path(text: str, cwd: Path | None = None) -> Completion:
    """Complete ``text`` (``~`` allowed) to the longest prefix its folder's entries share.

    One match is completed whole (a folder gets its ``/``); several extend to what they share
    and are listed; hidden entries are offered only when the name typed starts with ``.``.
    """
    head, sep, prefix = text.rpartition("/")
    head += sep
    folder = Path(os.path.expanduser(head)) if head else (cwd or Path.cwd())
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return Completion(text)
    names: list[str] = []
    for entry in entries:
        if not entry.name.startswith(prefix) or (entry.name.startswith(".") and not prefix.startswith(".")):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            continue
        if is_dir:
            names.append(entry.name + "/")
        elif entry.name.lower().endswith(IMPORTABLE):
            names.append(entry.name)
    if not names:
        return Completion(text)
    if len(names) == 1:
        return Completion(head + names[0])
    shared = os.path.commonprefix(names)  # noqa: RUF071  character by character, as a shell completes
    return Completion(head + shared, tuple(names))
