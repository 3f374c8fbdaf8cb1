"""Run the real app in a pseudo-terminal, read the screen with pyte, type, and quit."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pyte
import pytest

ROOT = Path(__file__).parents[2]
COLS, ROWS = 100, 30
LAUNCH = (
    "import sys; from pathlib import Path; from scorecard_tui.app import run_app; sys.exit(run_app(Path(sys.argv[1])))"
)


class Terminal:
    """A child process on a pty, its output fed to a pyte screen."""

    def __init__(self, *argv: str, env: dict[str, str] | None = None) -> None:
        self.screen = pyte.Screen(COLS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()
        master, slave = pty.openpty()
        os.set_blocking(master, False)
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(COLS), "LINES": str(ROWS), **(env or {})}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        env.pop("NO_COLOR", None)
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
        os.close(slave)
        self.master = master

    def read(self, timeout: float = 0.05) -> None:
        """Feed whatever the app has written."""
        ready, _, _ = select.select([self.master], [], [], timeout)
        while ready:
            try:
                chunk = os.read(self.master, 65536)
            except (BlockingIOError, OSError):
                break
            if not chunk:
                break
            self.raw += chunk
            self.stream.feed(chunk)
            ready, _, _ = select.select([self.master], [], [], 0.01)

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, needle: str, timeout: float = 10.0) -> str:
        """Read until ``needle`` shows on the screen."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.read()
            if needle in self.text():
                return self.text()
        raise AssertionError(f"{needle!r} never showed; screen:\n{self.text()}")

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def quit(self, key: str = "q", timeout: float = 10.0) -> bytes:
        """Press the quit key, wait for the app to exit, and return the last output it sent."""
        self.type(key)
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            self.read()
        self.read()
        return bytes(self.raw[-2000:])

    def wait_exit(self, timeout: float = 15.0) -> int:
        """Read until the app has exited; its exit status."""
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            self.read()
        self.read()
        if self.proc.returncode is None:
            raise AssertionError(f"the app did not exit; screen:\n{self.text()}")
        return self.proc.returncode

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)


def test_real_app_in_a_terminal(sample_db: Path) -> None:
    term = Terminal(sys.executable, "-c", LAUNCH, str(sample_db))
    try:
        term.wait_for("20 of 20 measures: all")
        screen = term.wait_for("LCT PM03")  # the status line can be painted a frame before the rows
        assert "Improvement Report - Council Scorecard" in screen
        assert "✖ R" in screen
        term.type("/")
        term.wait_for("search title")
        term.type("fost")
        term.wait_for("'fost'")
        deadline = time.monotonic() + 10
        while "LCT PM03" in term.text().split("Detail")[0] and time.monotonic() < deadline:
            term.read()  # the table follows the status line by a frame
        screen = term.text()
        assert "SS PM28" in screen and "LCT PM03" not in screen.split("Detail")[0]
        term.type("\x1b")
        term.wait_for("20 of 20 measures: all")
        term.type("r")
        term.wait_for("15 of 20 measures: Red (quarterly)")
        tail = term.quit()
        assert term.proc.returncode == 0
        assert b"\x1b[?1049l" in tail  # left the alternate screen
        assert b"\x1b[?25h" in tail  # cursor shown again
        assert not term.screen.cursor.hidden
    finally:
        term.close()


def test_scorecard_open_draws_the_report_in_its_first_frame(sample_db: Path) -> None:
    """Issue 12: ``scorecard open`` checks the file and reads the latest period while Textual
    starts, so the first frame is the report: no "Opening ..." placeholder is ever drawn."""
    term = Terminal(sys.executable, "-m", "scorecard_tui", "open", "--db", str(sample_db))
    try:
        term.wait_for("20 of 20 measures: all")
        assert b"Opening" not in term.raw
        term.quit()
        assert term.proc.returncode == 0
    finally:
        term.close()


def test_a_windows_1252_terminal_types_pounds_into_a_note(sample_db: Path) -> None:
    """Issue 18, hole 6: a terminal that sends Windows-1252 (older PuTTY set-ups) sends ``£`` as the
    one byte 0xa3, which is not UTF-8. It ended the app (and the unsaved note); now it reads as
    ``£``, as does a lone lead byte (``é``, 0xe9) once the next key comes, and the note saves."""
    from scorecard_tui.store import Store

    term = Terminal(sys.executable, "-c", LAUNCH, str(sample_db))
    try:
        term.wait_for("20 of 20 measures: all")
        term.type("n")
        term.wait_for("Note on")
        os.write(term.master, b"\xa3")
        term.wait_for("£")
        os.write(term.master, b"5 fee, caf\xe9 ok \x80")
        term.wait_for("£5 fee, café ok €")
        term.type("\x13")  # ctrl+s
        term.wait_for("note saved")
        term.quit()
        assert term.proc.returncode == 0
    finally:
        term.close()
    with Store(sample_db) as store:
        info = store.latest_report()
        assert info is not None
        (note,) = store.annotations.notes(info).values()
    assert note.value == "£5 fee, café ok €"


def _drafts(data_home: Path) -> list[Path]:
    return sorted((data_home / "scorecard-tui" / "drafts").glob("*.txt"))


def test_a_crash_keeps_the_unsaved_note_and_exits_non_zero(sample_db: Path, tmp_path: Path) -> None:
    """Issue 18, hole 6: with Textual's own driver (as before the fix), a Windows-1252 byte kills
    its input thread, and the app ended with exit status 0, the note lost. Whatever ends the app
    now, ``scorecard open`` exits non-zero and keeps the unsaved note in a draft file of the user's
    own, saying where in one line."""
    data_home = tmp_path / "data"
    stock = {"TEXTUAL_DRIVER": "textual.drivers.linux_driver:LinuxDriver", "XDG_DATA_HOME": str(data_home)}
    term = Terminal(sys.executable, "-m", "scorecard_tui", "open", "--db", str(sample_db), env=stock)
    try:
        term.wait_for("20 of 20 measures: all")
        term.type("n")
        term.wait_for("Note on")
        term.type("Ask for the falls plan")
        term.wait_for("Ask for the falls plan")
        os.write(term.master, b" \xa3")  # Textual's own decoder fails on it
        status = term.wait_exit()
    finally:
        term.close()
    assert status == 1
    (draft,) = _drafts(data_home)
    assert draft.read_text(encoding="utf-8").endswith("\n\nAsk for the falls plan\n")
    assert draft.stat().st_mode & 0o777 == 0o600
    said = bytes(term.raw).decode("utf-8", "replace")
    assert f"your unsaved note on LCT PM03, 2018/19 Q1 is kept in {draft}" in said.replace("\r\n", "")


CRASH_ON_SAVE = (
    "import sys\n"
    "from scorecard_tui.app.screens.note_editor import NoteEditor\n"
    "def fail(self): raise RuntimeError('a bug of ours')\n"
    "NoteEditor.action_save = fail  # the fault: any unhandled exception while the editor is open\n"
    "from scorecard_tui.cli.main import main\n"
    "sys.argv = ['scorecard', 'demo']\n"
    "main()\n"
)


def test_demo_exits_non_zero_when_the_app_dies_of_an_exception(tmp_path: Path) -> None:
    """An unhandled exception in the app (injected: saving a note raises) ends ``scorecard demo``
    with status 1, not 0, and the note being written is kept."""
    data_home = tmp_path / "data"
    term = Terminal(sys.executable, "-c", CRASH_ON_SAVE, env={"XDG_DATA_HOME": str(data_home)})
    try:
        term.wait_for("measures: all")
        term.type("n")
        term.wait_for("Note on")
        term.type("Raise at scrutiny")
        term.wait_for("Raise at scrutiny")
        term.type("\x13")  # ctrl+s
        status = term.wait_exit()
    finally:
        term.close()
    assert status == 1
    (draft,) = _drafts(data_home)
    assert "Raise at scrutiny" in draft.read_text(encoding="utf-8")
    assert b"RuntimeError" in term.raw


@pytest.mark.parametrize("name", ["SIGHUP", "SIGTERM"])
def test_a_hang_up_keeps_the_unsaved_note(name: str, sample_db: Path, tmp_path: Path) -> None:
    """The SSH link drops (SIGHUP) or the server is shutting down (SIGTERM): by default either
    ended the process on the spot, the note with it. Now the app ends as a quit does, keeps the
    note, and exits 128 + the signal's number."""
    data_home = tmp_path / "data"
    term = Terminal(sys.executable, "-c", LAUNCH, str(sample_db), env={"XDG_DATA_HOME": str(data_home)})
    try:
        term.wait_for("20 of 20 measures: all")
        term.type("n")
        term.wait_for("Note on")
        term.type("Half a thought")
        term.wait_for("Half a thought")
        number = getattr(signal, name)
        term.proc.send_signal(number)
        status = term.wait_exit()
    finally:
        term.close()
    assert status == 128 + number
    (draft,) = _drafts(data_home)
    assert draft.read_text(encoding="utf-8").endswith("\n\nHalf a thought\n")
