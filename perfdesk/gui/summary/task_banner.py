"""The banner across a workbook that came with a task (perfdesk dispatch): who sent it, the
deadline (and 已逾期 once it has passed) and the 主管部门's instructions, shown on opening."""
from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton


def deadline_text(deadline: str, today: dt.date | None = None) -> tuple[str, bool]:
    """The deadline in words and whether it has passed (a deadline not written as a date is
    shown as written)."""
    today = today or dt.date.today()
    try:
        day = dt.date.fromisoformat(deadline.strip())
    except ValueError:
        return deadline.strip(), False
    text = f"{day.year}年{day.month}月{day.day}日"
    left = (day - today).days
    if left < 0:
        return f"{text}（已逾期 {-left} 天）", True
    if left == 0:
        return f"{text}（今天截止）", False
    return f"{text}（还有 {left} 天）", False


def task_html(task, today: dt.date | None = None) -> tuple[str, bool]:
    parts = [f"<b>填报任务</b>" + (f"（{escape(task.issuer)} 下发）" if task.issuer.strip() else "")]
    overdue = False
    if task.deadline.strip():
        text, overdue = deadline_text(task.deadline, today)
        style = ' style="color:#b3261e"' if overdue else ""
        parts.append(f"报送截止：<b{style}>{escape(text)}</b>")
    html = "　".join(parts)
    if task.note.strip():
        html += "<br>" + escape(task.note.strip()).replace("\n", "<br>")
    return html, overdue


class TaskBanner(QFrame):
    def __init__(self, window):
        super().__init__()
        self.window = window
        self.setObjectName("taskBanner")
        self.label = QLabel()
        self.label.setObjectName("taskBannerText")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide_button = QToolButton()
        self.hide_button.setText("收起")
        self.hide_button.setToolTip("本次不再显示这条任务说明（重新打开工作簿时会再显示）")
        self.hide_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.hide_button, 0, Qt.AlignmentFlag.AlignTop)
        self.overdue = False
        self.hide()
        window.documentChanged.connect(self._document_changed)

    def _document_changed(self, document) -> None:
        task = getattr(document.workbook, "task", None) if document is not None else None
        shown = task is not None and bool(task.issuer.strip() or task.deadline.strip() or task.note.strip())
        if shown:
            html, self.overdue = task_html(task)
            colour, border = ("#fdecea", "#f2b8b5") if self.overdue else ("#fff8e1", "#f0d48a")
            self.setStyleSheet(f"QFrame#taskBanner {{ background: {colour}; border-bottom: 1px solid {border}; }}")
            self.label.setText(html)
        self.setVisible(shown)
