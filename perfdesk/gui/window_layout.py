"""The main window's docks (目录, 完成度, 审核结果, 指标库, 操作历史) and its layout: building them,
putting the check dock in place, and the geometry and dock arrangement kept in the settings."""
from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QSplitter,
    QTableView,
    QTreeView,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from . import settings
from .completeness_model import CompletenessModel, MissingModel, ProgressDelegate
from .library_panel import LibraryPanel
from .navigator_model import NavigatorFilter, NavigatorModel


def build_docks(window) -> None:
    # navigator
    window.nav_search = QLineEdit()
    window.nav_search.setObjectName("navSearch")
    window.nav_search.setPlaceholderText("按名称或编码筛选")
    window.nav_search.setClearButtonEnabled(True)
    window.nav_filter = NavigatorFilter(window)
    window.nav_view = QTreeView()
    window.nav_view.setObjectName("navigator")
    window.nav_view.setHeaderHidden(True)
    window.nav_view.setModel(window.nav_filter)
    window.nav_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    window.nav_view.setUniformRowHeights(True)
    window.nav_view.setTextElideMode(Qt.TextElideMode.ElideRight)
    window.nav_view.selectionModel().currentChanged.connect(window.navigator_sync.current_changed)
    window.nav_view.activated.connect(window.navigator_sync.activated)
    window.nav_search.textChanged.connect(window.navigator_sync.filter)
    nav = QWidget()
    nl = QVBoxLayout(nav)
    nl.setContentsMargins(4, 4, 4, 4)
    nl.addWidget(window.nav_search)
    nl.addWidget(window.nav_view, 1)
    window.nav_dock = new_dock(window, "navDock", "目录", nav, Qt.DockWidgetArea.LeftDockWidgetArea)

    # completeness
    window.completeness_view = QTableView()
    window.completeness_view.setObjectName("completeness")
    window.completeness_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    window.completeness_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    window.completeness_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    window.completeness_view.verticalHeader().setVisible(False)
    window.completeness_view.setShowGrid(False)
    window.completeness_view.setWordWrap(False)
    window.completeness_view.setItemDelegateForColumn(1, ProgressDelegate(window.completeness_view))
    window.missing_view = QListView()
    window.missing_view.setObjectName("missing")
    window.missing_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    window.missing_view.setWordWrap(True)
    window.missing_view.activated.connect(window.navigator_sync.missing_activated)
    window.missing_view.clicked.connect(window.navigator_sync.missing_activated)
    splitter = QSplitter(Qt.Orientation.Vertical)
    splitter.addWidget(window.completeness_view)
    box = QWidget()
    bl = QVBoxLayout(box)
    bl.setContentsMargins(0, 2, 0, 0)
    window.missing_label = QLabel("尚缺：")
    bl.addWidget(window.missing_label)
    bl.addWidget(window.missing_view, 1)
    splitter.addWidget(box)
    window.completeness_dock = new_dock(window, "completenessDock", "完成度", splitter, Qt.DockWidgetArea.RightDockWidgetArea)

    # check results: built by the checks module, which calls set_check_widget
    placeholder = QLabel("审核结果将显示在这里。")
    placeholder.setObjectName("checkPlaceholder")
    placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
    placeholder.setStyleSheet("color: #5f6b7a;")
    # findings are long sentences: below the editor, where the window is widest
    window.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
    window.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
    window.check_dock = new_dock(window, "checkDock", "审核结果", placeholder, Qt.DockWidgetArea.BottomDockWidgetArea)

    # the indicator library, tabbed with completeness (loaded when a workbook is first opened)
    window.library_panel = LibraryPanel(window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, window.library_panel)
    window.library_dock = window.library_panel
    # (library_actions loads its entries when the dock is first shown)

    # a hidden tab: its QUndoView is made when the tab is first shown (see history_view)
    window._history_view = None
    window.history_dock = new_dock(window, "historyDock", "操作历史", QWidget(), Qt.DockWidgetArea.RightDockWidgetArea)
    window.history_dock.visibilityChanged.connect(lambda shown: shown and window.history_view)
    window.tabifyDockWidget(window.completeness_dock, window.library_dock)
    window.tabifyDockWidget(window.library_dock, window.history_dock)
    window.completeness_dock.raise_()
    window._default_dock_sizes = True      # until a saved layout says otherwise
    window.docks = (window.nav_dock, window.completeness_dock, window.library_dock, window.check_dock, window.history_dock)
    window._docks_shown = {d.objectName(): True for d in window.docks}


# Readable minimum widths, in characters of the font (so they scale with the DPI): 目录 keeps a
# unit's name and the filter's placeholder legible; the right-hand tabs keep 完成度's three
# columns, 指标库's search box and the 操作历史 tab label; 审核 its sentences' beginnings.
MIN_CHARS = {"navDock": 12, "completenessDock": 17, "libraryDock": 17, "historyDock": 17, "checkDock": 30}
MIN_CHECK_LINES = 6          # the 审核 dock's summary line, header and a few findings


def minimum_width(window, dock: QDockWidget) -> int:
    return MIN_CHARS.get(dock.objectName(), 12) * window.fontMetrics().horizontalAdvance("汉")


def apply_minimums(window) -> None:
    for dock in window.docks:
        dock.setMinimumWidth(minimum_width(window, dock))
    window.check_dock.setMinimumHeight(MIN_CHECK_LINES * window.fontMetrics().height())


def new_dock(window, name: str, title: str, widget: QWidget, area) -> QDockWidget:
    dock = QDockWidget(title, window)
    dock.setObjectName(name)              # saveState needs names
    dock.setWidget(widget)
    dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                     | QDockWidget.DockWidgetFeature.DockWidgetClosable
                     | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
    window.addDockWidget(area, dock)
    return dock


def set_check_widget(window, widget: QWidget) -> None:
    """Put a widget showing check results into the 审核结果 dock."""
    old = window.check_dock.widget()
    window.check_dock.setWidget(widget)
    if old is not None:
        old.deleteLater()


def install_check_dock(window, dock: QDockWidget) -> None:
    """Replace the placeholder 审核结果 dock by the checks' own dock and wire it up.

    The dock is duck-typed (perfdesk.gui.check_dock.CheckDock has all of these):
    set_workbook(workbook | None) when a workbook is opened, closed or gets forms added or
    removed; form_changed(form_id) after every edit of a form; its place_activated(form_id,
    place) signal selects the cell here."""
    old = window.check_dock
    area = window.dockWidgetArea(old) if not old.isFloating() else Qt.DockWidgetArea.RightDockWidgetArea
    dock.setObjectName("checkDock")          # the saved window layout keeps applying
    window.addDockWidget(area, dock)
    window.splitDockWidget(old, dock, Qt.Orientation.Vertical)
    window.removeDockWidget(old)
    old.deleteLater()
    window.check_dock = dock
    window.docks = tuple(dock if d is old else d for d in window.docks)
    apply_minimums(window)
    # the arrangement 恢复默认布局 goes back to (sizes are set when a workbook is shown)
    window._default_state = window.saveState()
    actions = window.view_menu.actions()
    at = actions.index(old.toggleViewAction()) if old.toggleViewAction() in actions else len(actions)
    window.view_menu.insertAction(actions[at + 1] if at + 1 < len(actions) else None, dock.toggleViewAction())
    window.view_menu.removeAction(old.toggleViewAction())
    workbook = lambda: window.document.workbook if window.document is not None else None
    window.documentChanged.connect(lambda _doc: dock.set_workbook(workbook()))
    window.formContentChanged.connect(dock.form_changed)
    window.formsListChanged.connect(lambda: dock.set_workbook(workbook()))
    dock.place_activated.connect(window.select_cell)
    form_activated = getattr(dock, "form_activated", None)
    if form_activated is not None:
        form_activated.connect(lambda form_id: window.show_form(form_id))
    findings_changed = getattr(dock, "findings_changed", None)
    if findings_changed is not None and hasattr(dock, "findings"):
        findings_changed.connect(lambda form_id: mark_findings(window, dock, form_id))
    dock.setVisible(window.document is not None)
    dock.set_workbook(workbook())


def install_guides(window) -> None:
    """完成度 and 审核 folded into the status bar; the banner across a built-in sample."""
    from .sample_banner import SampleBanner
    from .status_summary import StatusSummary

    window.status_summary = StatusSummary(window)
    window.sample_banner = SampleBanner(window)
    window.workspace.layout().insertWidget(0, window.sample_banner)
    from .comments_dock import install as install_comments     # 审核意见 sent back by a 主管部门
    install_comments(window)


def mark_findings(window, dock, form_id: str) -> None:
    """The check dock has new findings: the editors mark those cells."""
    doc = window.document
    if doc is None or dock is not window.check_dock:
        return
    ids = [form_id] if form_id else [f.id for f in doc.workbook.forms]
    for fid in ids:
        doc.set_findings(fid, dock.findings(fid))


def _available():
    screen = QApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else None


def _screen_key() -> str:
    screen = _available()
    return f"{screen.width()}x{screen.height()}" if screen is not None else ""


def default_size(window) -> None:
    screen = _available()
    width, height = 1280, 800
    if screen is not None:
        # small screens (1366 × 768 is common in offices) get all of it
        width = screen.width() if screen.width() <= 1440 else width
        height = screen.height() if screen.height() <= 900 else height
    window.resize(width, height)


def saved_layout_fits(s) -> bool:
    """A layout saved on a larger screen (or at a smaller scaling) is not brought back: its docks
    would squeeze the form, or the window would reach past the screen."""
    saved = str(s.value("window/screen", "") or "")
    screen = _available()
    if not saved or screen is None:
        return True
    try:
        width, height = (int(x) for x in saved.split("x"))
    except ValueError:
        return False
    return width <= screen.width() and height <= screen.height()


def restore_settings(window) -> None:
    s = settings.settings()
    if not saved_layout_fits(s):
        for key in ("window/geometry", "window/state", "window/screen"):
            s.remove(key)
    geometry = s.value("window/geometry")
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        window.restoreGeometry(geometry)
        screen = _available()
        if screen is not None and (window.width() > screen.width() or window.height() > screen.height()):
            default_size(window)
    else:
        default_size(window)
    state = s.value("window/state")
    if isinstance(state, QByteArray) and not state.isEmpty():
        window.restoreState(state)
        window._default_dock_sizes = False
        window._docks_shown = {d.objectName(): not d.isHidden() for d in window.docks}


def save_settings(window) -> None:
    s = settings.settings()
    s.setValue("window/geometry", window.saveGeometry())
    s.setValue("window/screen", _screen_key())
    if window.document is not None:     # the docks as the user arranged them around a workbook
        s.setValue("window/state", window.saveState())
    s.sync()


def restore_default_layout(window) -> None:
    """视图 → 恢复默认布局: the docks where they start, at their first sizes, all of them shown
    (except what a narrow window leaves in the status bar); the saved arrangement is forgotten."""
    s = settings.settings()
    s.remove("window/state")
    s.sync()
    window.restoreState(window._default_state)
    for dock in window.docks:
        if dock.isFloating():
            dock.setFloating(False)
    window._docks_shown = {d.objectName(): True for d in window.docks}
    if window.document is not None:
        for dock in window.docks:
            dock.setVisible(True)
        window.completeness_dock.raise_()
        default_dock_sizes(window)
    else:
        window._default_dock_sizes = True


def default_dock_sizes(window) -> None:
    """Sizes in characters of the font, so they scale with the screen's DPI; on small screens
    (1366 × 768, or 125–150 % scaling) the form keeps at least 60 % of the width, and below
    that the right-hand tabs give way to their summary in the status bar."""
    window._default_dock_sizes = False
    char = window.fontMetrics().horizontalAdvance("汉")
    width = window.width()
    nav = max(minimum_width(window, window.nav_dock), min(16 * char, width * 15 // 100))
    right = max(minimum_width(window, window.completeness_dock), min(24 * char, width * 21 // 100))
    if width - nav - right < max(width * 62 // 100, 60 * char):
        # too narrow for both sides (1024 px, or 1366 px at 150 %): 完成度 and its tabs give way
        # to their summary in the status bar, which opens them again
        for dock in (window.completeness_dock, window.library_dock, window.history_dock):
            dock.hide()
            window._docks_shown[dock.objectName()] = False
        nav = max(minimum_width(window, window.nav_dock), min(16 * char, width * 18 // 100))
        window.resizeDocks([window.nav_dock], [nav], Qt.Orientation.Horizontal)
    else:
        window.resizeDocks([window.nav_dock, window.completeness_dock], [nav, right], Qt.Orientation.Horizontal)
    window.resizeDocks([window.check_dock], [max(MIN_CHECK_LINES * window.fontMetrics().height(),
                                                 window.height() // 5)], Qt.Orientation.Vertical)


def show_document(window, document) -> None:
    """The navigator and 完成度 on a newly opened document; the docks as the user left them (or,
    the first time, sized in characters of the font)."""
    window.nav_model = NavigatorModel(document, window)
    window.nav_filter.setSourceModel(window.nav_model)
    window.nav_view.expandToDepth(1)
    window.nav_model.modelReset.connect(window.navigator_sync.reset)
    window.completeness_model = CompletenessModel(document, window)
    window.completeness_view.setModel(window.completeness_model)
    header = window.completeness_view.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
    header.resizeSection(1, window.fontMetrics().horizontalAdvance("100%") + 60)
    # a fixed width: sizing to contents would compute every form's completeness on open
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
    header.resizeSection(2, window.fontMetrics().horizontalAdvance("缺项 999 项") + 16)
    window.missing_model = MissingModel(window.completeness_model, window)
    window.missing_view.setModel(window.missing_model)
    window.completeness_view.selectionModel().currentRowChanged.connect(window.navigator_sync.completeness_row)
    window.central.setCurrentWidget(window.workspace)
    for dock in window.docks:
        dock.setVisible(window._docks_shown.get(dock.objectName(), True))
    if window._default_dock_sizes:
        default_dock_sizes(window)


def history_view(window) -> QUndoView:
    """The 操作历史 tab's view, made when the tab is first shown."""
    view = QUndoView(window.undo_group)
    view.setEmptyLabel("（打开时的状态）")
    old = window.history_dock.widget()
    window.history_dock.setWidget(view)
    old.deleteLater()
    return view
