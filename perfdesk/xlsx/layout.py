"""The plan of a sheet: cells, merges, row keys and heights, built by sheet.plan_form from the form
and its definition (the blocks_*.py modules). The writer turns it into openpyxl calls; the
reader of our own exports relies on the row keys.

Every row carries a key (written to a hidden column) saying what the row holds (the kinds are
perfdesk.xlsx.rowkeys.Row, which the blocks write and own.py reads):
  title, sub, unitline                  title block
  f:<field>[,<field>…]                  header fields: label, value (several per row: fields_per_row)
  g                                     a group heading of sections (一、部门概述)
  s:<section>[:n|:c]                    a section as label | text; :n continues it after a line
                                        break, :c within a line (long texts take several rows)
  sh:<section>  sn:<section>[:n|:c]     a narrative section: its heading, then its text
  sg  ss:<id>=<j>;<id>=<j>              sections side by side (年度总体目标·预期目标 | ·实际完成情况):
                                        their header, then rows with each one's joiner (- for none)
  fh:<table>  fr:<table>:<row>  fl:<table>  fe:<table>   a funds table: header, row, per-project
                                        line, execution figures (分值, 执行率, 得分) on a row of their own
  fz:<table>                            a one-column funds table printed in one row (label, value …)
  lt:<list>  lh:<list>  li:<list>       a list: caption, header, item
  ic  ih  it                            the indicator table: caption, header (again where columns change), total
  i:<opens>/<owner>                     an indicator row: the levels a row opens (1, 2, 3) and the level
                                        whose cells it holds (i:123/3, i:3/3, i:12/2 …)
  sig                                   the signature block

An indicator row's key may be followed by a tab and the texts of the values of split columns
that were typed as one text: i:3/3<TAB>{"target_value": "5万批次以上"} (JSON). (A second hidden
column for them made LibreOffice put the key column's text into its PDFs.)
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import msgspec
from openpyxl.utils import get_column_letter

from ..domain.definition import ColumnDef, Level1Def
from ..domain.kinds import linked_value
from ..domain.model import Form, Workbook
from ..domain.values import IndicatorValue, Kind
from . import textsize

# Styles the writer knows (writer._styles).
TITLE, SUBTITLE, UNITLINE, LABEL, TEXT, TEXT_TOP, HEADER, GROUP, NUMBER, AMOUNT, PERCENT, CENTER, SIGN, CAPTION, \
    SIDE, HEADING, MONEY_UNIT = ("title", "subtitle", "unitline", "label", "text", "text_top", "header", "group",
                                 "number", "amount", "percent", "center", "sign", "caption", "side", "heading",
                                 "money_unit")

CJK_DATE_DAY = 'yyyy"年"m"月"d"日"'
CJK_DATE_MONTH = 'yyyy"年"m"月"'
ISO_DATE = "yyyy-mm-dd"

POINTS_RE = re.compile(r"\s*[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]\s*$")
CONTINUED = "（续）"

_MAX_CHUNK_PT = 320.0   # a long section is split into rows no taller than this


class Cell(msgspec.Struct):
    row: int
    col: int
    value: Any = None
    style: str = TEXT
    rows: int = 1
    cols: int = 1
    number_format: str | None = None
    formula: str | None = None     # "=SUM(B3:B5)"; `value` is then the cached result
    indent: int = 0
    border: str = "all"            # "all" | "none" | "open_top" | "open_bottom" | "open_both"
    cont: str | None = None        # text of the part continued on the next page (merged cells)

    @property
    def last_col(self) -> int:
        return self.col + self.cols - 1

    @property
    def last_row(self) -> int:
        return self.row + self.rows - 1


class SheetPlan(msgspec.Struct):
    form: Form
    widths: list[float]
    cells: list[Cell] = msgspec.field(default_factory=list)
    keys: dict[int, str] = msgspec.field(default_factory=dict)
    heights: dict[int, float] = msgspec.field(default_factory=dict)
    title_rows: tuple[int, int] | None = None     # the indicator header, repeated on every page
    landscape: bool = False
    side: bool = False                            # the first column is the indicator table's side label
    next_row: int = 1
    keep: list[tuple[int, int]] = msgspec.field(default_factory=list)   # row ranges not to break inside
    breaks: list[int] = msgspec.field(default_factory=list)             # rows that start a printed page
    # {row: {column id: text}}: values of split columns typed as one text (written into the row's
    # key after a tab, see blocks_indicators)
    typed: dict[int, dict[str, str]] = msgspec.field(default_factory=dict)
    # (grid column, choices): a drop-down on that column's cells in the indicator rows
    choices: list[tuple[int, tuple[str, ...]]] = msgspec.field(default_factory=list)

    @property
    def ncols(self) -> int:
        return len(self.widths)

    @property
    def key_col(self) -> int:
        return self.ncols + 1

    @property
    def last_row(self) -> int:
        return self.next_row - 1

    def width(self, col: int, cols: int = 1) -> float:
        return sum(self.widths[col - 1: col - 1 + cols])

    def new_row(self, key: str, height: float = textsize.MIN_ROW_PT) -> int:
        r = self.next_row
        self.next_row += 1
        self.keys[r] = key
        self.heights[r] = height
        return r

    def put(self, row: int, col: int, value: Any = None, style: str = TEXT, *, rows: int = 1, cols: int = 1,
            **kw) -> Cell:
        cell = Cell(row, col, value, style, rows, cols, **kw)
        self.cells.append(cell)
        return cell

    def keep_together(self, first: int, last: int):
        if last > first:
            self.keep.append((first, last))

    def fit_text(self, cell: Cell, font_pt: float = textsize.FONT_PT):
        """Make the rows under a wrapped text cell tall enough for it."""
        text = display_text(cell.value)
        if not text or cell.style == SIDE:
            return
        need = textsize.text_height(text, self.width(cell.col, cell.cols) - (cell.indent * 1.5), font_pt)
        rows = range(cell.row, cell.row + cell.rows)
        have = sum(self.heights[r] for r in rows)
        if have >= need:
            return
        extra = (need - have) / len(rows)
        for r in rows:
            self.heights[r] = min(self.heights[r] + extra, textsize.MAX_ROW_PT)

    @property
    def label_cols(self) -> int:
        """Columns of the label on the left of header blocks (two when the first is narrow)."""
        return 2 if self.widths[0] < 10 and self.ncols > 2 else 1


def display_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def continued(name: str, width_units: float, font_pt: float = textsize.FONT_PT) -> str:
    """The label of a merged cell's part on the next page: 「效益指标（续）」, or with 「（续）」 on a
    line of its own when the two do not fit on one line (a lone 「）」 wrapped below looks broken).
    Readers drop the line break with the rest of the whitespace in names."""
    one_line = name + CONTINUED
    if "\n" in name or textsize.line_count(one_line, width_units, font_pt) <= 1:
        return one_line
    return name + "\n" + CONTINUED


def ref(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


def fill(template: str, form: Form, workbook: Workbook) -> str:
    """A definition's print template: {unit}, {unit_code}, {year}, {project_name}."""
    values = {"unit": workbook.unit, "unit_code": workbook.unit_code, "year": workbook.year,
              "project_name": linked_value(form, "project_name")}
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template


def split_label(label: str) -> tuple[str, str]:
    """部门整体资金（万元）·收入 → (部门整体资金（万元）, 收入); no "·": ("", label)."""
    return tuple(label.split("·", 1)) if "·" in label else ("", label)


# ---------------------------------------------------------------------------------- columns

def partition(widths: list[float], label_start: int, mins: list[float]) -> tuple[int, list[tuple[int, int]]] | None:
    """Spread len(mins) value cells over the right end of the grid (1-based columns), leaving at
    least the column `label_start` for the labels on their left.

    Greedy from the right: each cell takes columns until it is at least its minimum width. Returns
    (first value column, [(column, span) per cell]) or None when the columns run out.
    """
    groups: list[tuple[int, int]] = []
    col = len(widths)
    for need in reversed(mins):
        end = col
        width = 0.0
        while col > label_start and width < need:
            width += widths[col - 1]
            col -= 1
        if width < need or end == col:
            return None
        groups.append((col + 1, end - col))
    groups.reverse()
    return (groups[0][0] if groups else len(widths) + 1), groups


def value_mins(labels: list[str], samples: list[list[str]]) -> list[float]:
    """Widths value cells need: their longest figure on one line, their label on two or three."""
    mins = []
    for i, label in enumerate(labels):
        longest = max([len(s) for s in samples[i]] + [0])
        mins.append(max(5.0, longest * 1.0 + 2.5, textsize.text_width_units(label) / 2.2))
    return mins


def place_values(plan: SheetPlan, label_start: int, mins: list[float]) -> tuple[int, list[tuple[int, int]]]:
    """partition, widening the narrowest columns right of the labels when the cells do not fit."""
    missing = len(mins) - (plan.ncols - label_start)
    if missing > 0:
        plan.widths += [12.0] * missing
    got = partition(plan.widths, label_start, mins)
    while got is None:
        narrow = min(range(label_start, plan.ncols), key=lambda i: plan.widths[i])
        plan.widths[narrow] += 2
        got = partition(plan.widths, label_start, mins)
    return got


def spread(widths: list[float], k: int, first: int = 1, weights: list[float] | None = None) -> list[tuple[int, int]]:
    """Split columns first..end into k runs of roughly equal width (or of widths in proportion
    to `weights`): [(first column, span)]."""
    widths = widths[first - 1:]
    k = max(1, min(k, len(widths)))
    total = sum(widths)
    shares = list(weights[:k]) if weights and len(weights) >= k and sum(weights[:k]) > 0 else [1.0] * k
    ends = [total * sum(shares[: j + 1]) / sum(shares) for j in range(k)]
    bounds, acc = [], 0.0
    for i, w in enumerate(widths, start=1):
        acc += w
        if len(bounds) < k - 1 and acc >= ends[len(bounds)] - w / 2 and len(widths) - i >= k - 1 - len(bounds):
            bounds.append(i)
    edges = [0] + bounds + [len(widths)]
    return [(edges[j] + first, edges[j + 1] - edges[j]) for j in range(len(edges) - 1) if edges[j + 1] > edges[j]]


def sum_formula(refs: list[str]) -> str:
    if not refs:
        return "=0"
    return "=SUM(" + ",".join(_compress(refs)) + ")"


def _compress(refs: list[str]) -> list[str]:
    """B3,B4,B5,B7 → B3:B5,B7."""
    parsed = []
    for r in refs:
        m = re.match(r"([A-Z]+)(\d+)$", r)
        parsed.append((m.group(1), int(m.group(2))))
    out, i = [], 0
    while i < len(parsed):
        col, start = parsed[i]
        j = i
        while j + 1 < len(parsed) and parsed[j + 1] == (col, parsed[j][1] + 1):
            j += 1
        out.append(f"{col}{start}" if j == i else f"{col}{start}:{col}{parsed[j][1]}")
        i = j + 1
    return out


# ---------------------------------------------------------------------------------- values

_PLAIN_DECIMAL = re.compile(r"^-?\d{1,15}(?:\.(\d{1,10}))?$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_CJK = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")


def field_cell_value(field_type: str, text: str) -> tuple[Any, str | None, str]:
    """A header field as an Excel value: numbers and dates become real numbers and dates when
    they print back as exactly the same text; anything else stays text."""
    if field_type == "number":
        m = _PLAIN_DECIMAL.match(text or "")
        digits = (text or "").lstrip("-")
        if m and not (len(digits) > 1 and digits.startswith("0") and not digits.startswith("0.")):
            decimals = len(m.group(1) or "")
            fmt = "0" if decimals == 0 else "0." + "0" * decimals
            return (Decimal(text) if decimals else int(text)), fmt, TEXT
    if field_type == "date":
        got = date_of_text(text or "")
        if got:
            return got
    return text, None, TEXT


def date_of_text(text: str) -> tuple[dt.date, str, str] | None:
    m = _ISO.match(text)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))), ISO_DATE, TEXT
        except ValueError:
            return None
    m = _CJK.match(text)
    if m:
        try:
            d = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
        if f"{d.year}年{d.month}月{d.day}日" == text:
            return d, CJK_DATE_DAY, TEXT
    return None


def column_cell_value(cdef: ColumnDef, value) -> tuple[Any, str | None, str]:
    """A table cell as an Excel value (value, number format, style). Values print as typed; a
    completion date typed the canonical way becomes a real date."""
    if value is None:
        return None, None, TEXT
    if isinstance(value, IndicatorValue):
        if value.is_empty:
            return None, None, CENTER
        if value.kind is Kind.DATE and value.date and value.format() == value.text:
            fmt = CJK_DATE_DAY if value.date_precision == "day" else CJK_DATE_MONTH
            return value.date, fmt, CENTER
        return value.text, None, CENTER
    if isinstance(value, Decimal):
        return value, "General", CENTER
    if isinstance(value, dt.date):
        return value, CJK_DATE_DAY, CENTER
    return str(value), None, TEXT


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, IndicatorValue):
        return value.text
    return display_text(value)


def decorated_level1(name: str, branch: Level1Def | None) -> str:
    if branch is not None and branch.points is not None:
        return f"{name}\n（{branch.points}分）"
    return name


def undecorate_level1(text: str, branch_names) -> str:
    """产出指标\\n（50分） → 产出指标 when that is a branch of the form."""
    m = POINTS_RE.search(text)
    if m:
        base = text[: m.start()].rstrip()
        if base in branch_names:
            return base
    return text


# ---------------------------------------------------------------------------------- long texts

def split_text(text: str, width_units: float) -> list[tuple[str, str]]:
    """A long text as row chunks: [(joiner, chunk)], joiner "" for the first, "n" when the chunk
    starts a new line, "c" when it continues the previous line. Joined back exactly."""
    chunks: list[tuple[str, str]] = []
    current, current_h, joiner = "", 0.0, ""
    for p_index, paragraph in enumerate(text.split("\n")):
        pieces = _split_long(paragraph, width_units)
        for k, piece in enumerate(pieces):
            h = textsize.text_height(piece, width_units)
            sep = "\n" if k == 0 else ""
            if p_index == 0 and k == 0:
                current, current_h = piece, h
                continue
            if current_h + h - textsize.PADDING_PT <= _MAX_CHUNK_PT:
                current += sep + piece
                current_h += h - textsize.PADDING_PT
            else:
                chunks.append((joiner, current))
                joiner = "n" if k == 0 else "c"
                current, current_h = piece, h
    chunks.append((joiner, current))
    return chunks


def join_text(parts: list[tuple[str, str]]) -> str:
    """The inverse of split_text."""
    out = []
    for joiner, text in parts:
        if out and joiner == "n":
            out.append("\n")
        out.append(text)
    return "".join(out)


def _split_long(paragraph: str, width_units: float) -> list[str]:
    if textsize.text_height(paragraph, width_units) <= _MAX_CHUNK_PT:
        return [paragraph]
    parts = re.split(r"(?<=[。；;！？!?])", paragraph)   # after sentence ends, else anywhere
    out, current = [], ""
    for part in parts:
        while textsize.text_height(part, width_units) > _MAX_CHUNK_PT:
            cut = _fit_prefix(part, width_units)
            if current:
                out.append(current)
                current = ""
            out.append(part[:cut])
            part = part[cut:]
        if current and textsize.text_height(current + part, width_units) > _MAX_CHUNK_PT:
            out.append(current)
            current = part
        else:
            current += part
    if current or not out:
        out.append(current)
    return out


def _fit_prefix(text: str, width_units: float) -> int:
    lo, hi = 1, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if textsize.text_height(text[:mid], width_units) <= _MAX_CHUNK_PT:
            lo = mid
        else:
            hi = mid - 1
    return lo
