"""Completeness per form for the dock: a bar per form, and what is missing in the chosen one."""
from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QStyledItemDelegate

from ..domain.completeness import Completeness, completeness
from . import style
from .roles import FORM_ROLE, PLACE_ROLE
from .table_model import SimpleTableModel


class CompletenessModel(SimpleTableModel):
    HEADERS = ("表单", "完成度", "缺项")

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        self._cache: dict[str, Completeness] = {}
        self._stale: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)      # once per burst of typing
        self._timer.timeout.connect(self._refresh)
        document.formChanged.connect(self._form_changed)
        document.formsChanged.connect(self._forms_changed)

    @property
    def forms(self):
        return self.document.workbook.forms

    def of(self, form_id: str) -> Completeness:
        if form_id not in self._cache:
            self._cache[form_id] = completeness(self.document.workbook.form(form_id))
        return self._cache[form_id]

    def rows(self):
        return self.forms

    def cell(self, form, column: int, role):
        if role == FORM_ROLE:
            return form.id
        c = self.of(form.id)
        if role == Qt.ItemDataRole.DisplayRole:
            return (form.title or form.definition.name, f"{c.percent}%",
                    f"{len(c.missing)} 项" if c.missing else "无")[column]
        if role == Qt.ItemDataRole.UserRole and column == 1:
            return c.percent
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{form.title}\n已填 {c.filled} / 应填 {c.total}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _form_changed(self, form_id: str) -> None:
        self._stale.add(form_id)
        self._timer.start()

    def _refresh(self) -> None:
        ids = [f.id for f in self.forms]
        for form_id in self._stale:
            self._cache.pop(form_id, None)
            if form_id in ids:
                row = ids.index(form_id)
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))
        self._stale.clear()

    def _forms_changed(self) -> None:
        self.beginResetModel()
        self._cache.clear()
        self.endResetModel()


class ProgressDelegate(QStyledItemDelegate):
    """The 完成度 column drawn as a bar, in the palette's colours.

    Painted directly rather than through QStyle.drawControl: the dock shows it in the window's
    first frame, and PySide creates the QStyle type (with its hundreds of enum members, about
    9 ms) the first time it is touched."""

    def paint(self, painter, option, index):
        percent = index.data(Qt.ItemDataRole.UserRole)
        if percent is None:
            super().paint(painter, option, index)
            return
        palette = option.palette
        rect = option.rect.adjusted(3, 3, -4, -4)
        painter.save()
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRect(rect)
        filled = rect.adjusted(1, 1, 0, 0)
        filled.setWidth(round((rect.width() - 1) * max(0, min(100, int(percent))) / 100))
        painter.fillRect(filled, style.PROGRESS_FILL)     # not the selection's colour: it shows on a chosen row
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"{percent}%")
        painter.restore()


class MissingModel(QAbstractListModel):
    """What one form still lacks; each entry knows its place for jumping there."""

    def __init__(self, completeness_model: CompletenessModel, parent=None):
        super().__init__(parent)
        self.source = completeness_model
        self.form_id = ""
        completeness_model.dataChanged.connect(self._source_changed)
        completeness_model.modelReset.connect(lambda: self.show_form(self.form_id))

    def show_form(self, form_id: str) -> None:
        self.beginResetModel()
        self.form_id = form_id if any(f.id == form_id for f in self.source.forms) else ""
        self.endResetModel()

    def _items(self):
        return self.source.of(self.form_id).missing if self.form_id else ()

    def _source_changed(self, top, bottom, roles=()):
        if self.form_id and any(self.source.forms[r].id == self.form_id for r in range(top.row(), bottom.row() + 1)):
            self.show_form(self.form_id)

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self._items())

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item = self._items()[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return item.text
        return {PLACE_ROLE: item.place, FORM_ROLE: self.form_id}.get(role)
