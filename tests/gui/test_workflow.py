"""The officer's day, driven through the real widgets by keyboard: create a workbook from the start
page, fill a project target form, build its indicators, undo and redo every step, save, close,
reopen and find everything as it was."""
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QDialogButtonBox

from perfdesk.domain.values import IndicatorValue
from perfdesk.codec import dump_workbook
from perfdesk.store.workbook_file import read_workbook

from .helpers import focus, press, type_text

ALT_SHIFT = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier




def names(form, path=()):
    nodes = form.indicators
    for i in path:
        nodes = nodes[i].children
    return [n.name for n in nodes]


def create_from_start_page(qtbot, window, dialog_log):
    def fill(dialog):
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        dialog.unit.setFocus()
        type_text(qtbot, "某某区市场监督管理局")
        press(qtbot, Qt.Key.Key_Tab)
        type_text(qtbot, "414001")
        press(qtbot, Qt.Key.Key_Tab)
        assert focus() is dialog.year
        QTest.keyClick(focus(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        type_text(qtbot, "2025")
        check = dialog.findChild(type(dialog.choices[0].check), "form_hebei_project_target")
        check.setFocus()
        press(qtbot, Qt.Key.Key_Space)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok.isEnabled()
        QTest.mouseClick(ok, Qt.MouseButton.LeftButton)
        return dialog.result() == dialog.DialogCode.Accepted

    dialog_log.run_dialog = fill
    QTest.mouseClick(window.start_page.new_button, Qt.MouseButton.LeftButton)
    assert window.document is not None
    window.activateWindow()          # the window manager's part when the dialog closes
    qtbot.waitUntil(window.isActiveWindow)


def test_create_fill_by_keyboard_undo_redo_save_and_reopen(qtbot, window, dialog_log, tmp_path):
    create_from_start_page(qtbot, window, dialog_log)
    doc = window.document
    wb = doc.workbook
    assert (wb.unit, wb.unit_code, wb.year) == ("某某区市场监督管理局", "414001", 2025)
    form = wb.forms[0]
    assert form.id == "project_01" and form.definition.id == "hebei_project_target"
    editor = window.editors[form.id]
    assert "未命名" in window.windowTitle()

    # -- header fields: typing starts in the first one; Tab and Enter move on
    assert focus() is editor.field_widgets["project_code"]
    type_text(qtbot, "13030322P00LDLE10006G")
    press(qtbot, Qt.Key.Key_Return)
    assert focus() is editor.field_widgets["project_name"]
    type_text(qtbot, "车辆保险费")
    assert form.title == "车辆保险费绩效目标表"          # the title follows the project name
    assert doc.modified and window.isWindowModified()

    # -- funds: Tab into the table lands on the first cell one can type in (预算数 is computed)
    press(qtbot, Qt.Key.Key_Tab)
    budget = editor.tables["budget"]
    assert focus() is budget and budget.currentIndex().row() == 1
    type_text(qtbot, "6.8")
    total = budget.model().index(0, 1)
    assert total.data() == "6.80"                          # the total followed the typing
    press(qtbot, Qt.Key.Key_Return)                            # → 其他资金, editing
    type_text(qtbot, "1x")                                 # refused at the cell
    editor_widget = focus()
    assert editor_widget.property("error")
    press(qtbot, Qt.Key.Key_Return)                            # Enter does not take it
    assert focus() is editor_widget
    press(qtbot, Qt.Key.Key_Backspace)
    assert not editor_widget.property("error")
    assert total.data() == "7.80"
    press(qtbot, Qt.Key.Key_Return)                            # last cell: on to the next part
    assert focus() is editor.section_widgets["fund_use"]
    type_text(qtbot, "用于公务用车保险")
    press(qtbot, Qt.Key.Key_Tab)
    plan = editor.tables["plan"]
    assert focus() is plan
    for value in ("25", "50", "75", "100"):
        type_text(qtbot, value)
        press(qtbot, Qt.Key.Key_Tab)
    assert focus() is editor.section_widgets["goal"]
    type_text(qtbot, "（一）按时缴纳保险")
    budget_table = form.funds_table("budget")
    assert budget_table.value("total", "amount") == Decimal("7.8")
    assert form.funds_table("plan").values["plan"] == {"m03": Decimal(25), "m06": Decimal(50),
                                                       "m10": Decimal(75), "m12": Decimal(100)}

    # -- indicators: the tree comes next, with the form's categories in place
    press(qtbot, Qt.Key.Key_Tab)
    tree = editor.panel.view
    assert focus() is tree
    assert names(form) == ["产出指标", "效益指标", "满意度指标"]
    press(qtbot, Qt.Key.Key_Down)                              # 数量指标
    assert editor.panel.current_path() == (0, 0)
    press(qtbot, Qt.Key.Key_Insert, Qt.KeyboardModifier.AltModifier)            # 添加下级: the name is being edited
    assert tree.state() == QAbstractItemView.State.EditingState
    type_text(qtbot, "缴纳车辆数")
    press(qtbot, Qt.Key.Key_Tab)                               # → 绩效指标描述
    type_text(qtbot, "全年缴纳保险的车辆")
    press(qtbot, Qt.Key.Key_Tab)                               # → 指标值
    type_text(qtbot, "17辆")
    press(qtbot, Qt.Key.Key_Return)                            # → 指标值确定依据
    press(qtbot, Qt.Key.Key_Escape)
    assert names(form, (0, 0)) == ["缴纳车辆数"]
    leaf = form.indicators[0].children[0].children[0]
    assert leaf.cells["target_value"] == IndicatorValue.parse("17辆")
    assert leaf.cells["description"] == "全年缴纳保险的车辆"

    tree.setCurrentIndex(editor.panel.model.index_of((0, 0, 0)))
    press(qtbot, Qt.Key.Key_Insert)                            # 添加同级
    type_text(qtbot, "保险缴纳率")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "≥95百分比")
    press(qtbot, Qt.Key.Key_Return)                            # commit, move on
    press(qtbot, Qt.Key.Key_Escape)
    assert names(form, (0, 0)) == ["缴纳车辆数", "保险缴纳率"]
    rate_index = editor.panel.model.index_of((0, 0, 1), editor.panel.model.column_of("target_value"))
    assert rate_index.data() == "≥95百分比"                 # shown, stored and printed as typed

    def step(keys, expect_after, expect_before):
        tree.setFocus()
        press(qtbot, *keys)
        assert expect_after(), "after the command"
        press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert expect_before(), "after undo"
        press(qtbot, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
        assert expect_after(), "after redo"

    # move up
    tree.setCurrentIndex(editor.panel.model.index_of((0, 0, 1)))
    step((Qt.Key.Key_Up, ALT_SHIFT),
         lambda: names(form, (0, 0)) == ["保险缴纳率", "缴纳车辆数"],
         lambda: names(form, (0, 0)) == ["缴纳车辆数", "保险缴纳率"])
    # move down again (the row followed the move)
    assert editor.panel.current_path() == (0, 0, 0)
    step((Qt.Key.Key_Down, ALT_SHIFT),
         lambda: names(form, (0, 0)) == ["缴纳车辆数", "保险缴纳率"],
         lambda: names(form, (0, 0)) == ["保险缴纳率", "缴纳车辆数"])
    # outdent: the level-3 row becomes a level-2 row after 数量指标
    tree.setCurrentIndex(editor.panel.model.index_of((0, 0, 1)))
    step((Qt.Key.Key_Left, ALT_SHIFT),
         lambda: names(form, (0,))[:2] == ["数量指标", "保险缴纳率"] and names(form, (0, 0)) == ["缴纳车辆数"],
         lambda: names(form, (0, 0)) == ["缴纳车辆数", "保险缴纳率"])
    # indent it back under 数量指标
    assert editor.panel.current_path() == (0, 1)
    step((Qt.Key.Key_Right, ALT_SHIFT),
         lambda: names(form, (0, 0)) == ["缴纳车辆数", "保险缴纳率"],
         lambda: names(form, (0,))[:2] == ["数量指标", "保险缴纳率"])
    # a level-3 row cannot go one level down (indicators have three levels): refused, no change
    tree.setCurrentIndex(editor.panel.model.index_of((0, 0, 1)))
    before = dump_workbook(wb)
    count = doc.undo_stack.count()
    press(qtbot, Qt.Key.Key_Right, ALT_SHIFT)
    assert dump_workbook(wb) == before and doc.undo_stack.count() == count
    assert "三级" in window.statusBar().currentMessage() or not editor.panel.actions_by_name["indent"].isEnabled()
    # delete a level-2 row with its subtree
    tree.setCurrentIndex(editor.panel.model.index_of((0, 0)))
    step((Qt.Key.Key_Delete,),
         lambda: names(form, (0,)) == ["质量指标", "时效指标", "成本指标"],
         lambda: names(form, (0, 0)) == ["缴纳车辆数", "保险缴纳率"])
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)             # keep it after all
    assert names(form, (0, 0)) == ["缴纳车辆数", "保险缴纳率"]

    # -- save (asks where: the workbook has no file yet), close, reopen
    path = tmp_path / "车辆保险费.perfdesk"
    dialog_log.save_path = str(path)
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert path.exists() and not doc.modified and not window.isWindowModified()
    assert "车辆保险费.perfdesk" in window.windowTitle()
    saved = dump_workbook(wb)
    assert dump_workbook(read_workbook(path)) == saved

    # an edit after saving marks it again; undoing it returns to the saved state
    editor.field_widgets["project_name"].setFocus()
    type_text(qtbot, "（续）")
    assert window.isWindowModified()
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not window.isWindowModified()

    assert window.close_document()
    assert window.central.currentWidget() is window.start_page and window.document is None
    recent = window.start_page.recent_model
    assert recent.rowCount() == 1
    assert recent.data(recent.index(0, 0)) == "某某区市场监督管理局"
    assert recent.data(recent.index(0, 1)) == "2025"
    window.start_page.recent.setCurrentIndex(recent.index(0, 0))
    window.start_page.recent.setFocus()
    press(qtbot, Qt.Key.Key_Return)                            # open the recent draft
    assert window.document is not None and window.document.path == path
    assert dump_workbook(window.document.workbook) == saved
    assert not window.document.modified


def test_closing_with_unsaved_work_asks_and_can_be_cancelled(qtbot, window, dialog_log):
    window.open_sample("hebei-2022")
    editor = window.editors["dept_plan"]
    editor.section_widgets["overall_goal"].setFocus()
    type_text(qtbot, "补充")
    dialog_log.save_answer = "cancel"
    window.close()
    assert window.isVisible() and window.document is not None
    assert dialog_log.asked == [window.document.display_name]
    dialog_log.save_answer = "discard"
    window.close()
    assert not window.isVisible()
