"""Find any text in the workbook (Ctrl+F) and step through the places it occurs, form by form in
reading order. The search is plain Python over the workbook; the bar only shows and steps."""
from __future__ import annotations


import msgspec
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from ..domain.entry import cell_display
from ..domain.model import Workbook
from ..domain.places import (
    FieldPlace,
    IndicatorPlace,
    LinePlace,
    ListPlace,
    Place,
    SectionPlace,
    TitlePlace,
)
from .form_editor import layout_items
from .text_editors import UndoFreeLineEdit


class Hit(msgspec.Struct, frozen=True):
    form_id: str
    place: Place
    offset: int          # where the text starts inside the value (to select it)
    text: str            # the value it was found in


def search(workbook: Workbook, needle: str) -> list[Hit]:
    needle = needle.strip().lower()
    if not needle:
        return []
    hits: list[Hit] = []

    def look(form_id, place, value):
        text = value if isinstance(value, str) else cell_display(value)
        low = text.lower()
        at = low.find(needle)
        while at >= 0:
            hits.append(Hit(form_id, place, at, text))
            if not isinstance(place, SectionPlace):
                break           # a cell is one hit however often it contains the text
            at = low.find(needle, at + 1)

    for form in workbook.forms:
        notation = form.definition.notation
        look(form.id, TitlePlace(), form.title)
        d = form.definition
        for item in layout_items(d):
            if d.field_def(item):
                look(form.id, FieldPlace(item), form.fields.get(item, ""))
            elif d.section_def(item):
                look(form.id, SectionPlace(item), form.sections.get(item, ""))
            elif any(t.id == item for t in d.funds):
                table = form.funds.get(item)
                for i, line in enumerate(table.lines if table else []):
                    look(form.id, LinePlace(item, i), line.name)
            elif d.list_def(item):
                for i, entry in enumerate(form.lists.get(item, [])):
                    for column in d.list_def(item).columns:
                        look(form.id, ListPlace(item, i, column.id), cell_display(entry.get(column.id), notation))
            elif item == "indicators":
                for path, node in _walk(form.indicators, ()):
                    look(form.id, IndicatorPlace(path), node.name)
                    for key, value in node.cells.items():
                        look(form.id, IndicatorPlace(path, key), cell_display(value, notation))
    return hits


def _walk(nodes, prefix):
    for i, node in enumerate(nodes):
        yield prefix + (i,), node
        yield from _walk(node.children, prefix + (i,))


class FindBar(QWidget):
    """查找: type, Enter for the next place, Shift+Enter for the previous, Esc to close."""

    hitChosen = Signal(object)        # a Hit
    closed = Signal()

    def __init__(self, workbook_source, parent=None):
        super().__init__(parent)
        self._workbook = workbook_source     # a callable: the current workbook
        self.hits: list[Hit] = []
        self.position = -1
        self.edit = UndoFreeLineEdit()
        self.edit.setObjectName("findText")
        self.edit.setPlaceholderText("在整个工作簿中查找（Enter 下一处，Shift+Enter 上一处）")
        self.edit.setClearButtonEnabled(True)
        self.status = QLabel()
        self.status.setMinimumWidth(self.fontMetrics().horizontalAdvance("第 999/999 处") + 8)
        prev_button, next_button, close_button = QToolButton(), QToolButton(), QToolButton()
        prev_button.setText("上一处")
        next_button.setText("下一处")
        close_button.setText("关闭")
        for b in (prev_button, next_button, close_button):
            b.setAutoRaise(True)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        layout.addWidget(QLabel("查找："))
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.status)
        layout.addWidget(prev_button)
        layout.addWidget(next_button)
        layout.addWidget(close_button)
        self.edit.textChanged.connect(self._text_changed)
        self.edit.returnPressed.connect(self.next)
        prev_button.clicked.connect(self.previous)
        next_button.clicked.connect(self.next)
        close_button.clicked.connect(self.close_bar)
        QShortcut(QKeySequence("Shift+Return"), self.edit, self.previous, context=Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close_bar,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def open(self) -> None:
        self.show()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def refresh(self) -> None:
        """The workbook changed: find again, keeping the place in the list where possible."""
        self.hits = search(self._workbook(), self.edit.text())
        self.position = min(self.position, len(self.hits) - 1)
        self._show_status()

    def _text_changed(self, _text: str) -> None:
        self.position = -1
        self.hits = search(self._workbook(), self.edit.text())
        self._show_status()

    def _show_status(self) -> None:
        if not self.edit.text().strip():
            self.status.setText("")
        elif not self.hits:
            self.status.setText("未找到")
        elif self.position < 0:
            self.status.setText(f"共 {len(self.hits)} 处")
        else:
            self.status.setText(f"第 {self.position + 1}/{len(self.hits)} 处")

    def next(self) -> None:
        self._step(1)

    def previous(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        self.hits = search(self._workbook(), self.edit.text())
        if not self.hits:
            self._show_status()
            return
        self.position = ((self.position + delta) % len(self.hits) if self.position >= 0
                         else (0 if delta > 0 else len(self.hits) - 1))
        self._show_status()
        self.hitChosen.emit(self.hits[self.position])
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)   # keep stepping with Enter
