"""The Qt models over the domain: checked with qtmodeltester, also after structural edits."""
from decimal import Decimal

from PySide6.QtCore import QModelIndex, Qt

from perfdesk.definitions.library import default_library
from perfdesk.domain import edits
from perfdesk.domain.model import IndicatorNode
from perfdesk.domain.places import IndicatorPlace
from perfdesk.gui import style
from perfdesk.gui.completeness_model import CompletenessModel, MissingModel
from perfdesk.gui.document import Document
from perfdesk.gui.funds_model import FundsTableModel
from perfdesk.gui.indicator_model import IndicatorTreeModel
from perfdesk.gui.library_panel import LibraryModel
from perfdesk.gui.list_model import ListTableModel
from perfdesk.gui.navigator_model import NavigatorFilter, NavigatorModel
from perfdesk.gui.roles import EDITOR_ROLE, CHOICES_ROLE, FREE_CHOICE_ROLE, PLACE_ROLE
from perfdesk.gui.start_page import RecentModel, SampleModel
from perfdesk.samples import sample_names


def test_every_model_of_every_sample_passes_the_model_tester(qtmodeltester):
    for name in sample_names():
        doc = Document.sample(name)
        qtmodeltester.check(NavigatorModel(doc))
        completeness = CompletenessModel(doc)
        qtmodeltester.check(completeness)
        missing = MissingModel(completeness)
        missing.show_form(doc.workbook.forms[-1].id)
        qtmodeltester.check(missing)
        for form in doc.workbook.forms:
            qtmodeltester.check(IndicatorTreeModel(doc, form.id))
            for table in form.definition.funds:
                qtmodeltester.check(FundsTableModel(doc, form.id, table.id))
            for list_def in form.definition.lists:
                qtmodeltester.check(ListTableModel(doc, form.id, list_def.id))
    qtmodeltester.check(RecentModel())
    qtmodeltester.check(SampleModel())


def test_the_library_model_passes_the_model_tester_across_searches(qtmodeltester):
    model = LibraryModel()
    model.set_library(default_library())
    qtmodeltester.check(model)       # stays attached through the resets below
    model.search("执行率", None, None)
    found = model.rowCount()
    assert found > 0 and "执行率" in model.data(model.index(0, 0))
    assert model.entry(model.index(0, 0)).name == model.data(model.index(0, 0))
    assert model.data(model.index(0, 0), Qt.ItemDataRole.UserRole) is model.entry(model.index(0, 0))
    assert model.headerData(2, Qt.Orientation.Horizontal) == "类别"
    model.search("没有这种指标xyz", None, None)
    assert model.rowCount() == 0 and model.entry(model.index(0, 0)) is None


def test_indicator_model_follows_structural_edits_and_undo(qtmodeltester):
    doc = Document.sample("hebei-2022")
    model = IndicatorTreeModel(doc, "project_07")
    qtmodeltester.check(model)      # stays attached: every later change is checked too
    form = doc.workbook.form("project_07")
    doc.push(edits.InsertNodes(form.id, (0, 0), 0, (IndicatorNode("新指标"),)), "添加")
    doc.push(edits.MoveNode(form.id, (0, 0), (0,), 3), "下移")
    doc.push(edits.outdent(form, (0, 2, 0)), "升级")
    doc.push(edits.RemoveNodes(form.id, (), 1), "删除")
    doc.push(edits.SetValue(form.id, IndicatorPlace((0,)), "履职"), "改名")
    for _ in range(5):
        doc.undo_stack.undo()
    for _ in range(5):
        doc.undo_stack.redo()
    assert model.rowCount() == 2


def test_indicator_model_shows_values_in_the_forms_notation_and_marks_what_it_cannot_read():
    doc = Document.sample("hebei-2022")
    model = IndicatorTreeModel(doc, "project_01")
    quality = model.index(0, 0, model.index(0, 0))
    rate = model.index(0, 0, quality)
    assert model.data(rate) == "公车保险缴纳率"
    target = rate.siblingAtColumn(model.column_of("target_value"))
    assert model.data(target) == "≥95百分比"                   # as typed: never rewritten for show
    assert "本表写法为“≥95%”" in model.data(target, Qt.ItemDataRole.ToolTipRole)
    assert model.headerData(model.column_of("target_value"), Qt.Orientation.Horizontal) == "指标值"
    assert model.setData(target, "≥ 98 %")
    assert model.data(target) == "≥98%"
    assert model.setData(target, "约12个左右吧3")              # kept as typed, and marked
    assert model.data(target) == "约12个左右吧3"
    assert model.data(target, Qt.ItemDataRole.BackgroundRole) == style.UNPARSED_BACKGROUND
    assert "无法识别" in model.data(target, Qt.ItemDataRole.ToolTipRole)
    assert doc.undo_stack.count() == 2


def test_indicator_name_choices_come_from_the_definition():
    doc = Document.sample("nantong-2024")
    model = IndicatorTreeModel(doc, "dept_target")
    top = model.index(0, 0)
    assert model.data(top, EDITOR_ROLE) == "choice"
    assert model.data(top, CHOICES_ROLE) == ["决策", "过程", "履职", "效益指标", "满意度指标"]
    assert model.data(top, FREE_CHOICE_ROLE) is False
    decision_level2 = model.index(0, 0, top)
    assert model.data(decision_level2, CHOICES_ROLE)[:3] == ["计划制定", "目标设定", "预算编制"]
    duty = model.index(2, 0)
    assert model.data(model.index(0, 0, duty), FREE_CHOICE_ROLE) is True     # 履职: 职能 written freely
    key_work = model.column_of("key_work")
    assert model.flags(model.index(0, key_work, duty)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, key_work, top)) & Qt.ItemFlag.ItemIsEditable   # 决策 has no 重点工作
    assert model.data(model.index(0, 0, model.index(0, 0, top)), EDITOR_ROLE) == "text"


def test_number_columns_refuse_words():
    doc = Document.sample("rugao-2023")
    model = IndicatorTreeModel(doc, "dept_self_eval")
    leaf = model.index(0, 0, model.index(0, 0, model.index(0, 0)))
    weight = leaf.siblingAtColumn(model.column_of("weight"))
    assert model.validate(weight, "三分") is not None
    assert not model.setData(weight, "三分")
    assert model.validate(weight, "2.5") is None
    assert model.setData(weight, "2.5")
    assert model.data(weight) == "2.5"
    assert (model.data(weight, Qt.ItemDataRole.TextAlignmentRole)
            == int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter))


def test_funds_model_computes_totals_formats_amounts_and_refuses_bad_input():
    doc = Document.sample("suzhou-2024")
    model = FundsTableModel(doc, "dept_target", "expense")
    labels = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert labels[:2] == ["基本支出", "项目支出"] and len(labels) == 2 + 6
    project = model.index(1, 2)          # 项目支出, 全年预算数: computed
    assert not model.flags(project) & Qt.ItemFlag.ItemIsEditable
    assert model.data(project, Qt.ItemDataRole.BackgroundRole) == style.COMPUTED_BACKGROUND
    assert model.data(project) == "54.81"
    assert "原表填报" in model.data(model.index(1, 1), Qt.ItemDataRole.ToolTipRole)    # 半年: stated 20, lines 24.02
    line = model.index(2, 2)
    assert model.flags(line) & Qt.ItemFlag.ItemIsEditable
    assert model.validate(line, "12a") is not None
    assert not model.setData(line, "12a")
    assert model.setData(line, "1,004.5")
    assert model.data(line) == "1,004.50"
    assert (model.data(line, Qt.ItemDataRole.TextAlignmentRole)
            == int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter))
    assert model.data(project).startswith("1,05")                 # the total followed
    income = FundsTableModel(doc, "dept_target", "income")
    assert income.data(income.index(0, 0)) == "资金总额"
    assert income.data(income.index(2, 0)) == "　一般公共预算资金"   # indented like the form
    assert income.data(income.index(0, 0), PLACE_ROLE).row_id == "total"


def test_funds_lines_are_added_and_removed_with_undo(qtmodeltester):
    doc = Document.sample("nantong-2024")
    model = FundsTableModel(doc, "dept_target", "expense")
    qtmodeltester.check(model)
    rows = model.rowCount()
    row = model.insert_line(1)
    assert model.rowCount() == rows + 1 and model.data(model.index(row, 0)) == ""
    model.remove_lines([0, 1])
    assert model.rowCount() == rows - 1
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert model.rowCount() == rows


def test_typing_in_one_amount_cell_is_one_undo_step_and_returning_leaves_none():
    doc = Document.sample("hebei-2022")
    model = FundsTableModel(doc, "project_01", "budget")
    fiscal = model.index(1, 1)
    before = model.data(fiscal, Qt.ItemDataRole.EditRole)
    for text in ("7", "7.", "7.2", "7.25"):
        model.setData(fiscal, text)
    assert doc.undo_stack.count() == 1
    assert doc.workbook.form("project_01").funds_table("budget").value("fiscal", "amount") == Decimal("7.25")
    model.setData(fiscal, before)            # typed back to where it was
    assert doc.undo_stack.count() == 0 and not doc.modified
    model.setData(fiscal, "8")
    doc.seal()                               # the editor closed: the next typing is a new step
    model.setData(fiscal, "9")
    assert doc.undo_stack.count() == 2


def test_list_model_edits_items(qtmodeltester):
    doc = Document.sample("hebei-2022")
    model = ListTableModel(doc, "dept_plan", "sub_goals")
    qtmodeltester.check(model)       # stays attached: the inserts, removals and undos are checked too
    assert model.rowCount() == 15
    value = model.index(0, model.column_of("indicator_value"))
    assert model.data(value) == "≥90%"
    assert model.setData(value, "95%以上")
    assert model.data(value) == "95%以上"       # as typed, whatever the form's notation
    model.insert_item(0)
    assert model.rowCount() == 16
    model.remove_items([0, 1])
    assert model.rowCount() == 14
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert model.data(value) == "≥90%" and model.rowCount() == 15


def test_navigator_groups_project_forms_and_filters_by_name_or_code():
    doc = Document.sample("hebei-2022")
    model = NavigatorModel(doc)
    top = model.index(0, 0)
    assert model.data(top).startswith("市场监管部门市场监督管理局本级")
    labels = [model.data(model.index(r, 0, top)) for r in range(model.rowCount(top))]
    assert labels == ["部门整体绩效目标", "项目支出（9）"]
    group = model.index(1, 0, top)
    first = model.index(0, 0, group)
    assert model.data(first) == "车辆保险费"          # the project's name; the title in the tooltip
    assert "车辆保险费绩效目标表" in model.data(first, Qt.ItemDataRole.ToolTipRole)
    parts = [model.data(model.index(r, 0, first)) for r in range(model.rowCount(first))]
    assert parts[0] == "项目编码、项目名称" and parts[-1] == "绩效指标"
    proxy = NavigatorFilter()
    proxy.setSourceModel(model)
    code = doc.workbook.form("project_03").fields["project_code"]
    proxy.setFilterFixedString(code)
    group_p = proxy.index(0, 0, proxy.index(0, 0))
    assert proxy.rowCount(group_p) == 1
    assert proxy.data(proxy.index(0, 0, group_p)) == doc.workbook.form("project_03").fields["project_name"]
    proxy.setFilterFixedString("双随机")
    assert proxy.data(proxy.index(0, 0, proxy.index(0, 0, proxy.index(0, 0)))) == "双随机抽查工作经费"


def test_navigator_puts_sections_under_their_group():
    doc = Document.sample("rugao-2023")
    model = NavigatorModel(doc)
    form = model.index(0, 0, model.index(0, 0))
    parts = [model.index(r, 0, form) for r in range(model.rowCount(form))]
    assert [model.data(p) for p in parts][:3] == ["一、部门概述", "二、评价情况", "三、主要绩效"]
    overview = parts[0]
    assert [model.data(model.index(r, 0, overview)) for r in range(model.rowCount(overview))] == [
        "（一）部门基本情况", "（二）部门收支情况", "部门收支情况", "（三）部门战略目标", "（四）主要工作任务"]
    evaluation = parts[1]
    assert model.data(model.index(3, 0, evaluation)) == "综合得分（自评）、等级（自评）"


def test_completeness_models_follow_edits(qtbot):
    doc = Document.sample("hebei-2022")
    model = CompletenessModel(doc)
    missing = MissingModel(model)
    row = [f.id for f in doc.workbook.forms].index("project_01")
    before = model.data(model.index(row, 1), Qt.ItemDataRole.UserRole)
    missing.show_form("project_01")
    count = missing.rowCount()
    assert count == 2 and "是/否" in missing.data(missing.index(0, 0))
    place = missing.data(missing.index(0, 0), PLACE_ROLE)
    from perfdesk.domain.values import IndicatorValue
    doc.push(edits.SetValue("project_01", place, IndicatorValue.parse("≤6.8万元")), "填写")
    qtbot.waitUntil(lambda: missing.rowCount() == count - 1)
    assert model.data(model.index(row, 1), Qt.ItemDataRole.UserRole) > before
    assert model.data(QModelIndex()) is None
