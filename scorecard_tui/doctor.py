"""``scorecard doctor``: check a shared database and say what to fix."""

from __future__ import annotations

import grp
import os
import pwd
import stat
from dataclasses import dataclass
from pathlib import Path

from scorecard_tui.errors import ScorecardError
from scorecard_tui.store import SCHEMA_VERSION, Store


@dataclass(frozen=True)
class Finding:
    """One check: passed or not, what was seen, and how to fix it."""

    ok: bool
    check: str
    detail: str
    fix: str = ""


def _name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def _group(gid: int) -> tuple[str, list[str]]:
    try:
        g = grp.getgrgid(gid)
    except KeyError:
        return str(gid), []
    members = set(g.gr_mem) | {p.pw_name for p in pwd.getpwall() if p.pw_gid == gid}
    return g.gr_name, sorted(members)


def _permissions(path: Path) -> list[Finding]:
    st = path.stat()
    mode = stat.S_IMODE(st.st_mode)
    owner = _name(st.st_uid)
    group, members = _group(st.st_gid)
    writers = [owner] if mode & stat.S_IWUSR else []
    if mode & stat.S_IWGRP:
        writers += [f"group {group} ({', '.join(members) or 'no members'})"]
    if mode & stat.S_IWOTH:
        writers += ["everyone"]
    findings = [
        Finding(
            True,
            "permissions",
            f"{stat.filemode(st.st_mode)} {owner}:{group}; can write: {', '.join(writers) or 'nobody'}",
        )
    ]
    if mode & stat.S_IWOTH:
        findings.append(Finding(False, "world-writable", "anyone on the server can change it", f"chmod o-w {path}*"))
    sidecars = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    for side in sidecars:
        if side.exists() and stat.S_IMODE(side.stat().st_mode) & 0o660 != mode & 0o660:
            findings.append(
                Finding(False, side.name, "permissions differ from the database's", f"chmod --reference={path} {side}")
            )
    folder = path.parent
    if mode & stat.S_IWGRP and not stat.S_IMODE(folder.stat().st_mode) & stat.S_IWGRP:
        findings.append(
            Finding(
                False,
                "folder",
                f"{folder} is not group-writable, so group members cannot create the WAL files",
                f"chmod g+w {folder}",
            )
        )
    return findings


def examine(path: Path) -> list[Finding]:
    """Every check on the database at ``path``."""
    if not path.exists():
        return [Finding(False, "file", f"{path} does not exist", f"scorecard import FILE --db {path}")]
    findings: list[Finding] = []
    try:
        with Store(path, read_only=True) as store:
            health = store.health()
    except ScorecardError as exc:
        return [Finding(False, "open", str(exc), "restore the file from a backup, or import the reports again")]
    findings.append(
        Finding(health["integrity"] == "ok", "integrity", str(health["integrity"]), "restore the file from a backup")
    )
    findings.append(
        Finding(
            health["journal_mode"] == "wal",
            "journal mode",
            str(health["journal_mode"]),
            f"open it once with write access (scorecard summary --db {path}) to switch to WAL",
        )
    )
    version = int(health["schema_version"])
    findings.append(
        Finding(
            version == SCHEMA_VERSION,
            "schema version",
            f"{version} (this scorecard-tui: {SCHEMA_VERSION})",
            "upgrade scorecard-tui" if version > SCHEMA_VERSION else "open it once with write access to upgrade",
        )
    )
    findings += _permissions(path)
    you = "you can write to it" if os.access(path, os.W_OK) else "you can only read it"
    findings.append(Finding(True, "you", you))
    return findings
