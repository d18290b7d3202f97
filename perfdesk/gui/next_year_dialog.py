"""The 生成下一年度 dialog: where the new workbook goes, and what it keeps (figures, actuals)."""
from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout, QWidget)

from ..store.workbook_file import SUFFIX
from . import dialogs

FILE_FILTER = f"perfdesk 工作簿 (*{SUFFIX});;所有文件 (*)"


class NextYearDialog(QDialog):
    def __init__(self, workbook, suggested: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("nextYearDialog")
        self.setWindowTitle("生成下一年度工作簿")
        year = workbook.year
        layout = QVBoxLayout(self)
        intro = QLabel(f"由 {year} 年度的工作簿生成 {year + 1} 年度的新工作簿：表单、指标、目标值和文字说明照搬，"
                       f"文中的“{year}年”改为“{year + 1}年”。当前工作簿不会改变。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.path_edit = QLineEdit(suggested)
        self.path_edit.setObjectName("nextYearPath")
        self.browse = QPushButton("浏览…")
        self.browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse)
        form.addRow("新文件：", row)
        layout.addLayout(form)
        self.keep_figures = QCheckBox("保留资金数字（预算数、执行数、支出计划）")
        self.keep_actuals = QCheckBox("保留实际完成值、得分与偏差原因说明")
        for box in (self.keep_figures, self.keep_actuals):
            layout.addWidget(box)
        note = QLabel("不勾选时这些内容清空，留待新年度填写。")
        note.setStyleSheet("color: #5f6b7a;")
        layout.addWidget(note)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton("生成", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.path_edit.textChanged.connect(lambda text: self.ok_button.setEnabled(bool(text.strip())))
        self.resize(620, 260)

    def path(self) -> str:
        text = self.path_edit.text().strip()
        return text if not text or text.lower().endswith(SUFFIX) else text + SUFFIX

    def options(self):
        from ..domain.next_year import NextYearOptions

        return NextYearOptions(keep_figures=self.keep_figures.isChecked(), keep_actuals=self.keep_actuals.isChecked())

    def _browse(self) -> None:
        path = dialogs.ask_save_file(self, "新年度工作簿", self.path_edit.text(), FILE_FILTER, SUFFIX)
        if path:
            self.path_edit.setText(path)
