"""The workbook's own page (the navigator's top item): unit, code, year and the signature block
printed on every form's last page."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from ..domain.places import WorkbookPlace, workbook_label
from .form_editor import TextBinding
from .text_editors import FieldLineEdit
from ..startup import edits  # loads after the first paint (perfdesk.startup)


class WorkbookPage(QWidget):
    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        wb = document.workbook
        title = QLabel("工作簿信息")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        title.setFont(font)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.bindings = []
        self.widgets = {}
        for key in ("unit", "unit_code"):
            self._line(form, key, lambda k=key: getattr(wb, k))
        self.year = QSpinBox()
        self.year.setObjectName("wb_year")
        self.year.setRange(1900, 2200)
        self.year.setValue(wb.year)
        self.year.setSuffix(" 年度")
        self.year.setMaximumWidth(self.fontMetrics().horizontalAdvance("0000 年度") + 60)
        self.year.valueChanged.connect(self._year_changed)
        form.addRow(workbook_label("year"), self.year)
        note = QLabel("以下签章栏打印在每张表的末页：")
        note.setStyleSheet("color: #5f6b7a; margin-top: 10px;")
        form.addRow(note)
        for key in ("signature.leader", "signature.preparer", "signature.phone", "signature.date"):
            attr = key.split(".", 1)[1]
            self._line(form, key, lambda a=attr: getattr(wb.signature, a))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addStretch(1)
        document.applied.connect(self._applied)

    def _line(self, form: QFormLayout, key: str, read) -> None:
        widget = FieldLineEdit()
        widget.setObjectName("wb_" + key.replace(".", "_"))
        widget.setProperty("label", workbook_label(key))
        widget.setMaximumWidth(self.fontMetrics().horizontalAdvance("汉") * 32)
        form.addRow(workbook_label(key), widget)
        self.widgets[key] = widget
        self.bindings.append(TextBinding(self.document, None, WorkbookPlace(key), widget, read))

    def _year_changed(self, value: int) -> None:
        if value != self.document.workbook.year:
            self.document.push(edits.SetValue(None, WorkbookPlace("year"), value), "修改年度",
                               merge_key=("text", None, WorkbookPlace("year")))

    def _applied(self, edit) -> None:
        if edit is None or edit.form_id is not None:
            return
        for b in self.bindings:
            b.refresh()
        if self.year.value() != self.document.workbook.year:
            self.year.blockSignals(True)
            self.year.setValue(self.document.workbook.year)
            self.year.blockSignals(False)

    def first_focus(self) -> None:
        self.widgets["unit"].setFocus(Qt.FocusReason.OtherFocusReason)
