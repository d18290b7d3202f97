"""Page breaks for the printed sheet, decided by us rather than left to Excel/LibreOffice.

Left alone, a renderer breaks wherever a page is full: a merged level-1 cell that crosses the
break prints its name on one page only (or on none, when it spans three), and a header row can
end a page with nothing under it. Row heights are set explicitly by the exporter, so the page
content can be computed: we choose breaks between level-2 groups where possible, split every
merged cell at a break and repeat its label with 「（续）」 on the next page, and repeat a
sub-header (the 履职 block's own columns) under the sheet's repeated header, and a list's
header where a list (分项绩效目标) runs on to the next page.
"""
from __future__ import annotations

import copy
import re

from .layout import SIDE, SheetPlan
from .rowkeys import Row, kind_of, row_key

# A4 in points and the margins writer._print_setup sets (inches × 72).
_A4 = (595.3, 841.9)
_MARGIN_LR, _MARGIN_TOP, _MARGIN_BOTTOM = 36.0, 43.2, 54.0
_PX_PER_UNIT = 7.0
_SAFETY = 0.94          # renderers round the fit-to-width scale and differ in small ways
_MIN_FILL = 0.35        # do not leave a page emptier than this to keep a group together


def page_capacity(plan: SheetPlan) -> float:
    """Points of sheet rows that fit on one printed page at the fit-to-width scale."""
    width, height = (_A4[1], _A4[0]) if plan.landscape else _A4
    printable_px = (width - 2 * _MARGIN_LR) * 96 / 72
    grid_px = sum(w * _PX_PER_UNIT + 0.5 for w in plan.widths)
    scale = min(1.0, int(printable_px / grid_px * 100) / 100)
    return (height - _MARGIN_TOP - _MARGIN_BOTTOM) / scale * _SAFETY


def paginate(plan: SheetPlan) -> None:
    capacity = page_capacity(plan)
    title = plan.title_rows[0] if plan.title_rows else None
    page_top, used = 1, 0.0
    r = 1
    while r <= plan.last_row:
        h = plan.heights.get(r, 0.0)
        if used + h > capacity and r > page_top:
            b = _best_break(plan, page_top, r, capacity)
            _split_merges(plan, b)
            inserted = _repeat_sub_header(plan, b, title)
            plan.breaks.append(b)
            page_top = b
            used = plan.heights[title] if title is not None and b > title else 0.0
            r = b
            if inserted:
                used += plan.heights[b]
                r = b + 1
            continue
        used += h
        r += 1


def _best_break(plan: SheetPlan, page_top: int, r: int, capacity: float) -> int:
    """The latest row ≤ r to start the next page at, not inside a keep-together range if any
    such row leaves the page reasonably full."""
    filled = 0.0
    fill_before = {}
    for row in range(page_top, r + 1):
        fill_before[row] = filled
        filled += plan.heights.get(row, 0.0)
    for b in range(r, page_top, -1):
        if fill_before[b] < capacity * _MIN_FILL:
            break
        if not any(a < b <= z for a, z in plan.keep):
            return b
    # nothing clean: break inside a group, but never right under a header row
    for b in range(r, page_top, -1):
        if kind_of(plan.keys.get(b - 1, "")) not in (Row.INDICATOR_HEADER, Row.INDICATOR_CAPTION, Row.FUNDS_HEADER,
                                                   Row.LIST_HEADER, Row.GROUP):
            return b
    return r


def _split_merges(plan: SheetPlan, b: int) -> None:
    """Cells merged across the break become two: the part on the next page says 「（续）」."""
    for cell in list(plan.cells):
        if cell.rows > 1 and cell.row < b <= cell.last_row:
            rest = copy.copy(cell)
            rest.row, rest.rows = b, cell.last_row - b + 1
            rest.value = cell.cont if cell.cont is not None else None
            rest.formula = None
            cell.rows = b - cell.row
            plan.cells.append(rest)
    plan.keep = [(a, z) for a, z in plan.keep if not (a < b <= z)] + \
        [(a, b - 1) for a, z in plan.keep if a < b <= z and b - 1 > a] + \
        [(b, z) for a, z in plan.keep if a < b <= z and z > b]


def _active_sub_header(plan: SheetPlan, b: int, title: int | None) -> int | None:
    """The header row to repeat at the top of the page starting at `b`: the 履职 block's own
    header inside the indicator table, or a list's header (分项绩效目标) when the list runs on."""
    key = plan.keys.get(b, "")
    if kind_of(key) == Row.LIST_ITEM:
        return _list_header(plan, b, key.partition(":")[2])
    if title is None or b <= title:
        return None
    for row in range(b - 1, title - 1, -1):
        key = plan.keys.get(row, "")
        if key == Row.INDICATOR_HEADER:
            return row if row != title and not _same_header(plan, row, title) else None
        if kind_of(key) not in (Row.INDICATOR, Row.INDICATOR_HEADER):
            return None
    return None


def _list_header(plan: SheetPlan, b: int, list_id: str) -> int | None:
    for row in range(b - 1, 0, -1):
        key = plan.keys.get(row, "")
        if key == row_key(Row.LIST_HEADER, list_id):
            return row
        if key != row_key(Row.LIST_ITEM, list_id):
            return None
    return None


def _same_header(plan: SheetPlan, a: int, b: int) -> bool:
    def shape(row):
        return sorted((c.col, c.cols, c.value) for c in plan.cells if c.row == row)
    return shape(a) == shape(b)


def _repeat_sub_header(plan: SheetPlan, b: int, title: int | None) -> bool:
    source = _active_sub_header(plan, b, title)
    if source is None:
        return False
    _insert_row(plan, b)
    plan.keys[b] = plan.keys[source]
    plan.heights[b] = plan.heights[source]
    for cell in [c for c in plan.cells if c.row == source]:
        dup = copy.copy(cell)
        dup.row = b
        plan.cells.append(dup)
    for cell in plan.cells:      # the side label of the table now starts at the repeated header
        if cell.style == SIDE and cell.row == b + 1:
            cell.row, cell.rows = b, cell.rows + 1
    return True


_REF = re.compile(r"\b([A-Z]{1,3})(\d+)\b")


def _insert_row(plan: SheetPlan, at: int) -> None:
    """Make room for a row at `at`: everything from there down moves one row lower."""
    def shift(row: int) -> int:
        return row + 1 if row >= at else row

    for cell in plan.cells:
        if cell.row >= at:
            cell.row += 1
        elif cell.last_row >= at:
            cell.rows += 1
        if cell.formula:
            cell.formula = _REF.sub(lambda m: f"{m.group(1)}{shift(int(m.group(2)))}", cell.formula)
    plan.keys = {shift(r): k for r, k in plan.keys.items()}
    plan.heights = {shift(r): h for r, h in plan.heights.items()}
    plan.typed = {shift(r): t for r, t in plan.typed.items()}
    plan.keep = [(shift(a), shift(z)) for a, z in plan.keep]
    plan.breaks = [shift(x) for x in plan.breaks]
    if plan.title_rows:
        plan.title_rows = (shift(plan.title_rows[0]), shift(plan.title_rows[1]))
    plan.next_row += 1


__all__ = ["paginate", "page_capacity"]
