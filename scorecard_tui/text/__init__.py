"""Text made safe: report text cleaned of controls and bidi overrides, safe CSV/JSON cells, file names
fit to print, literal Markdown.

Owns every rule about what a piece of foreign text may contain when we show or write it.
May import: ``model`` only (and the standard library).
"""
