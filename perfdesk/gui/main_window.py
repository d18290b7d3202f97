"""The main window: the start page when nothing is open; else the navigator on the left, the form
editor in the middle, and docks for completeness, check results and the undo history.

Hooks for other parts of the program:
- `select_cell(form_id, place)` selects a field, section, funds cell, list cell or indicator cell
  (check results, search hits, undo/redo all use it);
- `formContentChanged(form_id)` is emitted whenever a form's content changes (re-run its checks);
- `install_check_dock(dock)` replaces the placeholder 审核结果 dock and wires it (or
  `set_check_widget(widget)` puts any widget into the placeholder);
- `printRequested(form_id)` is emitted by 打印 (Ctrl+P), before print_actions asks what to print;
- printing, Excel import/export, 生成自评表 and 生成下一年度 are in print_actions, excel_actions,
  derive_actions and next_year_actions (this window only creates them and puts their actions in
  the menus, the toolbar and the navigator's context menu);
- `document` (perfdesk.gui.document.Document) is where saving happens.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTreeView,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from ..definitions.loader import default_registry
from ..domain.blank import new_form
from ..domain.places import WorkbookPlace
from ..store.workbook_file import SUFFIX, WorkbookFileError, WorkbookLockedError
from . import dialogs, settings
from .check_dock import CheckDock
from .library_panel import LibraryPanel
from .completeness_model import CompletenessModel, MissingModel, ProgressDelegate
from .document import Document
from .form_editor import FormEditor
from .idle import after_first_paint
from .navigator_model import NavigatorFilter, NavigatorModel
from .progress import Cancelled, Progress
from .roles import ANCHOR_ROLE, FORM_ROLE, PLACE_ROLE
from . import navigator_menu
from .derive_actions import DeriveActions
from .excel_actions import ExcelActions
from .next_year_actions import NextYearActions
from .normalise_actions import NormaliseActions
from .definition_updates import DefinitionUpdates
from .print_actions import PrintActions
from .views import viewport_of
from .lazy_import import lazy_module, load_now

edits = lazy_module("perfdesk.domain.edits")      # loads after the first paint (see lazy_import)

if TYPE_CHECKING:     # the find bar, the start page and the workbook page: imported when first built
    from .find import FindBar
    from .start_page import StartPage
    from .workbook_page import WorkbookPage

APP_TITLE = "perfdesk 预算绩效填报"


PREBUILT_EDITORS = 12      # editors built ahead, in idle moments, when a workbook opens
MAX_EDITORS = 30           # editors kept; the least recently used beyond this are let go


class MainWindow(QMainWindow):
    printRequested = Signal(str)          # the current form's id
    formContentChanged = Signal(str)      # a form's content changed: checks may re-run for it
    documentChanged = Signal(object)      # a Document was opened, or None when closed
    formShown = Signal(str)               # the form now in the editor ("" for the workbook page)
    formsListChanged = Signal()           # forms were added or removed

    def __init__(self, show_start: bool = True):
        """show_start=False: the program was started on a file, which opens next; the start
        page is neither read nor painted unless that fails."""
        super().__init__()
        self.setObjectName("MainWindow")
        self.document: Document | None = None
        self.editors: dict[str, FormEditor] = {}
        self._workbook_page: WorkbookPage | None = None   # built when first shown
        self.undo_group = QUndoGroup(self)
        self.setAcceptDrops(True)
        # an explicit minimum keeps layouts from resizing the window's limits whenever a table
        # grows (which some platform plugins warn about on every change)
        self.setMinimumSize(800, 560)

        # -- central: start page or workspace
        self._start_page: StartPage | None = None     # built when first shown
        self.editor_stack = QStackedWidget()
        self._find_bar = None          # the find bar: built when first opened
        workspace = QWidget()
        wl = QVBoxLayout(workspace)
        wl.setContentsMargins(0, 0, 0, 0)
        wl.setSpacing(0)
        wl.addWidget(self.editor_stack, 1)
        self.central = QStackedWidget()
        self.workspace = workspace
        self.central.addWidget(workspace)
        self.setCentralWidget(self.central)

        self._build_docks()
        self._build_actions()
        self.install_check_dock(CheckDock(self))
        self._restore_settings()
        if show_start:
            self._show_start()
        else:
            self._no_document_state()
        self.statusBar().showMessage("就绪")

    # ------------------------------------------------------------------------------ docks
    def _build_docks(self) -> None:
        # navigator
        self.nav_search = QLineEdit()
        self.nav_search.setObjectName("navSearch")
        self.nav_search.setPlaceholderText("按名称或编码筛选")
        self.nav_search.setClearButtonEnabled(True)
        self.nav_filter = NavigatorFilter(self)
        self.nav_view = QTreeView()
        self.nav_view.setObjectName("navigator")
        self.nav_view.setHeaderHidden(True)
        self.nav_view.setModel(self.nav_filter)
        self.nav_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.nav_view.setUniformRowHeights(True)
        self.nav_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.nav_view.selectionModel().currentChanged.connect(self._nav_current_changed)
        self.nav_view.activated.connect(self._nav_activated)
        self.nav_search.textChanged.connect(self._filter_navigator)
        nav = QWidget()
        nl = QVBoxLayout(nav)
        nl.setContentsMargins(4, 4, 4, 4)
        nl.addWidget(self.nav_search)
        nl.addWidget(self.nav_view, 1)
        self.nav_dock = self._dock("navDock", "目录", nav, Qt.DockWidgetArea.LeftDockWidgetArea)

        # completeness
        self.completeness_view = QTableView()
        self.completeness_view.setObjectName("completeness")
        self.completeness_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.completeness_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.completeness_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.completeness_view.verticalHeader().setVisible(False)
        self.completeness_view.setShowGrid(False)
        self.completeness_view.setWordWrap(False)
        self.completeness_view.setItemDelegateForColumn(1, ProgressDelegate(self.completeness_view))
        self.missing_view = QListView()
        self.missing_view.setObjectName("missing")
        self.missing_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.missing_view.setWordWrap(True)
        self.missing_view.activated.connect(self._missing_activated)
        self.missing_view.clicked.connect(self._missing_activated)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.completeness_view)
        box = QWidget()
        bl = QVBoxLayout(box)
        bl.setContentsMargins(0, 2, 0, 0)
        self.missing_label = QLabel("尚缺：")
        bl.addWidget(self.missing_label)
        bl.addWidget(self.missing_view, 1)
        splitter.addWidget(box)
        self.completeness_dock = self._dock("completenessDock", "完成度", splitter, Qt.DockWidgetArea.RightDockWidgetArea)

        # check results: built by the checks module, which calls set_check_widget
        placeholder = QLabel("审核结果将显示在这里。")
        placeholder.setObjectName("checkPlaceholder")
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        placeholder.setStyleSheet("color: #5f6b7a;")
        # findings are long sentences: below the editor, where the window is widest
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.check_dock = self._dock("checkDock", "审核结果", placeholder, Qt.DockWidgetArea.BottomDockWidgetArea)

        # the indicator library, tabbed with completeness (loaded when a workbook is first opened)
        self.library_panel = LibraryPanel(self)
        self.library_panel.insertRequested.connect(self.insert_library_entries)
        self.library_panel.removeRequested.connect(self._remove_user_entry)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.library_panel)
        self.library_dock = self.library_panel
        self.user_library = None
        # loading it takes half a second (pinyin of every name): only once it is looked at
        self.library_panel.visibilityChanged.connect(lambda shown: shown and self.document is not None
                                                     and self._ensure_library())

        # a hidden tab: its QUndoView is made when the tab is first shown (see history_view)
        self._history_view = None
        self.history_dock = self._dock("historyDock", "操作历史", QWidget(), Qt.DockWidgetArea.RightDockWidgetArea)
        self.history_dock.visibilityChanged.connect(lambda shown: shown and self.history_view)
        self.tabifyDockWidget(self.completeness_dock, self.library_dock)
        self.tabifyDockWidget(self.library_dock, self.history_dock)
        self.completeness_dock.raise_()
        self._default_dock_sizes = True      # until a saved layout says otherwise
        self.docks = (self.nav_dock, self.completeness_dock, self.library_dock, self.check_dock, self.history_dock)
        self._docks_shown = {d.objectName(): True for d in self.docks}

    @property
    def find_bar(self) -> FindBar:
        if self._find_bar is None:
            from .find import FindBar

            bar = FindBar(lambda: self.document.workbook)
            bar.hide()
            bar.hitChosen.connect(lambda hit: self.select_cell(hit.form_id, hit.place,
                                                               (hit.offset, len(bar.edit.text().strip()))))
            self.workspace.layout().insertWidget(0, bar)
            self._find_bar = bar
        return self._find_bar

    @property
    def history_view(self) -> QUndoView:
        if self._history_view is None:
            view = QUndoView(self.undo_group)
            view.setEmptyLabel("（打开时的状态）")
            old = self.history_dock.widget()
            self.history_dock.setWidget(view)
            old.deleteLater()
            self._history_view = view
        return self._history_view

    @property
    def workbook_page(self) -> WorkbookPage | None:
        """The page of the workbook's own details (单位, 年度…), built when first shown."""
        if self._workbook_page is None and self.document is not None:
            from .workbook_page import WorkbookPage

            self._workbook_page = WorkbookPage(self.document)
            self.editor_stack.addWidget(self._workbook_page)
        return self._workbook_page

    def _dock(self, name: str, title: str, widget: QWidget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)              # saveState needs names
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    def set_check_widget(self, widget: QWidget) -> None:
        """Put a widget showing check results into the 审核结果 dock."""
        old = self.check_dock.widget()
        self.check_dock.setWidget(widget)
        if old is not None:
            old.deleteLater()

    def install_check_dock(self, dock: QDockWidget) -> None:
        """Replace the placeholder 审核结果 dock by the checks' own dock and wire it up.

        The dock is duck-typed (perfdesk.gui.check_dock.CheckDock has all of these):
        set_workbook(workbook | None) when a workbook is opened, closed or gets forms added or
        removed; form_changed(form_id) after every edit of a form; its place_activated(form_id,
        place) signal selects the cell here."""
        old = self.check_dock
        area = self.dockWidgetArea(old) if not old.isFloating() else Qt.DockWidgetArea.RightDockWidgetArea
        dock.setObjectName("checkDock")          # the saved window layout keeps applying
        self.addDockWidget(area, dock)
        self.splitDockWidget(old, dock, Qt.Orientation.Vertical)
        self.removeDockWidget(old)
        old.deleteLater()
        self.check_dock = dock
        self.docks = tuple(dock if d is old else d for d in self.docks)
        self.view_menu.removeAction(old.toggleViewAction())
        self.view_menu.addAction(dock.toggleViewAction())
        workbook = lambda: self.document.workbook if self.document is not None else None
        self.documentChanged.connect(lambda _doc: dock.set_workbook(workbook()))
        self.formContentChanged.connect(dock.form_changed)
        self.formsListChanged.connect(lambda: dock.set_workbook(workbook()))
        dock.place_activated.connect(self.select_cell)
        form_activated = getattr(dock, "form_activated", None)
        if form_activated is not None:
            form_activated.connect(lambda form_id: self.show_form(form_id))
        findings_changed = getattr(dock, "findings_changed", None)
        if findings_changed is not None and hasattr(dock, "findings"):
            findings_changed.connect(lambda form_id: self._findings_changed(dock, form_id))
        dock.setVisible(self.document is not None)
        dock.set_workbook(workbook())

    def _findings_changed(self, dock, form_id: str) -> None:
        """The check dock has new findings: the editors mark those cells."""
        doc = self.document
        if doc is None or dock is not self.check_dock:
            return
        ids = [form_id] if form_id else [f.id for f in doc.workbook.forms]
        for fid in ids:
            doc.set_findings(fid, dock.findings(fid))

    # ---------------------------------------------------------------------------- actions
    def _build_actions(self) -> None:
        def act(text, slot, shortcut=None, tip=""):
            a = QAction(text, self)
            if shortcut is not None:
                a.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
            if tip:
                a.setStatusTip(tip)
            a.triggered.connect(slot)
            return a

        self.act_new = act("新建(&N)…", self.new_workbook, QKeySequence.StandardKey.New, "新建工作簿")
        self.act_open = act("打开(&O)…", self.open_dialog, QKeySequence.StandardKey.Open, "打开工作簿文件")
        self.act_save = act("保存(&S)", self.save, QKeySequence.StandardKey.Save, "保存工作簿")
        self.act_save_as = act("另存为(&A)…", self.save_as, QKeySequence("Ctrl+Shift+S"), "保存到另一个文件")
        self.act_print = act("打印(&P)…", self.request_print, QKeySequence.StandardKey.Print,
                             "打印表单：当前表、选定的表或整个工作簿")
        self.act_close = act("关闭工作簿(&C)", self.close_document, QKeySequence.StandardKey.Close, "关闭工作簿，回到开始页")
        self.act_quit = act("退出(&X)", self.close, QKeySequence("Ctrl+Q"))
        self.act_undo = self.undo_group.createUndoAction(self, "撤销")
        self.act_undo.setShortcuts([QKeySequence.StandardKey.Undo])
        self.act_redo = self.undo_group.createRedoAction(self, "重做")
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        # commit a cell being edited first, so Ctrl+Z takes back what was just typed
        self.act_undo.triggered.disconnect()
        self.act_undo.triggered.connect(self.undo)
        self.act_redo.triggered.disconnect()
        self.act_redo.triggered.connect(self.redo)
        self.act_find = act("查找(&F)…", self.open_find, QKeySequence.StandardKey.Find, "在整个工作簿中查找")
        self.act_find_next = act("查找下一处", lambda: self.find_bar.next(), QKeySequence.StandardKey.FindNext)
        self.act_add_form = act("添加表单(&T)…", self.add_form, None, "添加一张表（如新的项目表）")
        self.act_remove_form = act("删除当前表单", self.remove_form, None, "删除当前表单（可撤销）")
        self.act_workbook_info = act("工作簿信息", lambda: self.show_form(""), None)
        self.act_forms_manager = act("表样管理(&M)…", self.manage_forms, None,
                                     "查看程序读取的表样定义、评分方案和指标库文件及其来源；从文件添加")

        file_menu = self.menuBar().addMenu("文件(&F)")
        for a in (self.act_new, self.act_open):
            file_menu.addAction(a)
        self.recent_menu = file_menu.addMenu("最近打开(&R)")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        for a in (self.act_save, self.act_save_as):
            file_menu.addAction(a)
        # printing, Excel, derivation and next year live in their own modules
        self.print_actions = PrintActions(self)
        self.excel_actions = ExcelActions(self)
        self.derive_actions = DeriveActions(self)
        self.next_year_actions = NextYearActions(self)
        self.normalise_actions = NormaliseActions(self)
        self.definition_updates = DefinitionUpdates(self)    # a workbook's forms vs the installed ones
        file_menu.addSeparator()
        for a in self.excel_actions.actions + (self.print_actions.act_export_pdf,):
            file_menu.addAction(a)
        file_menu.addSeparator()
        file_menu.addAction(self.print_actions.act_preview)
        file_menu.addAction(self.act_print)
        file_menu.addSeparator()
        file_menu.addAction(self.next_year_actions.act_next_year)
        file_menu.addSeparator()
        file_menu.addAction(self.act_forms_manager)
        file_menu.addSeparator()
        file_menu.addAction(self.act_close)
        file_menu.addAction(self.act_quit)
        edit_menu = self.menuBar().addMenu("编辑(&E)")
        for a in (self.act_undo, self.act_redo):
            edit_menu.addAction(a)
        edit_menu.addSeparator()
        edit_menu.addAction(self.act_find)
        edit_menu.addAction(self.act_find_next)
        form_menu = self.menuBar().addMenu("表单(&T)")
        for a in (self.act_workbook_info, self.act_add_form, self.act_remove_form):
            form_menu.addAction(a)
        form_menu.addSeparator()
        for a in self.derive_actions.actions:
            form_menu.addAction(a)
        form_menu.aboutToShow.connect(lambda: self.derive_actions.update_actions(now=True))
        form_menu.addSeparator()
        for a in self.normalise_actions.actions:
            form_menu.addAction(a)
        form_menu.addSeparator()
        for a in (self.print_actions.act_preview_form, self.print_actions.act_print_form):
            form_menu.addAction(a)
        navigator_menu.install(self)
        view_menu = self.menuBar().addMenu("视图(&V)")
        self.view_menu = view_menu
        for dock in (self.nav_dock, self.completeness_dock, self.library_dock, self.check_dock, self.history_dock):
            view_menu.addAction(dock.toggleViewAction())

        toolbar = self.addToolBar("常用")
        toolbar.setObjectName("mainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for a in (self.act_new, self.act_open, self.act_save, None, self.act_undo, self.act_redo, None,
                  self.act_find, self.print_actions.act_preview, self.act_print):
            if a is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(a)
        self.main_toolbar = toolbar

    # --------------------------------------------------------------------------- settings
    def _restore_settings(self) -> None:
        s = settings.settings()
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            screen = QApplication.primaryScreen().availableGeometry() if QApplication.primaryScreen() else None
            width, height = 1280, 800
            if screen is not None:
                # small screens (1366 × 768 is common in offices) get all of it
                width = screen.width() if screen.width() <= 1440 else width
                height = screen.height() if screen.height() <= 900 else height
            self.resize(width, height)
        state = s.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
            self._default_dock_sizes = False
            self._docks_shown = {d.objectName(): not d.isHidden() for d in self.docks}

    def _save_settings(self) -> None:
        s = settings.settings()
        s.setValue("window/geometry", self.saveGeometry())
        if self.document is not None:     # the docks as the user arranged them around a workbook
            s.setValue("window/state", self.saveState())
        s.sync()

    # --------------------------------------------------------------------------- document
    @property
    def start_page(self) -> StartPage:
        if self._start_page is None:
            from .start_page import StartPage

            page = StartPage()
            page.newRequested.connect(self.new_workbook)
            page.openRequested.connect(self.open_dialog)
            page.recentChosen.connect(self.open_path)
            page.sampleChosen.connect(self.open_sample)
            page.recoveryChosen.connect(self.open_path)
            self.central.addWidget(page)
            self._start_page = page
        return self._start_page

    def show_start_page(self) -> None:
        """The start page, when no workbook is open."""
        if self.document is None:
            self._show_start()

    def _show_start(self) -> None:
        self.start_page.mark_stale()
        self.central.setCurrentWidget(self.start_page)
        self._no_document_state()

    def _no_document_state(self) -> None:
        for dock in self.docks:      # nothing to show around the start page
            dock.hide()
        for a in (self.act_save, self.act_save_as, self.act_print, self.act_close, self.act_find,
                  self.act_find_next, self.act_add_form, self.act_remove_form, self.act_workbook_info):
            a.setEnabled(False)
        self._update_title()

    # ----------------------------------------------------------------- indicator library
    def _ensure_library(self) -> None:
        if self.user_library is None:
            from ..store.user_library import UserLibrary

            self.user_library = UserLibrary(settings.data_dir())
            self._reload_library()

    def _reload_library(self) -> None:
        from ..definitions.library import LibraryFileError, default_library
        from ..domain.library import Library

        problem = ""
        try:
            shipped = default_library()
        except LibraryFileError as exc:
            shipped, problem = Library(), str(exc)
        self.library_panel.set_library(shipped + self.user_library.entries(), problem or self.user_library.problem)

    def _library_follow_form(self, form_id: str) -> None:
        form = self.document.workbook.form(form_id) if self.document is not None and form_id else None
        self.library_panel.set_definition(form.definition if form is not None else None)

    def insert_library_entries(self, entries) -> bool:
        """Insert library entries into the current form, each under its own level-1/level-2."""
        self._ensure_library()
        form_id = self.current_form_id()
        editor = self.editors.get(form_id) if form_id else None
        if editor is None or editor.panel is None:
            self.statusBar().showMessage("请先打开一张有绩效指标表的表单，再插入指标", 6000)
            return False
        return editor.panel.insert_entries(list(entries))

    def add_to_user_library(self, form_id: str, path) -> bool:
        """Keep a level-3 row of a form in the user's own library (found again after a restart)."""
        from ..store.user_library import UserLibraryError

        self._ensure_library()
        form = self.document.workbook.form(form_id)
        node = edits.node_at(form, tuple(path))
        level1 = form.indicators[path[0]].name
        level2 = form.indicators[path[0]].children[path[1]].name
        try:
            entry = self.user_library.add_indicator(node, level1, level2, form.definition, self.document.workbook.year)
        except UserLibraryError as exc:
            dialogs.show_error(self, "不能加入指标库", str(exc))
            return False
        self._reload_library()
        self.statusBar().showMessage(f"已加入个人指标库：{entry.category} › {entry.name}", 6000)
        return True

    def _remove_user_entry(self, entry) -> None:
        from ..store.user_library import UserLibraryError

        if not dialogs.confirm(self, "删除指标", f"从个人指标库删除“{entry.name}”？"):
            return
        try:
            self.user_library.remove(entry)
        except UserLibraryError as exc:
            dialogs.show_error(self, "不能删除", str(exc))
            return
        self._reload_library()

    def set_document(self, document: Document) -> None:
        """Show a document (the previous one must be closed already)."""
        self.document = document
        document.setParent(self)
        self.undo_group.addStack(document.undo_stack)
        self.undo_group.setActiveStack(document.undo_stack)
        document.modifiedChanged.connect(lambda _m: self._update_title())
        document.pathChanged.connect(self._update_title)
        document.formsChanged.connect(self._forms_changed)
        document.formChanged.connect(self.formContentChanged)
        document.formListChanged.connect(self.formsListChanged)
        document.revealRequested.connect(self._reveal)
        document.autosaveFailed.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.nav_model = NavigatorModel(document, self)
        self.nav_filter.setSourceModel(self.nav_model)
        self.nav_view.expandToDepth(1)
        self.nav_model.modelReset.connect(self._navigator_reset)
        self.completeness_model = CompletenessModel(document, self)
        self.completeness_view.setModel(self.completeness_model)
        header = self.completeness_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, self.fontMetrics().horizontalAdvance("100%") + 60)
        # a fixed width: sizing to contents would compute every form's completeness on open
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(2, self.fontMetrics().horizontalAdvance("缺项 999 项") + 16)
        self.missing_model = MissingModel(self.completeness_model, self)
        self.missing_view.setModel(self.missing_model)
        self.completeness_view.selectionModel().currentRowChanged.connect(self._completeness_row)
        self.central.setCurrentWidget(self.workspace)
        for dock in self.docks:
            dock.setVisible(self._docks_shown.get(dock.objectName(), True))
        if self._default_dock_sizes:
            # first run: sizes in characters of the font, so they scale with the screen's DPI
            self._default_dock_sizes = False
            char = self.fontMetrics().horizontalAdvance("汉")
            # on small screens (1366 × 768, or 125–150 % scaling) the editor keeps most of the width
            width = self.width()
            self.resizeDocks([self.nav_dock, self.completeness_dock],
                             [min(20 * char, width * 17 // 100), min(28 * char, width * 22 // 100)],
                             Qt.Orientation.Horizontal)
            self.resizeDocks([self.check_dock], [max(9 * self.fontMetrics().height(), self.height() // 5)],
                             Qt.Orientation.Vertical)
        for a in (self.act_save, self.act_save_as, self.act_print, self.act_close, self.act_find,
                  self.act_find_next, self.act_add_form, self.act_remove_form, self.act_workbook_info):
            a.setEnabled(True)
        self._update_title()
        self.documentChanged.emit(document)
        if document.workbook.forms:
            self.show_form(document.workbook.forms[0].id)
        else:
            self.show_form("")
        # editors of the next forms are built ahead once the window has painted
        after_first_paint(self, lambda d=document: self._prebuild(d))

    def _prebuild(self, document) -> None:
        """Build the first forms' editors one per idle moment, so a first visit is as quick as a
        return visit (about 25 ms each for the largest sample: never a noticeable pause). A
        bureau's 200 project forms are built when visited, and the least recently used editors
        are let go, so memory stays flat however large the workbook."""
        if document is not self.document:
            return
        load_now(edits)          # in an idle moment, so that the first keystroke does not wait for it
        wanted = [f.id for f in document.workbook.forms[:PREBUILT_EDITORS]]
        missing = [form_id for form_id in wanted if form_id not in self.editors]
        if missing:
            self.editor(missing[0], keep_current=True)
            QTimer.singleShot(0, lambda: self._prebuild(document))

    def close_document(self) -> bool:
        """Close the open workbook, asking about unsaved work; False when the user cancels."""
        doc = self.document
        if doc is None:
            return True
        self.finish_editing()
        if doc.modified:
            answer = dialogs.ask_save_changes(self, doc.display_name)
            if answer == "cancel":
                return False
            if answer == "save" and not self.save():
                return False
        if self._find_bar is not None:
            self._find_bar.hide()
        self._docks_shown = {d.objectName(): d.isVisible() for d in self.docks}
        settings.settings().setValue("window/state", self.saveState())
        self.undo_group.removeStack(doc.undo_stack)
        for editor in self.editors.values():
            self.editor_stack.removeWidget(editor)
            editor.deleteLater()
        self.editors.clear()
        if self._workbook_page is not None:
            self.editor_stack.removeWidget(self._workbook_page)
            self._workbook_page.deleteLater()
            self._workbook_page = None
        self.nav_filter.setSourceModel(None)
        self.completeness_view.setModel(None)
        self.missing_view.setModel(None)
        self.document = None
        doc.close()
        doc.deleteLater()
        settings.session_closed()
        self.documentChanged.emit(None)
        self.statusBar().clearMessage()      # what it said was about the workbook just closed
        self._show_start()
        return True

    def open_dialog(self) -> bool:
        start = str(self.document.path.parent) if self.document and self.document.path else ""
        path = dialogs.ask_open_path(self, start)
        return self.open_path(path) if path else False

    def open_path(self, path: str) -> bool:
        path = str(path)
        if self.document is not None and self.document.path and \
                Path(path).resolve() == self.document.path.resolve():
            return True
        if not os.path.isfile(path):
            dialogs.show_error(self, "无法打开工作簿", f"文件不存在：{path}\n它可能已被移动、改名或删除。")
            self.start_page.refresh()
            return False
        if not self.close_document():
            return False
        read_only = False
        try:
            with Progress(self, f"正在打开 {Path(path).name}…", 3) as progress:
                progress.step("读取文件")
                try:
                    document = Document.open(path)
                except WorkbookLockedError as exc:
                    if not dialogs.confirm(self, "工作簿正在使用", f"{exc}。\n\n是否以只读方式打开？"
                                           "（只读时修改只能“另存为”新文件）"):
                        return False
                    document = Document.open(path, read_only=True)
                    read_only = True
                try:
                    progress.step("准备目录")
                    self.set_document(document)
                    progress.step("显示表单")
                except Cancelled:
                    self.document = document
                    self.close_document()
                    raise
        except Cancelled:
            self.statusBar().showMessage("已取消打开", 5000)
            return False
        except WorkbookFileError as exc:
            dialogs.show_error(self, "无法打开工作簿", str(exc))
            return False
        settings.remember(path, self.document.workbook.unit, self.document.workbook.year)
        if not read_only:
            settings.session_opened(path)
        self.statusBar().showMessage(f"已以只读方式打开 {path}" if read_only else f"已打开 {path}", 8000)
        recovered = self.document.recovery_text()
        if recovered:
            self.statusBar().showMessage(recovered, 15000)
            dialogs.show_info(self, "已恢复未保存的修改", recovered)
        return True

    def open_sample(self, name: str) -> bool:
        if not self.close_document():
            return False
        self.set_document(Document.sample(name))
        self.statusBar().showMessage("示例工作簿：修改后请“另存为”保存到自己的文件", 8000)
        return True

    def new_workbook(self) -> bool:
        from .new_workbook_dialog import NewWorkbookDialog     # only when asked for

        dialog = NewWorkbookDialog(self)
        try:
            if not dialogs.run_dialog(dialog):
                return False
            workbook = dialog.workbook()
        finally:
            dialog.deleteLater()
        if not self.close_document():
            return False
        self.set_document(Document.untitled(workbook))
        return True

    def save(self) -> bool:
        doc = self.document
        if doc is None:
            return False
        self.finish_editing()
        if doc.path is None or doc.read_only:
            return self.save_as()
        try:
            doc.save()
        except WorkbookFileError as exc:
            dialogs.show_error(self, "保存失败", str(exc))
            return False
        settings.remember(doc.path, doc.workbook.unit, doc.workbook.year)
        self.statusBar().showMessage(f"已保存 {doc.path}", 5000)
        return True

    def save_as(self) -> bool:
        doc = self.document
        if doc is None:
            return False
        self.finish_editing()
        suggested = str(doc.path) if doc.path else f"{doc.workbook.unit}{doc.workbook.year}年度绩效{SUFFIX}"
        path = dialogs.ask_save_path(self, suggested)
        if not path:
            return False
        try:
            doc.save_as(path)
        except WorkbookFileError as exc:
            dialogs.show_error(self, "保存失败", str(exc))
            return False
        settings.remember(doc.path, doc.workbook.unit, doc.workbook.year)
        settings.session_opened(doc.path)
        self.statusBar().showMessage(f"已保存到 {doc.path}", 5000)
        return True

    def _update_title(self) -> None:
        doc = self.document
        if doc is None:
            self.setWindowTitle(APP_TITLE)
            self.setWindowModified(False)
            return
        wb = doc.workbook
        read_only = "（只读）" if doc.read_only else ""
        self.setWindowTitle(f"{doc.display_name}[*]{read_only} — {wb.unit} {wb.year}年度 — {APP_TITLE}")
        self.setWindowModified(doc.modified)
        self.setWindowFilePath(str(doc.path) if doc.path else "")

    # ------------------------------------------------------------------------- navigation
    def current_form_id(self) -> str:
        widget = self.editor_stack.currentWidget()
        return widget.form_id if isinstance(widget, FormEditor) else ""

    def editor(self, form_id: str, keep_current: bool = False) -> FormEditor:
        """The editor of a form, built on first use and kept while recently used (switching
        back is instant); keep_current: a background build that must not count as a visit."""
        editor = self.editors.pop(form_id, None)
        if editor is None:
            editor = FormEditor(self.document, form_id)
            editor.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
            editor.libraryAddRequested.connect(self.add_to_user_library)
            self.editor_stack.addWidget(editor)
        if keep_current:
            # oldest first: a prebuilt editor is the first to go
            self.editors = {form_id: editor, **self.editors}
        else:
            self.editors[form_id] = editor       # most recently used last
        self._let_go_of_editors()
        return editor

    def _let_go_of_editors(self) -> None:
        current = self.editor_stack.currentWidget()
        for form_id in list(self.editors)[:max(0, len(self.editors) - MAX_EDITORS)]:
            editor = self.editors[form_id]
            if editor is current or editor.isAncestorOf(QApplication.focusWidget()):
                continue
            del self.editors[form_id]
            self.editor_stack.removeWidget(editor)
            editor.deleteLater()

    def show_form(self, form_id: str, anchor: str = "", focus: bool = True) -> QWidget | None:
        """Show a form ("" for the workbook page), optionally at one of its parts."""
        if self.document is None:
            return None
        if form_id and not any(f.id == form_id for f in self.document.workbook.forms):
            return None
        self.finish_editing()
        if not form_id:
            self.editor_stack.setCurrentWidget(self.workbook_page)
            if focus:
                self.workbook_page.first_focus()
            widget = self.workbook_page
        else:
            first_visit = form_id not in self.editors
            editor = self.editor(form_id)
            self.editor_stack.setCurrentWidget(editor)
            if anchor:
                editor.reveal_anchor(anchor)
            elif focus and first_visit:
                editor.first_focus()
            widget = editor
        self._sync_navigator(form_id, anchor)
        self._sync_completeness(form_id)
        self._library_follow_form(form_id)
        self.act_remove_form.setEnabled(bool(form_id))
        self.formShown.emit(form_id)
        return widget

    def select_cell(self, form_id: str | None, place, select_text=None) -> bool:
        """Select a place of a form: a field, a section (and text in it), a funds or list cell,
        an indicator cell. form_id None (or a WorkbookPlace) means the workbook page."""
        if self.document is None:
            return False
        if form_id is None or isinstance(place, WorkbookPlace):
            self.show_form("", focus=False)
            widget = self.workbook_page.widgets.get(getattr(place, "key", ""))
            if widget is not None:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
            elif getattr(place, "key", "") == "year":
                self.workbook_page.year.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        editor = self.show_form(form_id, focus=False)
        if editor is None:
            return False
        return editor.reveal(place, select_text) if place is not None else True

    def _reveal(self, form_id, place) -> None:
        QTimer.singleShot(0, lambda: self.select_cell(form_id, place) if self.document else None)

    def _sync_navigator(self, form_id: str, anchor: str) -> None:
        if self.document is None:
            return
        source = self.nav_model.form_index(form_id, anchor) if form_id else self.nav_model.index(0, 0)
        index = self.nav_filter.mapFromSource(source)
        form_index = self.nav_filter.mapFromSource(self.nav_model.form_index(form_id)) if form_id else QModelIndex()
        if form_index.isValid():
            self.nav_view.expand(form_index)     # the current form shows its parts
        if index.isValid() and index != self.nav_view.currentIndex():
            self.nav_view.selectionModel().blockSignals(True)
            self.nav_view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.nav_view.selectionModel().blockSignals(False)
            viewport_of(self.nav_view).update()
            self.nav_view.scrollTo(index)

    def _sync_completeness(self, form_id: str) -> None:
        ids = [f.id for f in self.document.workbook.forms]
        if form_id in ids:
            row = ids.index(form_id)
            if self.completeness_view.currentIndex().row() != row:
                self.completeness_view.selectRow(row)
        self.missing_model.show_form(form_id)
        form = self.document.workbook.form(form_id) if form_id in ids else None
        self.missing_label.setText(f"“{form.title}”尚缺：" if form else "尚缺：")

    def _navigator_reset(self) -> None:
        """Forms were added or removed: the tree is new; show it as on opening."""
        self.nav_view.expandToDepth(1)
        self._sync_navigator(self.current_form_id(), "")

    def _nav_current_changed(self, current: QModelIndex, _previous) -> None:
        if not current.isValid():
            return
        form_id = current.data(FORM_ROLE) or ""
        kind = current.data(Qt.ItemDataRole.UserRole)
        if kind == "group":
            return
        self.show_form(form_id, current.data(ANCHOR_ROLE) or "", focus=False)

    def _nav_activated(self, index: QModelIndex) -> None:
        # Enter or double click: go into the form to type
        form_id = index.data(FORM_ROLE) or ""
        anchor = index.data(ANCHOR_ROLE) or ""
        widget = self.show_form(form_id, anchor, focus=False)
        if isinstance(widget, FormEditor):
            widget.reveal_anchor(anchor) if anchor else widget.first_focus()
        elif widget is not None:
            widget.first_focus()

    def _filter_navigator(self, text: str) -> None:
        self.nav_filter.setFilterFixedString(text.strip())
        if text.strip():
            self.nav_view.expandAll()      # show where the matches are
        else:
            self.nav_view.collapseAll()
            self.nav_view.expandToDepth(1)
            self._sync_navigator(self.current_form_id(), "")

    def _completeness_row(self, current: QModelIndex, _previous) -> None:
        if current.isValid():
            form_id = current.data(FORM_ROLE)
            if form_id != self.current_form_id():
                self.show_form(form_id, focus=False)

    def _missing_activated(self, index: QModelIndex) -> None:
        self.select_cell(index.data(FORM_ROLE), index.data(PLACE_ROLE))

    def _forms_changed(self) -> None:
        """Forms added or removed (or renamed): drop editors of forms that are gone."""
        wb = self.document.workbook
        alive = {id(f): f.id for f in wb.forms}
        for form_id, editor in list(self.editors.items()):
            if id(editor.form) not in alive or alive[id(editor.form)] != form_id:
                if self.editor_stack.currentWidget() is editor:
                    self.editor_stack.setCurrentWidget(self.workbook_page)
                self.editor_stack.removeWidget(editor)
                editor.deleteLater()
                del self.editors[form_id]
        self._update_title()

    # ---------------------------------------------------------------------------- editing
    def finish_editing(self) -> None:
        """Commit a table cell being edited (before saving, undoing, switching forms)."""
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

    def undo(self) -> None:
        self.finish_editing()
        if self.document is not None:
            self.document.undo_stack.undo()

    def redo(self) -> None:
        self.finish_editing()
        if self.document is not None:
            self.document.undo_stack.redo()

    def open_find(self) -> None:
        if self.document is not None:
            self.find_bar.open()

    def request_print(self) -> None:
        if self.document is None:
            return
        self.finish_editing()
        self.printRequested.emit(self.current_form_id())
        self.print_actions.print_()

    def manage_forms(self) -> None:
        """表样管理: what the program reads, where from; add a definition from a file."""
        from .forms_manager import FormsManagerDialog     # only when asked for

        doc = self.document
        dialog = FormsManagerDialog(doc.workbook if doc is not None else None,
                                    doc.display_name if doc is not None else "", self)
        try:
            dialogs.run_dialog(dialog)
            added = list(dialog.added)
        finally:
            dialog.deleteLater()
        if added:
            self.statusBar().showMessage(f"已添加：{'、'.join(added)}（“添加表单”中可选用）", 8000)

    def add_form(self) -> None:
        if self.document is None:
            return
        definitions = list(default_registry())
        choice = dialogs.ask_item(self, "添加表单", "表样：", [d.name for d in definitions])
        if choice is None:
            return
        wb = self.document.workbook
        form = new_form(definitions[choice], wb)
        self.document.push(edits.InsertForm(len(wb.forms), form), f"添加表单 {definitions[choice].name}")
        self.show_form(form.id)

    def remove_form(self) -> None:
        form_id = self.current_form_id()
        if not form_id:
            return
        wb = self.document.workbook
        form = wb.form(form_id)
        if not dialogs.confirm(self, "删除表单", f"删除“{form.title}”？\n删除后可用“撤销”恢复。"):
            return
        index = next(i for i, f in enumerate(wb.forms) if f.id == form_id)
        self.document.push(edits.RemoveForm(index, form_id), f"删除表单 {form.title}")
        remaining = wb.forms
        self.show_form(remaining[min(index, len(remaining) - 1)].id if remaining else "")

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        entries = settings.recent_entries()
        if not entries:
            self.recent_menu.addAction("（无）").setEnabled(False)
        for e in entries:
            text = f"{e.unit or '（未填单位）'} {e.year or ''}年度　{os.path.basename(e.path)}"
            action = self.recent_menu.addAction(text + ("（文件已不存在）" if not e.exists else ""))
            action.setToolTip(e.path)
            action.triggered.connect(lambda _checked=False, p=e.path: self.open_path(p))

    # ------------------------------------------------------------------ window and files
    def dragEnterEvent(self, event):
        if self._dropped_path(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event):
        path = self._dropped_path(event.mimeData())
        if path:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.open_path(path))   # not inside the drop itself

    @staticmethod
    def _dropped_path(data) -> str | None:
        if not data.hasUrls():
            return None
        for url in data.urls():
            if url.isLocalFile() and url.toLocalFile().lower().endswith(SUFFIX):
                return url.toLocalFile()
        return None

    def closeEvent(self, event):
        if not self.close_document():
            event.ignore()
            return
        self._save_settings()
        event.accept()
