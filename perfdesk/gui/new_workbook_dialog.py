"""新建工作簿: the unit, its code, the year, and which forms (project forms as many as needed)."""
from __future__ import annotations

import datetime as dt

import msgspec
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
)

from ..definitions.loader import default_registry
from ..domain.blank import new_workbook
from ..domain.kinds import per_project
from ..domain.definition import FormDefinition
from ..domain.model import Workbook


class FormChoice(msgspec.Struct):
    definition: FormDefinition
    check: QCheckBox
    count: QSpinBox | None


class NewWorkbookDialog(QDialog):
    def __init__(self, parent=None, registry=None):
        super().__init__(parent)
        self.setWindowTitle("新建工作簿")
        registry = registry or default_registry()
        self.unit = QLineEdit()
        self.unit.setObjectName("unit")
        self.unit.setPlaceholderText("如：某某市市场监督管理局")
        self.unit_code = QLineEdit()
        self.unit_code.setObjectName("unit_code")
        self.unit_code.setPlaceholderText("预算单位编码，可不填")
        self.year = QSpinBox()
        self.year.setObjectName("year")
        self.year.setRange(2000, 2100)
        self.year.setValue(dt.date.today().year)
        self.year.setSuffix(" 年度")
        form = QFormLayout()
        form.addRow("单位名称 *", self.unit)
        form.addRow("单位编码", self.unit_code)
        form.addRow("年度", self.year)

        box = QGroupBox("包含的表")
        grid = QGridLayout(box)
        self.choices: list[FormChoice] = []
        for row, definition in enumerate(sorted(registry, key=lambda d: (per_project(d), d.name))):
            check = QCheckBox(definition.name)
            check.setObjectName(f"form_{definition.id}")
            check.setToolTip(f"表样：{definition.source}")
            grid.addWidget(check, row, 0)
            count = None
            if per_project(definition):
                count = QSpinBox()
                count.setObjectName(f"count_{definition.id}")
                count.setRange(1, 99)
                count.setSuffix(" 个项目")
                count.setEnabled(False)
                check.toggled.connect(count.setEnabled)
                grid.addWidget(count, row, 1)
            check.toggled.connect(self._validate)
            self.choices.append(FormChoice(definition, check, count))
        hint = QLabel("项目表可在填写时随时添加或删除。")
        hint.setStyleSheet("color: #5f6b7a;")
        grid.addWidget(hint, len(self.choices), 0, 1, 2)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("创建")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(box)
        layout.addWidget(self.buttons)
        self.unit.textChanged.connect(self._validate)
        self._validate()
        self.setMinimumSize(layout.sizeHint())   # explicit: the layout need not resize the window

    def _validate(self, *_):
        ok = bool(self.unit.text().strip()) and any(c.check.isChecked() for c in self.choices)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def choose(self, definition_id: str, count: int = 1) -> None:
        for c in self.choices:
            if c.definition.id == definition_id:
                c.check.setChecked(True)
                if c.count is not None:
                    c.count.setValue(count)

    def workbook(self) -> Workbook:
        chosen = [(c.definition, c.count.value() if c.count else 1) for c in self.choices if c.check.isChecked()]
        return new_workbook(self.unit.text().strip(), self.unit_code.text().strip(), self.year.value(), chosen)
