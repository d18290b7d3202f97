"""Editing details in the real widgets: F2, choices, live totals and Escape, Delete and Insert in
tables, refused header input, pasted Word numbering, Save As of a sample, cancelled opening."""
from decimal import Decimal

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox

from perfdesk.domain.places import FieldPlace, FundsPlace, IndicatorPlace, LinePlace, SectionPlace
from perfdesk.gui import file_actions as file_actions_module
from perfdesk.gui.progress import Cancelled
from perfdesk.gui.text_editors import numbered_text
from perfdesk.samples import load_sample
from perfdesk.codec import dump_workbook
from perfdesk.store.workbook_file import read_workbook, write_workbook

from .helpers import focus, press, type_text




def test_f2_edits_and_level2_names_are_chosen_from_the_categories(qtbot, window):
    window.open_sample("hebei-2022")
    window.select_cell("project_01", IndicatorPlace((0, 0)))
    tree = window.editors["project_01"].panel.view
    press(qtbot, Qt.Key.Key_F2)
    assert tree.state() == QAbstractItemView.State.EditingState
    combo = focus()
    assert isinstance(combo, QComboBox) and not combo.isEditable()
    assert [combo.itemText(i) for i in range(combo.count())] == ["数量指标", "质量指标", "时效指标", "成本指标"]
    press(qtbot, Qt.Key.Key_Down)                       # 质量指标 → 时效指标
    press(qtbot, Qt.Key.Key_Return)
    form = window.document.workbook.form("project_01")
    assert form.indicators[0].children[0].name == "时效指标"
    press(qtbot, Qt.Key.Key_Escape)
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert form.indicators[0].children[0].name == "质量指标"


def test_escape_takes_back_live_typing_and_leaves_no_undo_step(qtbot, window):
    window.open_sample("hebei-2022")
    window.select_cell("project_02", FundsPlace("budget", "other", "amount"))
    table = window.editors["project_02"].tables["budget"]
    total_before = table.model().index(0, 1).data()
    count = window.document.undo_stack.count()
    type_text(qtbot, "250")
    assert table.model().index(0, 1).data() != total_before       # the total followed
    press(qtbot, Qt.Key.Key_Escape)
    assert table.model().index(0, 1).data() == total_before
    assert window.document.undo_stack.count() == count and not window.document.modified


def test_delete_clears_amounts_and_removes_project_lines_insert_adds_one(qtbot, window, tmp_path):
    window.open_sample("nantong-2024")
    form = window.document.workbook.forms[0]
    table = form.funds_table("expense")
    window.select_cell(form.id, FundsPlace("expense", "basic", "annual"))
    press(qtbot, Qt.Key.Key_Delete)
    assert "annual" not in table.values.get("basic", {})
    lines = len(table.lines)
    window.select_cell(form.id, LinePlace("expense", 1, "half"))
    press(qtbot, Qt.Key.Key_Delete)
    assert len(table.lines) == lines - 1
    press(qtbot, Qt.Key.Key_Insert)                     # a new line, its name being typed
    type_text(qtbot, "新增项目")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "3.5")
    press(qtbot, Qt.Key.Key_Return)
    assert table.lines[1].name == "新增项目" and table.lines[1].values["half"] == Decimal("3.5")
    for _ in range(5):    # insert, name, amount, delete line, clear amount
        press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dump_workbook(window.document.workbook) == dump_workbook(load_sample("nantong-2024"))


def test_a_number_field_refuses_words_with_a_reason(qtbot, window):
    window.open_sample("rugao-2023")
    window.select_cell("dept_self_eval", FieldPlace("total_score"))
    widget = focus()
    form = window.document.workbook.forms[0]
    before = form.fields.get("total_score")
    type_text(qtbot, "分")
    assert widget.property("error") and "不是数字" in widget.toolTip()
    assert form.fields.get("total_score") == before
    press(qtbot, Qt.Key.Key_Backspace)
    assert not widget.property("error")


def test_narrative_keeps_numbering_pasted_from_a_word_list(qtbot, window):
    assert numbered_text("<ol><li>深化改革</li><li>加强法治</li></ol><p>（三）其他</p>") == "1. 深化改革\n2. 加强法治\n（三）其他"
    window.open_sample("hebei-2022")
    window.select_cell("project_03", SectionPlace("goal"))
    edit = focus()
    edit.clear()
    data = QMimeData()
    data.setHtml("<ol><li>按时缴纳</li><li>保障出行</li></ol>")
    edit.insertFromMimeData(data)
    assert window.document.workbook.form("project_03").sections["goal"] == "1. 按时缴纳\n2. 保障出行"


def test_save_as_turns_a_sample_into_a_workbook_file(qtbot, window, dialog_log, tmp_path):
    window.open_sample("shenzhen-guangming-2024")
    window.select_cell("project_self_eval", SectionPlace("goal_actual"))
    type_text(qtbot, "已完成")
    dialog_log.save_path = str(tmp_path / "光明.perfdesk")
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.document.path == tmp_path / "光明.perfdesk"
    assert read_workbook(tmp_path / "光明.perfdesk").forms[0].sections["goal_actual"].startswith("已完成")
    assert window.windowTitle().startswith("光明.perfdesk")


def test_cancelled_opening_leaves_nothing_open(qtbot, window, tmp_path, monkeypatch):
    path = tmp_path / "hebei.perfdesk"
    write_workbook(path, load_sample("hebei-2022"))
    real_step = file_actions_module.Progress.step

    def step(progress, label):
        if label == "准备目录":
            raise Cancelled()
        real_step(progress, label)

    monkeypatch.setattr(file_actions_module.Progress, "step", step)
    assert not window.open_path(str(path))
    assert window.document is None and window.central.currentWidget() is window.start_page
    monkeypatch.setattr(file_actions_module.Progress, "step", real_step)
    assert window.open_path(str(path))           # the file was left closed and usable
    assert len(window.document.workbook.forms) == 10


def test_a_new_unit_name_retitles_forms_and_is_saved_with_them(qtbot, window, tmp_path):
    path = tmp_path / "nantong.perfdesk"
    write_workbook(path, load_sample("nantong-2024"))
    window.open_path(str(path))
    form = window.document.workbook.forms[0]
    form.title = "南通市市场监管局网络受理中心部门整体预算绩效目标表"   # as its template gives it
    window.document.file.save(window.document.workbook)
    window.show_form("")
    unit = window.workbook_page.widgets["unit"]
    unit.setFocus()
    unit.selectAll()
    type_text(qtbot, "南通市市场监督管理局")
    assert form.title == "南通市市场监督管理局部门整体预算绩效目标表"
    assert window.editors[form.id].title_edit.text() == form.title
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    again = read_workbook(path)
    assert again.unit == "南通市市场监督管理局" and again.forms[0].title == form.title
