"""Build the illustrative committee appendix (``illustrative-committee-appendix.html``) from its JSON.

The page is laid out as committee systems publish a performance appendix: a page title
and heading stating the period, a key table of the status and trend icons first, then a
heading per committee over its table; status and trend shown as icons (``<img>`` with alt
text; one with only a title, one with only its file name), two trend columns ("Long
Trend", "Short Trend"), no code column, and a script and a style block that are never
text. The content is ILLUSTRATIVE: an invented council and invented figures.

Run from the repository root::

    python sample_data/other-councils/build_html.py
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "illustrative-committee-appendix.json"


def cell(value: Any, tag: str = "td") -> str:
    """One cell: text (newlines as line breaks) or an icon."""
    if isinstance(value, dict):
        attributes = "".join(f' {k}="{escape(value[k])}"' for k in ("alt", "title") if k in value)
        return f'<{tag} class="icon"><img src="{escape(value["img"])}"{attributes} width="16" height="16"></{tag}>'
    return f"<{tag}>" + "<br>".join(escape(line) for line in str(value).split("\n")) + f"</{tag}>"


def table(header: list[str], rows: list[list[Any]]) -> str:
    head = "<tr>" + "".join(cell(h, "th") for h in header) + "</tr>"
    body = "".join("<tr>" + "".join(cell(v) for v in row) + "</tr>" for row in rows)
    return f'<table class="pi-table" border="1">\n<thead>{head}</thead>\n<tbody>{body}</tbody>\n</table>\n'


def build_html(source: dict, out: Path) -> None:
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        f"<title>{escape(source['page_title'])}</title>\n",
        "<style>td.icon { text-align: center } .Quarter3 { display: none }</style>\n",
        "<script>var tracking = 'Directorate : not text'; document.title += ' Q1 2019/20';</script>\n",
        "</head>\n<body>\n",
        f"<h1>{escape(source['heading'])}</h1>\n",
        *(f"<p><strong>{escape(line)}</strong></p>\n" for line in source["intro"]),
        f"<h2>{escape(source['key']['heading'])}</h2>\n",
        table(source["key"]["header"], source["key"]["rows"]),
    ]
    for committee in source["committees"]:
        parts.append(f"<h2>{escape(committee['heading'])}</h2>\n")
        parts.append(table(source["header"], committee["rows"]))
    parts.append("<!-- Generated for scorecard-tui's tests: ILLUSTRATIVE -->\n</body>\n</html>\n")
    out.write_text("".join(parts), encoding="utf-8")


def main() -> None:
    source = json.loads(SOURCE.read_text(encoding="utf-8"))
    out = HERE / source["file"]
    build_html(source, out)
    print(out.name)


if __name__ == "__main__":
    main()
