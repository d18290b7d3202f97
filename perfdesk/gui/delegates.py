"""One delegate for every editable cell: the model says how a cell is edited (EDITOR_ROLE) and
judges typed text (model.validate); wrong input is refused at the cell with a tooltip.

Amount cells commit on every keystroke so totals follow the typing (the undo step merges);
Enter and Tab commit and move on in reading order.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QPersistentModelIndex, QPoint, QRect, Qt
from PySide6.QtGui import QFont, QPainter, QPen, QPolygon
from PySide6.QtWidgets import QAbstractItemDelegate, QComboBox, QStyledItemDelegate, QToolTip, QTreeView

from ..domain.entry import EntryError, parse_amount
from . import style
from .roles import CHOICES_ROLE, EDITOR_ROLE, FREE_CHOICE_ROLE, PLACE_ROLE, STATED_ROLE
from .text_editors import UndoFreeLineEdit

PLACEHOLDERS = {
    "amount": "金额，如 1,234.56",
    "number": "数字",
    "date": "如 2024-07-30",
    "value": "如 ≥90%、20次、及时",
    "part_value": "如 90、20、及时",      # the 指标值 of a split value
    "part_unit": "如 %、次、万元",        # its 度量单位
}


class CellDelegate(QStyledItemDelegate):
    """`marks()` gives the form's check marks, {place: (severity, messages)}: marked cells get a
    coloured frame and corner, and the findings in their tooltip. While a form has no marks (as
    before its first check) a cell is painted without asking the model for its place."""

    def __init__(self, parent=None, on_closed=None, marks=None):
        super().__init__(parent)
        self._on_closed = on_closed
        self._marks = marks
        self.closeEditor.connect(lambda *_: self._on_closed and self._on_closed())

    def mark(self, index):
        if self._marks is None or not index.isValid():
            return None
        table = self._marks()
        return table.get(index.data(PLACE_ROLE)) if table else None

    def paint(self, painter, option, index):
        super().paint(painter, option, index)
        stated = index.data(STATED_ROLE)
        if stated:       # the original form's figure, small and to the left of the computed one
            painter.save()
            font = QFont(option.font)
            font.setPointSizeF(option.font.pointSizeF() * 0.8)
            painter.setFont(font)
            painter.setPen(style.severity_color("错误"))
            painter.drawText(option.rect.adjusted(4, 0, -4, 0),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), stated)
            painter.restore()
        mark = self.mark(index)
        if mark is None:
            return
        color = style.severity_color(mark[0])
        r = option.rect.adjusted(0, 0, -1, -1)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(QPen(color, 1))
        painter.drawRect(r)
        size = max(6, min(10, r.height() // 3))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawPolygon(QPolygon([QPoint(r.right() - size, r.top()), QPoint(r.right(), r.top()),
                                      QPoint(r.right(), r.top() + size)]))
        painter.restore()

    def helpEvent(self, event, view, option, index):
        mark = self.mark(index)
        if mark is not None and event.type() == QEvent.Type.ToolTip:
            own = index.data(Qt.ItemDataRole.ToolTipRole)
            text = "\n".join(mark[1]) + (f"\n\n{own}" if own else "")
            QToolTip.showText(event.globalPos(), text, view)
            return True
        return super().helpEvent(event, view, option, index)

    def sizeHint(self, option, index):
        # room around the text: Chinese glyphs need more than Latin ones at the same size
        size = super().sizeHint(option, index)
        size.setHeight(max(size.height(), option.fontMetrics.height() + 8))
        view = self.parent()
        if isinstance(view, QTreeView) and view.wordWrap():
            size.setHeight(max(size.height(), self._wrapped_height(view, option, index)))
        return size

    MAX_LINES = 4       # a long reason shows its beginning on a few lines; the tooltip shows all

    def _wrapped_height(self, view, option, index) -> int:
        """How tall a wrapping cell is at its column's width (the view does not tell the delegate)."""
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if not text:
            return 0
        width = view.header().sectionSize(index.column()) - 10
        if index.column() == 0:
            depth, parent = 1, index.parent()
            while parent.isValid():
                depth, parent = depth + 1, parent.parent()
            width -= depth * view.indentation()
        fm = option.fontMetrics
        rect = fm.boundingRect(QRect(0, 0, max(width, fm.horizontalAdvance("汉") * 2), 1 << 20),
                               int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft), str(text))
        return min(rect.height(), self.MAX_LINES * fm.lineSpacing()) + 8

    def createEditor(self, parent, option, index):
        kind = index.data(EDITOR_ROLE) or "text"
        if kind == "choice":
            combo = QComboBox(parent)
            combo.addItems(index.data(CHOICES_ROLE) or [])
            if index.data(FREE_CHOICE_ROLE):
                combo.setEditable(True)
                combo.setLineEdit(UndoFreeLineEdit())
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            combo.setMaxVisibleItems(16)
            return combo
        editor = UndoFreeLineEdit(parent)
        editor.setFrame(False)
        editor.setStyleSheet(style.CELL_EDITOR_STYLE)
        editor.setPlaceholderText(PLACEHOLDERS.get(kind, ""))
        if kind in ("amount", "number"):
            editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.setProperty("kind", kind)
        editor.setProperty("error", "")
        persistent = QPersistentModelIndex(index)
        editor.textEdited.connect(lambda text, e=editor, p=persistent: self._typed(e, p, text))
        return editor

    # -- what the model has ---------------------------------------------------------------
    def setEditorData(self, editor, index):
        text = index.data(Qt.ItemDataRole.EditRole)
        text = "" if text is None else str(text)
        if isinstance(editor, QComboBox):
            if editor.isEditable():
                editor.setEditText(text)
            else:
                found = editor.findText(text)
                editor.setCurrentIndex(found if found >= 0 else 0)
            return
        if editor.property("opened"):
            # already open: only an undo/redo elsewhere changes it, never our own live commit
            if self._same(editor, index, editor.text(), text):
                return
        else:
            editor.setProperty("opened", True)
            editor.setProperty("initial", text)
        editor.setText(text)
        self._mark(editor, "")

    def _same(self, editor, index, typed: str, stored: str) -> bool:
        if editor.property("kind") == "amount":
            try:
                return parse_amount(typed) == parse_amount(stored)
            except EntryError:
                return False
        return typed == stored

    # -- typing ---------------------------------------------------------------------------
    def _typed(self, editor, persistent, text: str) -> None:
        if not persistent.isValid():
            return
        model = persistent.model()
        index = model.index(persistent.row(), persistent.column(), persistent.parent())
        error = model.validate(index, text) if hasattr(model, "validate") else None
        self._mark(editor, error or "")
        if not error and editor.property("kind") == "amount":
            editor.setProperty("live", True)
            self.commitData.emit(editor)     # totals follow the typing

    def _mark(self, editor, error: str) -> None:
        editor.setProperty("error", error)
        editor.setStyleSheet(style.ERROR_STYLE if error else style.CELL_EDITOR_STYLE)
        editor.setToolTip(error)
        if error:
            QToolTip.showText(editor.mapToGlobal(QPoint(0, editor.height())), error, editor)
        else:
            QToolTip.hideText()

    def setModelData(self, editor, model, index):
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
            return
        if editor.property("error"):
            return                    # refused: the cell keeps what it had
        if editor.text() == editor.property("initial") and not editor.property("live"):
            return                    # opened and left: no change, no undo step
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def eventFilter(self, editor, event):
        if event.type() == QEvent.Type.KeyPress and not isinstance(editor, QComboBox):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                error = editor.property("error")
                if error:
                    self._mark(editor, error)   # refused: say why, stay in the cell
                    return True
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self.commitData.emit(editor)
                    back = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                    self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.EditPreviousItem if back
                                          else QAbstractItemDelegate.EndEditHint.EditNextItem)
                    return True
            if key == Qt.Key.Key_Escape and editor.property("live"):
                # live commits are taken back: the run ends where it began and leaves no undo step
                self._revert(editor)
        if event.type() == QEvent.Type.KeyPress and isinstance(editor, QComboBox):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not editor.view().isVisible():
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.EditNextItem)
                return True
        return super().eventFilter(editor, event)

    def _revert(self, editor) -> None:
        initial = editor.property("initial") or ""
        if editor.text() != initial:
            editor.setText(initial)
            self._mark(editor, "")
            self.commitData.emit(editor)
