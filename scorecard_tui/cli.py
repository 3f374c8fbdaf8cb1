"""The ``scorecard`` command: open the app, or import, export and summarise reports."""

from __future__ import annotations

import sys
import tempfile
from datetime import datetime
from pathlib import Path

import click
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
    from scorecard_tui.store import default_db_path

    return db_path or default_db_path()


def _open_store(db_path: Path | None, *, read_only: bool | None = None):
    from scorecard_tui.store import Store

    try:
        return Store(_db_path(db_path), read_only=read_only)
    except ScorecardError as exc:
        _fail(str(exc))


def _fail(message: str, status: int = 2) -> None:
    click.echo(f"scorecard: {message}", err=True)
    sys.exit(status)


@click.group(cls=DefaultGroup, default="open", default_if_no_args=True)
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
def open_app(db_path: Path | None, as_of: datetime | None, read_only: bool | None) -> None:
    """Open the app on a database."""
    from scorecard_tui.app import run_app

    store = _open_store(db_path, read_only=read_only)
    store.close()
    options: dict = {"as_of": as_of.date()} if as_of else {}
    if store.read_only:
        options["read_only"] = True
    run_app(store.path, **options)


@cli.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@READ_ONLY_OPTION
def serve(db_path: Path | None, host: str, port: int, read_only: bool | None) -> None:
    """Serve the app to a web browser (needs: pip install 'scorecard-tui[web]')."""
    import ipaddress
    import shlex

    try:
        from textual_serve.server import Server
    except ImportError:
        _fail("serving to a browser needs the web extra: pip install 'scorecard-tui[web]'")
    path = _db_path(db_path)
    _open_store(db_path, read_only=read_only).close()
    args = [sys.executable, "-m", "scorecard_tui", "open", "--db", str(path)]
    if read_only:
        args.append("--read-only")
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        click.echo(
            f"scorecard: warning: listening on {host}, not loopback: anyone who can reach this port can "
            "use the app, with your rights to the database, and there is no login",
            err=True,
        )
    click.echo(f"serving {path} at http://{host}:{port} (ctrl+c to stop)")
    Server(shlex.join(args), host=host, port=port, title="scorecard-tui").serve()


@cli.command()
@AS_OF_OPTION
def demo(as_of: datetime | None) -> None:
    """Open the app on the bundled sample reports (a temporary database; yours is untouched).

    The samples are Derby City Council's Q1 2018/19 scorecard and an illustrative Q2.
    """
    from scorecard_tui.app import run_app
    from scorecard_tui.samples import load_sample_reports
    from scorecard_tui.store import Store

    with tempfile.TemporaryDirectory(prefix="scorecard-demo-") as tmp:
        path = Path(tmp) / "demo.db"
        with Store(path) as store:
            for report in load_sample_reports():
                store.save_report(report)
        run_app(path, demo=True, **({"as_of": as_of.date()} if as_of else {}))


MAP_OPTION = click.option(
    "--map",
    "maps",
    multiple=True,
    metavar='"HEADER=field"',
    help="Read the column HEADER as field (code, title, directorate, quarter_target, quarter_actual, "
    "forecast_target, forecast_actual, rag_quarter, rag_forecast, direction, polarity, unit, commentary, "
    "actions, review, or ignore); repeatable; remembered for the report series.",
)
PERIOD_OPTION = click.option(
    "--period", help="Period label such as '2018/19 Q1' (default: from the report's words, else its footer)."
)


@cli.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@DB_OPTION
@PERIOD_OPTION
@MAP_OPTION
def import_files(files: tuple[Path, ...], db_path: Path | None, period: str | None, maps: tuple[str, ...]) -> None:
    """Import scorecards: DORIS-style PDFs (or their text), .xlsx and .csv tables.

    Each file is imported whole or not at all; a bad file does not stop the others.
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from scorecard_tui.importing import import_file
    from scorecard_tui.parse.headers import parse_overrides

    try:
        overrides = parse_overrides(maps)
    except ScorecardError as exc:
        _fail(str(exc))
    store = _open_store(db_path)
    failed = 0
    with store:
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
                    task = progress.add_task(path.name, total=None)
                    summary = import_file(
                        store,
                        path,
                        period=period,
                        on_page=lambda done, total, p=progress, t=task: p.update(t, completed=done, total=total),
                        overrides=overrides,
                    )
            except ScorecardError as exc:
                failed += 1
                click.echo(f"scorecard: {path}: {exc}", err=True)
                continue
            except Exception as exc:  # a bug of ours must still cost one line, not a traceback
                failed += 1
                click.echo(
                    f"scorecard: {path}: unexpected error ({type(exc).__name__}: {exc}); please report it", err=True
                )
                continue
            except KeyboardInterrupt:
                click.echo(f"scorecard: {path}: interrupted; the database is unchanged", err=True)
                sys.exit(130)
            click.echo(f"{path.name}: {summary.line()}")
    if failed:
        sys.exit(2)


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@DB_OPTION
@PERIOD_OPTION
@MAP_OPTION
def inspect(file: Path, db_path: Path | None, period: str | None, maps: tuple[str, ...]) -> None:
    """Show how FILE would import, writing nothing: its family, each header's field, the period, the first rows."""
    from scorecard_tui.inspect import run_inspect

    try:
        run_inspect(file, _db_path(db_path), period=period, maps=maps)
    except ScorecardError as exc:
        _fail(f"{file}: {exc}")


@cli.command()
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@click.option("--period", help="Only this period (default: every report).")
def export(db_path: Path | None, fmt: str, period: str | None) -> None:
    """Write the stored reports to stdout as JSON or CSV."""
    from scorecard_tui.export import to_csv, to_json

    with _open_store(db_path) as store:
        try:
            infos = [store.find_report(period)] if period else store.reports()
        except ScorecardError as exc:
            _fail(str(exc))
        reports = [store.load_report(i.id) for i in infos]
    click.echo(to_json(reports) if fmt == "json" else to_csv(reports), nl=fmt == "json")


@cli.command()
@DB_OPTION
def summary(db_path: Path | None) -> None:
    """Print RAG counts by directorate and every Red measure of the latest report."""
    from rich.console import Console

    from scorecard_tui.summary import summary_renderables

    with _open_store(db_path) as store:
        info = store.latest_report()
        if info is None:
            _fail("the database holds no reports yet; import one with: scorecard import FILE")
        report = store.load_report(info.id)
    console = Console()
    for renderable in summary_renderables(report):
        console.print(renderable)


@cli.command()
@DB_OPTION
@click.option("--period", help="Period label such as '2018/19 Q1' (default: the latest).")
@click.option("--format", "fmt", type=click.Choice(["md", "csv"]), default="md", show_default=True)
@click.option("--output", type=click.Path(path_type=Path, dir_okay=False), help="Write here instead of stdout.")
@AS_OF_OPTION
def brief(db_path: Path | None, period: str | None, fmt: str, output: Path | None, as_of: datetime | None) -> None:
    """Write the meeting briefing: RAG counts, exceptions, flagged measures and coming reviews."""
    from scorecard_tui.briefing import load_briefing, to_csv, to_markdown

    with _open_store(db_path) as store:
        try:
            info = store.find_report(period) if period else store.latest_report()
        except ScorecardError as exc:
            _fail(str(exc))
        if info is None:
            _fail("the database holds no reports yet; import one with: scorecard import FILE")
        briefing = load_briefing(store, info, as_of.date() if as_of else None)
    text = to_markdown(briefing) if fmt == "md" else to_csv(briefing)
    if output is None:
        click.echo(text, nl=False)
        return
    write_atomically(output, text)
    click.echo(f"wrote the {info.period} briefing to {output}")


def write_atomically(path: Path, text: str) -> None:
    """Write a file so that readers never see half of it."""
    try:
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        _fail(f"{path}: cannot write ({exc.strerror})")


@cli.command()
@DB_OPTION
def doctor(db_path: Path | None) -> None:
    """Check a database: integrity, WAL, schema version, permissions and who can write."""
    from scorecard_tui.doctor import examine

    path = _db_path(db_path)
    findings = examine(path)
    click.echo(f"scorecard doctor: {path}")
    for f in findings:
        click.echo(f"  {'ok ' if f.ok else 'FIX'}  {f.check}: {f.detail}")
        if not f.ok and f.fix:
            click.echo(f"       fix: {f.fix}")
    if not all(f.ok for f in findings):
        sys.exit(1)


def main() -> None:
    """Console-script entry point."""
    cli()
