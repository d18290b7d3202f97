"""A live character count beside a field or section the printed form limits (项目年度目标（100字以内）):
"86/100字", red once over. Counted as the check counts (perfdesk.domain.checks.length.text_length:
line breaks do not count), so the counter and the 审核 finding agree. The count is repeated here
rather than imported: that module brings the checks' context and the scorer (~50 ms), which the
first frame of a form with limits need not pay for (tests/gui/test_char_limits.py compares them)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QPlainTextEdit

OVER_STYLE = "color: #d93025; font-weight: bold;"
UNDER_STYLE = "color: #5f6b7a;"


def text_length(text: str) -> int:
    """Characters as the provincial systems (and the check) count them: line breaks do not count."""
    return len(text.strip().replace("\r", "").replace("\n", ""))


def limit_tip(limit: int) -> str:
    return f"限 {limit} 字（换行不计），超出时审核提示"


class CharCounter(QLabel):
    """Follows one text widget (QLineEdit, QPlainTextEdit or an editable QComboBox), whatever
    changes it: typing, undo, another window's edit."""

    def __init__(self, widget, limit: int, parent=None):
        super().__init__(parent)
        self.limit = limit
        self.over = None
        self.setObjectName("charCounter")
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setToolTip(limit_tip(limit))
        if isinstance(widget, QPlainTextEdit):
            read = widget.toPlainText
            widget.textChanged.connect(lambda: self.show_count(read()))
        elif isinstance(widget, QComboBox):
            read = widget.currentText
            widget.editTextChanged.connect(self.show_count)
        else:
            read = widget.text
            widget.textChanged.connect(self.show_count)
        self.show_count(read())

    def show_count(self, text: str) -> None:
        n = text_length(text or "")
        self.setText(f"{n}/{self.limit}字")
        over = n > self.limit
        if over != self.over:
            self.over = over
            self.setStyleSheet(OVER_STYLE if over else UNDER_STYLE)
            self.setToolTip(f"超出 {n - self.limit} 字；" + limit_tip(self.limit) if over else limit_tip(self.limit))
        elif over:
            self.setToolTip(f"超出 {n - self.limit} 字；" + limit_tip(self.limit))
