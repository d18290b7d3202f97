"""Before moving forms to the installed version of their definition: the values that would
lose their place (form, where, what it said), or word that every value keeps one."""
from __future__ import annotations

from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)


class MigrateDialog(QDialog):
    def __init__(self, old_definition, new_definition, moves, parent: QWidget | None = None):
        """moves: [(form, migrated form, [(where, text)])]."""
        super().__init__(parent)
        self.setObjectName("migrateDialog")
        self.setWindowTitle("改用本机表样")
        lost = [(form, where, text) for form, _new, items in moves for where, text in items]
        self.lost = lost
        layout = QVBoxLayout(self)
        origin = {"builtin": "内置", "user": "用户文件夹中"}.get(new_definition.origin, "")
        intro = QLabel(f"把 {len(moves)} 张表从工作簿自带的“{old_definition.name}”（{old_definition.id}）"
                       f"改为本机{origin}的版本“{new_definition.name}”。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        if lost:
            note = QLabel(f"以下 {len(lost)} 项内容在新版本中没有对应位置，改用后将被移除（可用“撤销”恢复）：")
        else:
            note = QLabel("所有已填内容在新版本中都有对应位置，不会丢失。")
        note.setObjectName("migrateSummary")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.table = QTableWidget(len(lost), 3)
        self.table.setObjectName("migrateLost")
        self.table.setHorizontalHeaderLabels(["表单", "原位置", "内容"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row, (form, where, text) in enumerate(lost):
            for column, value in enumerate((form.title or form.id, where, text)):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setVisible(bool(lost))
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton("改用本机版本", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 420 if lost else 200)

    def rows(self) -> list[tuple[str, str, str]]:
        return [tuple(self.table.item(r, c).text() for c in range(3)) for r in range(self.table.rowCount())]
