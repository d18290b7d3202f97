"""The check dock as the program installs it: a double-click on a finding lands on its cell in
the real editor, cells with findings are marked, the checks follow typing, and a self-evaluation
shows the rule's score beside the entered one."""
import time

from PySide6.QtCore import Qt

from perfdesk.domain.checks import Severity
from perfdesk.domain.places import FundsPlace, IndicatorPlace
from perfdesk.gui import style
from perfdesk.gui.check_dock import CheckDock

from .helpers import checks_done, double_click, finding_index, focus, press, type_text








def test_the_window_has_the_real_check_dock(qtbot, window):
    assert isinstance(window.check_dock, CheckDock)
    window.open_sample("hebei-2022")
    checks_done(qtbot, window)
    assert window.check_dock.isVisible()
    assert len(window.check_dock.model.form_ids()) == 10
    assert "错误" in window.check_dock.summary.text()


def test_double_clicking_a_finding_lands_on_its_funds_cell(qtbot, window):
    window.open_sample("suzhou-2024")
    checks_done(qtbot, window)
    dock = window.check_dock
    window.show_form("")                                   # start somewhere else
    index = finding_index(dock, "funds.total")
    double_click(qtbot, dock.view, index)
    editor = window.editors["dept_target"]
    view = editor.tables["expense"]
    assert window.current_form_id() == "dept_target"
    assert focus() is view
    model = view.model()
    current = view.currentIndex()
    assert model.data(current, Qt.ItemDataRole.DisplayRole) == "24.02"       # computed; the form said 20
    assert "原表填报：20.00" in model.data(current, Qt.ItemDataRole.ToolTipRole)
    assert (current.row() == model.row_of(FundsPlace("expense", "project"))
            and current.column() == model.column_of("half"))
    # the cell is marked as an error; its neighbour is not
    delegate = view.itemDelegate()
    assert delegate.mark(current)[0] is Severity.ERROR and "24.02" in delegate.mark(current)[1][0]
    assert delegate.mark(current.siblingAtColumn(model.column_of("annual"))) is None


def test_double_clicking_a_finding_lands_on_its_indicator_cell(qtbot, window):
    window.open_sample("shenzhen-guangming-2024")
    checks_done(qtbot, window)
    dock = window.check_dock
    window.show_form("")
    double_click(qtbot, dock.view, finding_index(dock, "value.excel_serial"))
    panel = window.editors["project_self_eval"].panel
    assert focus() is panel.view
    assert panel.current_path() == (0, 2, 2)
    current = panel.view.currentIndex()
    assert panel.model.headerData(current.column(), Qt.Orientation.Horizontal) == "实际完成值" and current.data() == "45503"
    assert panel.view.itemDelegate().mark(current)[0] is Severity.ERROR


def test_typing_a_fix_updates_the_checks_and_the_mark(qtbot, window):
    window.open_sample("shenzhen-guangming-2024")
    checks_done(qtbot, window)
    dock = window.check_dock
    place = IndicatorPlace((0, 2, 2), "actual_value")
    assert window.select_cell("project_self_eval", place)
    panel = window.editors["project_self_eval"].panel
    assert panel.view.itemDelegate().mark(panel.view.currentIndex()) is not None
    started = time.perf_counter()
    type_text(qtbot, "2024年7月30日")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not any(f.code == "value.excel_serial" for f in dock.findings("project_self_eval")),
                    timeout=3000)
    elapsed = time.perf_counter() - started
    assert elapsed < dock.DELAY_MS / 1000 + 1.0
    assert window.document.mark("project_self_eval", place) is None
    index = panel.model.index_of(place.path, panel.model.column_of("actual_value"))
    assert panel.view.itemDelegate().mark(index) is None and index.data() == "2024年7月30日"


def test_fields_with_findings_are_marked_and_scores_show_the_rules_suggestion(qtbot, window):
    window.open_sample("rugao-2023")
    checks_done(qtbot, window)
    editor = window.editors["dept_self_eval"]
    total = editor.field_widgets["total_score"]
    assert total.property("finding") == "错误" and "95" in total.toolTip()
    assert editor.field_widgets["grade"].property("finding") in ("", None)
    model = editor.panel.model
    score, suggested = model.column_of("score"), model.column_of("suggested_score")
    assert suggested == score + 1                          # beside the entered score
    assert model.headerData(suggested, Qt.Orientation.Horizontal) == "建议得分"
    rate = model.index_of((0, 0, 1))
    assert rate.data() == "预算执行率"
    assert rate.siblingAtColumn(score).data() == "1" and rate.siblingAtColumn(suggested).data() == "1.87"
    assert "规则" in rate.siblingAtColumn(suggested).data(Qt.ItemDataRole.ToolTipRole)
    assert rate.siblingAtColumn(score).data(Qt.ItemDataRole.BackgroundRole) == style.OVERRIDE_BACKGROUND
    assert not rate.siblingAtColumn(suggested).flags() & Qt.ItemFlag.ItemIsEditable
    # a qualitative row: the band the unit may pick from
    band = model.index_of((1, 1, 1)).siblingAtColumn(suggested)
    assert band.data() == "2.4～3"
    # taking the rule's score by keyboard: the override mark and the finding go
    window.select_cell("dept_self_eval", IndicatorPlace((0, 0, 1), "score"))
    type_text(qtbot, "1.87")
    press(qtbot, Qt.Key.Key_Return)
    assert rate.siblingAtColumn(score).data() == "1.87"
    assert rate.siblingAtColumn(score).data(Qt.ItemDataRole.BackgroundRole) != style.OVERRIDE_BACKGROUND
    qtbot.waitUntil(lambda: not any(f.code == "score.rule" and f.place == IndicatorPlace((0, 0, 1), "score")
                                    for f in window.check_dock.findings("dept_self_eval")), timeout=3000)
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert rate.siblingAtColumn(score).data(Qt.ItemDataRole.BackgroundRole) == style.OVERRIDE_BACKGROUND


def test_suggested_scores_fill_in_once_the_form_has_painted(qtbot, window):
    window.open_sample("rugao-2023")
    window.show_form("dept_self_eval")
    model = window.editors["dept_self_eval"].panel.model
    rate = model.index_of((0, 0, 1)).siblingAtColumn(model.column_of("suggested_score"))
    assert rate.data() is None                      # the form's own values first, the scorer after
    qtbot.waitUntil(lambda: rate.data() == "1.87")
