"""Measure how much drawing each PDF page asks for, before any reader parses a page.

Both pdfium and pdfplumber expand a page's content streams (and each form it draws, each
time it draws it) whole and make an object of every instruction: 1 MB of compressed
content can hold 1 GB of instructions, or two million rectangles, taking seconds and
gigabytes to parse. Here each stream is inflated in small pieces and only counted, so a
page that asks for too much is refused in about a second, in a few MB, whatever the file.
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

_CHUNK = 64 * 1024
_DRAWN = re.compile(rb"/([^\s/\[\]<>(){}%]{1,127})\s*Do(?![^\s/\[\]<>(){}%])")
_MAX_DEPTH = 12
"""Forms drawn inside forms deeper than this are not followed (readers stop earlier)."""


class _TooMuch(Exception):
    """The budget ran out."""


def check_content(data: bytes) -> None:
    """Refuse a PDF (its bytes) whose pages ask for more drawing than any scorecard.

    Raises:
        ScorecardError: naming the first page over a limit, or the PDF as unreadable.
    """
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    from scorecard_tui.parse.pdf_precheck import unreadable_pdf

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        pages = PDFPage.create_pages(document)
        total = 0
        forms: dict[int, int] = {}
        for number, page in enumerate(pages, start=1):
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
    except Exception as exc:  # pdfminer raises many types on damaged files
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ScorecardError(unreadable_pdf(detail, data, encrypted=False)) from exc


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
    drawn: Counter[bytes] = Counter()
    for ref in streams or ():
        stream = resolve1(ref)
        if not hasattr(stream, "rawdata"):
            continue
        size += _inflate(stream, budget - size, drawn)
    if not drawn or depth >= _MAX_DEPTH:
        return size
    xobjects = resolve1((resolve1(resources) or {}).get("XObject")) if isinstance(resolve1(resources), dict) else None
    if not isinstance(xobjects, dict):
        return size
    for name, times in drawn.items():
        ref = xobjects.get(name.decode("latin-1"))
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


def _inflate(stream: Any, budget: int, drawn: Counter[bytes]) -> int:
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
    tail = b""
    for piece in pieces:
        size += len(piece)
        if size > budget:
            raise _TooMuch
        window = tail + piece
        drawn.update(m[1] for m in _DRAWN.finditer(window) if m.end() > len(tail))
        tail = window[-160:]
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
