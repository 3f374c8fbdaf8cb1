"""Keys from a terminal in any encoding: bytes that are not UTF-8 are read as Windows-1252, never a crash.

Textual's Linux driver decodes what the terminal sends with a strict UTF-8 decoder made inside
its input loop (``LinuxDriver.run_input_thread``; Textual issue #6456). A terminal that sends
Windows-1252 (older PuTTY set-ups: ``£`` is the one byte ``0xa3``) made it raise
``UnicodeDecodeError``, which ended the app. :class:`TolerantLinuxDriver` runs Textual's own
input loop, whatever the version, with one name changed: the decoder it makes reads a byte
that is not UTF-8 as Windows-1252 (the five bytes Windows-1252 leaves undefined become ``�``).

A lone byte that starts a UTF-8 sequence (``é`` is ``0xe9`` in Windows-1252) waits for the
next byte, as a UTF-8 decoder must: it shows with the next key typed.
"""

from __future__ import annotations

import codecs
import types
from collections.abc import Callable

from textual.drivers.linux_driver import LinuxDriver

ERRORS = "scorecard-windows-1252"
"""The codec error handler that reads undecodable bytes as Windows-1252."""


def _as_windows_1252(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return bytes(error.object[error.start : error.end]).decode("cp1252", errors="replace"), error.end


codecs.register_error(ERRORS, _as_windows_1252)


def tolerant_incremental_decoder(encoding: str) -> Callable[..., codecs.IncrementalDecoder]:
    """As :func:`codecs.getincrementaldecoder`, but whatever ``errors`` its caller asks for (strict,
    by default), the decoder reads bytes the encoding cannot decode as Windows-1252."""
    factory = codecs.getincrementaldecoder(encoding)

    def make(errors: str = "strict") -> codecs.IncrementalDecoder:
        return factory(errors=ERRORS)

    return make


def _with_tolerant_decoder(loop: Callable[[LinuxDriver], None]) -> Callable[[LinuxDriver], None]:
    """``loop`` (Textual's input loop) with ``getincrementaldecoder`` looked up as
    :func:`tolerant_incremental_decoder`: the same code, over a copy of its module's names, so
    nothing of Textual's is changed for anyone else."""
    if not isinstance(loop, types.FunctionType) or "getincrementaldecoder" not in loop.__code__.co_names:
        return loop  # Textual decodes some other way now: nothing to swap
    names = {**loop.__globals__, "getincrementaldecoder": tolerant_incremental_decoder}
    tolerant = types.FunctionType(loop.__code__, names, loop.__name__, loop.__defaults__, loop.__closure__)
    tolerant.__kwdefaults__ = loop.__kwdefaults__
    return tolerant


_INPUT_LOOP = _with_tolerant_decoder(LinuxDriver.run_input_thread)


class TolerantLinuxDriver(LinuxDriver):
    """Textual's Linux driver, whose input loop never fails on bytes that are not UTF-8."""

    def run_input_thread(self) -> None:
        """Textual's input loop, with the tolerant decoder."""
        _INPUT_LOOP(self)
