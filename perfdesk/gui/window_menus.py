"""The main window's actions, menus and toolbar. Printing, Excel, derivation, next year and
normalising bring their own actions (*_actions.py); files, forms and the library are
file_actions, form_actions and library_actions; this module only puts them in place."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from . import dialogs, navigator_menu, window_layout
from .definition_updates import DefinitionUpdates
from .derive_actions import DeriveActions
from .excel_actions import ExcelActions
from .next_year_actions import NextYearActions
from .normalise_actions import NormaliseActions
from .print_actions import PrintActions
from .summary.actions import SummaryActions


def build_actions(window) -> None:
    def act(text, slot, shortcut=None, tip=""):
        a = QAction(text, window)
        if shortcut is not None:
            a.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
        if tip:
            a.setStatusTip(tip)
        a.triggered.connect(slot)
        return a

    window.act_new = act("新建(&N)…", window.file_actions.new_workbook, QKeySequence.StandardKey.New, "新建工作簿")
    window.act_open = act("打开(&O)…", window.file_actions.open_dialog, QKeySequence.StandardKey.Open, "打开工作簿文件")
    window.act_save = act("保存(&S)", window.file_actions.save, QKeySequence.StandardKey.Save, "保存工作簿")
    window.act_save_as = act("另存为(&A)…", window.file_actions.save_as, QKeySequence("Ctrl+Shift+S"), "保存到另一个文件")
    window.act_print = act("打印(&P)…", window.request_print, QKeySequence.StandardKey.Print,
                         "打印表单：当前表、选定的表或整个工作簿")
    window.act_close = act("关闭工作簿(&C)", window.file_actions.close_document, QKeySequence.StandardKey.Close, "关闭工作簿，回到开始页")
    window.act_quit = act("退出(&X)", window.close, QKeySequence("Ctrl+Q"))
    window.act_undo = window.undo_group.createUndoAction(window, "撤销")
    window.act_undo.setShortcuts([QKeySequence.StandardKey.Undo])
    window.act_redo = window.undo_group.createRedoAction(window, "重做")
    window.act_redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
    # commit a cell being edited first, so Ctrl+Z takes back what was just typed
    window.act_undo.triggered.disconnect()
    window.act_undo.triggered.connect(window.undo)
    window.act_redo.triggered.disconnect()
    window.act_redo.triggered.connect(window.redo)
    window.act_find = act("查找(&F)…", window.open_find, QKeySequence.StandardKey.Find, "在整个工作簿中查找")
    window.act_find_next = act("查找下一处", lambda: window.find_bar.next(), QKeySequence.StandardKey.FindNext)
    window.act_add_form = act("添加表单(&T)…", window.form_actions.add_form, None, "添加一张表（如新的项目表）")
    window.act_remove_form = act("删除当前表单", window.form_actions.remove_form, None, "删除当前表单（可撤销）")
    window.act_workbook_info = act("工作簿信息", lambda: window.show_form(""), None)
    window.act_forms_manager = act("表样管理(&M)…", window.form_actions.manage_forms, None,
                                 "查看程序读取的表样定义、评分方案和指标库文件及其来源；从文件添加")

    file_menu = window.menuBar().addMenu("文件(&F)")
    for a in (window.act_new, window.act_open):
        file_menu.addAction(a)
    window.file_actions.recent_menu = file_menu.addMenu("最近打开(&R)")
    window.file_actions.recent_menu.aboutToShow.connect(window.file_actions.fill_recent_menu)
    file_menu.addSeparator()
    for a in (window.act_save, window.act_save_as):
        file_menu.addAction(a)
    window.act_snapshots = act("快照(&K)…", lambda: _show_snapshots(window), None,
                               "保存、查看、恢复工作簿的快照（如报送前保存“报送版”）")
    window.documentChanged.connect(lambda doc: window.act_snapshots.setEnabled(doc is not None and doc.file is not None))
    window.act_snapshots.setEnabled(False)
    file_menu.addAction(window.act_snapshots)
    # printing, Excel, derivation and next year live in their own modules
    window.print_actions = PrintActions(window)
    window.excel_actions = ExcelActions(window)
    window.derive_actions = DeriveActions(window)
    window.next_year_actions = NextYearActions(window)
    window.normalise_actions = NormaliseActions(window)
    window.definition_updates = DefinitionUpdates(window)    # a workbook's forms vs the installed ones
    file_menu.addSeparator()
    for a in window.excel_actions.actions + (window.print_actions.act_export_pdf,):
        file_menu.addAction(a)
    file_menu.addSeparator()
    file_menu.addAction(window.print_actions.act_preview)
    file_menu.addAction(window.act_print)
    file_menu.addSeparator()
    file_menu.addAction(window.next_year_actions.act_next_year)
    file_menu.addSeparator()
    file_menu.addAction(window.act_forms_manager)
    file_menu.addSeparator()
    file_menu.addAction(window.act_close)
    file_menu.addAction(window.act_quit)
    edit_menu = window.menuBar().addMenu("编辑(&E)")
    for a in (window.act_undo, window.act_redo):
        edit_menu.addAction(a)
    edit_menu.addSeparator()
    edit_menu.addAction(window.act_find)
    edit_menu.addAction(window.act_find_next)
    form_menu = window.menuBar().addMenu("表单(&T)")
    for a in (window.act_workbook_info, window.act_add_form, window.act_remove_form):
        form_menu.addAction(a)
    form_menu.addSeparator()
    for a in window.derive_actions.actions:
        form_menu.addAction(a)
    form_menu.aboutToShow.connect(lambda: window.derive_actions.update_actions(now=True))
    form_menu.addSeparator()
    for a in window.normalise_actions.actions:
        form_menu.addAction(a)
    form_menu.addSeparator()
    for a in (window.print_actions.act_preview_form, window.print_actions.act_print_form):
        form_menu.addAction(a)
    navigator_menu.install(window)
    view_menu = window.menuBar().addMenu("视图(&V)")
    window.view_menu = view_menu
    for dock in (window.nav_dock, window.completeness_dock, window.library_dock, window.check_dock, window.history_dock):
        view_menu.addAction(dock.toggleViewAction())
    view_menu.addSeparator()
    window.act_reset_layout = view_menu.addAction("恢复默认布局(&R)")
    window.act_reset_layout.setObjectName("resetLayout")
    window.act_reset_layout.setToolTip("各停靠窗口回到初始位置和大小")
    window.act_reset_layout.triggered.connect(lambda: window_layout.restore_default_layout(window))
    window.summary_actions = SummaryActions(window)      # 汇总, 下发任务 and the task banner
    help_menu = window.menuBar().addMenu("帮助(&H)")
    window.act_about = help_menu.addAction("关于 perfdesk(&A)")
    window.act_about.triggered.connect(lambda: dialogs.show_about(window))

    toolbar = window.addToolBar("常用")
    toolbar.setObjectName("mainToolbar")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    for a in (window.act_new, window.act_open, window.act_save, None, window.act_undo, window.act_redo, None,
              window.act_find, window.print_actions.act_preview, window.act_print):
        if a is None:
            toolbar.addSeparator()
        else:
            toolbar.addAction(a)
    window.main_toolbar = toolbar
    # what needs an open workbook: off on the start page
    window.document_actions = (window.act_save, window.act_save_as, window.act_print, window.act_close,
                               window.act_find, window.act_find_next, window.act_add_form,
                               window.act_remove_form, window.act_workbook_info)


def _show_snapshots(window) -> None:
    from .snapshots_dialog import show_snapshots     # the dialog's widgets only when asked for

    show_snapshots(window)
