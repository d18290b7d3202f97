"""One base for the simple table models: a list of items, one row each, and a fixed horizontal
header (HEADERS). A subclass says what its rows are (`rows()`) and how a cell shows (`data`)."""
from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt


def header_text(headers: Sequence[str], section: int, orientation, role):
    """A horizontal header's text, for headerData (None for anything else)."""
    if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(headers)):
        return headers[section]
    return None


class SimpleTableModel(QAbstractTableModel):
    HEADERS: tuple[str, ...] = ()

    def rows(self) -> Sequence:
        raise NotImplementedError

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.rows())

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        return header_text(self.HEADERS, section, orientation, role)
