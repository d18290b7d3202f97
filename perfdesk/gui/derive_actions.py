"""Target form → self-evaluation from the main window.

生成自评表 on a target form (项目支出绩效目标表 → 项目支出绩效自评表, 部门整体绩效目标表 → 部门整体支出
绩效自评价表) inserts the new form right after its source, as one undoable step. 与目标表比对… on a
derived self-evaluation lists what changed on its target form since (perfdesk.domain.derive
.differences); each difference can be taken over or kept, each choice one undoable step (the form
is replaced by its changed copy through the document).
"""
from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from typing import TYPE_CHECKING

from . import dialogs
from .idle import after_first_paint, first_paint_pending
from ..startup import edits  # loads after the first paint (perfdesk.startup)


if TYPE_CHECKING:
    from ..domain import derive

# perfdesk.domain.derive is imported where it is used: not at start-up


def rule_for(form):
    """The derivation rule of a derived form (the one it was made with), or None."""
    from ..definitions.derivations import default_rules

    if form.origin is None:
        return None
    return default_rules().get(form.origin.rule)


def source_rule(form):
    """The rule that derives a self-evaluation from this target form, or None."""
    from ..definitions.derivations import rule_for_source

    return rule_for_source(form.definition.id)


class DeriveActions(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.act_derive = QAction("生成自评表(&G)", window)
        self.act_derive.setStatusTip("由当前的绩效目标表生成绩效自评表（插在它后面，可撤销）")
        self.act_derive.triggered.connect(lambda _checked=False: self.derive())
        self.act_compare = QAction("与目标表比对(&D)…", window)
        self.act_compare.setStatusTip("查看目标表在生成自评表之后的修改，逐项采用或保留")
        self.act_compare.triggered.connect(lambda _checked=False: self.compare())
        window.documentChanged.connect(lambda _doc: self.update_actions())
        window.formShown.connect(self._form_shown)
        window.formsListChanged.connect(self.update_actions)
        self.update_actions()

    @property
    def actions(self) -> tuple[QAction, ...]:
        return self.act_derive, self.act_compare

    def _current(self):
        doc = self.window.document
        form_id = self.window.current_form_id() if doc is not None else ""
        return next((f for f in doc.workbook.forms if f.id == form_id), None) if form_id else None

    def update_actions(self, now: bool = False) -> None:
        """Enable what fits the current form. Before the window's first paint this waits for it
        (unless `now`: a menu about to show them)."""
        if not now and first_paint_pending(self.window):
            # the rules (TOML files) are read once the form has painted
            self.act_derive.setEnabled(False)
            self.act_compare.setEnabled(False)
            after_first_paint(self.window, self.update_actions)
            return
        form = self._current()
        self.act_derive.setEnabled(form is not None and source_rule(form) is not None)
        self.act_compare.setEnabled(form is not None and form.origin is not None and rule_for(form) is not None
                                    and any(f.id == form.origin.source_form
                                            for f in self.window.document.workbook.forms))

    def _form_shown(self, form_id: str) -> None:
        if first_paint_pending(self.window):
            after_first_paint(self.window, lambda: self._form_shown(form_id))
            return
        self.update_actions()
        form = self._current()
        if form is not None and form.origin is not None and self.act_compare.isEnabled():
            count = len(self.differences(form.id))
            if count:
                self.window.statusBar().showMessage(
                    f"目标表自生成此表以来有 {count} 处修改：可用“表单 › 与目标表比对”查看并采用", 10000)

    # -- 生成自评表 ---------------------------------------------------------------------------
    def derive(self) -> str | None:
        """Derive a self-evaluation from the current target form; the new form's id, or None."""
        from ..definitions.loader import default_registry

        window = self.window
        source = self._current()
        if source is None:
            return None
        rule = source_rule(source)
        if rule is None:
            dialogs.show_error(window, "不能生成自评表",
                               f"“{source.title}”（{source.definition.name}）不是可生成自评表的绩效目标表。")
            return None
        window.finish_editing()
        wb = window.document.workbook
        existing = [f for f in wb.forms if f.origin is not None and f.origin.source_form == source.id]
        if existing and not dialogs.confirm(
                window, "生成自评表", f"已有由“{source.title}”生成的自评表“{existing[0].title}”。\n\n"
                "再生成一张新的吗？\n（要把目标表后来的修改带到那张自评表，请在它上面用“与目标表比对”。）"):
            window.show_form(existing[0].id)
            return None
        from ..domain import derive

        try:
            form = derive.derive_self_eval(wb, source, rule, default_registry()[rule.target])
        except derive.DeriveError as exc:
            dialogs.show_error(window, "不能生成自评表", str(exc))
            return None
        index = wb.forms.index(source) + 1
        window.document.push(edits.InsertForm(index, form), f"生成自评表 {form.title}")
        window.show_form(form.id)
        window.statusBar().showMessage(f"已生成“{form.title}”：指标和目标值已带入，实际完成值、得分待填写", 10000)
        return form.id

    # -- 与目标表比对 -------------------------------------------------------------------------
    def differences(self, form_id: str) -> list[derive.Difference]:
        from ..domain import derive

        wb = self.window.document.workbook
        form = wb.form(form_id)
        rule = rule_for(form)
        return derive.differences(wb, form, rule) if rule is not None else []

    def compare(self) -> bool:
        form = self._current()
        if form is None or form.origin is None:
            return False
        self.window.finish_editing()
        from .derive_dialog import DifferencesDialog     # its Qt classes: when first shown

        dialog = DifferencesDialog(self, form.id, self.window)
        try:
            dialogs.run_dialog(dialog)
        finally:
            dialog.deleteLater()
        return True

    def resolve(self, form_id: str, differences: list[derive.Difference], take: bool) -> None:
        """Take over (or keep) these differences as one undoable step."""
        from ..domain import derive

        doc = self.window.document
        form = doc.workbook.form(form_id)
        changed = edits.copy_form(form)
        for d in differences:
            (derive.take_over if take else derive.keep)(changed, d)
        what = derive.difference_label(form, differences[0]) if len(differences) == 1 else f"{len(differences)} 处"
        doc.push(edits.replace_form(doc.workbook, changed), f"{'采用目标表修改' if take else '保留自评表'}：{what}")
        self.window.show_form(form_id, focus=False)
