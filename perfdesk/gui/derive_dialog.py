"""与目标表比对…: the differences between a derived self-evaluation and its target form, each
taken over (采用) or kept (保留) through DeriveActions (one undoable step each)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ..domain.derive import difference_label

if TYPE_CHECKING:
    from ..domain import derive
    from .derive_actions import DeriveActions


class DifferencesDialog(QDialog):
    """What changed on the target form since the self-evaluation was made; 采用 or 保留 each."""

    def __init__(self, actions: DeriveActions, form_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("differencesDialog")
        self.actions, self.form_id = actions, form_id
        self.setWindowTitle("与目标表比对")
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("differences")
        self.table.setHorizontalHeaderLabels(["内容", "生成自评表时", "目标表现在"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 300)
        layout.addWidget(self.table, 1)
        hint = QLabel("采用：把目标表的新内容填入自评表；保留：自评表维持原样，不再提示这一处。两者都可“撤销”。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #5f6b7a;")
        layout.addWidget(hint)
        self.buttons = QDialogButtonBox()
        self.take_button = QPushButton("采用目标表的")
        self.keep_button = QPushButton("保留自评表的")
        self.take_all_button = QPushButton("全部采用")
        self.keep_all_button = QPushButton("全部保留")
        for button in (self.take_button, self.keep_button, self.take_all_button, self.keep_all_button):
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.rejected.connect(self.reject)
        self.take_button.clicked.connect(lambda: self.resolve_selected(True))
        self.keep_button.clicked.connect(lambda: self.resolve_selected(False))
        self.take_all_button.clicked.connect(lambda: self.resolve_rows(range(len(self.differences)), True))
        self.keep_all_button.clicked.connect(lambda: self.resolve_rows(range(len(self.differences)), False))
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.buttons)
        self.differences: list[derive.Difference] = []
        self.refresh()
        self.resize(860, 440)

    def refresh(self) -> None:
        wb = self.actions.window.document.workbook
        form = wb.form(self.form_id)
        self.differences = self.actions.differences(self.form_id)
        self.table.setRowCount(len(self.differences))
        for row, d in enumerate(self.differences):
            texts = (difference_label(form, d),
                     d.old if d.old is not None else "（生成时没有）",
                     d.new if d.new is not None else "（目标表中已删除）")
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        source = next((f for f in wb.forms if form.origin and f.id == form.origin.source_form), None)
        source_title = f"“{source.title or source.definition.name}”" if source else "目标表"
        if self.differences:
            self.summary.setText(f"{source_title}自生成“{form.title}”以来有 {len(self.differences)} 处修改。"
                                 "请逐项决定采用还是保留。")
        else:
            self.summary.setText(f"{source_title}自生成“{form.title}”以来没有修改（或都已处理）。")
        self._update_buttons()

    def selected_rows(self) -> list[int]:
        return sorted({index.row() for index in self.table.selectionModel().selectedRows()})

    def resolve_selected(self, take: bool) -> None:
        self.resolve_rows(self.selected_rows(), take)

    def resolve_rows(self, rows, take: bool) -> None:
        chosen = [self.differences[r] for r in rows if 0 <= r < len(self.differences)]
        if chosen:
            self.actions.resolve(self.form_id, chosen, take)
        self.refresh()

    def _update_buttons(self) -> None:
        picked = bool(self.selected_rows())
        self.take_button.setEnabled(picked)
        self.keep_button.setEnabled(picked)
        self.take_all_button.setEnabled(bool(self.differences))
        self.keep_all_button.setEnabled(bool(self.differences))
