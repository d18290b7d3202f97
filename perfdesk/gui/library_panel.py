"""The indicator library (指标库) as a dock: search by any text or pinyin initials, filter by
category, insert into the current form by double click (or Enter) or by dragging onto its
indicator tree; the entry lands under its own level-1/level-2 wherever it is dropped.

The shipped entries come from forms/library/, the user's own from their profile
(perfdesk.store.user_library); the indicator tree's context menu adds a row to the latter.
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from .table_model import SimpleTableModel

if TYPE_CHECKING:
    from ..domain.definition import FormDefinition
    from ..domain.library import Library, LibraryEntry

MIME_ENTRY = "application/x-perfdesk-library-entries"
_user_foreground: list[QColor] = []       # made on first use: no Qt objects at import time


def user_foreground() -> QColor:
    if not _user_foreground:
        _user_foreground.append(QColor("#1a5e20"))
    return _user_foreground[0]


def entry_to_data(e: LibraryEntry) -> dict:
    return {"level1": e.level1, "level2": e.level2, "name": e.name, "description": e.description,
            "value": e.value, "definitions": list(e.definitions), "source": e.source,
            "values": [list(p) for p in e.column_values]}


def entry_from_data(d: dict) -> LibraryEntry:
    from ..domain.library import LibraryEntry      # the library's domain module: on first use

    return LibraryEntry(d["level1"], d["level2"], d["name"], d.get("description", ""), d.get("value", ""),
                        tuple(d.get("definitions", ())), d.get("source", "shipped"),
                        tuple(tuple(p) for p in d.get("values", ())))


def entries_from_mime(data: QMimeData) -> list[LibraryEntry]:
    """Library entries carried by a drag from the library panel (none for anything else)."""
    if data is None or not data.hasFormat(MIME_ENTRY):
        return []
    try:
        return [entry_from_data(d) for d in json.loads(bytes(data.data(MIME_ENTRY)).decode("utf-8"))]
    except (ValueError, KeyError, TypeError):
        return []


class LibraryModel(SimpleTableModel):
    """The entries a search found, best first."""

    HEADERS = ("指标名称", "参考指标值", "类别")

    def __init__(self, parent=None):
        super().__init__(parent)
        from ..domain.library import Library      # the library's domain module: on first use

        self.library = Library()
        self.entries: list[LibraryEntry] = []

    def set_library(self, library: Library) -> None:
        self.library = library

    def search(self, query: str, category: tuple[str, str] | None, definition: FormDefinition | None) -> None:
        self.beginResetModel()
        level1, level2 = category if category else (None, None)
        self.entries = self.library.search(query, level1=level1, level2=level2, definition=definition)
        self.endResetModel()

    def rows(self):
        return self.entries

    def entry(self, index: QModelIndex) -> LibraryEntry | None:
        return self.item(index)

    def cell(self, e: LibraryEntry, column: int, role):
        if role == Qt.ItemDataRole.DisplayRole:
            return (e.name, e.display_value(), e.category)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{e.category} › {e.name}"
            if e.description:
                tip += f"\n{e.description}"
            if e.value:
                tip += f"\n参考指标值：{e.display_value()}"
            tip += "\n（个人指标库）" if e.source == "user" else "\n（内置指标库）"
            return tip + "\n双击或拖到指标表插入"
        if role == Qt.ItemDataRole.ForegroundRole and e.source == "user":
            return user_foreground()
        if role == Qt.ItemDataRole.UserRole:
            return e
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def mimeTypes(self):
        return [MIME_ENTRY, "text/plain"]

    def supportedDragActions(self):
        return Qt.DropAction.CopyAction

    def mimeData(self, indexes):
        rows = sorted({i.row() for i in indexes if i.isValid()})
        entries = [self.entries[r] for r in rows]
        data = QMimeData()
        if entries:
            data.setData(MIME_ENTRY, json.dumps([entry_to_data(e) for e in entries],
                                                ensure_ascii=False).encode("utf-8"))
            data.setText("\r\n".join("\t".join((e.level1, e.level2, e.name, e.value)) for e in entries) + "\r\n")
        return data


class LibraryPanel(QDockWidget):
    insertRequested = Signal(object)        # a list of LibraryEntry: into the current form
    removeRequested = Signal(object)        # a user LibraryEntry: out of the user's library

    # the dock's contents, built when the tab is first shown or used (a hidden tab at start-up)
    _BODY = frozenset({"search_edit", "category", "model", "view", "status", "remove_action", "_timer"})

    def __init__(self, parent=None):
        super().__init__("指标库", parent)
        self.setObjectName("libraryDock")
        self.definition: FormDefinition | None = None
        self._problem = ""
        self._built = False
        # a hidden tab gets a show event too, but visibilityChanged(True) only when really shown
        self.visibilityChanged.connect(lambda shown: shown and not self._built and self._build())

    def __getattr__(self, name):
        if name in LibraryPanel._BODY and not self.__dict__.get("_built", True):
            self._build()
            return getattr(self, name)
        raise AttributeError(name)

    def _build(self) -> None:
        self._built = True
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("librarySearch")
        self.search_edit.setPlaceholderText("搜索：名称、说明或拼音首字母（如 yszxl）")
        self.search_edit.setClearButtonEnabled(True)
        self.category = QComboBox()
        self.category.setObjectName("libraryCategory")
        self.category.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.category.setMinimumContentsLength(8)
        self.model = LibraryModel(self)
        self.view = QTreeView()
        self.view.setObjectName("libraryView")
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setDragEnabled(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.view.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.view.header()
        # the name takes the room; the value fits its text; the category (also in the filter and
        # the tooltip) comes last
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(self.fontMetrics().horizontalAdvance("汉") * 3)
        header.resizeSection(2, self.fontMetrics().horizontalAdvance("汉") * 7)
        self.view.activated.connect(self._activated)
        self.status = QLabel()
        self.status.setObjectName("libraryStatus")
        self.status.setStyleSheet("color: #5f6b7a;")
        self.status.setWordWrap(True)

        insert = QAction("插入到当前表", self.view)
        insert.triggered.connect(self.insert_selected)
        self.remove_action = QAction("从个人指标库删除", self.view)
        self.remove_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.remove_action.triggered.connect(self._remove_current)
        self.view.addAction(insert)
        self.view.addAction(self.remove_action)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.search_edit, 3)
        top.addWidget(self.category, 2)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        self.setWidget(body)

        self._timer = QTimer(self)          # search after a pause in typing
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(lambda _t: self._timer.start())
        self.search_edit.returnPressed.connect(self._search_return)
        self.category.currentIndexChanged.connect(lambda _i: self.refresh())
        self._fill_categories()
        self.refresh()

    # -- feeding it ---------------------------------------------------------------------------
    def set_library(self, library: Library, problem: str = "") -> None:
        self.model.set_library(library)
        self._problem = problem
        self._fill_categories()
        self.refresh()

    def set_definition(self, definition: FormDefinition | None) -> None:
        """The current form's definition: only its entries and categories are offered."""
        if definition is self.definition:
            return
        self.definition = definition if definition is not None and definition.indicators is not None else None
        if not self._built:
            return          # offered when the dock is built
        self._fill_categories()
        self.refresh()

    def _fill_categories(self) -> None:
        current = self.category.currentData()
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItem("全部类别", None)
        for level1, level2 in self.model.library.categories(self.definition):
            self.category.addItem(f"{level1} › {level2}", (level1, level2))
        found = self.category.findData(current) if current else 0
        self.category.setCurrentIndex(max(found, 0))
        self.category.blockSignals(False)

    def refresh(self) -> None:
        self._timer.stop()
        self.model.search(self.search_edit.text(), self.category.currentData(), self.definition)
        count = self.model.rowCount()
        scope = f"适用于“{self.definition.name}”" if self.definition else "全部表样"
        text = f"{scope}：{count} 条" if count else f"{scope}：没有找到匹配的指标"
        problem = self._problem
        self.status.setText(text + (f"\n{problem}" if problem else ""))
        if count and not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.model.index(0, 0))

    # -- using it ------------------------------------------------------------------------------
    def _search_return(self) -> None:
        self.refresh()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _activated(self, index: QModelIndex) -> None:
        entry = self.model.entry(index)
        if entry is not None:
            self.insertRequested.emit([entry])

    def selected_entries(self) -> list[LibraryEntry]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        if not rows and self.view.currentIndex().isValid():
            rows = [self.view.currentIndex().row()]
        return [self.model.entries[r] for r in rows]

    def insert_selected(self) -> None:
        entries = self.selected_entries()
        if entries:
            self.insertRequested.emit(entries)

    def _remove_current(self) -> None:
        entry = self.model.entry(self.view.currentIndex())
        if entry is not None and entry.source == "user":
            self.removeRequested.emit(entry)
