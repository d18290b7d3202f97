"""Before an Excel import is applied: which definition each sheet was read with, the money units
converted, the problems found, what it will add or change, and every source cell it did not place.

The main window (not this module) reads the file with perfdesk.xlsx.import_xlsx, shows this
dialog through `ask_import` (or `confirm_import`), and on acceptance takes a snapshot and adopts
`result.workbook`. The dialog itself changes nothing; when the user asks for another definition
("改用表样…") it says which, and the caller reads the file again with it.
"""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QHeaderView, QLabel, QStyle,
                               QStyledItemDelegate, QStyleOptionViewItem, QTreeView, QVBoxLayout, QWidget)

from .table_model import NodeTreeModel
from ..xlsx.problems import (ADDED, CHANGED, UNCHANGED, Change, DefinitionChoice, ImportResult, NotPlaced,
                             Problem, UnitConversion)

HEADERS = ("类别", "表单 / 位置", "内容", "说明")
_ERROR_BRUSH = QBrush(QColor("#b00020"))
_WARN_BRUSH = QBrush(QColor("#8a5a00"))
_DIM_BRUSH = QBrush(QColor("#707070"))
_MAX_SHOWN = 200          # characters of a cell's text shown in the list; the tooltip has it all

NOT_PLACED_KIND = "未导入"


class _Row:
    """A line of the preview: a definition choice, a unit conversion, a problem, a change (its
    details as children) or the not-placed group (one child per cell)."""

    def __init__(self, kind: str, place: str, text: str, note: str = "", item=None):
        self.kind, self.place, self.text, self.note, self.item = kind, place, text, note, item
        self.parent: _Row | None = None
        self.row = 0                          # its row under its parent (kept: index() is hot)
        self.children: list[_Row] = []

    def add(self, child: _Row) -> _Row:
        child.parent, child.row = self, len(self.children)
        self.children.append(child)
        return child


def is_doubtful(choice: DefinitionChoice) -> bool:
    """A match worth a second look: the chosen definition (the one that places most of the
    sheet's cells) still leaves more than a tenth of them unplaced, so the sheet may be a layout
    no installed definition covers. A definition the user named is never doubted."""
    if choice.forced or choice.total <= 0:
        return False
    return choice.matched / choice.total < 0.9


class ImportPreviewModel(NodeTreeModel):
    """Read-only tree, in the order a reader checks an import: the definition chosen for each
    sheet, the unit conversions, errors and warnings, each form's change with its details, and
    last the group of source cells that were not placed."""

    HEADERS = HEADERS

    def __init__(self, result: ImportResult, parent=None):
        super().__init__(parent)
        self.result = result
        self.root = self._root = _Row("", "", "")
        for choice in result.choices:
            self._root.add(_choice_row(choice))
        for conversion in result.conversions:
            self._root.add(_conversion_row(conversion))
        for problem in result.errors + result.warnings:
            self._root.add(_problem_row(problem))
        for change in result.changes:
            self._root.add(_change_row(change))
        self.not_placed_row: _Row | None = None
        if result.not_placed:
            self.not_placed_row = self._root.add(_not_placed_group(result.not_placed))

    # -- content --------------------------------------------------------------------------
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node: _Row = index.internalPointer()
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            value = (node.kind, node.place, node.text, node.note)[column]
            if isinstance(node.item, NotPlaced) and column == 2 and len(value) > _MAX_SHOWN:
                value = value[:_MAX_SHOWN - 1] + "…"
            return value
        if role == Qt.ItemDataRole.ToolTipRole:
            if isinstance(node.item, NotPlaced):
                # the cell's whole text, however long, and the reason
                return f"工作表“{node.item.sheet}” {node.item.cell}：\n{node.item.text}\n\n{node.item.why}"
            if isinstance(node.item, DefinitionChoice) and is_doubtful(node.item):
                return str(node.item) + "\n匹配不确定：可用“改用表样…”按其他表样重新读入。"
            if isinstance(node.item, (Problem, Change, DefinitionChoice, UnitConversion)):
                return str(node.item)
            return (node.kind, node.place, node.text, node.note)[column] or None
        if role == Qt.ItemDataRole.ForegroundRole:
            item = node.item
            if isinstance(item, Problem):
                return _ERROR_BRUSH if item.is_error else _WARN_BRUSH
            if node is self.not_placed_row:
                return _WARN_BRUSH
            if isinstance(item, DefinitionChoice) and is_doubtful(item):
                return _WARN_BRUSH
            if isinstance(item, Change) and item.kind == UNCHANGED:
                return _DIM_BRUSH
            if node.parent is not None and isinstance(node.parent.item, Change):
                return _DIM_BRUSH       # a change's details
            return None
        if role == Qt.ItemDataRole.FontRole and node is self.not_placed_row:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def problem_count(self) -> int:
        return len(self.result.problems)

    def not_placed_index(self) -> QModelIndex:
        """The not-placed group's row (invalid when every cell was placed)."""
        if self.not_placed_row is None:
            return QModelIndex()
        return self.createIndex(self.not_placed_row.row, 0, self.not_placed_row)


def _sheet(name: str) -> str:
    return f"工作表“{name}”" if name else "整个文件"


def _choice_row(choice: DefinitionChoice) -> _Row:
    named = f"{choice.definition_name}（{choice.definition_id}）"
    if choice.forced:
        text = f"按指定的表样读入：{named}，读入 {choice.matched}/{choice.total} 个单元格"
    else:
        text = f"匹配 {named}：读入 {choice.matched}/{choice.total} 个单元格"
    if choice.runner_up_id:
        note = (f"其次：{choice.runner_up_name}（{choice.runner_up_id}）："
                f"{choice.runner_up_matched}/{choice.runner_up_total}")
    else:
        note = "" if choice.forced else "没有其他相近的表样"
    if is_doubtful(choice):
        note = "匹配不确定，请核对；" + note if note else "匹配不确定，请核对"
    return _Row("表样", _sheet(choice.sheet), text, note, choice)


def _conversion_row(conversion: UnitConversion) -> _Row:
    text = f"按{conversion.source_unit}读入，换算为{conversion.unit}"
    note = conversion.example
    if conversion.count > 1:
        note += ("，" if note else "") + f"共 {conversion.count} 个金额"
    return _Row("金额单位", _sheet(conversion.sheet), text, note, conversion)


def _problem_row(problem: Problem) -> _Row:
    place = "，".join(x for x in (f"工作表“{problem.sheet}”" if problem.sheet else "",
                                  f"第 {problem.row} 行" if problem.row else "",
                                  f"{problem.column_letter} 列" if problem.column else "") if x)
    return _Row("错误" if problem.is_error else "提示", place or "整个文件", problem.message, "", problem)


def _change_row(change: Change) -> _Row:
    summary = {ADDED: "将新增这张表", CHANGED: f"将修改 {len(change.details)} 处", UNCHANGED: "与当前内容相同"}.get(
        change.kind, "")
    row = _Row(change.label, f"{change.title}（{change.form_id}）", summary, "", change)
    for detail in change.details:
        row.add(_Row("", "", detail))
    return row


def _not_placed_group(cells: list[NotPlaced]) -> _Row:
    """The group, then one row per sheet (in the order met), then its cells: the address stands
    alone in its column, so that a long sheet name never hides it."""
    group = _Row(NOT_PLACED_KIND, f"未导入的单元格（{len(cells)} 个）", "下列单元格的内容不会进入工作簿，请逐个核对",
                 "未导入的原因")
    by_sheet: dict[str, list[NotPlaced]] = {}
    for cell in cells:
        by_sheet.setdefault(cell.sheet, []).append(cell)
    for sheet, found in by_sheet.items():
        row = group.add(_Row("", _sheet(sheet), f"{len(found)} 个单元格"))
        for cell in found:
            row.add(_Row("", cell.cell, cell.text, cell.why, cell))
    return group


class _WrapDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text: QTreeView asks a delegate for a row's height without
    telling it the column's width, so long texts (a note under a table, a runner-up's name)
    would otherwise be cut to one line and elided, hiding what the reader must check."""

    def __init__(self, view: QTreeView):
        super().__init__(view)
        self._view = view

    def sizeHint(self, option, index):
        base = super().sizeHint(option, index)
        if index.column() == 0:
            return base          # short words; the tree's indentation lives in this column
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        if not opt.text:
            return base
        style = self._view.style()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, opt, self._view) + 1
        width = max(self._view.header().sectionSize(index.column()) - 2 * margin - 2, 24)
        bound = opt.fontMetrics.boundingRect(QRect(0, 0, width, 1 << 20),
                                             int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap), opt.text)
        return QSize(base.width(), max(base.height(), bound.height() + base.height() - opt.fontMetrics.height()))


def summary_text(result: ImportResult) -> str:
    name = Path(result.source).name
    if result.errors:
        text = (f"“{name}”有 {len(result.errors)} 处错误，不能导入。工作簿不会有任何改动；"
                "请按下列位置修改 Excel 文件后再导入。")
        if result.not_placed:
            text += f"另有 {len(result.not_placed)} 个单元格未能导入（见列表末尾）。"
        return text
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
    if result.not_placed:
        text += f"有 {len(result.not_placed)} 个单元格未导入，其内容不会进入工作簿（见列表末尾），请逐个核对。"
    elif result.choices:
        # choices are filled by the same reader that accounts for every cell: only then is it known
        text += "源表的每个非空单元格都已放入工作簿。"
    if any(is_doubtful(c) for c in result.choices):
        text += "表样匹配不确定，请核对所选表样。"
    if result.conversions:
        text += "金额已换算单位，请核对。"
    if result.warnings:
        text += f"另有 {len(result.warnings)} 条提示，请核对。"
    if result.has_effect:
        text += "导入前会自动保存快照，可随时恢复。"
    return text


class Answer(NamedTuple):
    """What the user decided in the preview: import (accepted), not, or read the file again with
    another definition (definition: its id)."""

    accepted: bool
    definition: str | None = None


class ImportPreviewDialog(QDialog):
    """`definitions`: (id, name) of the definitions the file may be read with instead ("改用表样…");
    None when the caller cannot read it again with another (the button is then not shown)."""

    def __init__(self, result: ImportResult, parent: QWidget | None = None,
                 definitions: list[tuple[str, str]] | None = None):
        super().__init__(parent)
        self.import_result = result      # (QDialog.result() is the dialog's own outcome)
        self.requested_definition: str | None = None
        self._definitions = list(definitions or [])
        self.setWindowTitle("导入预览")
        self.resize(1000, 680)
        screen = (parent.screen() if parent is not None else None) or self.screen()
        if screen is not None:         # most offices' laptops: 1366×768
            room = screen.availableGeometry()
            self.resize(min(1100, int(room.width() * 0.9)), min(720, int(room.height() * 0.9)))
        layout = QVBoxLayout(self)
        self.summary = QLabel(summary_text(result))
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.model = ImportPreviewModel(result, self)
        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.setUniformRowHeights(False)
        self.view.setWordWrap(True)
        self.view.setItemDelegate(_WrapDelegate(self.view))
        self.view.setAlternatingRowColors(True)
        header = self.view.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # 类别 is short; 位置 holds a sheet name and a cell address; 内容 holds the text that matters
        self.view.setColumnWidth(0, 110)
        self.view.setColumnWidth(1, 240)
        self.view.setColumnWidth(2, 360)
        self.view.expandAll()            # every not-placed cell is in view without a click
        # wrapped heights follow the column widths: lay out again once a resize has settled
        self._relayout = QTimer(self, singleShot=True, interval=50)
        self._relayout.timeout.connect(self.view.doItemsLayout)
        header.sectionResized.connect(self._relayout.start)
        layout.addWidget(self.view, 1)

        # When cells were not placed, importing loses source content: the officer must have seen
        # the list. A tick box is what a careful finance officer knows from forms of this kind
        # (确认已核对) and it cannot be passed by a reflexive Enter, unlike a default button; the
        # button says 仍然导入 so that the consequence is named where it is pressed, and 取消 is
        # the default so that Enter never imports.
        can_import = result.ok and result.has_effect
        self.reviewed = QCheckBox(f"我已核对上面列出的 {len(result.not_placed)} 个未导入的单元格"
                                  "（其内容不会进入工作簿）")
        self.reviewed.setVisible(bool(result.not_placed) and can_import)
        self.reviewed.toggled.connect(self._update_buttons)
        layout.addWidget(self.reviewed)

        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton("仍然导入" if result.not_placed else "导入",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.definition_button = self.buttons.addButton("改用表样…", QDialogButtonBox.ButtonRole.ActionRole)
        self.definition_button.setToolTip("按另一种表样重新读入此文件（所有工作表）；工作簿不会改动")
        self.definition_button.setVisible(bool(self._definitions))
        self.definition_button.setAutoDefault(False)
        self.definition_button.clicked.connect(self._choose_definition)
        if not can_import:
            self.cancel_button.setText("关闭")
        if result.not_placed:
            self.import_button.setAutoDefault(False)
            self.cancel_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update_buttons()

    def can_import(self) -> bool:
        result = self.import_result
        if not (result.ok and result.has_effect):
            return False
        return not result.not_placed or self.reviewed.isChecked()

    def _update_buttons(self, *_args) -> None:
        self.import_button.setEnabled(self.can_import())
        waiting = self.import_result.ok and self.import_result.has_effect and not self.can_import()
        self.import_button.setToolTip("请先核对未导入的单元格，并勾选上面的确认框" if waiting else "")

    def accept(self):
        if self.can_import():
            super().accept()

    def definition_items(self) -> list[tuple[str, str]]:
        """The definitions offered by 改用表样…: each sheet's runner-up first, then the others;
        a definition already chosen for every sheet is left out (reading with it changes nothing)."""
        chosen = {c.definition_id for c in self.import_result.choices}
        only = chosen if len(chosen) == 1 else set()
        names = dict(self._definitions)
        first = [c.runner_up_id for c in self.import_result.choices if c.runner_up_id in names]
        order = list(dict.fromkeys(first + [d for d, _ in self._definitions]))
        return [(d, names[d]) for d in order if d not in only]

    def _choose_definition(self) -> None:
        from . import dialogs

        items = self.definition_items()
        if not items:
            return
        index = dialogs.ask_item(self, "改用表样", "按哪一种表样重新读入此文件（所有工作表都按它读入）：",
                                 [f"{name}（{d}）" for d, name in items])
        if index is None:
            return
        self.requested_definition = items[index][0]
        self.reject()          # the caller reads the file again and shows a new preview


def ask_import(parent: QWidget | None, result: ImportResult,
               definitions: list[tuple[str, str]] | None = None) -> Answer:
    """Show the preview modally (through dialogs.run_dialog, which tests replace)."""
    from . import dialogs

    dialog = ImportPreviewDialog(result, parent, definitions)
    try:
        accepted = dialogs.run_dialog(dialog)
        if dialog.requested_definition:
            return Answer(False, dialog.requested_definition)
        # a stand-in for exec() may answer True: the dialog's own rule (reviewed) still holds
        return Answer(bool(accepted) and dialog.can_import())
    finally:
        dialog.deleteLater()


def confirm_import(parent: QWidget | None, result: ImportResult) -> bool:
    """True when the user chose to import (the preview without 改用表样…)."""
    return ask_import(parent, result).accepted


__all__ = ["Answer", "ImportPreviewDialog", "ImportPreviewModel", "ask_import", "confirm_import",
           "is_doubtful", "summary_text"]
