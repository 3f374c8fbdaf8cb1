"""Measure how much a PDF's streams inflate to, and how much drawing each page asks for,
before any reader opens the file or parses a page.

pdfium and pdfminer inflate an object stream whole to open a file, and a page's content
streams (each form as often as it is drawn) whole to parse it, making an object of every
instruction: 1 MB can inflate to 1 GB, or hold two million rectangles, taking seconds and
gigabytes. Here each stream is inflated in small pieces and only counted, so such a file
is refused in about a second, in a few MB, whatever it holds. A PDF that no reader can open
is named in one line by :func:`unreadable_pdf`, whichever library failed on it.
"""

from __future__ import annotations

import io
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from scorecard_tui.errors import ScorecardError

MAX_CONTENT_PER_PAGE = 4 * 1024 * 1024
"""Bytes of drawing instructions a page may hold, counting each form as often as it is drawn;
a dense real page holds a few hundred KB (the samples' pages under 40 KB)."""
MAX_CONTENT_PER_REPORT = 48 * 1024 * 1024
"""Bytes of drawing instructions a report may hold in all."""
MAX_PAGES = 2_000
"""Pages a PDF may hold (the samples hold 3 to 11); every reader walks them all."""

MAX_OBJECT_STREAM = 8 * 1024 * 1024
"""Bytes an object stream (or cross-reference stream) may inflate to: readers expand them whole
to open the file; a real one holds a few hundred KB of dictionaries."""
MAX_STREAM_COUNT = 100_000
"""Streams a PDF may hold; a long report holds a few thousand."""
MAX_STREAMS = 128 * 1024 * 1024
"""Bytes all the PDF's streams but images may inflate to (fonts, contents, forms, metadata)."""

_CHUNK = 64 * 1024
_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_FILTERS = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>()]+)")
_DRAWN = re.compile(rb"/([^\s/\[\]<>(){}%]{1,127})\s*Do(?![^\s/\[\]<>(){}%])")
_MAX_DEPTH = 12
"""Forms drawn inside forms deeper than this are not followed (readers stop earlier)."""


class _TooMuch(Exception):
    """The budget ran out."""


def check_streams(data: bytes) -> None:
    """Refuse a PDF (its bytes) whose streams inflate past any scorecard's, before any reader opens it.

    Each ``stream`` keyword's dictionary is read from the bytes before it; every stream but an
    image is inflated in pieces and counted, an object stream against its own limit too.

    Raises:
        ScorecardError: naming the limit.
    """
    total = 0
    streams = 0
    after = 0  # the end of the last stream's data: a "stream" inside it is data, not a stream
    for m in _STREAM.finditer(data):
        if m.start() < after:
            if after == len(data):
                break  # a stream that never ends: the rest is its data
            continue
        end = data.find(b"endstream", m.end())
        end = len(data) if end < 0 else end
        region = data[after : m.start()]
        after = end
        streams += 1
        if streams > MAX_STREAM_COUNT:
            raise ScorecardError(
                f"the PDF holds over {MAX_STREAM_COUNT:,} streams; a scorecard far fewer: not a scorecard"
            )
        attrs = _attributes(region)
        if re.search(rb"/Subtype\s*/Image\b", attrs):
            continue
        packed = _STREAM_KINDS.search(attrs) is not None
        budget = min(MAX_STREAMS - total, MAX_OBJECT_STREAM) if packed else MAX_STREAMS - total
        filters = next(reversed(list(_FILTERS.finditer(attrs))), None)  # the last: this stream's
        names = [n.decode("latin-1") for n in re.findall(rb"/([^\s/\[\]<>()]+)", filters[1])] if filters else []
        if not names and b"/Filter" in attrs:
            names = ["FlateDecode"]  # a filter not written out (an indirect one): inflate if it will
        if not names:
            continue  # unfiltered: no bigger than the file
        pieces: Iterator[bytes] = _pieces(data, m.end(), end)
        for name in names:
            pieces = _decoded(name, pieces)
        size = 0
        for piece in _until_damaged(pieces):
            size += len(piece)
            if size > budget:
                if packed and budget == MAX_OBJECT_STREAM:
                    raise ScorecardError(
                        f"an object stream of the PDF inflates to over {_mb(MAX_OBJECT_STREAM)}; "
                        "a scorecard's hold a few hundred KB: not a scorecard"
                    )
                raise ScorecardError(
                    f"the PDF's streams inflate to over {_mb(MAX_STREAMS)}; "
                    "a scorecard's hold far less: not a scorecard"
                )
        total += size


def _attributes(region: bytes) -> bytes:
    """A stream's dictionary: what follows the last object before it (``endobj``), name escapes
    (``/Obj#53tm``) undone."""
    last = region.rfind(b"endobj")
    attrs = region[last + len(b"endobj") :] if last >= 0 else region
    return _ESCAPE.sub(lambda e: bytes([int(e[1], 16)]), attrs)


def _until_damaged(pieces: Iterator[bytes]) -> Iterator[bytes]:
    """The pieces a decoder gives before it fails (encrypted or damaged data: readers get no more)."""
    try:
        yield from pieces
    except (ValueError, TypeError, IndexError, EOFError, zlib.error):
        return


_STREAM_KINDS = re.compile(rb"/Type\s*/(?:ObjStm|XRef)\b")


def _pieces(data: bytes, start: int, end: int) -> Iterator[bytes]:
    """The file from ``start`` to ``end``, in pieces."""
    for i in range(start, end, _CHUNK):
        yield data[i : min(i + _CHUNK, end)]


def check_content(data: bytes) -> None:
    """Refuse a PDF (its bytes) whose pages ask for more drawing than any scorecard.

    Raises:
        ScorecardError: naming the first page over a limit, or the PDF as unreadable.
    """
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        pages = PDFPage.create_pages(document)
        total = 0
        forms: dict[int, int] = {}
        for number, page in enumerate(pages, start=1):
            if number > MAX_PAGES:
                raise ScorecardError(f"the PDF has over {MAX_PAGES:,} pages; a scorecard far fewer: not a scorecard")
            budget = min(MAX_CONTENT_PER_PAGE, MAX_CONTENT_PER_REPORT - total)
            try:
                size = _cost(page.contents, page.resources, budget, forms, set(), 0)
            except _TooMuch:
                if budget < MAX_CONTENT_PER_PAGE:
                    raise ScorecardError(
                        f"the PDF has over {_mb(MAX_CONTENT_PER_REPORT)} of drawing instructions by page {number}; "
                        "a scorecard has far fewer: not a scorecard"
                    ) from None
                raise ScorecardError(
                    f"page {number} has over {_mb(MAX_CONTENT_PER_PAGE)} of drawing instructions; "
                    f"a scorecard page has at most {_mb(MAX_CONTENT_PER_PAGE)}: not a scorecard"
                ) from None
            total += size
    except ScorecardError:
        raise
    except Exception as exc:  # pdfminer raises many types on damaged files (as the reader's guard says)
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        detail = str(cause).splitlines()[0] if str(cause) else type(cause).__name__
        encrypted = isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError)
        raise ScorecardError(unreadable_pdf(detail, data, encrypted=encrypted)) from exc


def unreadable_pdf(detail: str, data: bytes, *, encrypted: bool) -> str:
    """Why a PDF (its bytes) cannot be read, in one line, whichever library failed on it."""
    if encrypted:
        return "the PDF is encrypted (password protected)"
    if b"%%EOF" not in data[-2048:]:
        return "the PDF is truncated or damaged"
    return f"the PDF cannot be read ({detail or 'damaged'})"


def _mb(n: int) -> str:
    return f"{n // (1024 * 1024)} MB"


def _cost(
    streams: Iterable[Any], resources: Any, budget: int, forms: dict[int, int], path: set[int], depth: int
) -> int:
    """Bytes of instructions that ``streams`` draw, each form counted as often as it is drawn.

    Raises:
        _TooMuch: past ``budget``.
    """
    from pdfminer.pdftypes import resolve1

    size = 0
    drawn = _Drawn()
    for ref in streams or ():
        stream = resolve1(ref)
        if not hasattr(stream, "rawdata"):
            continue
        size += _inflate(stream, budget - size, drawn)
        drawn.read(b"\n")  # a page's streams run on into each other: "/X1" may end one, "Do" start the next
    if not drawn.names or depth >= _MAX_DEPTH:
        return size
    xobjects = resolve1((resolve1(resources) or {}).get("XObject")) if isinstance(resolve1(resources), dict) else None
    if not isinstance(xobjects, dict):
        return size
    for name, times in drawn.names.items():
        ref = xobjects.get(_ESCAPE.sub(lambda e: bytes([int(e[1], 16)]), name).decode("latin-1"))
        form = resolve1(ref)
        if not hasattr(form, "attrs") or _name(form.attrs.get("Subtype")) != "Form":
            continue
        key = getattr(ref, "objid", None) or id(form)
        if key in path:
            continue  # a form that draws itself: readers stop there
        if key not in forms:
            inner = form.attrs.get("Resources", resources)
            forms[key] = _cost([form], inner, budget - size, forms, path | {key}, depth + 1)
        size += times * forms[key]
        if size > budget:
            raise _TooMuch
    return size


def _name(value: Any) -> str:
    from pdfminer.pdftypes import resolve1

    value = resolve1(value)
    return str(getattr(value, "name", value))


class _Drawn:
    """The forms instructions draw (``/X1 Do``), counted by name as the instructions go by in pieces."""

    def __init__(self) -> None:
        self.names: Counter[bytes] = Counter()
        self._tail = b""

    def read(self, piece: bytes) -> None:
        window = self._tail + piece
        self.names.update(m[1] for m in _DRAWN.finditer(window) if m.end() > len(self._tail))
        self._tail = window[-160:]


def _inflate(stream: Any, budget: int, drawn: _Drawn) -> int:
    """The stream's decoded length, read in pieces; the forms it draws counted into ``drawn``.

    Raises:
        _TooMuch: past ``budget``.
    """
    data = stream.rawdata
    if stream.decipher and stream.objid is not None:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    pieces: Iterator[bytes] = iter([data[i : i + _CHUNK] for i in range(0, len(data), _CHUNK)] or [b""])
    for name, _ in stream.get_filters():
        pieces = _decoded(_name(name), pieces)
    size = 0
    for piece in _until_damaged(pieces):
        size += len(piece)
        if size > budget:
            raise _TooMuch
        drawn.read(piece)
    return size


def _decoded(name: str, pieces: Iterator[bytes]) -> Iterator[bytes]:
    """A filter's output in pieces of at most ``_CHUNK`` bytes (an upper bound for filters not decoded here)."""
    if name in ("FlateDecode", "Fl"):
        inflater = zlib.decompressobj()
        try:
            for piece in pieces:
                out = inflater.decompress(piece, _CHUNK)
                while out:
                    yield out
                    out = inflater.decompress(inflater.unconsumed_tail, _CHUNK)
                if inflater.eof:
                    return
        except zlib.error:
            return  # damaged: what was read is what a reader gets
    elif name in ("LZWDecode", "LZW"):
        from pdfminer.lzw import LZWDecoder

        yield from _rechunk(LZWDecoder(io.BytesIO(b"".join(pieces))).run())
    elif name in ("RunLengthDecode", "RL"):
        yield from _rechunk(_run_lengths(b"".join(pieces)))
    elif name in ("ASCII85Decode", "A85", "ASCIIHexDecode", "AHx"):  # these shrink what they read
        from pdfminer.ascii85 import ascii85decode, asciihexdecode

        decode = ascii85decode if name.startswith("A") and "85" in name else asciihexdecode
        yield from _rechunk([decode(b"".join(pieces))])
    else:  # image filters draw nothing: at most the input
        yield from pieces


def _run_lengths(data: bytes) -> Iterator[bytes]:
    """RunLengthDecode, a run at a time."""
    i = 0
    while i < len(data) and data[i] != 128:
        n = data[i]
        if n < 128:
            yield data[i + 1 : i + 2 + n]
            i += 2 + n
        else:
            yield data[i + 1 : i + 2] * (257 - n)
            i += 2


def _rechunk(parts: Iterable[bytes]) -> Iterator[bytes]:
    """Small parts gathered (or a large one cut) into pieces of about ``_CHUNK`` bytes."""
    held = bytearray()
    for part in parts:
        held += part
        while len(held) >= _CHUNK:
            yield bytes(held[:_CHUNK])
            del held[:_CHUNK]
    if held:
        yield bytes(held)
