"""表单 → 规范指标值写法: rewrite the current form's indicator values into its own notation
(perfdesk.domain.normalise), listing each change first; applied as one undoable step."""
from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from . import dialogs


class NormaliseActions(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.act_normalise = QAction("规范指标值写法(&N)…", window)
        self.act_normalise.setStatusTip("按本表的写法改写指标值（如 90%以上 → ≥90%），逐项列出，可撤销")
        self.act_normalise.triggered.connect(lambda _checked=False: self.normalise())
        window.documentChanged.connect(lambda _doc: self.update_actions())
        window.formShown.connect(lambda _form_id: self.update_actions())
        self.update_actions()

    @property
    def actions(self) -> tuple[QAction, ...]:
        return (self.act_normalise,)

    def _current(self):
        doc = self.window.document
        form_id = self.window.current_form_id() if doc is not None else ""
        return next((f for f in doc.workbook.forms if f.id == form_id), None) if form_id else None

    def update_actions(self) -> None:
        form = self._current()
        self.act_normalise.setEnabled(form is not None and (form.definition.indicators is not None
                                                            or bool(form.definition.lists)))

    def normalise(self, form_id: str | None = None) -> int:
        """List the rewrites of a form (default: the current one) and apply the chosen ones as
        one undo step; how many values were rewritten."""
        from ..domain.normalise import normalise_edit, normalise_values

        window = self.window
        doc = window.document
        if doc is None:
            return 0
        form = doc.workbook.form(form_id) if form_id else self._current()
        if form is None:
            return 0
        window.finish_editing()
        rewrites = normalise_values(form)
        if not rewrites:
            dialogs.show_info(window, "规范指标值写法",
                              f"“{form.title or form.definition.name}”的指标值都已是本表的写法，无需改写。")
            return 0
        from .normalise_dialog import NormaliseDialog     # its Qt classes: when first shown

        dialog = NormaliseDialog(form, rewrites, window)
        try:
            if not dialogs.run_dialog(dialog):
                return 0
            chosen = dialog.chosen()
        finally:
            dialog.deleteLater()
        edit = normalise_edit(form, chosen)
        if edit is None:
            return 0
        doc.push(edit, f"规范指标值写法（{len(chosen)} 处）")
        window.statusBar().showMessage(f"已按本表写法改写 {len(chosen)} 处指标值；可用“撤销”恢复", 8000)
        return len(chosen)
