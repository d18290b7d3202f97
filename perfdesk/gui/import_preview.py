"""Before an Excel import is applied: what it will add or change, and the problems found.

The main window (not this module) reads the file with perfdesk.xlsx.import_xlsx, shows this
dialog through `confirm_import`, and on acceptance takes a snapshot and adopts
`result.workbook`. The dialog itself changes nothing.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHeaderView, QLabel, QTreeView, QVBoxLayout,
                               QWidget)

from ..xlsx.problems import ADDED, CHANGED, UNCHANGED, Change, ImportResult, Problem
from .table_model import NodeTreeModel

HEADERS = ("类别", "表单 / 位置", "内容")
_ERROR_BRUSH = QBrush(QColor("#b00020"))
_WARN_BRUSH = QBrush(QColor("#8a5a00"))
_DIM_BRUSH = QBrush(QColor("#707070"))


class _Row:
    """A line of the preview: a change (with its details as children) or a problem."""

    def __init__(self, kind: str, place: str, text: str, item=None):
        self.kind, self.place, self.text, self.item = kind, place, text, item
        self.parent: _Row | None = None
        self.row = 0                     # place among the parent's children
        self.children: list[_Row] = []

    def add(self, child: _Row) -> _Row:
        child.parent, child.row = self, len(self.children)
        self.children.append(child)
        return child


class ImportPreviewModel(NodeTreeModel):
    """Read-only tree: errors and warnings first, then each form's change with its details."""

    HEADERS = HEADERS

    def __init__(self, result: ImportResult, parent=None):
        super().__init__(parent)
        self.result = result
        self.root = _Row("", "", "")
        for problem in result.errors + result.warnings:
            self.root.add(_problem_row(problem))
        for change in result.changes:
            self.root.add(_change_row(change))

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node: _Row = self.node(index)
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = (node.kind, node.place, node.text)[column]
            if role == Qt.ItemDataRole.ToolTipRole:
                return str(node.item) if node.item is not None else (value or None)
            return value
        if role == Qt.ItemDataRole.ForegroundRole:
            if isinstance(node.item, Problem):
                return _ERROR_BRUSH if node.item.is_error else _WARN_BRUSH
            if isinstance(node.item, Change) and node.item.kind == UNCHANGED or node.parent is not self.root:
                return _DIM_BRUSH
        return None

    def problem_count(self) -> int:
        return len(self.result.problems)


def _problem_row(problem: Problem) -> _Row:
    place = "，".join(x for x in (f"工作表“{problem.sheet}”" if problem.sheet else "",
                                  f"第 {problem.row} 行" if problem.row else "",
                                  f"{problem.column_letter} 列" if problem.column else "") if x)
    return _Row("错误" if problem.is_error else "提示", place or "整个文件", problem.message, problem)


def _change_row(change: Change) -> _Row:
    summary = {ADDED: "将新增这张表", CHANGED: f"将修改 {len(change.details)} 处", UNCHANGED: "与当前内容相同"}.get(
        change.kind, "")
    row = _Row(change.label, f"{change.title}（{change.form_id}）", summary, change)
    for detail in change.details:
        row.add(_Row("", "", detail))
    return row


def summary_text(result: ImportResult) -> str:
    name = Path(result.source).name
    if result.errors:
        return (f"“{name}”有 {len(result.errors)} 处错误，不能导入。工作簿不会有任何改动；"
                "请按下列位置修改 Excel 文件后再导入。")
    added = sum(1 for c in result.changes if c.kind == ADDED)
    changed = sum(1 for c in result.changes if c.kind == CHANGED)
    same = sum(1 for c in result.changes if c.kind == UNCHANGED)
    parts = []
    if added:
        parts.append(f"新增 {added} 张表")
    if changed:
        parts.append(f"修改 {changed} 张表")
    if same:
        parts.append(f"{same} 张表内容相同")
    text = f"导入“{name}”将" + ("、".join(parts) if parts else "不作任何修改") + "。"
    if result.warnings:
        text += f"另有 {len(result.warnings)} 条提示，请核对。"
    if result.has_effect:
        text += "导入前会自动保存快照，可随时恢复。"
    return text


class ImportPreviewDialog(QDialog):
    def __init__(self, result: ImportResult, parent: QWidget | None = None):
        super().__init__(parent)
        self.import_result = result      # (QDialog.result() is the dialog's own outcome)
        self.setWindowTitle("导入预览")
        self.resize(820, 480)
        layout = QVBoxLayout(self)
        self.summary = QLabel(summary_text(result))
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model = ImportPreviewModel(result, self)
        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.setUniformRowHeights(False)
        self.view.setWordWrap(True)
        self.view.setAlternatingRowColors(True)
        self.view.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.view.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.view.header().setStretchLastSection(True)
        self.view.setColumnWidth(1, 260)
        self.view.expandAll()
        layout.addWidget(self.view, 1)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton("导入", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.setEnabled(result.ok and result.has_effect)
        if not self.import_button.isEnabled():
            self.cancel_button.setText("关闭")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def accept(self):
        if self.import_result.ok and self.import_result.has_effect:
            super().accept()


def confirm_import(parent: QWidget | None, result: ImportResult) -> bool:
    """Show the preview modally (through dialogs.run_dialog, which tests replace); True when the
    user chose to import."""
    from . import dialogs

    return dialogs.run_dialog(ImportPreviewDialog(result, parent))


__all__ = ["ImportPreviewDialog", "ImportPreviewModel", "confirm_import", "summary_text"]
