"""A list of a form (分项绩效目标: name, goal, indicator, value per item) as a Qt table model."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from ..domain.entry import EntryError, cell_display, cell_edit_text, cell_from_text, same_cell
from ..domain.places import ListPlace
from ..domain.values import IndicatorValue, Kind
from . import style
from .roles import EDITOR_ROLE, PLACE_ROLE
from .table_model import FormPartTableModel
from ..startup import edits  # loads after the first paint (perfdesk.startup)


class ListTableModel(FormPartTableModel):
    PART, INSERT, REMOVE, INSERTED = "list_id", "InsertItems", "RemoveItems", "items"

    def __init__(self, document, form_id: str, list_id: str, parent=None):
        super().__init__(document, form_id, list_id, parent)
        self.definition = self.form.definition.list_def(list_id)

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
        self.remove_as_one_step(f"删除{self.definition.item_label}", rows,
                                lambda r: edits.RemoveItems(self.form_id, self.list_id, r))

    def _applied(self, edit) -> None:
        if self.end_row_edit():
            return
        place = getattr(edit, "place", None)
        if (edit is not None and edit.form_id == self.form_id and isinstance(place, ListPlace)
                and place.list_id == self.list_id):
            cell = self.index(place.index, self.column_of(place.column_id))
            self.dataChanged.emit(cell, cell)
