"""The forms of a workbook from the main window: 添加表单 (a blank form of any installed definition),
删除当前表单 (one undoable step each) and 表样管理 (what the program reads, adding a file)."""
from __future__ import annotations

from PySide6.QtCore import QObject

from ..definitions.loader import default_registry
from ..domain.blank import new_form
from . import dialogs
from ..startup import edits  # loads after the first paint (perfdesk.startup)


class FormActions(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window

    def add_form(self) -> None:
        w = self.window
        if w.document is None:
            return
        definitions = list(default_registry())
        choice = dialogs.ask_item(w, "添加表单", "表样：", [d.name for d in definitions])
        if choice is None:
            return
        wb = w.document.workbook
        form = new_form(definitions[choice], wb)
        w.document.push(edits.InsertForm(len(wb.forms), form), f"添加表单 {definitions[choice].name}")
        w.show_form(form.id)

    def remove_form(self) -> None:
        w = self.window
        form_id = w.current_form_id()
        if not form_id:
            return
        wb = w.document.workbook
        form = wb.form(form_id)
        if not dialogs.confirm(w, "删除表单", f"删除“{form.title}”？\n删除后可用“撤销”恢复。"):
            return
        index = next(i for i, f in enumerate(wb.forms) if f.id == form_id)
        w.document.push(edits.RemoveForm(index, form_id), f"删除表单 {form.title}")
        remaining = wb.forms
        w.show_form(remaining[min(index, len(remaining) - 1)].id if remaining else "")

    def manage_forms(self) -> None:
        """表样管理: what the program reads, where from; add a definition from a file."""
        w = self.window
        from .forms_manager import FormsManagerDialog     # only when asked for

        doc = w.document
        dialog = FormsManagerDialog(doc.workbook if doc is not None else None,
                                    doc.display_name if doc is not None else "", w)
        try:
            dialogs.run_dialog(dialog)
            added = list(dialog.added)
        finally:
            dialog.deleteLater()
        if added:
            w.statusBar().showMessage(f"已添加：{'、'.join(added)}（“添加表单”中可选用）", 8000)
