"""A list of a form (分项绩效目标: name, goal, indicator, value per item) as a Qt table model."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from ..domain.entry import EntryError, cell_display, cell_edit_text, cell_from_text, same_cell
from ..domain.places import ListPlace
from ..domain.values import IndicatorValue, Kind
from . import style
from .roles import EDITOR_ROLE, PLACE_ROLE
from ..startup import edits  # loads after the first paint (perfdesk.startup)


class ListTableModel(QAbstractTableModel):
    def __init__(self, document, form_id: str, list_id: str, parent=None):
        super().__init__(parent)
        self.document = document
        self.form_id = form_id
        self.list_id = list_id
        self.form = document.workbook.form(form_id)
        self.definition = self.form.definition.list_def(list_id)
        self._pending = None
        document.aboutToApply.connect(self._about_to_apply)
        document.applied.connect(self._applied)

    @property
    def items(self) -> list[dict]:
        return self.form.lists.get(self.list_id, [])

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.definition.columns)

    def column_of(self, column_id: str) -> int:
        ids = [c.id for c in self.definition.columns]
        return ids.index(column_id) if column_id in ids else 0

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if (role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal
                and section < len(self.definition.columns) and self.definition.columns[section].max_chars):
            return f"限 {self.definition.columns[section].max_chars} 字"
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.definition.columns[section].label if section < len(self.definition.columns) else None
        return str(section + 1)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        column = self.definition.columns[index.column()]
        value = self.items[index.row()].get(column.id)
        notation = self.form.definition.notation
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_display(value, notation)
        if role == Qt.ItemDataRole.EditRole:
            return cell_edit_text(value, notation)
        if role == Qt.ItemDataRole.ToolTipRole:
            if isinstance(value, IndicatorValue) and value.kind is Kind.UNPARSED:
                return f"无法识别的指标值，按原文保留：{value.text}"
            text = cell_display(value, notation)
            return text if len(text) > 12 else None
        if role == Qt.ItemDataRole.BackgroundRole and isinstance(value, IndicatorValue):
            if value.kind is Kind.UNPARSED:
                return style.UNPARSED_BACKGROUND
            if value.kind is Kind.PLACEHOLDER:
                return style.PLACEHOLDER_BACKGROUND
        if role == EDITOR_ROLE:
            return column.type if column.type in ("value", "number", "date") else "text"
        if role == PLACE_ROLE:
            return ListPlace(self.list_id, index.row(), column.id)
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def validate(self, index: QModelIndex, text: str) -> str | None:
        try:
            cell_from_text(self.definition.columns[index.column()], text)
        except EntryError as exc:
            return str(exc)
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        column = self.definition.columns[index.column()]
        try:
            new = cell_from_text(column, "" if value is None else str(value))
        except EntryError:
            return False
        if same_cell(new, self.items[index.row()].get(column.id)):
            return True
        self.document.push(edits.SetValue(self.form_id, ListPlace(self.list_id, index.row(), column.id), new),
                           f"修改{column.label}")
        return True

    def insert_item(self, at: int | None = None) -> int:
        at = len(self.items) if at is None else at
        self.document.push(edits.InsertItems(self.form_id, self.list_id, at, ({},)), f"添加{self.definition.item_label}")
        return at

    def remove_items(self, rows: list[int]) -> None:
        stack = self.document.undo_stack
        stack.beginMacro(f"删除{self.definition.item_label}")
        try:
            for r in sorted(set(rows), reverse=True):
                self.document.push(edits.RemoveItems(self.form_id, self.list_id, r), "删除")
        finally:
            stack.endMacro()

    def _about_to_apply(self, edit) -> None:
        self._pending = None
        if getattr(edit, "form_id", None) != self.form_id or getattr(edit, "list_id", None) != self.list_id:
            return
        if isinstance(edit, edits.InsertItems):
            self.beginInsertRows(QModelIndex(), edit.row, edit.row + len(edit.items) - 1)
            self._pending = self.endInsertRows
        elif isinstance(edit, edits.RemoveItems):
            self.beginRemoveRows(QModelIndex(), edit.row, edit.row + edit.count - 1)
            self._pending = self.endRemoveRows

    def _applied(self, edit) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            pending()
            return
        place = getattr(edit, "place", None)
        if (edit is not None and edit.form_id == self.form_id and isinstance(place, ListPlace)
                and place.list_id == self.list_id):
            cell = self.index(place.index, self.column_of(place.column_id))
            self.dataChanged.emit(cell, cell)
