"""Ruled tables with merged cells that break across pages the way official forms must.

ReportLab's own Table cannot do what a printed form needs: a row span taller than a page raises
LayoutError, and splitInRow leaves the continued part of a merged cell empty. This table lays out
and splits itself: at a page break the header rows repeat, a merged cell cut by the break
continues on the next page with its label and 「（续）」, and a row of long text (or any row taller
than a page) is cut between its lines. Body rows marked as headings (the 项目 | 年初预算数 | … row of
a funds table printed inside a larger table) repeat, the latest one above the cut, at the top of
the continued part. Rows never overflow their cells: a cell's lines decide
its row's height, and a merged cell that needs more room than its rows have makes them taller.
"""
from __future__ import annotations


import msgspec
from msgspec.structs import replace
from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import FrameBreak

from .fonts import FontSet
from .linebreak import Line
from .text import TextStyle, draw_lines, layout_lines

CONTINUED = "（续）"
_EPS = 1e-6


class Cell(msgspec.Struct, frozen=True):
    text: str = ""
    align: str = "center"          # left | center | right | justify
    bold: bool = False
    rowspan: int = 1
    colspan: int = 1
    label: bool = False            # a row label: repeated with （续） when its row is cut
    lines: tuple[Line, ...] | None = None   # already broken (the parts of a cut row)

    def continued(self) -> Cell:
        text = self.text
        if text and not text.endswith(CONTINUED):
            text += CONTINUED
        return replace(self, text=text, lines=None)


Row = dict  # column index → the Cell that starts there


def _rejoin(lines: list[Line]) -> str:
    """The text of broken lines again, paragraph ends kept."""
    return "".join(line.text + ("\n" if line.last else "") for line in lines).rstrip("\n")


class RowsBuilder:
    """Places cells row by row, skipping columns covered by spans from above (as HTML does)."""

    def __init__(self, ncols: int):
        self.ncols = ncols
        self.rows: list[Row] = []
        self.breakable: list[bool] = []
        self._covered: set[tuple[int, int]] = set()

    def add(self, cells: list[Cell], breakable: bool = False) -> int:
        r = len(self.rows)
        row: Row = {}
        c = 0
        for cell in cells:
            while (r, c) in self._covered:
                c += 1
            if c + cell.colspan > self.ncols:
                raise ValueError(f"row {r}: cells need more than {self.ncols} columns")
            row[c] = cell
            for rr in range(r, r + cell.rowspan):
                for cc in range(c, c + cell.colspan):
                    self._covered.add((rr, cc))
            c += cell.colspan
        self.rows.append(row)
        self.breakable.append(breakable)
        return r

    def finish(self) -> tuple[list[Row], list[bool]]:
        """The rows, with every uncovered position filled by an empty cell (so it is ruled)."""
        n = len(self.rows)
        for r, row in enumerate(self.rows):
            for c, cell in list(row.items()):
                if r + cell.rowspan > n:
                    row[c] = replace(cell, rowspan=n - r)
            for c in range(self.ncols):
                if (r, c) not in self._covered:
                    row[c] = Cell()
        return self.rows, self.breakable


def fit_columns(widths: list[float], need: list[float], donors: tuple[int, ...],
                keep: float = 0.8) -> list[float]:
    """Widen the columns that need it (a short label such as 满意度指标 that would wrap one
    character onto a second line), taking the room from the donor columns (long-text columns) in
    proportion to their widths; no donor shrinks below `keep` of its width. What the donors
    cannot give is shared out proportionally to each column's shortfall."""
    out = list(widths)
    short = {i: need[i] - w for i, w in enumerate(widths) if i < len(need) and need[i] > w + _EPS}
    givers = [i for i in donors if i not in short and i < len(widths)]
    spare = sum(widths[i] * (1 - keep) for i in givers)
    wanted = sum(short.values())
    if not short or spare <= 0:
        return out
    take = min(wanted, spare)
    for i in givers:
        out[i] -= take * widths[i] * (1 - keep) / spare
    for i, gap in short.items():
        out[i] += take * gap / wanted
    return out


class GridStyle(msgspec.Struct, frozen=True):
    text: TextStyle = TextStyle(size=9.5, leading=13.0)
    header_bold: bool = True
    pad_x: float = 3.0
    pad_y: float = 2.5
    line_width: float = 0.6

    @property
    def min_row(self) -> float:
        return self.text.leading + 2 * self.pad_y


class _Layout(msgspec.Struct):
    col_x: list[float]
    col_w: list[float]
    header_h: list[float]
    body_h: list[float]
    header_lines: dict = msgspec.field(default_factory=dict)
    body_lines: dict = msgspec.field(default_factory=dict)
    side_w: float = 0.0
    side_lines: list = msgspec.field(default_factory=list)


class RuledTable(Flowable):
    """A ruled table: header rows (repeated on every page) and body rows with merged cells.

    widths: relative column widths, scaled to the frame. side_label: a column at the left that
    spans the whole table on every page (年度绩效指标). frame_height: the tallest the table can be
    on one page; a row taller than that is cut between its lines.
    """

    def __init__(self, widths, header: list[Row], body: list[Row], fonts: FontSet, style: GridStyle,
                 breakable: list[bool] | None = None, side_label: str = "", frame_height: float = 0.0,
                 line_cache: dict | None = None, min_widths: list[float] | None = None,
                 donors: tuple[int, ...] = (), headings: list[bool] | None = None):
        super().__init__()
        self.widths = list(widths)
        # points a column needs (its short labels on one line), taken from the donor columns
        self.min_widths, self.donors = (list(min_widths) if min_widths else []), tuple(donors)
        self.header, self.body = header, body
        self.fonts, self.style = fonts, style
        self.breakable = list(breakable) if breakable is not None else [False] * len(body)
        # body rows that head the rows below them: the latest above a page break repeats after it
        self.headings = list(headings) if headings is not None else [False] * len(body)
        self.side_label = side_label
        self.frame_height = frame_height
        self._cache = line_cache if line_cache is not None else {}
        self._layouts: dict[float, _Layout] = {}

    # -- layout ---------------------------------------------------------------------------
    def _cell_style(self, cell: Cell, header: bool) -> TextStyle:
        return self.style.text.but(align=cell.align, bold=cell.bold or (header and self.style.header_bold))

    def _lines(self, cell: Cell, width: float, header: bool) -> list[Line]:
        if cell.lines is not None:
            return list(cell.lines)
        key = (cell, width, header)
        lines = self._cache.get(key)
        if lines is None:
            inner = width - 2 * self.style.pad_x
            lines = layout_lines(cell.text, self.fonts, self._cell_style(cell, header), inner) if cell.text else []
            self._cache[key] = lines
        return lines

    def _heights(self, rows: list[Row], col_w: list[float], header: bool) -> tuple[list[float], dict]:
        st = self.style
        n = len(rows)
        heights = [st.min_row] * n
        lines_of: dict = {}
        spans = []
        for r, row in enumerate(rows):
            for c, cell in row.items():
                lines = self._lines(cell, sum(col_w[c:c + cell.colspan]), header)
                lines_of[(r, c)] = lines
                need = len(lines) * st.text.leading + 2 * st.pad_y
                span = min(cell.rowspan, n - r)
                if span <= 1:
                    heights[r] = max(heights[r], need)
                else:
                    spans.append((span, r, need))
        for span, r, need in sorted(spans):
            have = sum(heights[r:r + span])
            if need > have + _EPS:
                extra = (need - have) / span
                for i in range(r, r + span):
                    heights[i] += extra
        return heights, lines_of

    def _layout(self, width: float) -> _Layout:
        got = self._layouts.get(width)
        if got is not None:
            return got
        st = self.style
        side_w = 0.0
        if self.side_label:
            side_w = 2 * st.text.size + 2 * st.pad_x + 1
        total = sum(self.widths) or 1
        col_w = [(width - side_w) * w / total for w in self.widths]
        if self.min_widths:
            col_w = fit_columns(col_w, self.min_widths, self.donors)
        col_x, x = [], side_w
        for w in col_w:
            col_x.append(x)
            x += w
        header_h, header_lines = self._heights(self.header, col_w, True)
        body_h, body_lines = self._heights(self.body, col_w, False)
        layout = _Layout(col_x, col_w, header_h, body_h, header_lines, body_lines, side_w)
        if self.side_label:
            layout.side_lines = self._lines(Cell(self.side_label), side_w, True)
            need = len(layout.side_lines) * st.text.leading + 2 * st.pad_y
            have = sum(header_h) + sum(body_h)
            if need > have + _EPS:
                (body_h or header_h)[-1] += need - have
        self._layouts[width] = layout
        return layout

    def wrap(self, avail_width, avail_height):
        layout = self._layout(avail_width)
        self.width = avail_width
        self.height = sum(layout.header_h) + sum(layout.body_h)
        return self.width, self.height

    # -- page breaks ----------------------------------------------------------------------
    def _part(self, body: list[Row], breakable: list[bool], headings: list[bool]) -> RuledTable:
        return RuledTable(self.widths, self.header, body, self.fonts, self.style, breakable,
                          self.side_label, self.frame_height, self._cache, self.min_widths, self.donors,
                          headings)

    def _cut(self, layout: _Layout, m: int, inside: int | None,
             room: float = 0.0) -> tuple[RuledTable, RuledTable]:
        """Cut the body before row m, or inside row m after `inside` lines of its cells.

        A merged cell the cut goes through keeps its label; if its text is too long to repeat, its
        lines fill the rows above the cut (or, given `room`, down to the bottom of the page).
        """
        body, st = self.body, self.style
        natural = self._natural_heights(layout)
        first: list[Row] = [{} for _ in range(m + (1 if inside is not None else 0))]
        second: list[Row] = [{} for _ in range(len(body) - m)]
        carried: set[int] = set()       # columns of second[0] holding a merged cell the cut goes through
        for r, row in enumerate(body):
            for c, cell in row.items():
                end = r + cell.rowspan
                if end <= m:
                    first[r][c] = cell
                elif r > m or (r == m and inside is None):
                    second[r - m][c] = cell
                elif inside is not None and r == m and cell.rowspan == 1:
                    lines = layout.body_lines[(r, c)]
                    head, tail = lines[:inside], lines[inside:]
                    first[m][c] = replace(cell, lines=tuple(head))
                    if tail:
                        second[0][c] = replace(cell, lines=tuple(tail))
                    elif cell.label:
                        second[0][c] = cell.continued()
                    else:
                        second[0][c] = Cell(align=cell.align)
                else:   # a merged cell the break cuts through
                    carried.add(c)
                    above = (m - r) + (1 if inside is not None else 0)
                    space = sum(natural[r:m]) + (inside * st.text.leading + 2 * st.pad_y if inside else 0)
                    space = max(space, room - sum(layout.body_h[:r]))
                    fit = int((space - 2 * st.pad_y + _EPS) // st.text.leading)
                    lines = layout.body_lines[(r, c)]
                    if 1 <= fit < len(lines):
                        # too long to repeat whole: its lines go on where the page breaks
                        first[r][c] = replace(cell, rowspan=above, lines=tuple(lines[:fit]))
                        rest = _rejoin(lines[fit:])
                        second[0][c] = replace(cell, text=CONTINUED + rest, rowspan=end - m, lines=None)
                    else:
                        first[r][c] = replace(cell, rowspan=above)
                        # a label says it goes on; a figure merged over rows (得分) is repeated as is
                        second[0][c] = replace(cell.continued() if cell.label else cell, rowspan=end - m)
        bk, hd = self.breakable, self.headings
        first_bk = bk[:m] + ([bk[m]] if inside is not None else [])
        first_hd = hd[:m] + ([hd[m]] if inside is not None else [])
        second_bk, second_hd = bk[m:], hd[m:]
        heading = next((h for h in range(min(m, len(hd)) - 1, -1, -1) if hd[h]), None)
        if heading is not None and (inside is not None or not hd[m]):
            second = self._repeat_heading(body[heading], second, carried)
            second_bk, second_hd = [False] + second_bk, [True] + second_hd
        return self._part(first, first_bk, first_hd), self._part(second, second_bk, second_hd)

    def _repeat_heading(self, heading: Row, second: list[Row], carried: set[int]) -> list[Row]:
        """The continued part with the heading row on top: the heading's own one-row cells, the
        merged cells carried over the cut that lie beside it made one row taller, blanks elsewhere."""
        ncols = len(self.widths)
        top: Row = {}
        taken: set[int] = set()
        for c, cell in heading.items():
            if cell.rowspan == 1:
                top[c] = cell
                taken.update(range(c, c + cell.colspan))
        rest = dict(second[0])
        for c in sorted(carried):
            cell = rest[c]
            if taken.isdisjoint(range(c, c + cell.colspan)):
                top[c] = replace(rest.pop(c), rowspan=cell.rowspan + 1)
                taken.update(range(c, c + cell.colspan))
        for c in range(ncols):
            if c not in taken:
                top[c] = Cell()
                taken.add(c)
        # the rows below: columns the heading row now covers with a taller merged cell are skipped
        return [dict(sorted(top.items())), rest] + second[1:]

    def _natural_heights(self, layout: _Layout) -> list[float]:
        """Row heights from the cells of one row only (what a cut merged cell may fill)."""
        st = self.style
        heights = [st.min_row] * len(self.body)
        for (r, c), lines in layout.body_lines.items():
            if self.body[r][c].rowspan == 1:
                heights[r] = max(heights[r], len(lines) * st.text.leading + 2 * st.pad_y)
        return heights

    def _fits(self, part: RuledTable, width: float, height: float) -> bool:
        return part.body and part.wrap(width, height)[1] <= height + _EPS

    def split(self, avail_width, avail_height):
        layout = self._layout(avail_width)
        st = self.style
        head = sum(layout.header_h)
        avail = avail_height - head
        n = len(layout.body_h)
        if n == 0 or avail <= st.min_row:
            return []
        if layout.body_h and sum(layout.body_h) <= avail + _EPS:
            return [self]
        # Count rows by their own cells' heights: merged cells cut by the break shrink to fit.
        heights = self._natural_heights(layout)
        used, k = 0.0, 0
        while k < n and used + heights[k] <= avail + _EPS:
            used += heights[k]
            k += 1
        if k == n:
            k, used = n - 1, used - heights[n - 1]
        # A row of long text (or one taller than any page) is cut between its lines.
        too_tall = self.frame_height and heights[k] > self.frame_height - head + _EPS
        if self.breakable[k] or too_tall:
            fit = int((avail - used - 2 * st.pad_y + _EPS) // st.text.leading)
            most = max((len(v) for (r, _c), v in layout.body_lines.items()
                        if r == k and self.body[k][_c].rowspan == 1), default=0)
            for lines in range(min(fit, most - 1), 0 if too_tall else 1, -1):
                first, second = self._cut(layout, k, lines)
                if self._fits(first, avail_width, avail_height):
                    return self._parts(first, second)
        orphans = self._orphan_cuts()
        for allow_orphans in (False, True):
            for m in range(k, 0, -1):
                if m in orphans and not allow_orphans:
                    continue
                for room in (avail, 0.0):   # long merged text down to the page bottom, else its rows
                    first, second = self._cut(layout, m, None, room)
                    if self._fits(first, avail_width, avail_height):
                        return self._parts(first, second)
        return []

    @staticmethod
    def _parts(first: RuledTable, second: RuledTable) -> list[Flowable]:
        """The rest goes on the next page even when it would fit the space the cut left free."""
        return [first, FrameBreak(), second]

    def _orphan_cuts(self) -> set[int]:
        """Cuts that would leave a merged group of three or more rows with a single row on one side,
        or a heading row alone at the bottom of a page, or the last row (合计/总分) alone under a
        repeated header on the next page."""
        cuts = {r + 1 for r, heading in enumerate(self.headings) if heading}
        if len(self.body) >= 3:
            cuts.add(len(self.body) - 1)
        for r, row in enumerate(self.body):
            for cell in row.values():
                if cell.rowspan >= 3 and cell.text:
                    cuts.update((r + 1, r + cell.rowspan - 1))
        return cuts

    # -- drawing --------------------------------------------------------------------------
    def _draw_rows(self, rows, heights, lines_of, top, layout, header):
        canv, st = self.canv, self.style
        y = top
        tops = []
        for h in heights:
            tops.append(y)
            y -= h
        for r, row in enumerate(rows):
            for c, cell in row.items():
                x, w = layout.col_x[c], sum(layout.col_w[c:c + cell.colspan])
                h = sum(heights[r:r + cell.rowspan])
                canv.rect(x, tops[r] - h, w, h, stroke=1, fill=0)
                lines = lines_of[(r, c)]
                if lines:
                    text_top = tops[r] - (h - len(lines) * st.text.leading) / 2
                    style = self._cell_style(cell, header)
                    if style.align == "center" and len(lines) > 3:   # a long text, not a label
                        style = style.but(align="justify")
                    draw_lines(canv, self.fonts, lines, x + st.pad_x, text_top, w - 2 * st.pad_x, style)
        return y

    def draw(self):
        layout = self._layout(self.width)
        canv, st = self.canv, self.style
        canv.saveState()
        canv.setLineWidth(st.line_width)
        top = self.height
        if layout.side_w:
            canv.rect(0, 0, layout.side_w, self.height, stroke=1, fill=0)
            lines = layout.side_lines
            text_top = top - (self.height - len(lines) * st.text.leading) / 2
            draw_lines(canv, self.fonts, lines, st.pad_x, text_top, layout.side_w - 2 * st.pad_x,
                       self.style.text.but(align="center", bold=st.header_bold))
        top = self._draw_rows(self.header, layout.header_h, layout.header_lines, top, layout, True)
        self._draw_rows(self.body, layout.body_h, layout.body_lines, top, layout, False)
        canv.restoreState()
