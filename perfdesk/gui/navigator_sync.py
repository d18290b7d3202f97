"""The navigator (目录), the 完成度 list and the editor kept in step: choosing a form or a part in
one shows it in the editor and selects it in the others; a filter narrows the navigator."""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject, Qt

from .form_editor import FormEditor
from .roles import ANCHOR_ROLE, FORM_ROLE, PLACE_ROLE
from .views import viewport_of


class NavigatorSync(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window

    def sync(self, form_id: str, anchor: str) -> None:
        w = self.window
        if w.document is None:
            return
        source = w.nav_model.form_index(form_id, anchor) if form_id else w.nav_model.index(0, 0)
        index = w.nav_filter.mapFromSource(source)
        form_index = w.nav_filter.mapFromSource(w.nav_model.form_index(form_id)) if form_id else QModelIndex()
        if form_index.isValid():
            w.nav_view.expand(form_index)     # the current form shows its parts
        if index.isValid() and index != w.nav_view.currentIndex():
            w.nav_view.selectionModel().blockSignals(True)
            w.nav_view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            w.nav_view.selectionModel().blockSignals(False)
            viewport_of(w.nav_view).update()
            w.nav_view.scrollTo(index)

    def sync_completeness(self, form_id: str) -> None:
        w = self.window
        ids = [f.id for f in w.document.workbook.forms]
        if form_id in ids:
            row = ids.index(form_id)
            if w.completeness_view.currentIndex().row() != row:
                w.completeness_view.selectRow(row)
        w.missing_model.show_form(form_id)
        form = w.document.workbook.form(form_id) if form_id in ids else None
        w.missing_label.setText(f"“{form.title}”尚缺：" if form else "尚缺：")

    def reset(self) -> None:
        """Forms were added or removed: the tree is new; show it as on opening."""
        w = self.window
        w.nav_view.expandToDepth(1)
        self.sync(w.current_form_id(), "")

    def current_changed(self, current: QModelIndex, _previous) -> None:
        w = self.window
        if not current.isValid():
            return
        form_id = current.data(FORM_ROLE) or ""
        kind = current.data(Qt.ItemDataRole.UserRole)
        if kind == "group":
            return
        w.show_form(form_id, current.data(ANCHOR_ROLE) or "", focus=False)

    def activated(self, index: QModelIndex) -> None:
        # Enter or double click: go into the form to type
        w = self.window
        form_id = index.data(FORM_ROLE) or ""
        anchor = index.data(ANCHOR_ROLE) or ""
        widget = w.show_form(form_id, anchor, focus=False)
        if isinstance(widget, FormEditor):
            widget.reveal_anchor(anchor) if anchor else widget.first_focus()
        elif widget is not None:
            widget.first_focus()

    def filter(self, text: str) -> None:
        w = self.window
        w.nav_filter.setFilterFixedString(text.strip())
        if text.strip():
            w.nav_view.expandAll()      # show where the matches are
        else:
            w.nav_view.collapseAll()
            w.nav_view.expandToDepth(1)
            self.sync(w.current_form_id(), "")

    def completeness_row(self, current: QModelIndex, _previous) -> None:
        w = self.window
        if current.isValid():
            form_id = current.data(FORM_ROLE)
            if form_id != w.current_form_id():
                w.show_form(form_id, focus=False)

    def missing_activated(self, index: QModelIndex) -> None:
        w = self.window
        w.select_cell(index.data(FORM_ROLE), index.data(PLACE_ROLE))
