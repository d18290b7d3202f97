"""Setting Chinese text: styles, line layout with the font set, drawing, and the text flowable."""
from __future__ import annotations


import msgspec
from msgspec.structs import replace
from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import FrameBreak

from .fonts import FontSet
from .linebreak import Line, break_text

# Where the glyphs sit in a line box: baseline below the box centre by this share of the size.
_BASELINE_DROP = 0.36
_BOLD_STROKE = 0.035      # synthetic bold (as Word does for 宋体): outline stroke, share of size


class TextStyle(msgspec.Struct, frozen=True):
    size: float = 10.5
    leading: float = 15.0
    align: str = "left"       # left | center | right | justify
    bold: bool = False
    space_before: float = 0.0
    space_after: float = 0.0
    indent: int = 0           # first-line indent of each paragraph, in characters

    def but(self, **changes) -> TextStyle:
        return replace(self, **changes)


def layout_lines(text: str, fonts: FontSet, style: TextStyle, width: float) -> list[Line]:
    if style.indent:
        text = "\n".join(("\u3000" * style.indent + p.strip()) if p.strip() else "" for p in text.split("\n"))
    size = style.size
    return break_text(text, lambda ch: fonts.width(ch) * size, width)


def line_width(text: str, fonts: FontSet, size: float) -> float:
    return fonts.text_width(text, size)


def draw_line(canv, fonts: FontSet, line: Line, x: float, baseline: float, width: float, style: TextStyle) -> None:
    """One line at (x, baseline) inside a box of the given width, aligned by the style."""
    text = line.text
    if not text:
        return
    size = style.size
    used = line_width(text, fonts, size)
    char_space = 0.0
    if style.align == "center":
        x += max(0.0, (width - used) / 2)
    elif style.align == "right":
        x += max(0.0, width - used)
    elif style.align == "justify" and not line.last and len(text) > 1:
        slack = width - used
        if 0 < slack < size * 2:
            char_space = slack / (len(text) - 1)
    if style.bold:   # q … Q keeps the stroke width and render mode to this line
        canv.saveState()
        canv.setLineWidth(size * _BOLD_STROKE)
    t = canv.beginText(x, baseline)
    if style.bold:
        t.setTextRenderMode(2)
    if char_space:
        t.setCharSpace(char_space)
    for font_name, run in fonts.runs(text):
        t.setFont(font_name, size)
        t.textOut(run)
    if char_space:
        # Tc belongs to the graphics state, not to the text object: left set, it would space out
        # every later line the canvas draws (ReportLab's next text object assumes 0 and never resets it)
        t.setCharSpace(0)
    canv.drawText(t)
    if style.bold:
        canv.restoreState()


def draw_lines(canv, fonts: FontSet, lines: list[Line], x: float, top: float, width: float,
               style: TextStyle) -> None:
    """Lines from top downwards, each centred in its line box of height style.leading."""
    lead = style.leading
    for i, line in enumerate(lines):
        baseline = top - (i + 0.5) * lead - _BASELINE_DROP * style.size
        draw_line(canv, fonts, line, x, baseline, width, style)


class TextBlock(Flowable):
    """Paragraphs (split on "\n") that break across pages between lines, with optional headings
    above them that never end a page alone (a heading keeps at least two lines of its text)."""

    def __init__(self, text: str, fonts: FontSet, style: TextStyle,
                 heads: tuple[tuple[str, TextStyle], ...] = (), rows: list | None = None,
                 keep: int = 0, keep_with_next: bool = False):
        super().__init__()
        self.text, self.fonts, self.style, self.heads = text, fonts, style, tuple(heads)
        self._rows = rows            # pre-laid rows: (Line | None, style, height) — parts of a split
        self._keep = keep
        self._for_width: float | None = None
        first = self.heads[0][1] if self.heads else style
        self.spaceBefore = 0 if rows is not None and not keep else first.space_before
        self.spaceAfter = style.space_after
        if keep_with_next:
            self.keepWithNext = True

    def rows(self, width: float) -> list:
        if self._rows is not None and (self._for_width is None or self._for_width == width):
            return self._rows
        rows: list = []
        for n, (text, st) in enumerate(self.heads):
            if n and st.space_before:
                rows.append((None, st, st.space_before))
            rows += [(line, st, st.leading) for line in layout_lines(text, self.fonts, st, width)]
            if st.space_after:
                rows.append((None, st, st.space_after))
        self._keep = len(rows)
        if self.text.strip() or not self.heads:
            rows += [(line, self.style, self.style.leading)
                     for line in layout_lines(self.text, self.fonts, self.style, width)]
        self._rows, self._for_width = rows, width
        return rows

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self.height = sum(h for _, _, h in self.rows(avail_width))
        return self.width, self.height

    def split(self, avail_width, avail_height):
        rows = self.rows(avail_width)
        used, fit = 0.0, 0
        while fit < len(rows) and used + rows[fit][2] <= avail_height + 1e-6:
            used += rows[fit][2]
            fit += 1
        if fit >= len(rows):
            return [self]
        body = len(rows) - self._keep
        room = fit
        if body >= 4:                          # no single widow line
            fit = min(fit, len(rows) - 2)
        if fit < self._keep + min(2, body):    # no heading, or single orphan line, alone
            return []
        rest = rows[fit:]
        while rest and rest[0][0] is None:
            rest = rest[1:]
        first = TextBlock("", self.fonts, self.style.but(space_after=0), rows=rows[:fit], keep=self._keep)
        first.spaceBefore = self.spaceBefore
        second = TextBlock("", self.fonts, self.style, rows=rest)
        if fit < room:    # held back for the next page: it must not fill the space left here
            return [first, FrameBreak(), second]
        return [first, second]

    def draw(self):
        y = self.height
        for line, st, h in self.rows(self.width):
            if line is not None:
                draw_lines(self.canv, self.fonts, [line], 0, y, self.width, st)
            y -= h


class TwoSidedLine(Flowable):
    """One line with text at the left and at the right (the unit and 单位：万元 under a title)."""

    def __init__(self, left: str, right: str, fonts: FontSet, style: TextStyle):
        super().__init__()
        self.left, self.right, self.fonts, self.style = left, right, fonts, style
        self.spaceBefore, self.spaceAfter = style.space_before, style.space_after

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        right_w = line_width(self.right, self.fonts, self.style.size) + self.style.size
        self._left = layout_lines(self.left, self.fonts, self.style.but(indent=0), avail_width - right_w)
        self.height = max(1, len(self._left)) * self.style.leading
        return self.width, self.height

    def draw(self):
        st = self.style
        draw_lines(self.canv, self.fonts, self._left, 0, self.height, self.width, st.but(align="left"))
        draw_lines(self.canv, self.fonts, [Line(self.right, True)], 0, self.height, self.width,
                   st.but(align="right", bold=False))
