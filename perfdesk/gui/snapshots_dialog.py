"""文件 › 快照: keep the workbook as it is now under a name (e.g. 报送版 before handing it in), see
the snapshots the file holds, restore or delete one — what `perfdesk snapshot|snapshots|restore`
do. Restoring keeps the state before (unsaved edits included) as an automatic snapshot, so
nothing is lost; the workbook is then opened afresh from the file."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView,
                               QInputDialog, QLabel, QPushButton, QTableView, QVBoxLayout)

from . import dialogs
from .table_model import SimpleTableModel
from ..store.workbook_file import WorkbookFileError


class SnapshotListModel(SimpleTableModel):
    HEADERS = ("名称", "时间", "方式")

    def __init__(self, snapshots=(), parent=None):
        super().__init__(parent)
        self._rows = list(snapshots)

    def rows(self):
        return self._rows

    def set_snapshots(self, snapshots) -> None:
        self.beginResetModel()
        self._rows = list(snapshots)
        self.endResetModel()

    def cell(self, snap, column, role):
        if role == Qt.ItemDataRole.DisplayRole:
            return (snap.name, snap.created.replace("T", " "), "自动" if snap.auto else "手动")[column]
        return None


def ask_snapshot_name(parent) -> str | None:
    suggested = "快照 " + dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    text, ok = QInputDialog.getText(parent, "保存快照", "快照名称（如“报送版”）：", text=suggested)
    return text.strip() if ok and text.strip() else None


class SnapshotsDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("快照")
        self.model = SnapshotListModel(parent=self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):       # a time stamp on one line
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.view.setWordWrap(False)
        self.view.doubleClicked.connect(lambda _index: self.restore_selected())
        note = QLabel("快照把工作簿此刻的内容（含未保存的修改）保存在同一个文件中。恢复快照前，"
                      "当前内容会自动另存为一个快照，不会丢失。")
        note.setWordWrap(True)
        self.btn_save = QPushButton("保存快照(&S)…")
        self.btn_restore = QPushButton("恢复所选(&R)")
        self.btn_delete = QPushButton("删除所选(&D)")
        self.btn_save.clicked.connect(self.save_snapshot)
        self.btn_restore.clicked.connect(self.restore_selected)
        self.btn_delete.clicked.connect(self.delete_selected)
        row = QHBoxLayout()
        for b in (self.btn_save, self.btn_restore, self.btn_delete):
            row.addWidget(b)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.view)
        layout.addLayout(row)
        layout.addWidget(close)
        self.resize(self.fontMetrics().horizontalAdvance("中") * 40, self.fontMetrics().height() * 22)
        self.refresh()

    @property
    def document(self):
        return self.window_.document

    def refresh(self) -> None:
        doc = self.document
        self.model.set_snapshots(reversed(doc.file.snapshots()) if doc is not None and doc.file else [])
        writable = doc is not None and doc.file is not None and not doc.read_only
        self.btn_save.setEnabled(writable)
        self.btn_restore.setEnabled(writable and self.model.rowCount() > 0)
        self.btn_delete.setEnabled(writable and self.model.rowCount() > 0)
        if self.model.rowCount():
            self.view.selectRow(0)

    def selected(self):
        rows = self.view.selectionModel().selectedRows()
        return self.model.item(rows[0]) if rows else None

    def save_snapshot(self) -> None:
        name = ask_snapshot_name(self)
        if name is None:
            return
        self.window_.finish_editing()
        try:
            self.document.file.create_snapshot(self.document.workbook, name)
        except WorkbookFileError as exc:
            dialogs.show_error(self, "无法保存快照", str(exc))
            return
        self.window_.statusBar().showMessage(f"已保存快照“{name}”", 8000)
        self.refresh()

    def delete_selected(self) -> None:
        snap = self.selected()
        if snap is None or not dialogs.confirm(self, "删除快照", f"删除快照“{snap.name}”？删除后不能恢复。"):
            return
        try:
            self.document.file.delete_snapshot(snap)
        except WorkbookFileError as exc:
            dialogs.show_error(self, "无法删除快照", str(exc))
        self.refresh()

    def restore_selected(self) -> None:
        snap = self.selected()
        if snap is None or not dialogs.confirm(
                self, "恢复快照", f"把工作簿恢复为快照“{snap.name}”（{snap.created.replace('T', ' ')}）的内容？\n\n"
                "当前内容（含未保存的修改）会先自动保存为一个快照，可以再恢复回来。"):
            return
        w = self.window_
        w.finish_editing()
        doc = self.document
        path = str(doc.path)
        try:
            doc.file.restore_snapshot(f"#{snap.id}", current=doc.workbook)
        except WorkbookFileError as exc:
            dialogs.show_error(self, "无法恢复快照", str(exc))
            return
        doc.forget_changes()        # they are in the automatic snapshot; the file holds the restored state
        w.file_actions.close_document()
        w.file_actions.open_path(path)
        w.statusBar().showMessage(f"已恢复快照“{snap.name}”；恢复前的内容已自动保存为快照", 10000)
        self.refresh()


def show_snapshots(window) -> None:
    dialogs.run_dialog(SnapshotsDialog(window))
