"""生成自评表 and 与目标表比对 from the real window: each one undoable step."""
from PySide6.QtCore import QItemSelectionModel

from perfdesk.domain import edits
from perfdesk.domain.places import FundsPlace, IndicatorPlace, SectionPlace
from perfdesk.domain.values import IndicatorValue
from perfdesk.gui.derive_dialog import DifferencesDialog
from perfdesk.codec import dump_workbook




def ids(window):
    return [f.id for f in window.document.workbook.forms]


def test_project_target_gives_a_project_self_evaluation_after_it(qtbot, window):
    window.open_sample("hebei-2022")
    window.show_form("project_03")
    act = window.derive_actions.act_derive
    qtbot.waitUntil(act.isEnabled)          # the rules are read once the form has painted
    form_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "表单(&T)")
    assert act in form_menu.actions() and window.derive_actions.act_compare in form_menu.actions()
    steps = window.document.undo_stack.count()
    act.trigger()
    assert ids(window)[3:6] == ["project_03", "project_03_self_eval", "project_04"]
    new = window.document.workbook.form("project_03_self_eval")
    assert new.definition.id == "shenzhen_project_self_eval" and new.origin.source_form == "project_03"
    assert new.title.endswith("项目支出绩效自评表")
    assert window.current_form_id() == "project_03_self_eval"
    assert window.document.undo_stack.count() == steps + 1
    assert "实际完成值" in window.statusBar().currentMessage()
    # a self-evaluation cannot be derived again, but can be compared
    assert not act.isEnabled() and window.derive_actions.act_compare.isEnabled()
    window.undo()
    assert "project_03_self_eval" not in ids(window)
    window.redo()
    assert ids(window)[4] == "project_03_self_eval"


def test_unit_wide_target_gives_a_unit_wide_self_evaluation(qtbot, window):
    window.open_sample("suzhou-2024")
    window.show_form("dept_target")
    assert window.derive_actions.derive() == "dept_target_self_eval"
    assert window.document.workbook.form("dept_target_self_eval").definition.id == "jiangsu_dept_self_eval"
    assert ids(window) == ["dept_target", "dept_target_self_eval"]


def test_forms_without_a_rule_cannot_derive(qtbot, window):
    window.open_sample("hebei-2022")
    window.show_form("dept_plan")                 # the Hebei narrative has no self-evaluation rule
    assert not window.derive_actions.act_derive.isEnabled()
    window.show_form("")
    assert not window.derive_actions.act_derive.isEnabled()
    window.open_sample("shenzhen-guangming-2024")
    assert not window.derive_actions.act_derive.isEnabled()
    assert not window.derive_actions.act_compare.isEnabled()      # not derived in this program


def test_deriving_twice_asks_first(qtbot, window, dialog_log):
    window.open_sample("hebei-2022")
    window.show_form("project_01")
    window.derive_actions.derive()
    window.show_form("project_01")
    dialog_log.confirm_answer = False
    assert window.derive_actions.derive() is None
    assert "已有由" in dialog_log.asked[-1]
    assert window.current_form_id() == "project_01_self_eval"          # taken to the one there is
    dialog_log.confirm_answer = True
    window.show_form("project_01")
    assert window.derive_actions.derive() == "project_01_self_eval_2"


def select_row(table, row):
    table.selectionModel().select(table.model().index(row, 0),
                                  QItemSelectionModel.SelectionFlag.ClearAndSelect
                                  | QItemSelectionModel.SelectionFlag.Rows)


def change_target(window):
    """Edit the target form after the self-evaluation was made: its goal, and one target value."""
    doc = window.document
    doc.push(edits.SetValue("project_03", SectionPlace("goal"), "新的年度目标"), "改目标")
    doc.push(edits.SetValue("project_03", IndicatorPlace((0, 0, 0), "target_value"), IndicatorValue.parse("≥99次")),
             "改指标值")


def test_differences_are_taken_over_or_kept_one_undo_step_each(qtbot, window, dialog_log):
    window.open_sample("hebei-2022")
    window.show_form("project_03")
    derived_id = window.derive_actions.derive()
    change_target(window)
    window.show_form(derived_id)
    qtbot.waitUntil(lambda: "2 处修改" in window.statusBar().currentMessage())   # once painted
    doc = window.document
    seen = []

    def answer(dialog):
        assert isinstance(dialog, DifferencesDialog)
        table = dialog.table
        seen.append([[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())])
        assert not dialog.take_button.isEnabled()                 # nothing selected yet
        goal_row = next(r for r, row in enumerate(seen[0]) if row[0].startswith("段落："))
        select_row(table, goal_row)
        dialog.take_button.click()                                # 采用 the new goal
        assert dialog.table.rowCount() == 1
        select_row(table, 0)
        dialog.keep_button.click()                                # 保留 the old target value
        assert dialog.table.rowCount() == 0 and "没有修改" in dialog.summary.text()
        return False

    dialog_log.run_dialog = answer
    steps = doc.undo_stack.count()
    window.derive_actions.act_compare.trigger()
    rows = seen[0]
    assert len(rows) == 2
    goal = next(row for row in rows if row[0].startswith("段落："))
    assert goal[2] == "新的年度目标"
    value = next(row for row in rows if row[0].startswith("指标："))
    assert value[0].endswith("（年度指标值）") and value[2] == "≥99次"
    derived = doc.workbook.form(derived_id)
    assert derived.sections["goal_expected"] == "新的年度目标"                  # taken over
    assert derived.indicators[0].children[0].children[0].cells["target_value"].text != "≥99次"   # kept
    assert doc.undo_stack.count() == steps + 2
    assert window.derive_actions.differences(derived_id) == []
    window.undo()                                                 # the 保留 is undone: shown again
    assert len(window.derive_actions.differences(derived_id)) == 1
    window.undo()                                                 # the 采用 is undone too
    assert doc.workbook.form(derived_id).sections.get("goal_expected") != "新的年度目标"
    assert len(window.derive_actions.differences(derived_id)) == 2
    qtbot.waitUntil(lambda: window.current_form_id() == derived_id)     # undo shows where


def test_take_over_all_is_one_step(qtbot, window, dialog_log):
    window.open_sample("hebei-2022")
    window.show_form("project_03")
    derived_id = window.derive_actions.derive()
    change_target(window)
    window.show_form(derived_id)
    before = dump_workbook(window.document.workbook)

    def answer(dialog):
        dialog.take_all_button.click()
        return False

    dialog_log.run_dialog = answer
    window.derive_actions.compare()
    derived = window.document.workbook.form(derived_id)
    assert derived.indicators[0].children[0].children[0].cells["target_value"].text == "≥99次"
    assert window.document.undo_stack.undoText() == "采用目标表修改：2 处"
    window.undo()
    assert dump_workbook(window.document.workbook) == before


def test_funds_differences_are_named_in_the_forms_words(qtbot, window, dialog_log):
    window.open_sample("hebei-2022")
    window.show_form("project_02")
    derived_id = window.derive_actions.derive()
    from decimal import Decimal
    window.document.push(edits.SetValue("project_02", FundsPlace("budget", "fiscal", "amount"), Decimal("12.5")), "改预算")
    window.show_form(derived_id)
    labels = []

    def answer(dialog):
        labels.extend(dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount()))
        return False

    dialog_log.run_dialog = answer
    window.derive_actions.compare()
    assert labels == ["资金：预算执行情况 › 其中：当年财政拨款 › 年初预算数",
                      "资金：预算执行情况 › 其中：当年财政拨款 › 全年预算数"]


def test_the_form_menu_is_right_even_before_the_first_paint(qtbot, window):
    window.open_sample("hebei-2022")
    window.show_form("project_03")              # no event loop turn yet: the form has not painted
    form_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "表单(&T)")
    form_menu.aboutToShow.emit()
    assert window.derive_actions.act_derive.isEnabled()
    window.show_form("dept_plan")
    form_menu.aboutToShow.emit()
    assert not window.derive_actions.act_derive.isEnabled()
