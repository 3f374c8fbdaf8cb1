"""``scorecard doctor``: check a shared database and say what to fix; ``--upgrade`` brings it up to date."""

from __future__ import annotations

import grp
import os
import pwd
import sqlite3
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from scorecard_tui.errors import ScorecardError
from scorecard_tui.store import SCHEMA_VERSION, DamagedDatabase, Store, upgrade_command
from scorecard_tui.store.checks import can_write
from scorecard_tui.store.damage import recovery_steps
from scorecard_tui.store.db_file import header_journal_mode, shell_path, sidecar_problem, sidecars
from scorecard_tui.store.lens_signals import Stale, stale_series
from scorecard_tui.store.row_check import bad_rows, fix_for
from scorecard_tui.store.schema_check import Stranger, created_sql, shell_word
from scorecard_tui.store.user import current_user
from scorecard_tui.text.safe import clean_text
from scorecard_tui.triage.signals import RULES_VERSION


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
    """Who can write, and what to fix: every command suggested names plain files only (never a
    link, which ``chmod`` would follow to whatever it points at)."""
    real = path.resolve()
    st = real.stat()
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
    sides = sidecars(path)
    bad = {side: problem for side in sides if (problem := sidecar_problem(side))}
    for side, problem in bad.items():
        findings.append(
            Finding(
                False,
                clean_text(side.name),
                f"{clean_text(problem)}: SQLite would read and write another file through it, so every "
                "command refuses the database",
                f"make sure nobody has {shell_path(real)} open (close every scorecard app on it), then remove "
                f"it (the file it leads to is left alone): rm -- {shell_path(side)}",
            )
        )
    for side in sides:
        if side in bad or not side.exists():
            continue
        uid = os.lstat(side).st_uid
        if uid != st.st_uid and _name(uid) not in members:
            bad[side] = "owned by someone else"
            findings.append(
                Finding(
                    False,
                    clean_text(side.name),
                    f"owned by {_name(uid)}, who is neither the database's owner ({owner}) nor in its group "
                    f"({group}): someone else made it, and may read or change what is written through it",
                    f"make sure nobody has {shell_path(real)} open (close every scorecard app on it), then "
                    f"remove it: rm -- {shell_path(side)}",
                )
            )
    plain = [real, *(side for side in sides if side.exists() and side not in bad)]
    if mode & stat.S_IWOTH:
        findings.append(
            Finding(
                False,
                "world-writable",
                "anyone on the server can change it",
                f"chmod o-w -- {' '.join(shell_path(p) for p in plain)}",
            )
        )
    for side in plain[1:]:
        if stat.S_IMODE(os.lstat(side).st_mode) & 0o660 != mode & 0o660:
            findings.append(
                Finding(
                    False,
                    side.name,
                    "permissions differ from the database's",
                    # find -P never follows a link, and -type f skips one put there since this check
                    f"find -P {shell_path(side)} -maxdepth 0 -type f "
                    f"-exec chmod --reference={shell_path(real)} -- {{}} +",
                )
            )
    folder = real.parent
    if mode & stat.S_IWGRP and not stat.S_IMODE(folder.stat().st_mode) & stat.S_IWGRP:
        findings.append(
            Finding(
                False,
                "folder",
                f"{folder} is not group-writable, so group members cannot create the WAL files",
                f"chmod g+w -- {shell_path(folder)}",
            )
        )
    return findings


def _rows(store: Store) -> list[Finding]:
    """The rows' values, checked as the pages are: what the commands read as unknown is named here."""
    from scorecard_tui.parse.headers import Field

    try:
        found = bad_rows(store.conn, (f.value for f in Field))
    except sqlite3.Error as exc:
        return [Finding(False, "rows", f"could not be checked ({clean_text(str(exc))[:200]})")]
    if not found:
        return [Finding(True, "rows", "every time, rating, code list, month and text reads as what it should be")]
    return [Finding(False, "rows", bad.describe(), fix_for(bad)) for bad in found]


LENS_SCHEMA_VERSION = 7
"""The schema step that adds the lens's tables (and computes the signals of the reports held)."""


def _stale(store: Store) -> list[Stale]:
    """The report series whose signals earlier rules kept (none before the lens's tables: the
    upgrade that adds them computes them)."""
    return stale_series(store.conn) if store.schema_version >= LENS_SCHEMA_VERSION else []


def _signal_rules(store: Store, path: Path) -> list[Finding]:
    """Whether every report's signals were kept by this version's rules, and how they are refreshed."""
    try:
        stale = _stale(store)
    except sqlite3.Error as exc:
        return [Finding(False, "lens signals", f"could not be checked ({clean_text(str(exc))[:200]})")]
    if not stale:
        return [Finding(True, "lens signals", f"kept by this version's rules (version {RULES_VERSION})")]
    reports = sum(s.reports for s in stale)
    oldest = min(s.oldest for s in stale)
    kept_by = "a version that kept none" if oldest == 0 else f"version {oldest}"
    return [
        Finding(
            False,
            "lens signals",
            f"{reports:,} {'report' if reports == 1 else 'reports'}' signals were kept by earlier rules ({kept_by}; "
            f"this scorecard-tui: version {RULES_VERSION}); until they are kept again, the lens and the briefing "
            "compute them as they read",
            f"with write access: {upgrade_command(path)} (an import or the app, with write access, does it too)",
        )
    ]


def _schema_objects(path: Path, version: int, strangers: tuple[Stranger, ...]) -> list[Finding]:
    """Each object in the file that scorecard-tui did not create (or created otherwise), and how to drop it."""
    if not strangers:
        return [Finding(True, "schema", "only the tables, indexes and triggers scorecard-tui creates")]
    findings = []
    db = shell_path(path.resolve())
    for s in strangers:
        effect = (
            "while it is there nobody can import or write notes (reading goes on)"
            if s.blocks_writes
            else "an index runs nothing, so writing goes on"
        )
        first = "make sure nobody put it there for a reason of their own, then (someone who can write the file): "
        original = created_sql(version, s.name) if s.changed and s.kind != "table" else None
        original = " ".join(original.split()) if original else None  # one line
        if s.changed and s.kind == "table":
            fix = "its definition was changed: restore the file from a backup, or import the reports into a new file"
        elif original is not None:
            fix = first + f"sqlite3 {db} {shell_word(s.drop_sql() + '; ' + original)}"
        else:
            fix = first + f"sqlite3 {db} {shell_word(s.drop_sql())}"
        findings.append(Finding(not s.blocks_writes, "schema", f"{s.describe()}: {effect}", fix))
    return findings


def examine(path: Path) -> list[Finding]:
    """Every check on the database at ``path``; reads it and changes nothing."""
    if not path.exists():
        return [Finding(False, "file", f"{path} does not exist", f"scorecard import FILE --db {path}")]
    findings: list[Finding] = []
    permissions = _permissions(path)  # before SQLite opens the WAL files (as root it takes them over)
    if any(sidecar_problem(side) for side in sidecars(path)):
        return permissions  # the store refuses to open it: say why, and how to fix it safely
    try:
        with Store(path, read_only=True, any_version=True) as store:
            health = store.health()
            strangers = store.strangers
            rows = _rows(store) if health["integrity"] == "ok" else []
            rows += _signal_rules(store, path) if health["integrity"] == "ok" else []
    except DamagedDatabase as exc:
        return [Finding(False, "integrity", str(exc), "\n".join(recovery_steps(path)))]
    except ScorecardError as exc:
        return [Finding(False, "open", str(exc))]
    integrity = str(health["integrity"])
    findings.append(
        Finding(
            integrity == "ok",
            "integrity",
            integrity if integrity == "ok" else f"the file is damaged: {integrity}",
            "\n".join(recovery_steps(path)),
        )
    )
    findings.append(
        Finding(
            health["journal_mode"] == "wal",
            "journal mode",
            str(health["journal_mode"]),
            f"switch it to WAL (with write access): {upgrade_command(path)}",
        )
    )
    version = int(health["schema_version"])
    findings.append(
        Finding(
            version == SCHEMA_VERSION,
            "schema version",
            f"{version} (this scorecard-tui: {SCHEMA_VERSION})",
            "upgrade scorecard-tui" if version > SCHEMA_VERSION else f"with write access: {upgrade_command(path)}",
        )
    )
    findings += rows
    findings += _schema_objects(path, version, strangers)
    findings += permissions
    you = "you can write to it" if os.access(path, os.W_OK) else "you can only read it"
    findings.append(Finding(True, "you", you))
    return findings


def backup_path(path: Path, version: int) -> Path:
    """Where ``upgrade`` keeps the file as it was: beside it, named for its schema version."""
    target = path.with_name(f"{path.name}.schema-{version}.bak")
    if target.exists():
        target = path.with_name(f"{path.name}.schema-{version}.{datetime.now():%Y%m%d-%H%M%S}.bak")
    return target


def upgrade(path: Path) -> str:
    """Bring a database up to date (schema and WAL), keeping a backup first if the schema changes.

    Returns:
        One line saying what was done.

    Raises:
        ScorecardError: A missing, foreign or damaged file, a newer schema, or no right to write.
    """
    with Store(path, read_only=True, any_version=True, verify=True) as store:
        version = store.schema_version
        journal = header_journal_mode(path)  # not health(): verify=True has just run the quick check
        if version > SCHEMA_VERSION:
            raise ScorecardError(
                f"{path}: schema version {version} is newer than this scorecard-tui understands "
                f"({SCHEMA_VERSION}); upgrade scorecard-tui"
            )
        stale = _stale(store) if version == SCHEMA_VERSION else []
        if version == SCHEMA_VERSION and journal == "wal" and not stale:
            return f"{path}: already up to date (schema version {version}, WAL, lens rules version {RULES_VERSION})"
        if not can_write(path):
            raise ScorecardError(
                f"{path}: you ({current_user()}) cannot write to it (or its folder); someone who can should run: "
                f"{upgrade_command(path)}"
            )
        if blocked := store.strangers_notice():
            raise ScorecardError(f"{blocked}; it cannot be upgraded until then")
        backup = backup_path(path, version) if version < SCHEMA_VERSION else None
        if backup is not None:
            store.backup_to(backup)
    with Store(path, read_only=False) as store:  # migrates, and computes stale signals again, under the write lock
        if store.read_only:
            raise ScorecardError(f"{path}: {store.read_only_reason}; not upgraded")
        now = store.schema_version
    if backup is None and journal == "wal":
        reports = sum(s.reports for s in stale)
        return (
            f"{path}: the scrutiny lens's signals of {reports:,} {'report' if reports == 1 else 'reports'} "
            f"computed again with this version's rules (version {RULES_VERSION}); notes, flags and questions kept"
        )
    if backup is None:
        return f"{path}: switched to WAL (schema version {now})"
    return f"{path}: upgraded from schema version {version} to {now}; the file as it was is kept in {backup}"
