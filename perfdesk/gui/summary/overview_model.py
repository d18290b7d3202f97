"""The overview's table: one row per unit (perfdesk.collect's overview rows), a colour per state
(未报送, 有错误, 有警告, 无问题), and a proxy that sorts numbers as numbers with empty cells last
in either direction and filters by text and by state."""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from ..table_model import SimpleTableModel
from .data import CLEAN, ERRORS, MISSING, STATE_TEXT, WARNINGS, row_state

SortRole = Qt.ItemDataRole.UserRole           # the raw value (a number, text or None)
RowRole = Qt.ItemDataRole.UserRole + 1        # the row's place in the overview (an int)

STATE_COLOURS = {MISSING: "#e4e4e4", ERRORS: "#fbd5d2", WARNINGS: "#fff0c2", CLEAN: "#dcf1d9"}

# (key, header, kind): kind says how the cell shows and sorts
COLUMNS = (
    ("unit", "单位", "text"), ("unit_code", "单位代码", "text"), ("state", "状态", "text"),
    ("form_count", "表数", "int"), ("errors", "审核错误", "int"), ("warnings", "审核警告", "int"),
    ("comments", "审核意见", "comments"),
    ("completeness", "完成度", "percent"), ("budget", "预算数（万元）", "money"), ("spent", "执行数（万元）", "money"),
    ("execution_rate", "执行率", "percent"), ("score_total", "自评得分", "number"), ("grade", "等级", "text"),
    ("modified", "最后修改", "text"), ("codes", "校验码", "text"),
)
KEYS = [key for key, _, _ in COLUMNS]

# the status filter: (label, test on a row)
STATE_FILTERS = (
    ("全部", lambda row: True),
    ("有错误", lambda row: row_state(row) == ERRORS),
    ("有警告", lambda row: row_state(row) == WARNINGS),
    ("无问题", lambda row: row_state(row) == CLEAN),
    ("未报送", lambda row: row_state(row) == MISSING),
    ("已取代（重新报送过）", lambda row: bool(row.get("changes"))),
    ("有未处理意见", lambda row: bool(row.get("comments_open"))),
)

COMMENT_OPEN_COLOUR = "#7b1fa2"     # the purple of an open 审核意见's cell mark in the unit's program


def _number(value, places: int | None = None) -> str:
    if value is None:
        return ""
    if places is None:
        return f"{value:g}" if isinstance(value, float) else str(value)
    return f"{value:,.{places}f}"


def _money(value, unit: str = "万元") -> str:
    """An amount with at least two decimals and every decimal it has (1431.5925 万元 is not shown
    as 1,431.59); an amount the overview could not convert into 万元 names its unit."""
    if value is None:
        return ""
    d = Decimal(str(value))
    places = max(2, -d.as_tuple().exponent) if isinstance(d.as_tuple().exponent, int) else 2
    text = f"{d:,.{places}f}"
    return text if unit in ("", "万元") else f"{text}（{unit}）"


def raw_value(row: dict, key: str):
    if key == "state":
        return STATE_TEXT[row_state(row)] + ("，已重报" if row.get("changes") else "")
    if key == "form_count":
        return len(row.get("forms", [])) if row.get("status") != "未报送" else None
    if key == "codes":      # the codes alone; the tooltip names each form
        return "、".join(f["code"] for f in row.get("forms", []) if f.get("code"))
    if key == "comments":   # sorted by the open ones; a unit without comments is empty (last)
        open_, done = row.get("comments_open"), row.get("comments_done")
        return open_ if open_ or done else None
    if key == "modified":   # to the minute; the tooltip has the seconds
        return (row.get("modified") or "").replace("T", " ")[:16]
    return row.get(key)


def comments_text(row: dict) -> str:
    """"未处理 1 · 已处理 2" (each part only when there are some; "" without comments)."""
    parts = [f"{label} {row.get(key)}" for key, label in (("comments_open", "未处理"), ("comments_done", "已处理"))
             if row.get(key)]
    return " · ".join(parts)


class OverviewModel(SimpleTableModel):
    HEADERS = tuple(header for _, header, _ in COLUMNS)

    def __init__(self, rows: list[dict], parent=None):
        super().__init__(parent)
        self._rows = rows

    def rows(self):
        return self._rows

    def row_changed(self, row: dict) -> None:
        """An overview row's figures changed (its 审核意见 counts): repaint it."""
        at = next((i for i, r in enumerate(self._rows) if r is row), None)
        if at is not None:
            self.dataChanged.emit(self.index(at, 0), self.index(at, len(COLUMNS) - 1))

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def cell(self, row: dict, column: int, role):
        if not 0 <= column < len(COLUMNS):
            return None
        key, _, kind = COLUMNS[column]
        if role == Qt.ItemDataRole.DisplayRole:
            value = raw_value(row, key)
            if kind == "money":
                return _money(value, row.get("money_unit", "万元"))
            if kind == "percent":
                return "" if value is None else f"{_number(value)}%"
            if kind in ("int", "number"):
                return _number(value)
            if kind == "comments":
                return comments_text(row)
            return "" if value is None else str(value)
        if role == SortRole:
            return raw_value(row, key)
        if role == RowRole:
            return next(i for i, r in enumerate(self._rows) if r is row)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(STATE_COLOURS[row_state(row)]))
        if role == Qt.ItemDataRole.ForegroundRole:
            if kind == "comments" and row.get("comments_open"):
                return QBrush(QColor(COMMENT_OPEN_COLOUR))
            return QBrush(QColor("#000000"))       # the state colours are light: dark text on any theme
        if role == Qt.ItemDataRole.TextAlignmentRole and kind != "text":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "unit":
                tip = row.get("file") or "未报送"
                return tip + (f"\n与上次报送相比：{row['changes']}" if row.get("changes") else "")
            if key == "codes" and row.get("forms"):
                return "\n".join(f"{f.get('title') or f.get('id')}：{f.get('code', '')}" for f in row["forms"])
            if key == "modified" and row.get("modified"):
                return f"文件修改时间：{row['modified'].replace('T', ' ')}"
            if key == "comments" and comments_text(row):
                return (f"审核意见：未处理 {row.get('comments_open') or 0} 条，已处理 {row.get('comments_done') or 0} 条"
                        "（双击查看该单位，在其窗口中添加或查看意见）")
            if key == "state" and row.get("changes"):
                return f"与上次报送相比：{row['changes']}"
        return None


class OverviewProxy(QSortFilterProxyModel):
    """Sorts by the raw values (numbers as numbers; empty cells last whichever way) and keeps
    the rows that match the text (unit, code or file) and the chosen state filter."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SortRole)
        self._text = ""
        self._state = 0

    def row(self, index) -> dict | None:
        """The overview row at a proxy index."""
        source = self.mapToSource(index) if index.isValid() else index
        rows = self.sourceModel().rows()
        return rows[source.row()] if source.isValid() and 0 <= source.row() < len(rows) else None

    def _refilter(self, change) -> None:
        if hasattr(self, "beginFilterChange"):       # Qt 6.9 and later
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateRowsFilter()

    def set_text(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "_text", "".join(text.split()).lower()))

    def set_state_filter(self, at: int) -> None:
        self._refilter(lambda: setattr(self, "_state", at))

    def filterAcceptsRow(self, source_row: int, source_parent=QModelIndex()) -> bool:
        rows = self.sourceModel().rows()
        if not 0 <= source_row < len(rows):
            return False
        row = rows[source_row]
        if not STATE_FILTERS[self._state][1](row):
            return False
        if self._text:
            hay = "".join(f"{row.get('unit', '')}|{row.get('unit_code', '')}|{row.get('file', '')}".split()).lower()
            return self._text in hay
        return True

    def lessThan(self, left, right) -> bool:
        a, b = left.data(SortRole), right.data(SortRole)
        a = None if a == "" else a
        b = None if b == "" else b
        if a is None or b is None:
            # empty last in either direction: Qt turns the answer round for a descending sort
            last = self.sortOrder() == Qt.SortOrder.AscendingOrder
            if a is None and b is None:
                return left.row() < right.row()
            return (b is None) == last
        if isinstance(a, (int, float)) and isinstance(b, (int, float)):
            return a < b
        return str(a) < str(b)
