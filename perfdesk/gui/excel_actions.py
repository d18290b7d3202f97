"""导出 Excel… and 导入 Excel… from the main window.

Export writes the chosen forms with perfdesk.xlsx.writer.export_xlsx. Import reads a file into the
open workbook with perfdesk.xlsx.importer.import_xlsx, shows what it would add or change and the
problems (import_preview.ImportPreviewDialog, through dialogs.run_dialog), and on acceptance takes
an automatic snapshot (when the workbook has a file) and applies the result as ONE undoable step:
each changed form replaced, each new form inserted. On any problem nothing changes.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from . import dialogs
from .progress import Cancelled, Progress
from .scopes import ALL
from ..startup import edits  # loads after the first paint (perfdesk.startup)


# perfdesk.xlsx (its problem types) and the import preview dialog are imported on first use

XLSX_FILTER = "Excel 工作簿 (*.xlsx);;所有文件 (*)"


def import_edit(workbook, result) -> edits.Edit | None:
    """The edit that makes `workbook` what the import result says: changed forms replaced where
    they are, new forms appended in the order of the result. None when nothing changes."""
    from ..xlsx.problems import ADDED, CHANGED

    parts = []
    appended = 0
    for change in result.changes:
        if change.kind == CHANGED:
            parts += edits.replace_form(workbook, result.workbook.form(change.form_id)).edits
        elif change.kind == ADDED:
            parts.append(edits.InsertForm(len(workbook.forms) + appended, result.workbook.form(change.form_id)))
            appended += 1
    return edits.Batch(tuple(parts)) if parts else None


def _definitions_to_offer(import_xlsx, result) -> list[tuple[str, str]] | None:
    """(id, name) of every definition a foreign sheet may be read with, for 改用表样… in the
    preview; None when the reader cannot be told one (its `definition` keyword) or no sheet could
    use one: our own exports name their definitions, and a file that could not be opened has no
    sheet (a sheet no definition matched is named in a problem: then it is offered too)."""
    import inspect

    readable = result.choices or (not result.own_export and any(p.sheet for p in result.problems))
    if not readable or "definition" not in inspect.signature(import_xlsx).parameters:
        return None
    from ..definitions.loader import default_registry

    # the registry import_xlsx itself uses when given none
    return [(d.id, d.name) for d in default_registry()]


class ExcelActions(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.act_export = QAction("导出 Excel(&E)…", window)
        self.act_export.setStatusTip("把表单导出为 Excel 文件（每张表一个工作表，版式同打印件）")
        self.act_export.triggered.connect(lambda _checked=False: self.export())
        self.act_import = QAction("导入 Excel(&I)…", window)
        self.act_import.setStatusTip("从 Excel 文件导入表单到当前工作簿（先预览，导入前自动保存快照，可撤销）")
        self.act_import.triggered.connect(lambda _checked=False: self.import_())
        self._scope, self._selected = ALL, []
        window.documentChanged.connect(self._document_changed)
        self._document_changed(None)

    @property
    def actions(self) -> tuple[QAction, ...]:
        return self.act_import, self.act_export

    def _document_changed(self, document) -> None:
        self._scope, self._selected = ALL, []          # a choice of forms belongs to its workbook
        for action in self.actions:
            action.setEnabled(document is not None)

    def _directory(self) -> Path:
        doc = self.window.document
        return doc.path.parent if doc is not None and doc.path else Path.home()

    # -- export -----------------------------------------------------------------------------
    def export(self) -> Path | None:
        from ..xlsx.writer import XlsxExportError, export_xlsx

        window = self.window
        doc = window.document
        if doc is None:
            return None
        window.finish_editing()
        from .form_scope import FormScopeDialog     # its Qt classes: when first shown

        dialog = FormScopeDialog(doc.workbook, window.current_form_id(), "导出 Excel", "导出…", False,
                                 self._scope, self._selected, window)
        try:
            if not dialogs.run_dialog(dialog):
                return None
            ids = dialog.form_ids()
            self._scope, self._selected = dialog.scope, dialog.checked_ids()
            everything = dialog.scope == ALL
        finally:
            dialog.deleteLater()
        if not ids:
            return None
        wb = doc.workbook
        if len(ids) == 1:
            form = wb.form(ids[0])
            name = form.title or form.definition.name
        else:
            name = f"{wb.unit}{wb.year}年度绩效表"
        name = "".join("_" if ch in '\\/:*?"<>|' else ch for ch in name)
        target = dialogs.ask_save_file(window, "导出 Excel", str(self._directory() / f"{name}.xlsx"),
                                       XLSX_FILTER, ".xlsx")
        if not target:
            return None
        try:
            with Progress(window, "正在导出 Excel…", len(ids)) as progress:
                report = export_xlsx(wb, target, None if everything else ids,
                                     progress=progress.callback("正在导出第 {done}/{total} 张表：{name}"))
        except Cancelled:
            window.statusBar().showMessage("已取消导出，未写入文件", 5000)
            return None
        except XlsxExportError as exc:
            dialogs.show_error(window, "导出失败", str(exc))
            return None
        except OSError as exc:
            dialogs.show_error(window, "导出失败", f"无法写入 {target}：{exc.strerror or exc}")
            return None
        window.statusBar().showMessage(f"已导出 {len(report.sheets)} 张表到 {target}", 10000)
        if report.notes:
            dialogs.show_info(window, "导出 Excel", f"已导出到 {target}。\n\n" + "\n".join(f"提示：{n}" for n in report.notes))
        return Path(target)

    # -- import -----------------------------------------------------------------------------
    def import_(self, path: str | None = None) -> bool:
        """Read an xlsx into the open workbook; True when something was imported."""
        from ..store.workbook_file import WorkbookFileError
        from ..xlsx.importer import import_xlsx

        window = self.window
        doc = window.document
        if doc is None:
            return False
        window.finish_editing()
        path = path or dialogs.ask_open_file(window, "导入 Excel", str(self._directory()), XLSX_FILTER)
        if not path:
            return False
        name = Path(path).name
        from ..xlsx.problems import ADDED, CHANGED
        from . import import_preview

        definition = None          # None: each sheet's best-matching definition
        while True:
            try:
                with Progress(window, f"正在读取 {name}…", 1) as progress:
                    callback = progress.callback("正在读取第 {done}/{total} 张工作表：{name}")
                    if definition is None:
                        result = import_xlsx(path, into=doc.workbook, progress=callback)
                    else:
                        result = import_xlsx(path, into=doc.workbook, progress=callback, definition=definition)
            except Cancelled:      # nothing was changed: the import only reads
                window.statusBar().showMessage(f"已取消导入 {name}，工作簿未作改动", 5000)
                return False
            answer = import_preview.ask_import(window, result, _definitions_to_offer(import_xlsx, result))
            if answer.definition is None:
                break
            definition = answer.definition       # read again with the one the user named
        if not answer.accepted:
            window.statusBar().showMessage(f"未导入 {name}", 5000)
            return False
        if not (result.ok and result.has_effect):
            return False
        edit = import_edit(doc.workbook, result)
        if edit is None:
            return False
        if doc.file is not None and not doc.read_only:
            # the snapshot first, always: an import that went wrong can be undone from it
            try:
                doc.file.create_snapshot(doc.workbook, f"导入 {name} 之前", auto=True)
            except WorkbookFileError as exc:
                dialogs.show_error(window, "未导入", f"导入前无法保存快照，工作簿未作任何修改：{exc}")
                return False
        current = window.current_form_id()
        try:
            doc.push(edit, f"导入 {name}")
        except edits.EditError as exc:
            dialogs.show_error(window, "未导入", str(exc))
            return False
        changed = [c.form_id for c in result.changes if c.kind in (ADDED, CHANGED)]
        ids = {f.id for f in doc.workbook.forms}
        window.show_form(current if current in ids and current else changed[0])
        snapshot = "（导入前的状态已存为快照）" if doc.file is not None and not doc.read_only else ""
        left = f"，{len(result.not_placed)} 个单元格未导入" if result.not_placed else ""
        window.statusBar().showMessage(f"已从 {name} 导入 {len(changed)} 张表{left}{snapshot}；可用“撤销”取消导入",
                                       10000)
        return True
