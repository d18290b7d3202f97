"""A workbook carries the definitions of its forms; when the installed definition of the same
id (forms/ or the user's folder) differs, a banner over the editor says so, naming the forms and
the definition, and offers the choice: keep the workbook's copy (nothing changes), or move the
forms to the installed version (perfdesk.domain.migrate.migrate_form) after a look at the values
that would lose their place, as ONE undoable edit (edits.replace_form for each form).

The comparison waits for the window's first paint (docs/startup.md)."""
from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from . import dialogs
from .idle import after_first_paint
from ..startup import edits  # loads after the first paint (perfdesk.startup)


class Banner(QFrame):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("definitionBanner")
        self.setStyleSheet("QFrame#definitionBanner { background: #fff4e5; border-bottom: 1px solid #f0c36d; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.text = QLabel()
        self.text.setObjectName("definitionBannerText")
        self.text.setWordWrap(True)
        layout.addWidget(self.text, 1)
        self.move_button = QPushButton("改用本机版本…")
        self.move_button.setToolTip("把这些表改为本机安装的表样版本：先列出将失去位置的内容，确认后一次完成，可撤销")
        self.keep_button = QPushButton("保留工作簿的版本")
        self.keep_button.setToolTip("继续使用工作簿自带的表样（审核、打印、导出都按它）")
        layout.addWidget(self.move_button)
        layout.addWidget(self.keep_button)


class DefinitionUpdates(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self._banner: Banner | None = None
        self.pending: list[str] = []      # definition ids the banner is about
        window.documentChanged.connect(self._document_changed)

    @property
    def banner(self) -> Banner:
        if self._banner is None:
            banner = Banner()
            banner.move_button.clicked.connect(lambda _checked=False: self.move())
            banner.keep_button.clicked.connect(lambda _checked=False: self.keep())
            banner.hide()
            self.window.workspace.layout().insertWidget(0, banner)
            self._banner = banner
        return self._banner

    def _document_changed(self, document) -> None:
        self.pending = []
        if self._banner is not None:
            self._banner.hide()
        if document is not None:
            after_first_paint(self.window, lambda: self.look(document))

    # -- finding out ----------------------------------------------------------------------
    def differing(self) -> dict[str, list]:
        """{definition id: the forms using the workbook's copy of it}, for every definition whose
        installed version differs from the copy the workbook carries."""
        from ..definitions.embedded import DIFFERS, compare_installed

        doc = self.window.document
        if doc is None:
            return {}
        try:
            statuses = compare_installed(doc.workbook)
        except Exception as exc:        # an unreadable installed folder must not stop the editing
            self.window.statusBar().showMessage(f"未能与本机表样比较：{exc}", 10000)
            return {}
        out = {}
        for s in statuses:
            if s.kind == "form" and s.status == DIFFERS:
                forms = [f for f in doc.workbook.forms if f.definition.id == s.id and f.definition.origin == "workbook"]
                if forms:
                    out[s.id] = forms
        return out

    def look(self, document=None) -> None:
        """Compare, and show the banner when something differs (hide it when nothing does)."""
        if document is not None and document is not self.window.document:
            return                      # another workbook was opened meanwhile
        found = self.differing()
        self.pending = list(found)
        if not found:
            if self._banner is not None:
                self._banner.hide()
            return
        parts = []
        for definition_id, forms in found.items():
            titles = "、".join(f"“{f.title or f.id}”" for f in forms[:3]) + (f" 等 {len(forms)} 张表" if len(forms) > 3 else "")
            parts.append(f"{titles}使用的表样“{forms[0].definition.name}”（{definition_id}）")
        self.banner.text.setText("此工作簿自带的表样与本机安装的版本不同：" + "；".join(parts)
                                 + "。可保留工作簿的版本，或改用本机版本。")
        self.banner.show()

    # -- choosing -------------------------------------------------------------------------
    def keep(self) -> None:
        self.pending = []
        if self._banner is not None:
            self._banner.hide()
        self.window.statusBar().showMessage("继续使用工作簿自带的表样", 6000)

    def move(self, definition_id: str | None = None) -> bool:
        """Move the forms of one definition (default: the first the banner names) to the
        installed version: the values that lose their place are shown first; one undo step."""
        from ..definitions.loader import DefinitionError, default_registry
        from ..domain.migrate import migrate_form

        window, doc = self.window, self.window.document
        if doc is None:
            return False
        found = self.differing()
        definition_id = definition_id or next(iter(found), None)
        if definition_id not in found:
            self.look()
            return False
        try:
            installed = default_registry()[definition_id]
        except (DefinitionError, KeyError) as exc:
            dialogs.show_error(window, "不能改用本机版本", str(exc))
            return False
        window.finish_editing()
        moves = []
        for form in found[definition_id]:
            new_form, lost = migrate_form(form, installed)
            moves.append((form, new_form, lost))
        from .migrate_dialog import MigrateDialog       # its Qt classes: when first shown

        dialog = MigrateDialog(found[definition_id][0].definition, installed, moves, window)
        try:
            if not dialogs.run_dialog(dialog):
                return False
        finally:
            dialog.deleteLater()
        wb = doc.workbook
        current = window.current_form_id()
        edit = edits.batch([edits.replace_form(wb, new_form) for _, new_form, _ in moves])
        lost = sum(len(x) for _, _, x in moves)
        doc.push(edit, f"改用本机表样（{len(moves)} 张表）")
        if current:
            window.show_form(current, focus=False)
        window.statusBar().showMessage(
            f"{len(moves)} 张表已改用本机的“{installed.name}”" + (f"，{lost} 项内容没有对应位置，已移除" if lost else "")
            + "；可用“撤销”恢复", 10000)
        self.look()
        return True
