"""Workbook files from the main window: 新建, 打开 (also a file dropped on the window), 最近打开,
示例, 保存, 另存为 and 关闭工作簿 (asking about unsaved work). The window keeps methods of the same
names for the start page, the launch and the other actions."""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject

from ..store.workbook_file import SUFFIX, WorkbookFileError, WorkbookLockedError
from . import dialogs, settings
from .document import Document
from .progress import Cancelled, Progress


class FileActions(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.recent_menu = None        # 最近打开: filled when opened (see window_menus)

    def close_document(self) -> bool:
        """Close the open workbook, asking about unsaved work; False when the user cancels."""
        w = self.window
        doc = w.document
        if doc is None:
            return True
        w.finish_editing()
        if doc.modified:
            answer = dialogs.ask_save_changes(w, doc.display_name)
            if answer == "cancel":
                return False
            if answer == "save" and not self.save():
                return False
        if w._find_bar is not None:
            w._find_bar.hide()
        w._docks_shown = {d.objectName(): d.isVisible() for d in w.docks}
        settings.settings().setValue("window/state", w.saveState())
        w.undo_group.removeStack(doc.undo_stack)
        for editor in w.editors.values():
            w.editor_stack.removeWidget(editor)
            editor.deleteLater()
        w.editors.clear()
        if w._workbook_page is not None:
            w.editor_stack.removeWidget(w._workbook_page)
            w._workbook_page.deleteLater()
            w._workbook_page = None
        w.nav_filter.setSourceModel(None)
        w.completeness_view.setModel(None)
        w.missing_view.setModel(None)
        w.document = None
        doc.close()
        doc.deleteLater()
        settings.session_closed()
        w.documentChanged.emit(None)
        w.statusBar().clearMessage()      # what it said was about the workbook just closed
        w._show_start()
        return True

    def open_dialog(self) -> bool:
        w = self.window
        start = str(w.document.path.parent) if w.document and w.document.path else ""
        path = dialogs.ask_open_path(w, start)
        return self.open_path(path) if path else False

    def open_path(self, path: str) -> bool:
        w = self.window
        path = str(path)
        if w.document is not None and w.document.path and \
                Path(path).resolve() == w.document.path.resolve():
            return True
        if not os.path.isfile(path):
            dialogs.show_error(w, "无法打开工作簿", f"文件不存在：{path}\n它可能已被移动、改名或删除。")
            w.start_page.refresh()
            return False
        if not self.close_document():
            return False
        read_only = False
        try:
            with Progress(w, f"正在打开 {Path(path).name}…", 3) as progress:
                progress.step("读取文件")
                try:
                    document = Document.open(path)
                except WorkbookLockedError as exc:
                    if not dialogs.confirm(w, "工作簿正在使用", f"{exc}。\n\n是否以只读方式打开？"
                                           "（只读时修改只能“另存为”新文件）"):
                        return False
                    document = Document.open(path, read_only=True)
                    h = exc.holder
                    document.read_only_why = f"{h.user}（计算机 {h.host}）自 {h.since_text} 起正在编辑它"
                    read_only = True
                try:
                    progress.step("准备目录")
                    w.set_document(document)
                    progress.step("显示表单")
                except Cancelled:
                    w.document = document
                    self.close_document()
                    raise
        except Cancelled:
            w.statusBar().showMessage("已取消打开", 5000)
            return False
        except WorkbookFileError as exc:
            from .restore_offer import offer_restore     # only when a file is refused

            return offer_restore(w, path, str(exc)) and self.open_path(path)
        settings.remember(path, w.document.workbook.unit, w.document.workbook.year)
        if not read_only:
            settings.session_opened(path)
        name = Path(path).name
        w.statusBar().showMessage(w.document.refusal() if read_only else f"已打开 {name}", 0 if read_only else 8000)
        recovered = w.document.recovery_text()
        if recovered:
            w.statusBar().showMessage(recovered, 15000)
            dialogs.show_info(w, "已恢复未保存的修改", recovered)
        return True

    def open_sample(self, name: str) -> bool:
        w = self.window
        if not self.close_document():
            return False
        w.set_document(Document.sample(name))
        w.statusBar().showMessage("示例工作簿：修改后请“另存为”保存到自己的文件", 8000)
        return True

    def new_workbook(self) -> bool:
        w = self.window
        from .new_workbook_dialog import NewWorkbookDialog     # only when asked for

        dialog = NewWorkbookDialog(w)
        try:
            if not dialogs.run_dialog(dialog):
                return False
            workbook = dialog.workbook()
        finally:
            dialog.deleteLater()
        if not self.close_document():
            return False
        w.set_document(Document.untitled(workbook))
        w.statusBar().showMessage("新工作簿尚未保存：请“保存”到文件（关闭或退出前会询问）", 10000)
        return True

    def save(self) -> bool:
        w = self.window
        doc = w.document
        if doc is None:
            return False
        w.finish_editing()
        if doc.path is None or doc.read_only:
            return self.save_as()
        try:
            doc.save()
        except WorkbookFileError as exc:
            dialogs.show_error(w, "保存失败", str(exc))
            return False
        settings.remember(doc.path, doc.workbook.unit, doc.workbook.year)
        w.statusBar().showMessage(f"已保存 {doc.path}", 5000)
        return True

    def save_as(self) -> bool:
        w = self.window
        doc = w.document
        if doc is None:
            return False
        w.finish_editing()
        suggested = str(doc.path) if doc.path else f"{doc.workbook.unit}{doc.workbook.year}年度绩效{SUFFIX}"
        path = dialogs.ask_save_path(w, suggested)
        if not path:
            return False
        try:
            doc.save_as(path)
        except WorkbookFileError as exc:
            dialogs.show_error(w, "保存失败", str(exc))
            return False
        settings.remember(doc.path, doc.workbook.unit, doc.workbook.year)
        settings.session_opened(doc.path)
        w.statusBar().showMessage(f"已保存到 {doc.path}", 5000)
        return True

    def fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        entries = settings.recent_entries()
        if not entries:
            self.recent_menu.addAction("（无）").setEnabled(False)
        for e in entries:
            text = f"{e.unit or '（未填单位）'} {e.year or ''}年度　{os.path.basename(e.path)}"
            action = self.recent_menu.addAction(text + ("（文件已不存在）" if not e.exists else ""))
            action.setToolTip(e.path)
            action.triggered.connect(lambda _checked=False, p=e.path: self.open_path(p))

    @staticmethod
    def dropped_path(data) -> str | None:
        if not data.hasUrls():
            return None
        for url in data.urls():
            if url.isLocalFile() and url.toLocalFile().lower().endswith(SUFFIX):
                return url.toLocalFile()
        return None
