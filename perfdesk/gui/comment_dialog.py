"""A dialog to write one 审核意见 about a form of a unit's workbook, at a place or on the form as
a whole: `add_comment_dialog(parent, workbook, form, place) -> Comment | None`.

For the 主管部门's overview (perfdesk/gui/summary/…) and any other caller: it only makes the
comment (id, place in words, time); putting it somewhere — a summary entry
(perfdesk.collect.review), or an open workbook as an undoable `SetComment` — is the caller's.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from ..domain import comments as C
from ..domain.model import Comment, Form, Workbook
from ..domain.places import Place, describe
from . import dialogs


class CommentDialog(QDialog):
    def __init__(self, parent, workbook: Workbook, form: Form, place: Place | None, author: str = ""):
        super().__init__(parent)
        self.setWindowTitle("添加审核意见")
        self.setObjectName("commentDialog")
        where = describe(form, place) if place is not None else "整张表"
        head = QLabel(f"单位：{workbook.unit}（{workbook.year} 年度）\n表：{form.title or form.definition.name}\n"
                      f"位置：{where}")
        head.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setObjectName("commentText")
        self.text.setPlaceholderText("如：权重合计应为100；请补充偏差原因")
        self.author = QLineEdit(author)
        self.author.setPlaceholderText("提出意见的单位或人（可不填）")
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #d93025")
        self.problem.setVisible(False)
        form_layout = QFormLayout()
        form_layout.addRow("审核意见：", self.text)
        form_layout.addRow("提出：", self.author)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("添加")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addLayout(form_layout)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(480, 300)
        self.workbook, self.form, self.place = workbook, form, place
        self.comment: Comment | None = None

    def _accept(self) -> None:
        try:
            self.comment = C.new_comment(self.workbook, self.form.id, self.text.toPlainText(), self.place,
                                         author=self.author.text().strip(),
                                         created=dt.datetime.now().replace(microsecond=0).isoformat())
        except C.CommentError as exc:
            self.problem.setText(str(exc))
            self.problem.setVisible(True)
            return
        self.accept()


def add_comment_dialog(parent, workbook: Workbook, form: Form, place: Place | None,
                       author: str = "") -> Comment | None:
    """Ask for one comment on `form` (at `place`, None: the form as a whole); the new comment
    (its id the next free one among workbook.comments), or None when cancelled. The workbook is
    not changed."""
    dialog = CommentDialog(parent, workbook, form, place, author)
    try:
        return dialog.comment if dialogs.run_dialog(dialog) else None
    finally:
        dialog.deleteLater()
