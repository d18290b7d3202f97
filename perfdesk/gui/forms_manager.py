"""表样管理: the form definitions, scoring profiles and library files the program reads, where each
comes from (内置 / 用户 / 工作簿), and adding one from a file (checked first; a broken file is
shown with file, line and key; replacing a built-in one is asked first)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from . import dialogs, forms_catalogue

FILE_FILTER = "定义文件 (*.toml);;所有文件 (*)"
COLUMNS = ("类别", "标识", "名称", "来源", "说明", "位置")


class FormsManagerDialog(QDialog):
    def __init__(self, workbook=None, workbook_name: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("formsManager")
        self.setWindowTitle("表样管理")
        self.workbook, self.workbook_name = workbook, workbook_name
        self.added: list[str] = []            # ids added while the dialog was open
        layout = QVBoxLayout(self)
        intro = QLabel("程序读取的表样定义、评分方案和指标库文件。“内置”随程序安装；“用户”是添加到本机用户文件夹的；"
                       "“工作簿”是当前工作簿自带的副本（在没有这些文件的电脑上也能打开、审核和打印）。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("formsList")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for c in range(len(COLUMNS) - 1):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.problems = QLabel()
        self.problems.setObjectName("formsProblems")
        self.problems.setWordWrap(True)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems.setStyleSheet("color: #b06000;")
        layout.addWidget(self.problems)
        buttons = QDialogButtonBox()
        self.add_button = QPushButton("从文件添加(&A)…")
        self.add_button.setToolTip("检查一个定义文件（表样、评分方案或指标库），无误后复制到本机的用户文件夹")
        self.add_button.clicked.connect(lambda _checked=False: self.add_from_file())
        buttons.addButton(self.add_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.refresh()
        self.resize(980, 520)

    def refresh(self) -> None:
        items, problems = forms_catalogue.catalogue(self.workbook, self.workbook_name)
        self.items = items
        self.table.setRowCount(len(items))
        for row, item in enumerate(items):
            texts = (item.kind_text, item.id, item.name, item.origin_text, item.problem or item.note, item.where)
            for column, text in enumerate(texts):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text if column in (4, 5) else "")
                if item.problem:
                    cell.setForeground(QColor("#d93025"))
                self.table.setItem(row, column, cell)
        self.problems.setText("\n".join(f"注意：{p}" for p in problems))
        self.problems.setVisible(bool(problems))

    def rows(self) -> list[tuple[str, ...]]:
        """The table as shown (for tests and for reading it back)."""
        return [tuple(self.table.item(r, c).text() for c in range(self.table.columnCount()))
                for r in range(self.table.rowCount())]

    def add_from_file(self, path: str | None = None) -> bool:
        path = path or dialogs.ask_open_file(self, "添加定义文件", "", FILE_FILTER)
        if not path:
            return False
        checked = forms_catalogue.check(path)
        what = forms_catalogue.KIND_TEXT[checked.kind]
        if checked.problems:
            shown = list(checked.problems[:20]) + ([f"……共 {len(checked.problems)} 处"] if len(checked.problems) > 20 else [])
            dialogs.show_error(self, "定义文件有误，未添加",
                               f"{path} 有 {len(checked.problems)} 处问题：\n\n" + "\n".join(shown))
            return False
        if checked.replaces_builtin and not dialogs.confirm(
                self, f"替换内置{what}",
                f"“{checked.id}”（{checked.name or what}）与内置{what}的标识相同。\n\n"
                f"用这个文件替换内置的{what}吗？以后用到“{checked.id}”的地方都将读取这个文件；"
                "删除用户文件夹中的这个文件即可恢复内置的。"):
            return False
        try:
            done = forms_catalogue.add(checked)
        except forms_catalogue.AddError as exc:
            dialogs.show_error(self, "未添加", str(exc))
            return False
        self.added.append(checked.id)
        self.refresh()
        dialogs.show_info(self, "已添加", done or f"已添加{what} “{checked.id}”")
        return True
