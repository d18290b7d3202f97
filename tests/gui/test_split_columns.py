"""Split value columns in the indicator editor: 指标性质 | 指标值 | 度量单位 over one stored value."""
import json

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QStyleOptionViewItem

from perfdesk.domain.values import OPERATOR_CHOICES, IndicatorValue, Kind, Op
from perfdesk.gui import indicator_clipboard as clip
from perfdesk.gui.delegates import CellDelegate
from perfdesk.gui.document import Document
from perfdesk.gui.indicator_model import MIME_ROWS, IndicatorTreeModel
from perfdesk.gui.roles import CHOICES_ROLE, EDITOR_ROLE, FREE_CHOICE_ROLE

from .split_form import split_workbook

H = Qt.Orientation.Horizontal


def setup():
    doc = Document.untitled(split_workbook())
    form = doc.workbook.forms[0]
    model = IndicatorTreeModel(doc, form.id)
    return doc, form, model


def row(model, *path):
    index = QModelIndex()
    for r in path:
        index = model.index(r, 0, index)
    return index


def test_split_columns_show_three_parts_of_one_value(qtmodeltester):
    doc, form, model = setup()
    qtmodeltester.check(model)
    headers = [model.headerData(i, H) for i in range(model.columnCount())]
    assert headers[1:7] == ["指标性质", "年度指标值", "度量单位", "指标性质", "实际完成值", "单位"]
    assert headers[7:] == ["权重", "得分", "建议得分", "偏差原因分析及改进措施"]
    assert model.column_of("target_value") == 2 and list(model.view_columns("target_value")) == [1, 2, 3]
    typed = row(model, 0, 0, 0)
    assert [model.data(typed.siblingAtColumn(c)) for c in (1, 2, 3)] == ["≥", "120", "公里"]
    # a value typed as one text is cut into its parts for show, as typed
    joined = row(model, 0, 0, 1)
    assert [model.data(joined.siblingAtColumn(c)) for c in (1, 2, 3)] == ["≥", "90", "%"]
    assert [model.data(joined.siblingAtColumn(c)) for c in (4, 5, 6)] == ["＝", "100", "%"]
    words = row(model, 0, 0, 2)
    assert [model.data(words.siblingAtColumn(c)) for c in (1, 2, 3)] == ["定性", "有效改善", ""]
    assert [model.data(words.siblingAtColumn(c)) for c in (4, 5, 6)] == ["", "", ""]
    # 指标性质 is a drop-down of the fixed choices; the other two are typed
    op = typed.siblingAtColumn(1)
    assert model.data(op, EDITOR_ROLE) == "choice" and not model.data(op, FREE_CHOICE_ROLE)
    assert model.data(op, CHOICES_ROLE) == list(OPERATOR_CHOICES)
    assert model.data(words.siblingAtColumn(4), CHOICES_ROLE) == [""] + list(OPERATOR_CHOICES)
    assert model.data(typed.siblingAtColumn(2), EDITOR_ROLE) == "part_value"
    assert model.data(typed.siblingAtColumn(3), EDITOR_ROLE) == "part_unit"
    assert "分三栏" in model.headerData(1, H, Qt.ItemDataRole.ToolTipRole)
    assert "限 20 字" in model.headerData(10, H, Qt.ItemDataRole.ToolTipRole)


def test_editing_a_part_builds_the_value_from_the_three_texts_one_undo_step_each(qtmodeltester):
    doc, form, model = setup()
    qtmodeltester.check(model)
    changed = []
    model.dataChanged.connect(lambda a, b: changed.append((a.column(), b.column())))
    node = form.indicators[0].children[0].children[0]
    cell = row(model, 0, 0, 0)
    assert model.setData(cell.siblingAtColumn(1), "≤")
    value = node.cells["target_value"]
    assert (value.parts, value.shown, value.op, value.number) == (("≤", "120", "公里"), "≤120公里", Op.LE, 120)
    assert model.setData(cell.siblingAtColumn(2), "150")
    assert model.setData(cell.siblingAtColumn(3), "千米")
    assert node.cells["target_value"].shown == "≤150千米"
    assert doc.undo_stack.count() == 3
    assert (1, 3) in changed          # all three parts follow a change of the value
    assert model.setData(cell.siblingAtColumn(3), "千米")     # the same text: no step
    assert doc.undo_stack.count() == 3
    doc.undo_stack.undo()
    assert node.cells["target_value"].shown == "≤150公里"
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert node.cells["target_value"].parts == ("≥", "120", "公里")
    # 定性: the value is words, whatever it says
    assert model.setData(cell.siblingAtColumn(1), "定性")
    assert node.cells["target_value"].kind is Kind.QUALITATIVE
    # a joined value edited in one part becomes a split one; clearing every part empties the cell
    joined = row(model, 0, 0, 1)
    assert model.setData(joined.siblingAtColumn(2), "95")
    assert form.indicators[0].children[0].children[1].cells["target_value"].parts == ("≥", "95", "%")
    for c in (1, 2, 3):
        model.setData(joined.siblingAtColumn(c), "")
    assert "target_value" not in form.indicators[0].children[0].children[1].cells
    assert model.validate(joined.siblingAtColumn(2), "有效改善") is None


def test_the_drop_down_edits_the_operator(qtbot):
    doc, form, model = setup()
    delegate = CellDelegate()
    cell = row(model, 0, 0, 0).siblingAtColumn(1)
    editor = delegate.createEditor(None, QStyleOptionViewItem(), cell)
    qtbot.addWidget(editor)
    assert isinstance(editor, QComboBox) and not editor.isEditable()
    delegate.setEditorData(editor, cell)
    assert editor.currentText() == "≥"
    editor.setCurrentIndex(editor.findText("＞"))
    delegate.setModelData(editor, model, cell)
    assert form.indicators[0].children[0].children[0].cells["target_value"].shown == "＞120公里"
    assert doc.undo_stack.count() == 1
    # opening and leaving the drop-down of an empty value changes nothing
    empty = row(model, 0, 0, 2).siblingAtColumn(4)
    editor = delegate.createEditor(None, QStyleOptionViewItem(), empty)
    qtbot.addWidget(editor)
    delegate.setEditorData(editor, empty)
    delegate.setModelData(editor, model, empty)
    assert doc.undo_stack.count() == 1
    part = delegate.createEditor(None, QStyleOptionViewItem(), row(model, 0, 0, 0).siblingAtColumn(2))
    qtbot.addWidget(part)
    assert isinstance(part, QLineEdit) and part.placeholderText()


def test_copied_rows_carry_the_three_texts():
    doc, form, model = setup()
    leaf = row(model, 0, 0, 0)
    data = model.mimeData([leaf, row(model, 0, 0, 1)])
    payload = json.loads(bytes(data.data(MIME_ROWS)).decode("utf-8"))
    assert payload["nodes"][0]["parts"]["target_value"] == ["≥", "120", "公里"]
    level, nodes = clip.internal_rows(form, data)
    assert level == 3
    assert nodes[0].cells["target_value"] == form.indicators[0].children[0].children[0].cells["target_value"]
    assert nodes[1].cells["target_value"].shown == "90%以上"
    # as text, laid out like the printed table: the split columns take three cells each
    lines = data.text().split("\r\n")
    assert lines[0].split("\t")[:9] == ["产出指标", "数量指标", "养护里程", "≥", "120", "公里", "＝", "126", "公里"]
    # and back: a full table pasted from Excel
    rows = clip.parse_tsv(data.text())
    records = list(clip.full_rows(form, rows))
    assert records[0][3]["target_value"].parts == ("≥", "120", "公里")
    assert records[0][3]["weight"] == 20
    leaves = clip.leaf_nodes(form, [["新指标", "≤", "3", "天", "", "", "", "10"]])
    assert leaves[0].cells["target_value"].shown == "≤3天" and leaves[0].cells["weight"] == 10


def test_pasting_copied_rows_goes_through_one_undo_step(qtmodeltester):
    doc, form, model = setup()
    qtmodeltester.check(model)
    data = model.mimeData([row(model, 0, 0, 0)])
    parent = row(model, 0, 1)
    assert model.canDropMimeData(data, Qt.DropAction.CopyAction, 0, 0, parent)
    assert model.dropMimeData(data, Qt.DropAction.CopyAction, 0, 0, parent)
    pasted = form.indicators[0].children[1].children[0]
    assert pasted.cells["target_value"].parts == ("≥", "120", "公里")
    assert doc.undo_stack.count() == 1
    assert isinstance(pasted.cells["actual_value"], IndicatorValue)
