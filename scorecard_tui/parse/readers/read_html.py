"""Saved web pages and committee appendices (``.html``, ``.htm``)."""

from __future__ import annotations

from scorecard_tui.parse.doris import ProgressCallback
from scorecard_tui.parse.readers import Claim, Decline, Found

SUFFIXES = (".html", ".htm", ".xhtml")


class HtmlReader:
    """Files named ``.html``/``.htm``, or text that opens as an HTML document."""

    name = "HTML"

    def claims(self, data: bytes, suffix: str) -> Claim | Decline:
        from scorecard_tui.parse.html_tables import looks_like_html

        if suffix in SUFFIXES or looks_like_html(data[:1024]):
            return Claim()
        return Decline("not named .html or .htm, and does not open with <html>, <!DOCTYPE html> or <table>")

    def read(self, data: bytes, suffix: str, on_page: ProgressCallback | None) -> Found:
        from scorecard_tui.parse.html_tables import read_html

        return Found("web page (HTML)", table=read_html(data, on_page))


READER = HtmlReader()
