"""Item views for keyboard-first entry: Tab and Enter move through the editable cells in reading
order (left to right, then down; computed cells and labels are skipped), past the last cell Tab
leaves the view for the next part of the form; typing starts editing, F2 edits."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemDelegate, QAbstractItemView, QAbstractScrollArea, QApplication,
                               QHeaderView, QTableView, QTreeView, QWidget)

EDIT_TRIGGERS = (QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                 | QAbstractItemView.EditTrigger.AnyKeyPressed)


def viewport_of(view: QAbstractScrollArea) -> QWidget:
    """`view.viewport()`, without its cost at start-up: the first time PySide 6.11 wraps a widget
    that a function declared to return QWidget* returns, it creates every QWidget subclass's
    Python type and enums (about 15 ms). Found by its object name, the same viewport is wrapped
    as a plain QWidget, and later `viewport()` calls return that wrapper."""
    found = view.findChild(QWidget, "qt_scrollarea_viewport", Qt.FindChildOption.FindDirectChildrenOnly)
    return found if found is not None else view.viewport()


class _ReadingOrder:
    """Mixed into a view: what "next cell" means, and Enter as Tab."""

    def _after(self, index: QModelIndex, forward: bool):
        raise NotImplementedError

    def next_editable(self, index: QModelIndex, forward: bool = True) -> QModelIndex:
        for candidate in self._after(index, forward):
            if candidate.flags() & Qt.ItemFlag.ItemIsEditable:
                return candidate
        return QModelIndex()

    def first_editable(self) -> QModelIndex:
        return self.next_editable(QModelIndex(), True)

    def moveCursor(self, action, modifiers):
        if action == QAbstractItemView.CursorAction.MoveNext:
            return self.next_editable(self.currentIndex(), True)
        if action == QAbstractItemView.CursorAction.MovePrevious:
            return self.next_editable(self.currentIndex(), False)
        return super().moveCursor(action, modifiers)

    def keyPressEvent(self, event):
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and self.state() != QAbstractItemView.State.EditingState
                and not event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier)):
            forward = not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            target = self.next_editable(self.currentIndex(), forward)
            if target.isValid():
                self.setCurrentIndex(target)
            else:
                self.focusNextPrevChild(forward)
            return
        super().keyPressEvent(event)

    def closeEditor(self, editor, hint):
        before = self.currentIndex()
        super().closeEditor(editor, hint)
        if hint in (QAbstractItemDelegate.EndEditHint.EditNextItem,
                    QAbstractItemDelegate.EndEditHint.EditPreviousItem) \
                and self.currentIndex() == before:
            # the last cell: move on to the next part of the form
            self.focusNextPrevChild(hint == QAbstractItemDelegate.EndEditHint.EditNextItem)

    def focusInEvent(self, event):
        super().focusInEvent(event)
        if (not self.currentIndex().isValid()
                and event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason)):
            target = self.next_editable(QModelIndex(), event.reason() == Qt.FocusReason.TabFocusReason)
            if target.isValid():
                self.setCurrentIndex(target)


class CellTableView(_ReadingOrder, QTableView):
    """A small table shown whole (no inner scrolling): funds tables and lists in a form page."""

    currentCellChanged = Signal(QModelIndex)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setEditTriggers(EDIT_TRIGGERS)
        self.setTabKeyNavigation(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setWordWrap(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.horizontalHeader().setHighlightSections(False)

    def setModel(self, model):
        super().setModel(model)
        model.rowsInserted.connect(self.fit_height)
        model.rowsRemoved.connect(self.fit_height)
        model.modelReset.connect(self.fit_height)
        self.selectionModel().currentChanged.connect(lambda cur, _prev: self.currentCellChanged.emit(cur))
        self.fit_height()

    def fit_height(self, *_):
        model = self.model()
        rows = model.rowCount() if model else 0
        height = self.horizontalHeader().sizeHint().height() + rows * self.verticalHeader().defaultSectionSize()
        height += 2 * self.frameWidth()
        if self._needs_sideways():
            # a table wider than the page scrolls sideways inside itself; its bar must not
            # cover the last row
            height += self.horizontalScrollBar().sizeHint().height()
        if height + 2 != self.height() or self.minimumHeight() != height + 2:
            self.setFixedHeight(height + 2)

    def _needs_sideways(self) -> bool:
        return self.horizontalHeader().length() > self.width() - 2 * self.frameWidth()

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.fit_height()

    def _after(self, index, forward):
        model = self.model()
        rows, columns = model.rowCount(), model.columnCount()
        if not index.isValid():
            cells = range(rows * columns) if forward else range(rows * columns - 1, -1, -1)
        else:
            at = index.row() * columns + index.column()
            cells = range(at + 1, rows * columns) if forward else range(at - 1, -1, -1)
        for n in cells:
            yield model.index(n // columns, n % columns)


class IndicatorTreeView(_ReadingOrder, QTreeView):
    currentCellChanged = Signal(QModelIndex)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setEditTriggers(EDIT_TRIGGERS)
        self.setTabKeyNavigation(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        # long names and reasons wrap onto more lines rather than end in "…", so the table fits
        # the width of a 1366-pixel screen without sideways scrolling
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setAllColumnsShowFocus(False)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setExpandsOnDoubleClick(False)     # double click edits
        self.setAutoExpandDelay(600)
        self.setIndentation(self.fontMetrics().horizontalAdvance("汉") + 4)
        self.header().setStretchLastSection(True)
        self.header().setHighlightSections(False)
        # a column's new width changes how many lines its texts take: heights again, once
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(0)
        self._relayout.timeout.connect(self.doItemsLayout)
        self.header().sectionResized.connect(lambda *_a: self._relayout.start())

    def setModel(self, model):
        super().setModel(model)
        model.rowsInserted.connect(self._expand_inserted)
        self.selectionModel().currentChanged.connect(lambda cur, _prev: self.currentCellChanged.emit(cur))

    def _expand_inserted(self, parent, first, last):
        # new rows are shown with everything under them, as the form prints them
        if parent.isValid():
            self.expand(parent)
        for row in range(first, last + 1):
            self.expandRecursively(self.model().index(row, 0, parent))

    def _after(self, index, forward):
        model = self.model()
        columns = model.columnCount()
        if not index.isValid():
            row = model.index(0, 0) if forward else self._last_row()
            column = 0 if forward else columns - 1
        else:
            row, column = index.siblingAtColumn(0), index.column() + (1 if forward else -1)
        while row.isValid():
            while 0 <= column < columns:
                yield row.siblingAtColumn(column)
                column += 1 if forward else -1
            row = self.indexBelow(row) if forward else self.indexAbove(row)
            column = 0 if forward else columns - 1

    def _last_row(self) -> QModelIndex:
        model = self.model()
        index = QModelIndex()
        while model.rowCount(index):
            index = model.index(model.rowCount(index) - 1, 0, index)
            if not self.isExpanded(index):
                break
        return index


def finish_editing() -> None:
    """Commit the table cell being edited, if any (before saving, undoing, switching forms)."""
    focus = QApplication.focusWidget()
    widget = focus
    while widget is not None and not isinstance(widget, QAbstractItemView):
        widget = widget.parentWidget()
    if widget is None or focus is widget:
        return
    index = widget.currentIndex()
    editor = widget.indexWidget(index) if index.isValid() else None
    if editor is not None:
        widget.commitData(editor)
        widget.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
