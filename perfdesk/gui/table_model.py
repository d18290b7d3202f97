"""The shared bases of the GUI's models, so that each model says only what is its own:

- `SimpleTableModel`: a list of items, one row each, and a fixed horizontal header (HEADERS);
  a subclass says what its rows are (`rows()`) and how an item's cell shows (`cell`).
- `ReadOnlyItemModel`: fixed headers, items selectable but not editable (the findings tree).
- `NodeTreeModel`: a read-only tree of plain nodes (the navigator, the import preview).
- `FormPartTableModel`: a table over one part of a form whose rows undoable edits insert and
  remove (funds lines, list items); views hear of the rows around the edit.
"""
from __future__ import annotations

from typing import Any, Sequence

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, Qt

from ..startup import edits  # loads after the first paint (perfdesk.startup)


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

    def cell(self, item, column: int, role) -> Any:
        """What a row's item shows in a column for a role (None: nothing)."""
        raise NotImplementedError

    def item(self, index: QModelIndex):
        """The item of an index's row, or None for an invalid or stale index."""
        rows = self.rows()
        return rows[index.row()] if index.isValid() and 0 <= index.row() < len(rows) else None

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.rows())

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        return header_text(self.HEADERS, section, orientation, role)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        item = self.item(index)
        return None if item is None else self.cell(item, index.column(), role)


class ReadOnlyItemModel(QAbstractItemModel):
    """Fixed horizontal headers (HEADERS); every item can be selected, none edited."""

    HEADERS: tuple[str, ...] = ()

    def columnCount(self, parent=QModelIndex()):
        return len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        return header_text(self.HEADERS, section, orientation, role)

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class NodeTreeModel(ReadOnlyItemModel):
    """A tree of plain nodes under an invisible `root`; each node has `parent`, `children` and
    `row` (its place among its parent's children). An index points at its node; only column 0
    has children."""

    root: Any = None

    def node(self, index: QModelIndex):
        return index.internalPointer() if index.isValid() else self.root

    def index(self, row, column, parent=QModelIndex()):
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, self.node(parent).children[row])

    def parent(self, index=QModelIndex()):
        if not index.isValid():
            return QModelIndex()
        up = self.node(index).parent
        if up is None or up is self.root:
            return QModelIndex()
        return self.createIndex(up.row, 0, up)

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.column() > 0 else len(self.node(parent).children)


class FormPartTableModel(QAbstractTableModel):
    """A table over one part of one form (PART names the edits' attribute and the model's that
    say which part, e.g. "list_id"), following the document: the edits named by INSERT and
    REMOVE (in perfdesk.domain.edits; an INSERT carries its new rows in the attribute INSERTED)
    add and remove its rows. Qt wants the begin… call before the data changes and the end… call
    after, so the model hears the document both before and after an edit applies; a subclass
    handles the rest of an applied edit in `_applied`, calling `end_row_edit` first."""

    PART = ""
    INSERT = REMOVE = INSERTED = ""

    def __init__(self, document, form_id: str, part_id: str, parent=None):
        super().__init__(parent)
        self.document = document
        self.form_id = form_id
        setattr(self, self.PART, part_id)
        self.form = document.workbook.form(form_id)
        self._pending = None
        document.aboutToApply.connect(self._about_to_apply)
        document.applied.connect(self._applied)

    def _applied(self, edit) -> None:
        raise NotImplementedError

    def first_row(self, at: int) -> int:
        """The model row of the part's row `at` (they differ where other rows come first)."""
        return at

    def _about_to_apply(self, edit) -> None:
        self._pending = None
        if (getattr(edit, "form_id", None) != self.form_id
                or getattr(edit, self.PART, None) != getattr(self, self.PART)):
            return
        if isinstance(edit, getattr(edits, self.INSERT)):
            first = self.first_row(edit.row)
            self.beginInsertRows(QModelIndex(), first, first + len(getattr(edit, self.INSERTED)) - 1)
            self._pending = self.endInsertRows
        elif isinstance(edit, getattr(edits, self.REMOVE)):
            first = self.first_row(edit.row)
            self.beginRemoveRows(QModelIndex(), first, first + edit.count - 1)
            self._pending = self.endRemoveRows

    def end_row_edit(self) -> bool:
        """After an edit applied: close the insert or remove announced before it; True if one was."""
        pending, self._pending = self._pending, None
        if pending is None:
            return False
        self.rows_changed()
        pending()
        return True

    def rows_changed(self) -> None:
        """Rows were inserted or removed, before views hear of it (for a model that lays them out)."""

    def remove_as_one_step(self, label: str, rows, edit_of) -> None:
        """Remove rows of the part as one undo step, from the last so the earlier stay in place."""
        stack = self.document.undo_stack
        stack.beginMacro(label)
        try:
            for r in sorted(set(rows), reverse=True):
                self.document.push(edit_of(r), "删除")
        finally:
            stack.endMacro()
