"""A funds table (资金表) of one form as a Qt table model.

Rows are the definition's rows, with the per-project lines placed under the row the definition
names; column 0 is the row's label (a line's name, editable). Computed rows and computed columns
(a per-row 执行率, `type = "rate"`) are read-only and greyed; amounts are right-aligned with thousands separators and the form's decimals. Every
keystroke in an amount cell can be committed (the undo step merges), so totals follow typing.
"""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QGuiApplication

from ..domain.column_labels import fill as fill_label
from ..domain.entry import EntryError, format_amount, parse_amount
from ..domain.model import FundsLine
from ..domain.places import FundsPlace, LinePlace
from ..domain.values import decimal_text
from . import style
from .roles import DECIMALS_ROLE, EDITOR_ROLE, PLACE_ROLE, STATED_ROLE
from .table_model import FormPartTableModel
from ..startup import edits  # loads after the first paint (perfdesk.startup)


class FundsTableModel(FormPartTableModel):
    PART, INSERT, REMOVE, INSERTED = "table_id", "InsertLines", "RemoveLines", "lines"

    def __init__(self, document, form_id: str, table_id: str, parent=None):
        super().__init__(document, form_id, table_id, parent)
        self.definition = self.form.definition.funds_table(table_id)
        self.decimals = self.form.definition.print.decimals
        self._rows: list[tuple[str, object]] = []
        self._layout()

    @property
    def table(self):
        return self.form.funds_table(self.table_id)

    def _layout(self) -> None:
        rows: list[tuple[str, object]] = []
        for row in self.definition.rows:
            rows.append(("row", row))
            if self.definition.lines and self.definition.lines.after == row.id:
                rows += [("line", i) for i in range(len(self.table.lines))]
        self._rows = rows

    @property
    def has_lines(self) -> bool:
        return self.definition.lines is not None

    def line_row(self, line_index: int) -> int:
        """The table row a project line is shown on (or where a new line would go)."""
        after = next(i for i, (kind, r) in enumerate(self._rows)
                     if kind == "row" and r.id == self.definition.lines.after)
        return after + 1 + line_index

    def line_index(self, row: int) -> int | None:
        kind, what = self._rows[row] if 0 <= row < len(self._rows) else (None, None)
        return what if kind == "line" else None

    def row_of(self, place) -> int:
        for i, (kind, what) in enumerate(self._rows):
            if isinstance(place, FundsPlace) and kind == "row" and what.id == place.row_id:
                return i
            if isinstance(place, LinePlace) and kind == "line" and what == place.index:
                return i
        if isinstance(place, LinePlace) and self.has_lines and self.table.lines:
            return self.line_row(min(place.index, len(self.table.lines) - 1))
        return -1

    def column_of(self, column_id: str) -> int:
        ids = self.definition.column_ids
        return ids.index(column_id) + 1 if column_id in ids else 0

    def place(self, index: QModelIndex):
        kind, what = self._rows[index.row()]
        column = self.definition.columns[index.column() - 1].id if index.column() > 0 else ""
        return FundsPlace(self.table_id, what.id, column) if kind == "row" else LinePlace(self.table_id, what, column)

    # -- Qt model -------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else 1 + len(self.definition.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if section == 0:
                return "项目" + (f"（{self.definition.unit}）" if self.definition.unit else "")
            if section > len(self.definition.columns):
                return None
            return fill_label(self.definition.columns[section - 1].label, self.form.fields)   # 1-6月执行数
        return None

    def _value(self, row: int, column: int):
        kind, what = self._rows[row]
        column_def = self.definition.columns[column - 1]
        if kind == "row":
            return self.table.value(what.id, column_def.id)
        values = self.table.lines[what].values
        if column_def.computed:       # a project line's own rate, as FundsTable.value computes a row's
            top, bottom = (values.get(c) for c in column_def.of)
            return None if top is None or not bottom else (top / bottom * 100).quantize(Decimal("0.01"))
        return values.get(column_def.id)

    def _computed(self, row: int, column: int = 0) -> bool:
        """A computed row (a sum), or a computed column (a rate) of any row."""
        kind, what = self._rows[row]
        if column > 0 and self.definition.columns[column - 1].computed:
            return True
        return kind == "row" and what.computed

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        kind, what = self._rows[index.row()]
        computed = self._computed(index.row(), index.column())
        rate = index.column() > 0 and self.definition.columns[index.column() - 1].computed
        if index.column() == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                if kind == "line":
                    return self.table.lines[what].name
                return "　" * what.indent + what.label
            if role == Qt.ItemDataRole.EditRole and kind == "line":
                return self.table.lines[what].name
            if role == Qt.ItemDataRole.ToolTipRole and kind == "line":
                return f"{self.definition.lines.label}：{self.table.lines[what].name}"
            if role == EDITOR_ROLE and kind == "line":
                return "text"
        else:
            value = self._value(index.row(), index.column())
            if role == Qt.ItemDataRole.DisplayRole:
                if rate:
                    return "" if value is None else f"{value:.2f}%"
                return format_amount(value, self.decimals)
            if role == Qt.ItemDataRole.EditRole:
                return "" if value is None else decimal_text(value)
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if role == Qt.ItemDataRole.ToolTipRole and rate:
                return self._rate_tip(index.column())
            if role == Qt.ItemDataRole.ToolTipRole and computed:
                return self._computed_tip(what, index.column())
            if role == EDITOR_ROLE:
                return None if rate else "amount"
            if role == DECIMALS_ROLE:
                return self.decimals
            if role == STATED_ROLE and computed and not rate:
                return self._stated_text(what, index.column())
        if role == PLACE_ROLE:
            return self.place(index)
        if computed:
            if role == Qt.ItemDataRole.BackgroundRole:
                return style.COMPUTED_BACKGROUND
            if role == Qt.ItemDataRole.ForegroundRole:
                return style.COMPUTED_FOREGROUND
            if role == Qt.ItemDataRole.FontRole and self._computed(index.row()):    # totals, not rates
                return style.bold(QGuiApplication.font())
        return None

    def _rate_tip(self, column: int) -> str:
        c = self.definition.columns[column - 1]
        top, bottom = (self.definition.column(x) for x in c.of)
        return (f"由程序计算：{top.label if top else c.of[0]} ÷ {bottom.label if bottom else c.of[1]} × 100%"
                "（保留两位小数；任一为空或除数为 0 时空白）")

    def _computed_tip(self, row, column: int) -> str:
        column_id = self.definition.columns[column - 1].id
        if row.sum_lines:
            tip = f"由程序计算：各{self.definition.lines.label}之和"
        else:
            tip = "由程序计算：" + " + ".join(self.definition.row(p).label.replace("其中：", "") for p in row.sum)
        stated = self.table.stated_value(row.id, column_id)
        if stated is not None:
            tip += f"\n原表填报：{format_amount(stated, self.decimals)}"
        return tip

    def _stated_text(self, row, column: int) -> str | None:
        """"原表 20.00" where the original form stated a total other than the computed one."""
        stated = self.table.stated_value(row.id, self.definition.columns[column - 1].id)
        if stated is None or stated == self.table.value(row.id, self.definition.columns[column - 1].id):
            return None
        return f"原表 {format_amount(stated, self.decimals)}"

    def stated_differences(self) -> list[str]:
        """Each computed cell whose stated figure differs: "项目支出 › 半年计划执行数：原表 20.00，计算为 24.02"."""
        out = []
        for r, (kind, what) in enumerate(self._rows):
            if kind != "row" or not what.computed:
                continue
            for c, column in enumerate(self.definition.columns, start=1):
                said = None if column.computed else self._stated_text(what, c)
                if said:
                    computed = format_amount(self._value(r, c), self.decimals)
                    out.append(f"{what.label.replace('其中：', '')} › {column.label}：{said}，计算为 {computed}")
        return out

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        kind, _ = self._rows[index.row()]
        if index.column() == 0:
            return flags | Qt.ItemFlag.ItemIsEditable if kind == "line" else flags
        return flags if self._computed(index.row(), index.column()) else flags | Qt.ItemFlag.ItemIsEditable

    def validate(self, index: QModelIndex, text: str) -> str | None:
        if index.column() == 0:
            return None
        try:
            parse_amount(text, self.decimals)
        except EntryError as exc:
            return str(exc)
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        if (role != Qt.ItemDataRole.EditRole or not index.isValid()
                or not self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        text = "" if value is None else str(value)
        place = self.place(index)
        if index.column() == 0:
            new, old = text.strip(), self.table.lines[place.index].name
            label = f"修改{self.definition.lines.label}"
        else:
            try:
                new = parse_amount(text, self.decimals)
            except EntryError:
                return False
            old = self._value(index.row(), index.column())
            label = f"填写{self.definition.label.split('·')[-1]}"
        if new == old and (new is None or decimal_text(new) == decimal_text(old)):
            return True
        self.document.push(edits.SetValue(self.form_id, place, new), label,
                           merge_key=("cell", self.form_id, place))
        return True

    # -- lines ----------------------------------------------------------------------------
    def insert_line(self, at: int | None = None) -> int:
        """Add a project line (at a line index, default the end); returns its table row."""
        at = len(self.table.lines) if at is None else at
        self.document.push(edits.InsertLines(self.form_id, self.table_id, at, (FundsLine(""),)),
                           f"添加{self.definition.lines.label}")
        return self.line_row(at)

    def remove_lines(self, indexes: list[int]) -> None:
        self.remove_as_one_step(f"删除{self.definition.lines.label}", indexes,
                                lambda i: edits.RemoveLines(self.form_id, self.table_id, i))

    # -- following the document -----------------------------------------------------------
    def first_row(self, at: int) -> int:
        return self.line_row(at)

    def rows_changed(self) -> None:
        self._layout()

    def _applied(self, edit) -> None:
        rows_edited = self.end_row_edit()
        if edit is None or getattr(edit, "form_id", None) != self.form_id:
            return
        place = getattr(edit, "place", None)
        touched = rows_edited or (isinstance(place, (FundsPlace, LinePlace))
                                  and place.table_id == self.table_id)
        if touched and self._rows:
            if isinstance(place, (FundsPlace, LinePlace)):
                # the cell alone first: an open editor on it picks up an undo
                row = self.row_of(place)
                if row >= 0:
                    cell = self.index(row, self.column_of(place.column_id))
                    self.dataChanged.emit(cell, cell)
            # totals anywhere in the table may follow; the table is small
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, self.columnCount() - 1))
