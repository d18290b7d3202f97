"""A read-only workbook's editors take no typing: every table view stops opening editors and
every text field becomes read-only (the document refuses any edit that still comes, and says
why). After 另存为 the workbook is the user's own file again and the editors take typing."""
from __future__ import annotations

from PySide6.QtWidgets import (QAbstractItemView, QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit,
                               QTextEdit, QWidget)

_KEPT = "perfdeskEditTriggers"      # a view's own edit triggers, kept while it refuses editing


def _fields(root: QWidget) -> list:
    found = root.findChildren(QLineEdit) + root.findChildren(QTextEdit) + root.findChildren(QPlainTextEdit)
    return [f for f in found if f.objectName() != "findText"]


def refuse_editing(root: QWidget, why: str) -> None:
    for view in root.findChildren(QAbstractItemView):
        if view.property(_KEPT) is None:
            view.setProperty(_KEPT, int(view.editTriggers().value))
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    for field in _fields(root):
        if not field.isReadOnly():
            field.setReadOnly(True)
            field.setProperty("perfdeskRefused", True)
    for box in root.findChildren(QComboBox) + root.findChildren(QAbstractSpinBox):
        if box.isEnabled():
            box.setEnabled(False)
            box.setProperty("perfdeskRefused", True)
    root.setToolTip(why)


def allow_editing(root: QWidget) -> None:
    for view in root.findChildren(QAbstractItemView):
        kept = view.property(_KEPT)
        if kept is not None:
            view.setEditTriggers(QAbstractItemView.EditTrigger(kept))
            view.setProperty(_KEPT, None)
    for field in root.findChildren(QWidget):
        if field.property("perfdeskRefused"):
            if isinstance(field, (QLineEdit, QTextEdit, QPlainTextEdit)):
                field.setReadOnly(False)
            else:
                field.setEnabled(True)
            field.setProperty("perfdeskRefused", None)
    root.setToolTip("")


def guard(editor: QWidget, document) -> None:
    """Called when a form's editor is built: a read-only document's editor refuses typing
    until the document becomes the user's own file (另存为)."""
    why = document.refusal()
    if not why:
        return
    refuse_editing(editor, why)

    def path_changed() -> None:
        if not document.refusal():
            try:
                allow_editing(editor)
            except RuntimeError:      # that editor was let go meanwhile (a new one is built free)
                pass

    document.pathChanged.connect(path_changed)
