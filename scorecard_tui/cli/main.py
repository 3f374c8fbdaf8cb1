"""The ``scorecard`` command: open the app, or import, export and summarise reports."""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

if TYPE_CHECKING:
    from click import Group as DefaultGroup  # click-default-group publishes no types: checked as what it extends
    from rich.progress import Progress, TaskID

    from scorecard_tui.model import ReportInfo
    from scorecard_tui.store import Store
else:
    from click_default_group import DefaultGroup

from scorecard_tui.errors import ScorecardError

DB_OPTION = click.option(
    "--db",
    "db_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Database file (default: $SCORECARD_DB, else the user data directory).",
)


AS_OF_OPTION = click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Date (YYYY-MM-DD) that reviews are past or coming relative to (default: the report's fetch date).",
)


def _db_path(db_path: Path | None) -> Path:
    from scorecard_tui.store.checks import default_db_path

    return db_path or default_db_path()


class _NewDatabase:
    """Removes, on leaving, a database file that did not exist before the command and that no
    import went into (with its WAL and shared-memory files): a refused import leaves nothing behind."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.created = not os.path.lexists(path)
        self.used = False

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        if self.created and not self.used:
            for part in (
                self.path,
                self.path.with_name(self.path.name + "-wal"),
                self.path.with_name(self.path.name + "-shm"),
            ):
                with contextlib.suppress(FileNotFoundError):
                    part.unlink()


def _open_store(db_path: Path | None, *, read_only: bool | None = None) -> Store:
    """The store, checked for damage first; reading commands pass ``read_only=True`` so that
    nothing is created, converted or migrated."""
    from scorecard_tui.store import Store

    store = Store(_db_path(db_path), read_only=read_only, verify=True, notify=_notice)
    if read_only and (notice := store.strangers_notice()):  # reading goes on; a write would say this itself
        click.echo(f"scorecard: {notice}", err=True)
    return store


def _notice(message: str) -> None:
    """One line on stderr while a command goes on."""
    click.echo(f"scorecard: {message}", err=True)


def _fail(message: str, status: int = 2) -> NoReturn:
    """End the command with one line on stderr; a :class:`ScorecardError` raised by a command ends here
    too (:meth:`ScorecardGroup.invoke`), so commands catch one only to say more than its message."""
    click.echo(f"scorecard: {message}", err=True)
    sys.exit(status)


def _report(store: Store, period: str | None) -> ReportInfo:
    """The report of ``period`` (default: the latest); an empty database ends the command in one line."""
    info = store.find_report(period) if period else store.latest_report()
    if info is None:
        _fail("the database holds no reports yet; import one with: scorecard import FILE")
    return info


def _show_progress(progress: Progress, task: TaskID, done: int, total: int) -> None:
    progress.update(task, completed=done, total=total)


_REPORT_SUFFIXES = (".pdf", ".txt", ".csv", ".xlsx", ".ods", ".xls", ".html", ".htm", ".tsv")


class ScorecardGroup(DefaultGroup):
    """``open`` when no command is named; a mistyped command or a bare file name gets a one-line hint.

    Without this, ``scorecard sumary`` would run ``open sumary`` and print its usage.
    """

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and not args[0].startswith("-") and args[0] not in self.commands:
            _fail(_unknown_command(args[0], list(self.commands)))
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> object:
        """Store errors found while a command runs (a file found damaged while reading it), and a
        command's bad options or arguments (``--db`` naming a folder), end in one line."""
        try:
            return super().invoke(ctx)
        except ScorecardError as exc:
            _fail(str(exc))
        except click.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx else "scorecard"
            _fail(f"{exc.format_message()} (see: {command} --help)")


def _unknown_command(word: str, commands: list[str]) -> str:
    import difflib
    import shlex

    from scorecard_tui.text.safe import clean_text

    shown = clean_text(word).replace("\n", " ")
    if Path(word).suffix.lower() in _REPORT_SUFFIXES or Path(word).is_file():
        return f"{shown!r} is not a command; to import that file: scorecard import {shlex.quote(shown)}"
    close = difflib.get_close_matches(word, commands, n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else f"; commands: {', '.join(sorted(commands))}"
    return f"no such command {shown!r}{hint}"


@click.group(cls=ScorecardGroup, default="open", default_if_no_args=True)
@click.version_option(package_name="scorecard-tui")
def cli() -> None:
    """Read and triage council performance scorecards in the terminal.

    Run with no command to open the app on your database.
    """


READ_ONLY_OPTION = click.option(
    "--read-only",
    is_flag=True,
    default=None,
    help="Open without the right to change anything (also: SCORECARD_READ_ONLY=1).",
)


@cli.command("open")
@DB_OPTION
@AS_OF_OPTION
@READ_ONLY_OPTION
@click.option("--as", "author", default=None, hidden=True, help="Name on notes and flags (set by serve).")
def open_app(db_path: Path | None, as_of: datetime | None, read_only: bool | None, author: str | None) -> None:
    """Open the app on a database (a missing file is created, so that reports can be imported in the app)."""
    if db_path is not None and not db_path.parent.is_dir():
        _fail(f"{db_path.parent}: no such folder (check the --db path)")
    _launch(_db_path(db_path), as_of=as_of.date() if as_of else None, read_only=read_only, author=author)


def _launch(
    path: Path,
    *,
    demo: bool = False,
    as_of: date | None = None,
    read_only: bool | None = None,
    author: str | None = None,
) -> None:
    """Run the app on ``path``. What the store would refuse is refused first, in one line, before
    the app starts. The store thread checks the file (SQLite's quick check, mostly, which lets go
    of the interpreter), then opens it and reads the latest period, while this thread imports
    Textual and the app: the first frame shows the report. The user's own --read-only flag goes
    through: the store decides (environment, permissions)."""
    # No collections while the app starts: what start-up makes (modules, classes, the first
    # frame) lives as long as the app, and the collector's passes over it, as it came, took
    # ~30 ms of the first frame. The app switches it back on after its first frame, and collects
    # and freezes what it holds once the details land (ScorecardApp.on_ready, settle_memory).
    gc.disable()
    from scorecard_tui.app.data import StoreThread
    from scorecard_tui.store.checks import precheck

    store = StoreThread(path, read_only=read_only)
    opening = store.open_first(lambda: precheck(path, read_only))
    from scorecard_tui.app import app as _  # noqa: F401 (Textual and the app's modules, meanwhile)
    from scorecard_tui.app import run_app

    try:
        view = opening.result()
    except ScorecardError:
        store.close()
        gc.enable()
        raise
    status = run_app(path, demo=demo, as_of=as_of, read_only=read_only, author=author, store=store, first_view=view)
    if status:
        sys.exit(status)  # the app ended with an error (Textual has shown it)


@cli.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@READ_ONLY_OPTION
@click.option(
    "--as",
    "author",
    metavar="NAME",
    default=None,
    help='Name on notes and flags from the browser (default: "YOU (web)").',
)
@click.option(
    "--max-sessions", default=8, show_default=True, type=click.IntRange(1, 64), help="Browser sessions at once."
)
def serve(
    db_path: Path | None, host: str, port: int, read_only: bool | None, author: str | None, max_sessions: int
) -> None:
    """Serve the app to a web browser, behind a secret link (needs: pip install 'scorecard-tui[web]')."""
    import ipaddress
    import shlex

    try:
        from scorecard_tui.cli.web import GuardedServer, web_author
    except ImportError:
        _fail("serving to a browser needs the web extra: pip install 'scorecard-tui[web]'")
    name = web_author(author)
    path = _db_path(db_path)
    _open_store(db_path, read_only=read_only).close()
    args = [sys.executable, "-m", "scorecard_tui", "open", "--db", str(path), "--as", name]
    if read_only:
        args.append("--read-only")
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        click.echo(
            f"scorecard: warning: listening on {host}, not loopback: anyone who can reach this port and has the "
            "link can use the app, with your rights to the database, and nothing is encrypted",
            err=True,
        )
    server = GuardedServer(shlex.join(args), host=host, port=port, max_sessions=max_sessions)
    click.echo(f"serving {path} at {server.url} (ctrl+c to stop)")
    click.echo(f"notes and flags from the browser are signed {name!r}; at most {max_sessions} sessions at once")
    server.serve()


@cli.command()
@AS_OF_OPTION
def demo(as_of: datetime | None) -> None:
    """Open the app on the bundled sample reports (a temporary database; yours is untouched).

    The samples are Derby City Council's Q1 2018/19 scorecard and an illustrative Q2 and Q3.
    """
    from scorecard_tui.cli.samples import load_sample_reports
    from scorecard_tui.store import Store

    with tempfile.TemporaryDirectory(prefix="scorecard-demo-") as tmp:
        path = Path(tmp) / "demo.db"
        with Store(path) as store:
            for report in load_sample_reports():
                store.save_report(report)
        _launch(path, demo=True, as_of=as_of.date() if as_of else None)


MAP_OPTION = click.option(
    "--map",
    "maps",
    multiple=True,
    metavar='"HEADER=field"',
    help="Read the column HEADER as field (code, title, directorate, quarter_target, quarter_actual, "
    "forecast_target, forecast_actual, rag_quarter, rag_forecast, direction, long_direction, previous_actual, "
    "polarity, tolerance, unit, commentary, "
    "actions, review, or ignore); repeatable; remembered for the report series.",
)
RATING_OPTION = click.option(
    "--rating",
    "ratings",
    multiple=True,
    metavar='"WORD=Red|Amber|Green|Blue|none"',
    help="Store the rating word WORD as that rating; repeatable; remembered for the report series.",
)
SERIES_OPTION = click.option(
    "--series", help="Name the report series outright (default: the report's title, else its file name)."
)
SKIP_OPTION = click.option(
    "--skip-unreadable",
    is_flag=True,
    help="Import the rows that read; each row left out is recorded with the report and shown with it.",
)
PERIOD_OPTION = click.option(
    "--period", help="Period label such as '2018/19 Q1' (default: from the report's words, else its footer)."
)


@dataclass(frozen=True)
class ReadingChoices:
    """How ``import`` and ``inspect`` are told to read: --period, --map, --rating, --series, --skip-unreadable."""

    period: str | None
    maps: tuple[str, ...]
    ratings: tuple[str, ...]
    series: str | None
    skip_unreadable: bool


def _reading_options(command: Callable[..., None]) -> Callable[..., None]:
    """--db and the :class:`ReadingChoices` options, the choices handed to ``command`` as one ``choices``."""

    @functools.wraps(command)
    def with_choices(
        *args: object,
        period: str | None,
        maps: tuple[str, ...],
        ratings: tuple[str, ...],
        series: str | None,
        skip_unreadable: bool,
        **kwargs: object,
    ) -> None:
        command(*args, choices=ReadingChoices(period, maps, ratings, series, skip_unreadable), **kwargs)

    for option in (SKIP_OPTION, SERIES_OPTION, RATING_OPTION, MAP_OPTION, PERIOD_OPTION, DB_OPTION):
        with_choices = option(with_choices)
    return with_choices


@cli.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False))
@_reading_options
def import_files(files: tuple[Path, ...], db_path: Path | None, choices: ReadingChoices) -> None:
    """Import scorecards: PDFs (or their text), .xlsx, .ods, .xls, .csv and tab-separated tables, web pages.

    Each file is imported whole or not at all; a bad file does not stop the others.
    """
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from scorecard_tui.importing import import_file
    from scorecard_tui.parse.footer import check_period
    from scorecard_tui.parse.table_report import parse_choices
    from scorecard_tui.text.shown_name import shown_name

    period = check_period(choices.period) if choices.period else None  # before the database is opened or created
    overrides = parse_choices(choices.maps, choices.ratings, choices.series, choices.skip_unreadable)
    new_database = _NewDatabase(_db_path(db_path))  # before the store creates it
    store = _open_store(db_path)
    failed = 0
    with new_database, store:
        for path in files:
            progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("pages"),
                console=Console(stderr=True),
                transient=True,
                disable=not sys.stderr.isatty(),
            )
            try:
                with progress:
                    task = progress.add_task(escape(shown_name(path.name)), total=None)
                    summary = import_file(
                        store,
                        path,
                        period=period,
                        on_page=partial(_show_progress, progress, task),
                        overrides=overrides,
                    )
            except ScorecardError as exc:
                failed += 1
                click.echo(f"scorecard: {shown_name(path)}: {shown_name(str(exc))}", err=True)
                continue
            except Exception as exc:  # a bug of ours must still cost one line, not a traceback
                failed += 1
                click.echo(
                    shown_name(f"scorecard: {path}: unexpected error ({type(exc).__name__}: {exc}); please report it"),
                    err=True,
                )
                continue
            except KeyboardInterrupt:
                click.echo(f"scorecard: {shown_name(path)}: interrupted; the database is unchanged", err=True)
                sys.exit(130)
            new_database.used = True
            click.echo(f"{shown_name(path.name)}: {summary.line()}")
            for notice in summary.notices:
                click.echo(f"scorecard: {shown_name(path.name)}: {shown_name(notice)}", err=True)
    if failed:
        sys.exit(2)


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@_reading_options
def inspect(file: Path, db_path: Path | None, choices: ReadingChoices) -> None:
    """Show how FILE would import, writing nothing: its family, each header's field, the period, the first rows."""
    from scorecard_tui.cli.inspection import run_inspect

    try:
        run_inspect(file, _db_path(db_path), **asdict(choices))
    except ScorecardError as exc:
        _fail(f"{file}: {exc}")


@cli.command()
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@click.option("--period", help="Only this period (default: every report).")
def export(db_path: Path | None, fmt: str, period: str | None) -> None:
    """Write the stored reports to stdout as JSON or CSV."""
    from scorecard_tui.outputs.export import to_csv, to_json

    with _open_store(db_path, read_only=True) as store:
        infos = [store.find_report(period)] if period else store.reports()
        reports = [store.load_report(i.id) for i in infos]
    click.echo(to_json(reports) if fmt == "json" else to_csv(reports), nl=fmt == "json")


@cli.command()
@DB_OPTION
def summary(db_path: Path | None) -> None:
    """Print RAG counts by directorate and every Red measure of the latest report."""
    from rich.console import Console

    from scorecard_tui.outputs.summary import summary_renderables

    with _open_store(db_path, read_only=True) as store:
        report = store.load_report(_report(store, None).id)
    console = Console()
    for renderable in summary_renderables(report):
        console.print(renderable)


@cli.command()
@DB_OPTION
@click.option("--period", help="Period label such as '2018/19 Q1' (default: the latest).")
@click.option("--format", "fmt", type=click.Choice(["md", "csv", "docx"]), default="md", show_default=True)
@click.option(
    "--output",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    help="Write here instead of stdout; - is stdout (docx: default scorecard-briefing-PERIOD.docx in the "
    "current folder; - only into a pipe or a file, never the terminal; ./- names a file called -).",
)
@AS_OF_OPTION
@click.option("--flagged", is_flag=True, help="Brief on the flagged measures alone (the RAG counts stay whole).")
@click.option(
    "--marking",
    metavar="TEXT",
    help="The protective marking on every page, e.g. OFFICIAL (default: the report's own; '' for none).",
)
def brief(
    db_path: Path | None,
    period: str | None,
    fmt: str,
    output: Path | None,
    as_of: datetime | None,
    flagged: bool,
    marking: str | None,
) -> None:
    """Write the meeting briefing: RAG counts, exceptions, flagged measures and coming reviews.

    Markdown and CSV go to stdout unless --output is given; a Word document (docx) goes to a file,
    or with --output - into a pipe.
    """
    from scorecard_tui.outputs.briefing import load_briefing, to_csv, to_markdown
    from scorecard_tui.outputs.briefing_files import BriefingFormat, briefing_bytes, write_briefing

    binary = BriefingFormat(fmt).binary
    to_stdout = str(output) == "-" if output is not None else not binary
    if binary and to_stdout and sys.stdout.isatty():
        _fail("a Word briefing is binary, not for the terminal; give --output FILE.docx, or pipe it: --output - | ...")
    chosen = _marking(marking)
    with _open_store(db_path, read_only=True) as store:
        info = _report(store, period)
        briefing = load_briefing(store, info, as_of.date() if as_of else None, flagged=flagged, marking=chosen)
        if flagged and not briefing.measures:
            _fail(f"no measure is flagged in {info.period}; flag measures in the app (m) first, or leave out --flagged")
    if to_stdout and binary:
        sys.stdout.flush()
        sys.stdout.buffer.write(briefing_bytes(briefing, fmt))
        sys.stdout.buffer.flush()
        return
    if to_stdout:
        click.echo(to_markdown(briefing) if fmt == "md" else to_csv(briefing), nl=False)
        return
    written = write_briefing(briefing, fmt, path=output, database=_db_path(db_path))
    click.echo(f"wrote the {info.period} briefing to {output or written.name}")


def _marking(text: str | None) -> str | None:
    """``--marking`` checked (None: the report's own)."""
    from scorecard_tui.outputs.marking import marking_text

    return None if text is None else marking_text(text)


@cli.command()
@DB_OPTION
@click.option("--period", help="Period label such as '2018/19 Q3' (default: the latest).")
@AS_OF_OPTION
@click.option("--format", "fmt", type=click.Choice(["md", "csv", "json"]), default="md", show_default=True)
@click.option("--chase", is_flag=True, help="Print the chase list: promises and reviews not yet met, by body.")
def lens(db_path: Path | None, period: str | None, as_of: datetime | None, fmt: str, chase: bool) -> None:
    """Print the scrutiny lens: measures with signals (contradicted ratings, promises not kept,
    unchanged narrative, long Red runs, missed reviews, forecast recoveries, eased targets,
    largest shortfalls) and a question for each theme; or, with --chase, the chase list."""
    from scorecard_tui.outputs import lens_output

    with _open_store(db_path, read_only=True) as store:
        info = _report(store, period)
        day = as_of.date() if as_of else info.as_of
        if chase:
            items = store.lens.chase(info, day)
            writer = lens_output.chase_json if fmt == "json" else lens_output.chase_markdown
            click.echo(lens_output.chase_csv(items) if fmt == "csv" else writer(info, items, day), nl=False)
            return
        entries = store.lens.entries(info, day)
    if fmt == "json":
        click.echo(lens_output.to_json(info, entries, day), nl=False)
    elif fmt == "csv":
        click.echo(lens_output.to_csv(entries), nl=False)
    else:
        click.echo(lens_output.to_markdown(info, entries, day), nl=False)


@cli.command()
@DB_OPTION
@click.option("--upgrade", is_flag=True, help="Upgrade an older schema (keeping a backup beside it) and switch to WAL.")
def doctor(db_path: Path | None, upgrade: bool) -> None:
    """Check a database: integrity, WAL, schema version, permissions and who can write.

    Only --upgrade changes the file; without it doctor just reads.
    """
    from scorecard_tui.cli.doctor import examine
    from scorecard_tui.cli.doctor import upgrade as upgrade_database

    path = _db_path(db_path)
    if upgrade:
        click.echo(upgrade_database(path))
        return
    findings = examine(path)
    click.echo(f"scorecard doctor: {path}")
    for f in findings:
        click.echo(f"  {'ok ' if f.ok else 'FIX'}  {f.check}: {f.detail}")
        for i, line in enumerate(f.fix.splitlines() if not f.ok else []):
            click.echo(f"       {'fix: ' if i == 0 else '     '}{line}")
    if not all(f.ok for f in findings):
        sys.exit(1)


def main() -> None:
    """Console-script entry point."""
    cli()
