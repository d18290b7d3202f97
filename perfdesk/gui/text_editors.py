"""Text editors whose undo is the workbook's: Ctrl+Z/Ctrl+Y go to the window's undo stack (one
history for everything) instead of each widget's private one."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QTextDocument
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit


def is_undo_key(event) -> bool:
    return (event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo)
            or (event.key() == Qt.Key.Key_Y and event.modifiers() == Qt.KeyboardModifier.ControlModifier))


class UndoFreeLineEdit(QLineEdit):
    def event(self, event):
        if event.type() == QEvent.Type.ShortcutOverride and is_undo_key(event):
            event.ignore()       # let the window's 撤销/重做 shortcut have it
            return True
        return super().event(event)

    def keyPressEvent(self, event):
        if is_undo_key(event):
            event.ignore()
            return
        super().keyPressEvent(event)


class FieldLineEdit(UndoFreeLineEdit):
    """A header field: Enter moves on like Tab (reading order)."""

    focusLost = Signal()

    def keyPressEvent(self, event):
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.focusNextPrevChild(not event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event):
        super().focusOutEvent(event)
        self.focusLost.emit()


class NarrativeEdit(QPlainTextEdit):
    """A narrative section: plain text, paragraphs by line; grows with its text up to a limit.

    Pasting from Word keeps automatic numbering ("1." "（一）") as text, because the numbers
    of a Word list are formatting that a plain paste would drop.
    """

    focusLost = Signal()

    def __init__(self, parent=None, min_lines: int = 3, max_lines: int = 14):
        super().__init__(parent)
        self.setUndoRedoEnabled(False)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self._min_lines, self._max_lines = min_lines, max_lines
        self.document().documentLayout().documentSizeChanged.connect(lambda _size: self._fit())
        self._fit()

    def _fit(self) -> None:
        line = self.fontMetrics().lineSpacing()
        lines = max(self._min_lines, min(self._max_lines, int(self.document().size().height()) + 1))
        margins = self.contentsMargins()
        self.setFixedHeight(lines * line + int(self.document().documentMargin() * 2)
                            + margins.top() + margins.bottom() + 4)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._fit()

    def event(self, event):
        if event.type() == QEvent.Type.ShortcutOverride and is_undo_key(event):
            event.ignore()
            return True
        return super().event(event)

    def keyPressEvent(self, event):
        if is_undo_key(event):
            event.ignore()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event):
        super().focusOutEvent(event)
        self.focusLost.emit()

    def insertFromMimeData(self, source):
        if source.hasHtml():
            self.insertPlainText(numbered_text(source.html()))
            return
        super().insertFromMimeData(source)


def numbered_text(html: str) -> str:
    """Plain text of rich text, with list numbers written out as text."""
    doc = QTextDocument()
    doc.setHtml(html)
    lines = []
    block = doc.begin()
    while block.isValid():
        text = block.text()
        text_list = block.textList()
        if text_list is not None:
            marker = text_list.itemText(block)
            text = f"{marker}{'' if marker.endswith(('、', '）', ')')) else ' '}{text}" if marker else text
        lines.append(text)
        block = block.next()
    return "\n".join(lines).strip("\n")
