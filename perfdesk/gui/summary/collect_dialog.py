"""汇总…: what to collect — folders (a USB stick: every .perfdesk and .xlsx in it and its
sub-folders) or files, an optional 任务清单 (one in a chosen folder is found by itself) and the
year (else the task's year, else every year)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from .. import dialogs

ANY_YEAR = 1999           # the spin box's lowest value: 自动


def ask_folder(parent, title: str) -> str:
    """A folder, or "" when cancelled (tests replace this)."""
    dialog = QFileDialog(parent, title)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    dialog.setLabelText(QFileDialog.DialogLabel.Accept, "选择(&S)")
    dialog.setLabelText(QFileDialog.DialogLabel.Reject, "取消")
    return dialog.selectedFiles()[0] if dialog.exec() and dialog.selectedFiles() else ""


def ask_files(parent, title: str) -> list[str]:
    """Workbook files, or [] when cancelled (tests replace this)."""
    dialog = dialogs.build_file_dialog(parent, title, "", "工作簿 (*.perfdesk *.xlsx);;所有文件 (*)", save=False)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    return list(dialog.selectedFiles()) if dialog.exec() else []


class CollectDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("汇总")
        self.setObjectName("collectDialog")
        intro = QLabel("选择各单位报送的文件所在的文件夹（如 U 盘，含子文件夹）或文件。"
                       "读取其中的 .perfdesk 工作簿和 Excel 文件；损坏、其他年度、重复或无法识别的文件"
                       "会列出原因，不影响其他单位。")
        intro.setWordWrap(True)
        self.sources_list = QListWidget()
        self.sources_list.setObjectName("collectSources")
        self.sources_list.setMinimumHeight(110)
        add_folder = QPushButton("添加文件夹…")
        add_folder.clicked.connect(self._add_folder)
        add_files = QPushButton("添加文件…")
        add_files.clicked.connect(self._add_files)
        remove = QPushButton("移除")
        remove.clicked.connect(self._remove)
        buttons = QVBoxLayout()
        for b in (add_folder, add_files, remove):
            buttons.addWidget(b)
        buttons.addStretch(1)
        sources = QHBoxLayout()
        sources.addWidget(self.sources_list, 1)
        sources.addLayout(buttons)

        self.manifest_edit = QLineEdit()
        self.manifest_edit.setObjectName("collectManifest")
        self.manifest_edit.setPlaceholderText("可选；所选文件夹中的 任务清单.json 会自动使用")
        browse = QPushButton("浏览…")
        browse.clicked.connect(self._browse_manifest)
        manifest_row = QWidget()
        mr = QHBoxLayout(manifest_row)
        mr.setContentsMargins(0, 0, 0, 0)
        mr.addWidget(self.manifest_edit, 1)
        mr.addWidget(browse)
        self.year_box = QSpinBox()
        self.year_box.setObjectName("collectYear")
        self.year_box.setRange(ANY_YEAR, 2200)
        self.year_box.setSpecialValueText("自动（任务清单的年度，否则全部年度）")
        self.year_box.setValue(ANY_YEAR)
        self.year_box.setMinimumWidth(260)
        form = QFormLayout()
        form.addRow("任务清单：", manifest_row)
        form.addRow("年度：", self.year_box)
        self.error = QLabel()
        self.error.setObjectName("collectError")
        self.error.setStyleSheet("color: #b3261e")
        self.error.setWordWrap(True)
        self.error.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("汇总")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel("报送的文件："))
        layout.addLayout(sources, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(640, 400)
        self._update()

    # -- what was chosen ---------------------------------------------------------------------
    def sources(self) -> list[str]:
        return [self.sources_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.sources_list.count())]

    def year(self) -> int | None:
        return None if self.year_box.value() == ANY_YEAR else self.year_box.value()

    def manifest(self) -> str:
        return self.manifest_edit.text().strip()

    def add_source(self, path: str) -> None:
        if not path or path in self.sources():
            return
        from PySide6.QtWidgets import QListWidgetItem, QStyle

        kind = QStyle.StandardPixmap.SP_DirIcon if Path(path).is_dir() else QStyle.StandardPixmap.SP_FileIcon
        item = QListWidgetItem(self.style().standardIcon(kind), path)
        item.setData(Qt.ItemDataRole.UserRole, path)
        self.sources_list.addItem(item)
        self._update()

    # -- internals ---------------------------------------------------------------------------
    def _add_folder(self) -> None:
        self.add_source(ask_folder(self, "选择报送文件所在的文件夹"))

    def _add_files(self) -> None:
        for path in ask_files(self, "选择报送的工作簿"):
            self.add_source(path)

    def _remove(self) -> None:
        for item in self.sources_list.selectedItems():
            self.sources_list.takeItem(self.sources_list.row(item))
        self._update()

    def _browse_manifest(self) -> None:
        path = dialogs.ask_open_file(self, "选择任务清单", "", "任务清单 (*.json);;所有文件 (*)")
        if path:
            self.manifest_edit.setText(path)

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.sources()))

    def problem(self) -> str:
        """What stops the collect ("" when nothing), in Chinese with the place."""
        for path in self.sources():
            if not Path(path).exists():
                return f"找不到：{path}"
        if self.manifest() and not Path(self.manifest()).is_file():
            return f"任务清单文件不存在：{self.manifest()}"
        return ""

    def _accept(self) -> None:
        problem = self.problem()
        self.error.setText(problem)
        self.error.setVisible(bool(problem))
        if not problem:
            self.accept()
