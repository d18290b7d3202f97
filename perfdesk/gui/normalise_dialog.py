"""The 规范指标值写法 dialog: every value the form's notation would write differently, place and
old → new, each with a tick (all ticked); OK applies the ticked ones as one undo step."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from ..domain.places import describe


class NormaliseDialog(QDialog):
    def __init__(self, form, rewrites, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("normaliseDialog")
        self.setWindowTitle("规范指标值写法")
        self.rewrites = list(rewrites)
        layout = QVBoxLayout(self)
        intro = QLabel(f"“{form.title or form.definition.name}”中有 {len(self.rewrites)} 处指标值可按本表的写法改写"
                       "（含义不变）。勾选的将一次改写，可用“撤销”恢复；未勾选的保持原样。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(self.rewrites), 3)
        self.table.setObjectName("normaliseChanges")
        self.table.setHorizontalHeaderLabels(["位置", "原写法", "规范写法"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for row, r in enumerate(self.rewrites):
            place = QTableWidgetItem(describe(form, r.place))
            place.setFlags(place.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            place.setCheckState(Qt.CheckState.Checked)
            place.setToolTip(place.text())
            self.table.setItem(row, 0, place)
            self.table.setItem(row, 1, QTableWidgetItem(r.old.shown))
            self.table.setItem(row, 2, QTableWidgetItem(r.new.shown))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in (1, 2):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton("改写", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.table.itemChanged.connect(lambda _item: self.ok_button.setEnabled(bool(self.chosen())))
        layout.addWidget(self.buttons)
        self.resize(760, 420)

    def set_checked(self, row: int, on: bool) -> None:
        self.table.item(row, 0).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def chosen(self) -> list:
        """The ticked rewrites, in the listed order."""
        return [r for row, r in enumerate(self.rewrites)
                if self.table.item(row, 0).checkState() == Qt.CheckState.Checked]
