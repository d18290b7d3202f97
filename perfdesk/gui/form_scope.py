"""Which forms to print or export: the current form, a chosen selection, or the whole workbook;
for a print also the options (字体, 封面, 目录) the user chose last time (print_options).

Shown through dialogs.run_dialog (tests answer it); the dialog changes nothing itself.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QGroupBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton,
                               QRadioButton, QVBoxLayout, QWidget)

from .print_options import PrintOptions, missing_font_note
from .scopes import ALL, CURRENT, SELECTED


class FormScopeDialog(QDialog):
    def __init__(self, workbook, current_form_id: str, title: str, ok_text: str, with_cover: bool = True,
                 scope: str = CURRENT, selected: list[str] | None = None, parent: QWidget | None = None,
                 options: PrintOptions | None = None, fonts: list[str] | None = None):
        """options, fonts: a print's remembered options and the names of the fonts to offer (the
        default first); without them (导出 Excel) no options are shown."""
        super().__init__(parent)
        self.setObjectName("formScopeDialog")
        self.setWindowTitle(title)
        self.workbook = workbook
        forms = workbook.forms
        current = next((f for f in forms if f.id == current_form_id), None)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("范围："))

        self.group = QButtonGroup(self)
        self.radio_current = QRadioButton(f"当前表：{_title(current)}" if current else "当前表（未打开表单）")
        self.radio_current.setEnabled(current is not None)
        self.radio_selected = QRadioButton("选定的表：")
        self.radio_all = QRadioButton(f"整个工作簿（{len(forms)} 张表）")
        for i, radio in enumerate((self.radio_current, self.radio_selected, self.radio_all)):
            self.group.addButton(radio, i)
        self.current_id = current.id if current else ""

        self.form_list = QListWidget()
        self.form_list.setObjectName("scopeForms")
        chosen = set(selected or ()) & {f.id for f in forms} or ({current.id} if current else set())
        for n, form in enumerate(forms, start=1):
            item = QListWidgetItem(f"{n}．{_title(form)}")
            item.setData(Qt.ItemDataRole.UserRole, form.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(Qt.CheckState.Checked if form.id in chosen else Qt.CheckState.Unchecked)
            self.form_list.addItem(item)
        self.select_all = QPushButton("全选")
        self.select_none = QPushButton("全不选")
        self.select_all.clicked.connect(lambda: self._check_all(Qt.CheckState.Checked))
        self.select_none.clicked.connect(lambda: self._check_all(Qt.CheckState.Unchecked))

        layout.addWidget(self.radio_current)
        layout.addWidget(self.radio_selected)
        picker = QHBoxLayout()
        picker.setContentsMargins(24, 0, 0, 0)
        picker.addWidget(self.form_list, 1)
        side = QVBoxLayout()
        side.addWidget(self.select_all)
        side.addWidget(self.select_none)
        side.addStretch(1)
        picker.addLayout(side)
        layout.addLayout(picker, 1)
        layout.addWidget(self.radio_all)

        self.with_cover = with_cover
        options = options or PrintOptions()
        self.options_box = QGroupBox("打印选项")
        self.options_box.setObjectName("printOptions")
        form = QFormLayout(self.options_box)
        self.font_combo = QComboBox()
        self.font_combo.setObjectName("printFont")
        for n, name in enumerate(fonts or ()):
            self.font_combo.addItem(f"{name}（默认）" if n == 0 else name, name)
        found = self.font_combo.findData(options.font) if options.font else 0
        self.font_combo.setCurrentIndex(max(found, 0))
        self.font_combo.setToolTip("打印用的中文字体（能嵌入 PDF 的 TrueType 字体）")
        form.addRow("字体：", self.font_combo)
        # a remembered font this PC no longer has: said here and in the status bar
        self.font_note = QLabel(missing_font_note(options.font) if options.font and found < 0 else "")
        self.font_note.setObjectName("printFontNote")
        self.font_note.setStyleSheet("color: #8a5a00;")
        self.font_note.setWordWrap(True)
        self.font_note.setVisible(bool(self.font_note.text()))
        form.addRow(self.font_note)
        self.cover_check = QCheckBox("封面")
        self.contents_check = QCheckBox("目录")
        front = QHBoxLayout()
        front.addWidget(self.cover_check)
        front.addWidget(self.contents_check)
        front.addWidget(QLabel("（多张表时）"))
        front.addStretch(1)
        form.addRow("封面和目录：", front)
        self.options_box.setVisible(with_cover)
        layout.addWidget(self.options_box)

        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        if scope == CURRENT and current is None:
            scope = ALL
        {CURRENT: self.radio_current, SELECTED: self.radio_selected, ALL: self.radio_all}[scope].setChecked(True)
        self.group.idToggled.connect(lambda _id, _on: self._update())
        self.form_list.itemChanged.connect(lambda _item: self._update())
        self.cover_check.setChecked(options.cover)
        self.contents_check.setChecked(options.contents)
        self._update()
        self.resize(520, 460)

    # -- what was chosen --------------------------------------------------------------------
    @property
    def scope(self) -> str:
        return (CURRENT, SELECTED, ALL)[max(self.group.checkedId(), 0)]

    def checked_ids(self) -> list[str]:
        items = (self.form_list.item(i) for i in range(self.form_list.count()))
        return [item.data(Qt.ItemDataRole.UserRole) for item in items if item.checkState() == Qt.CheckState.Checked]

    def form_ids(self) -> list[str]:
        if self.scope == CURRENT:
            return [self.current_id]
        if self.scope == SELECTED:
            return self.checked_ids()
        return [f.id for f in self.workbook.forms]

    def cover(self) -> bool:
        return self.with_cover and self.cover_check.isChecked() and len(self.form_ids()) > 1

    def contents(self) -> bool:
        return self.with_cover and self.contents_check.isChecked() and len(self.form_ids()) > 1

    def font_name(self) -> str:
        """The chosen font's name; "" for the default (the first offered)."""
        index = self.font_combo.currentIndex()
        return self.font_combo.itemData(index) if index > 0 else ""

    def options(self) -> PrintOptions:
        """What to remember for next time (the check boxes as ticked, even for one form)."""
        return PrintOptions(self.font_name(), self.cover_check.isChecked(), self.contents_check.isChecked())

    def set_checked(self, form_ids: list[str]) -> None:
        """Check exactly these forms in the list (and choose 选定的表)."""
        self.radio_selected.setChecked(True)
        wanted = set(form_ids)
        for i in range(self.form_list.count()):
            item = self.form_list.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in wanted
                               else Qt.CheckState.Unchecked)

    # -- internals --------------------------------------------------------------------------
    def _check_all(self, state) -> None:
        for i in range(self.form_list.count()):
            self.form_list.item(i).setCheckState(state)

    def _update(self) -> None:
        picking = self.scope == SELECTED
        for w in (self.form_list, self.select_all, self.select_none):
            w.setEnabled(picking)
        ids = self.form_ids()
        self.ok_button.setEnabled(bool(ids))
        self.cover_check.setEnabled(len(ids) > 1)
        self.contents_check.setEnabled(len(ids) > 1)


def _title(form) -> str:
    return (form.title or form.definition.name) if form is not None else ""
