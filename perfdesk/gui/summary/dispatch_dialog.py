"""下发任务…: the units list (xlsx or csv), the year, the forms (from the installed definitions),
the deadline, who sends it and the instructions, and the folder to write into; then
perfdesk.collect.dispatch writes one blank workbook per unit and 任务清单.json. A bad input is
said in Chinese with its place (the list's row, the deadline as typed) and nothing is written."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPlainTextEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from .. import dialogs
from .collect_dialog import ask_folder


def _with_button(edit: QLineEdit, text: str, slot) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(edit, 1)
    button = QPushButton(text)
    button.clicked.connect(slot)
    layout.addWidget(button)
    return row


class DispatchDialog(QDialog):
    def __init__(self, parent=None, registry=None):
        super().__init__(parent)
        from ...definitions.loader import default_registry

        self.registry = registry or default_registry()
        self.result_manifest: dict | None = None
        self.setWindowTitle("下发任务")
        self.setObjectName("dispatchDialog")
        intro = QLabel("按单位名单为每个单位生成一个空白工作簿（已填单位名称、代码和年度，含所选表样、截止日期和填报说明），"
                       "并写出 任务清单.json，汇总时据此列出未报送的单位。")
        intro.setWordWrap(True)
        self.units_edit = QLineEdit()
        self.units_edit.setObjectName("dispatchUnits")
        self.units_edit.setPlaceholderText("Excel 或 CSV 文件，含“单位名称”列（可有“单位代码”列）")
        self.year_box = QSpinBox()
        self.year_box.setObjectName("dispatchYear")
        self.year_box.setRange(2000, 2200)
        self.year_box.setValue(dt.date.today().year)
        self.forms_list = QListWidget()
        self.forms_list.setObjectName("dispatchForms")
        for definition in self.registry:
            item = QListWidgetItem(f"{definition.name}（{definition.id}）")
            item.setData(Qt.ItemDataRole.UserRole, definition.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.forms_list.addItem(item)
        self.forms_list.setMinimumHeight(120)
        self.deadline_edit = QLineEdit()
        self.deadline_edit.setObjectName("dispatchDeadline")
        self.deadline_edit.setPlaceholderText("如 2025-03-31 或 2025年3月31日；可不填")
        self.issuer_edit = QLineEdit()
        self.issuer_edit.setObjectName("dispatchIssuer")
        self.issuer_edit.setPlaceholderText("下发单位（主管部门）名称")
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("dispatchNote")
        self.note_edit.setPlaceholderText("填报说明：各单位打开工作簿时会看到")
        self.note_edit.setFixedHeight(self.fontMetrics().height() * 4 + 12)
        self.out_edit = QLineEdit()
        self.out_edit.setObjectName("dispatchOut")
        self.out_edit.setPlaceholderText("生成的工作簿写入此文件夹")

        form = QFormLayout()
        form.addRow("单位名单：", _with_button(self.units_edit, "浏览…", self._browse_units))
        form.addRow("年度：", self.year_box)
        form.addRow("表样：", self.forms_list)
        form.addRow("截止日期：", self.deadline_edit)
        form.addRow("下发单位：", self.issuer_edit)
        form.addRow("填报说明：", self.note_edit)
        form.addRow("输出文件夹：", _with_button(self.out_edit, "浏览…", self._browse_out))
        self.error = QLabel()
        self.error.setObjectName("dispatchError")
        self.error.setStyleSheet("color: #b3261e")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("下发")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(680, 600)

    # -- what was chosen ---------------------------------------------------------------------
    def forms(self) -> list[str]:
        return [self.forms_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.forms_list.count())
                if self.forms_list.item(i).checkState() == Qt.CheckState.Checked]

    def set_forms(self, ids: list[str]) -> None:
        for i in range(self.forms_list.count()):
            item = self.forms_list.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in ids
                               else Qt.CheckState.Unchecked)

    def out_dir(self) -> Path:
        return Path(self.out_edit.text().strip())

    # -- doing it ----------------------------------------------------------------------------
    def run_dispatch(self) -> dict | None:
        """Check and write; the manifest, or None with the problem shown in the dialog."""
        from ...collect.dispatch import DispatchError, dispatch, parse_deadline
        from ...collect.units import UnitsError, read_units

        def fail(text: str) -> None:
            self.error.setText(text)
            self.error.show()

        units_path = self.units_edit.text().strip()
        if not units_path:
            return fail("请选择单位名单文件（Excel 或 CSV，含“单位名称”列）")
        if not self.forms():
            return fail("请至少勾选一张表样")
        if not self.out_edit.text().strip():
            return fail("请选择输出文件夹")
        try:
            units = read_units(units_path)
            if self.deadline_edit.text().strip():
                parse_deadline(self.deadline_edit.text())
        except (UnitsError, DispatchError) as exc:
            return fail(str(exc))
        if not units:
            return fail(f"单位名单中没有单位：{units_path}")
        args = dict(deadline=self.deadline_edit.text(), note=self.note_edit.toPlainText(),
                    issuer=self.issuer_edit.text())
        try:
            try:
                manifest = dispatch(units, self.year_box.value(), self.forms(), self.out_dir(), self.registry, **args)
            except DispatchError as exc:
                if not str(exc).startswith("文件已存在") or not dialogs.confirm(
                        self, "下发任务", f"{str(exc).split('（')[0]}。输出文件夹中已有同名文件，覆盖吗？"):
                    raise
                manifest = dispatch(units, self.year_box.value(), self.forms(), self.out_dir(), self.registry,
                                    force=True, **args)
        except DispatchError as exc:
            return fail(str(exc).replace("（如要覆盖，请加 --force）", "（未覆盖）"))
        except OSError as exc:
            return fail(f"无法写入 {self.out_dir()}：{exc.strerror or exc}")
        self.error.hide()
        self.result_manifest = manifest
        return manifest

    def _accept(self) -> None:
        if self.run_dispatch() is not None:
            self.accept()

    def _browse_units(self) -> None:
        path = dialogs.ask_open_file(self, "选择单位名单", "", "单位名单 (*.xlsx *.csv);;所有文件 (*)")
        if path:
            self.units_edit.setText(path)

    def _browse_out(self) -> None:
        path = ask_folder(self, "选择输出文件夹")
        if path:
            self.out_edit.setText(path)
