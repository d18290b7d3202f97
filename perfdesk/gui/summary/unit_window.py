"""One collected unit's forms, read-only, with its 审核 findings: the form editor and the check
dock of the main window, in a window of its own (one per unit), over a document that refuses
every edit. What the 主管部门 sees is what the unit delivered; nothing here can change it."""
from __future__ import annotations

from html import escape

import msgspec

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDockWidget, QLabel, QListWidget, QListWidgetItem, QMainWindow, QSplitter, QStackedWidget,
                               QVBoxLayout, QWidget)

from .. import read_only
from ..check_dock import CheckDock
from ..document import Document
from ..form_editor import FormEditor


class DeliveredDocument(Document):
    """A unit's delivered workbook inside a summary: shown, never changed."""

    @property
    def read_only(self) -> bool:
        return True

    def refusal(self) -> str:
        return "汇总中的报送文件只读，不能修改。要修改，请退回单位修改后重新报送。"


class UnitWindow(QMainWindow):
    def __init__(self, workbook, row: dict, parent=None, review=None):
        """review: the unit's 审核意见 in the summary (unit_review.UnitReview): the window then
        shows them and takes new ones; its document holds a copy of the delivered workbook with
        the comments as they stand (the forms are the delivered ones, shared, never changed)."""
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("summaryUnitWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.row = row
        self.delivered = workbook
        self.review_actions = None
        if review is not None:
            workbook = msgspec.structs.replace(workbook, comments=review.comments())
        self.document = DeliveredDocument(workbook, label=row.get("file", ""), parent=self)
        self.editors: dict[str, FormEditor] = {}
        self.setWindowTitle(f"{workbook.unit} {workbook.year}年度（只读，汇总中的报送）")

        self.banner = QLabel()
        self.banner.setObjectName("deliveredBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.RichText)
        self.banner.setStyleSheet("QLabel#deliveredBanner { background: #fff4e5; border-bottom: 1px solid #f0c36d;"
                                  " padding: 6px 12px; }")
        when = (row.get("modified") or "").replace("T", " ")
        text = (f"<b>只读</b>：{escape(workbook.unit)}（{escape(workbook.unit_code or '无代码')}）报送的文件 "
                f"{escape(row.get('file', ''))}（{escape(when)}）。汇总中的报送文件不能修改。")
        if row.get("changes"):
            text += f"<br>与上次报送相比：{escape(row['changes'])}"
        self.banner.setText(text)

        self.forms = QListWidget()
        self.forms.setObjectName("deliveredForms")
        for form in workbook.forms:
            item = QListWidgetItem(form.title or form.definition.name)
            item.setData(Qt.ItemDataRole.UserRole, form.id)
            self.forms.addItem(item)
        self.stack = QStackedWidget()
        self.empty = QLabel("这份报送没有表单")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.empty)
        splitter = QSplitter()
        splitter.addWidget(self.forms)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 900])
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(body)

        self.check_dock = CheckDock(self)
        self.check_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                                    | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.check_dock)
        self.check_dock.place_activated.connect(self.select_cell)
        self.check_dock.form_activated.connect(self.show_form)
        self.check_dock.findings_changed.connect(self._mark)
        self.forms.currentItemChanged.connect(
            lambda item, _old: self.show_form(item.data(Qt.ItemDataRole.UserRole)) if item else None)
        self.check_dock.set_workbook(workbook)
        if review is not None:
            from .unit_review import install

            install(self, review)
        if workbook.forms:
            self.forms.setCurrentRow(0)
        self.resize(1200, 720)

    def editor(self, form_id: str) -> FormEditor:
        editor = self.editors.get(form_id)
        if editor is None:
            editor = FormEditor(self.document, form_id)
            editor.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
            read_only.guard(editor, self.document)
            if self.review_actions is not None:
                self.review_actions.editor_built(editor)
            self.stack.addWidget(editor)
            self.editors[form_id] = editor
        return editor

    def show_form(self, form_id: str) -> FormEditor | None:
        if not any(f.id == form_id for f in self.document.workbook.forms):
            return None
        editor = self.editor(form_id)
        self.stack.setCurrentWidget(editor)
        for i in range(self.forms.count()):
            if self.forms.item(i).data(Qt.ItemDataRole.UserRole) == form_id and self.forms.currentRow() != i:
                self.forms.setCurrentRow(i)
        return editor

    def select_cell(self, form_id: str, place) -> bool:
        editor = self.show_form(form_id) if form_id else None
        return editor.reveal(place) if editor is not None and place is not None else editor is not None

    def _mark(self, form_id: str) -> None:
        ids = [form_id] if form_id else [f.id for f in self.document.workbook.forms]
        for fid in ids:
            self.document.set_findings(fid, self.check_dock.findings(fid))

