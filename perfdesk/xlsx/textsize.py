"""Estimate how tall a wrapped cell prints: Excel and LibreOffice do not fit row heights of
merged or long cells themselves, so the exporter sets them.

Units: column widths in Excel's character units (the width of "0" in the default 11 pt font,
7 px); heights in points. Body text is a 10 pt CJK font: a CJK glyph is 10 pt wide (≈1.9 units),
a Latin glyph or digit half of that.
"""
from __future__ import annotations

import functools
import math
import unicodedata

FONT_PT = 10
LINE_PT = 13.5           # line pitch of 10 pt 宋体 (Excel's row height for one line)
PADDING_PT = 4.0         # top + bottom cell padding
MIN_ROW_PT = 18.0
MAX_ROW_PT = 409.0       # Excel's limit for one row
_PX_PER_UNIT = 7.0
_PX_PER_PT = 96 / 72


_WIDTHS: dict[float, dict[str, float]] = {}   # font size -> {character: px}, filled as met


def char_px(ch: str, font_pt: float = FONT_PT) -> float:
    widths = _WIDTHS.get(font_pt)
    if widths is None:
        widths = _WIDTHS.setdefault(font_pt, {})
    w = widths.get(ch)
    if w is None:
        wide = unicodedata.east_asian_width(ch) in ("W", "F")
        w = widths[ch] = font_pt * _PX_PER_PT * (1.0 if wide else 0.55)
    return w


def column_px(width_units: float) -> float:
    return width_units * _PX_PER_UNIT + 5


def line_count(text: str, width_units: float, font_pt: float = FONT_PT) -> int:
    """Lines a wrapped text takes in a cell of the given width (character wrap, as CJK wraps)."""
    text = str(text)
    if len(text) <= 256:   # names and values recur from row to row and form to form
        return _short_line_count(text, width_units, font_pt)
    return _line_count(text, width_units, font_pt)


def _line_count(text: str, width_units: float, font_pt: float) -> int:
    avail = max(column_px(width_units) - 8, char_px("中", font_pt))
    known = _WIDTHS[font_pt].get
    lines = 0
    for paragraph in text.split("\n"):
        used, count = 0.0, 1
        for ch in paragraph:
            w = known(ch)
            if w is None:
                w = char_px(ch, font_pt)
            if used + w > avail:
                count += 1
                used = w
            else:
                used += w
        lines += count
    return lines


_short_line_count = functools.lru_cache(maxsize=8192)(_line_count)


def text_height(text: str, width_units: float, font_pt: float = FONT_PT) -> float:
    """Points a wrapped text needs, with a little slack so renderers with wider fonts still fit."""
    if text is None or text == "":
        return MIN_ROW_PT
    lines = line_count(text, width_units, font_pt)
    pitch = LINE_PT * font_pt / FONT_PT
    slack = 1.0 if lines <= 2 else 1.03
    return max(MIN_ROW_PT, math.ceil(lines * slack * pitch + PADDING_PT))


def text_width_units(text: str, font_pt: float = FONT_PT) -> float:
    """Width of the longest line, in column units."""
    best = 0.0
    for line in str(text).split("\n"):
        best = max(best, sum(char_px(ch, font_pt) for ch in line))
    return (best + 8) / _PX_PER_UNIT
