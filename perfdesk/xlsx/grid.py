"""A loaded sheet as a sparse grid of cells with its merged ranges, and the conversions of
cell contents to what the model holds (text, Decimal, date) that both readers share."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from openpyxl.cell.cell import MergedCell
from openpyxl.utils.datetime import from_excel

from ..domain.values import decimal_text
from .safety import DEFAULT_LIMITS, Limits

# Built-in number formats Excel/WPS use for Chinese dates (not in openpyxl's table, so their
# cells read as plain numbers): 27/36/50/52/57 year-month, 28/29/51/53/54/58 month-day,
# 30 m-d-yy, 31 yyyy年m月d日. 32–35 and 55–56 are times.
CJK_DATE_FORMATS = {27: "month", 28: "day", 29: "day", 30: "day", 31: "day", 36: "month",
                    50: "month", 51: "day", 52: "month", 53: "day", 54: "day", 57: "month", 58: "day"}

_BLANKS = {"", "-", "--", "—", "——", "_", "__", "/", "／", "－", "*", "无"}
# a dash or slash where a figure would go says "nothing here": no figure to place or to list;
# so does a lone * (a cell the table says is not filled in: 东莞 金额合计 | * under 主要内容)
PLACEHOLDERS = _BLANKS - {"无"}


class CellError(ValueError):
    """A cell whose content does not fit its column; the message is Chinese."""


class SheetGrid:
    def __init__(self, ws, epoch, limits: Limits = DEFAULT_LIMITS):
        self.title = ws.title
        self.epoch = epoch
        self.cells: dict[tuple[int, int], object] = {}
        max_row = max_col = 0
        for (r, c), cell in ws._cells.items():   # only the cells that exist: a sheet may be sparse
            if isinstance(cell, MergedCell) or cell.value is None:
                continue
            if r > limits.rows or c > limits.columns:
                continue
            self.cells[(r, c)] = cell
            max_row, max_col = max(max_row, r), max(max_col, c)
        self._merge_of: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        for rng in ws.merged_cells.ranges:
            bounds = (rng.min_row, rng.min_col, min(rng.max_row, limits.rows), min(rng.max_col, limits.columns))
            if bounds[0] > limits.rows or bounds[1] > limits.columns:
                continue
            for r in range(bounds[0], bounds[2] + 1):
                for c in range(bounds[1], bounds[3] + 1):
                    self._merge_of[(r, c)] = bounds
        self.max_row, self.max_col = max_row, max_col
        # the readers ask for the same cells' text many times over (every candidate definition's
        # header scan, every label looked for); the cells do not change once loaded
        self._texts: dict[tuple[int, int], str] = {}
        self._rows = {r for (r, _c) in self.cells}
        self._row_texts: dict[int, list[tuple[int, str]]] = {}
        self.memo: dict = {}    # the readers' own per-sheet caches (detect.py), on the same grounds

    # -- structure ----------------------------------------------------------------------
    def merge(self, r: int, c: int) -> tuple[int, int, int, int] | None:
        return self._merge_of.get((r, c))

    def anchor(self, r: int, c: int) -> tuple[int, int]:
        m = self._merge_of.get((r, c))
        return (m[0], m[1]) if m else (r, c)

    def starts_here(self, r: int, c: int) -> bool:
        """The cell is not the continuation of a merge from above or the left."""
        return self.anchor(r, c) == (r, c)

    def span_end(self, r: int, c: int) -> int:
        m = self._merge_of.get((r, c))
        return m[3] if m else c

    def columns_of(self, r: int) -> list[int]:
        """The columns of row r that hold a cell, left to right."""
        by_row = self.memo.get("columns_of")
        if by_row is None:
            by_row = self.memo["columns_of"] = {}
            for (rr, cc) in self.ordered():
                by_row.setdefault(rr, []).append(cc)
        return by_row.get(r, [])

    def ordered(self) -> list[tuple[int, int]]:
        """The cells' positions in reading order (row, then column), sorted once per sheet."""
        got = self.memo.get("ordered")
        if got is None:
            got = self.memo["ordered"] = sorted(self.cells)
        return got

    def cell(self, r: int, c: int):
        return self.cells.get((r, c))

    def row_has_content(self, r: int) -> bool:
        return r in self._rows

    def row_texts(self, r: int) -> list[tuple[int, str]]:
        """(column, text) of each cell that starts in row r's columns (not merged from the left)
        and shows text, a merge from above showing its own: what a header row names. The caller
        must not change the list."""
        got = self._row_texts.get(r)
        if got is None:
            got = []
            merge_of = self._merge_of
            for c in range(1, self.max_col + 1):
                m = merge_of.get((r, c))
                if m is not None and m[1] != c:
                    continue
                text = self.text(r, c)
                if text:
                    got.append((c, text))
            self._row_texts[r] = got
        return got

    # -- content ------------------------------------------------------------------------
    def text(self, r: int, c: int, filled: bool = True) -> str:
        """Display text; inside a merge, the merge's text when `filled`."""
        if filled:
            m = self._merge_of.get((r, c))
            if m:
                r, c = m[0], m[1]
        key = (r, c)
        text = self._texts.get(key)
        if text is None:
            cell = self.cells.get(key)
            if cell is None:
                return ""
            text = self._texts[key] = cell_text(cell, self.epoch)
        return text


# ---------------------------------------------------------------------------------- conversions

def number_format_decimals(fmt: str) -> int | None:
    """0.00 → 2, 0 → 0, General → None."""
    if not fmt or fmt.lower() == "general":
        return None
    section = fmt.split(";")[0]
    section = re.sub(r'"[^"]*"', "", section)
    m = re.search(r"[0#?]\.([0#?]+)", section)
    if m:
        return len(m.group(1))
    return 0 if re.search(r"[0#]", section) else None


def _date_text(d: dt.date, precision: str, iso: bool = False) -> str:
    if iso:
        return d.isoformat()
    if precision == "month":
        return f"{d.year}年{d.month}月"
    return f"{d.year}年{d.month}月{d.day}日"


def _precision_of_format(fmt: str) -> str:
    f = re.sub(r'"[^"]*"', "", fmt.lower())
    return "month" if "d" not in f and "y" in f else "day"


def serial_date(cell, epoch) -> tuple[dt.date, str] | None:
    """A number cell that Chinese Excel/WPS formats as a date (built-in format 27–31, 36, 50–58)."""
    if cell is None or isinstance(cell.value, bool) or not isinstance(cell.value, (int, float)):
        return None
    precision = CJK_DATE_FORMATS.get(getattr(cell._style, "numFmtId", 0))
    if precision is None:
        return None
    try:
        value = from_excel(cell.value, epoch=epoch)
    except (ValueError, OverflowError, TypeError):
        return None
    if not isinstance(value, (dt.date, dt.datetime)):
        return None
    return (value.date() if isinstance(value, dt.datetime) else value), precision


def excel_serial_to_date(serial: float, epoch) -> dt.date | None:
    try:
        value = from_excel(serial, epoch=epoch)
    except (ValueError, OverflowError, TypeError):
        return None
    return value.date() if isinstance(value, dt.datetime) else value


def number_text(value) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    d = Decimal(repr(value))
    return decimal_text(d)


def cell_text(cell, epoch) -> str:
    """What the cell shows, as text the value parser understands."""
    if cell is None:
        return ""
    v = cell.value
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, dt.datetime) and v.time() == dt.time(0):
        fmt = cell.number_format or ""
        return _date_text(v.date(), _precision_of_format(fmt), iso=fmt == "yyyy-mm-dd")
    if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
        fmt = cell.number_format or ""
        return _date_text(v, _precision_of_format(fmt), iso=fmt == "yyyy-mm-dd")
    if isinstance(v, (dt.datetime, dt.time, dt.timedelta)):
        return str(v)
    if isinstance(v, (int, float)):
        got = serial_date(cell, epoch)
        if got:
            return _date_text(*got)
        fmt = cell.number_format or ""
        if "%" in fmt and "%" in re.sub(r'"[^"]*"', "", fmt):
            return decimal_text(Decimal(repr(v)) * 100) + "%"
        return number_text(v)
    return str(v)


def fold(text: str) -> str:
    """Full-width to half-width (NFKC), no spaces at the ends."""
    return unicodedata.normalize("NFKC", text).strip()


def cell_decimal(cell, what: str = "数字", strip_units: tuple[str, ...] = ()) -> Decimal | None:
    """A number from a number cell or from numeric text (全角 digits, thousands separators)."""
    if cell is None or cell.value is None:
        return None
    v = cell.value
    if isinstance(v, bool):
        raise CellError(f"应为{what}，实际为 {'TRUE' if v else 'FALSE'}")
    if isinstance(v, int):
        return Decimal(v)
    if isinstance(v, float):
        if v != v or v in (float("inf"), float("-inf")):
            raise CellError(f"应为{what}，实际为 {v}")
        return Decimal(repr(v)).normalize() if v != int(v) else Decimal(int(v))
    if isinstance(v, (dt.date, dt.datetime, dt.time)):
        raise CellError(f"应为{what}，实际为日期 {v}")
    original = str(v)
    s = re.sub(r"\s+", "", fold(original)).replace(",", "")
    if s in _BLANKS:
        return None
    for unit in strip_units:
        if unit and s.endswith(unit) and len(s) > len(unit):
            s = s[: -len(unit)]
            break
    percent = s.endswith("%")
    if percent:
        s = s[:-1]
    try:
        d = Decimal(s)
    except InvalidOperation:
        raise CellError(f"应为{what}，实际为文字“{original.strip()}”") from None
    if not d.is_finite():
        raise CellError(f"应为{what}，实际为“{original.strip()}”")
    return d


def cell_date(cell, epoch) -> dt.date | None:
    if cell is None or cell.value is None:
        return None
    v = cell.value
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        got = excel_serial_to_date(v, epoch)
        if got:
            return got
    text = re.sub(r"\s+", "", fold(str(v)))
    m = re.fullmatch(r"(\d{4})[年\-/.](\d{1,2})[月\-/.](\d{1,2})日?", text)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
    raise CellError(f"应为日期，实际为“{str(v).strip()}”")
