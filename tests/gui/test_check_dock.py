"""The check dock: a double-click lands on the finding's cell; one form re-checked at a time, fast."""
import time

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QTreeView, QWidget

from .helpers import checks_done, double_click, finding_index
from perfdesk.definitions.profiles import default_profiles
from perfdesk.domain.checks import Severity, check_form, chooser
from perfdesk.domain.places import IndicatorPlace
from perfdesk.domain.values import IndicatorValue
from perfdesk.gui.check_dock import CheckDock
from perfdesk.gui.check_model import FindingRole
from perfdesk.gui.document import Document
from perfdesk.gui.check_places import indicator_index, select_place
from perfdesk.gui.indicator_model import IndicatorTreeModel
from perfdesk.samples import load_sample


# the offscreen platform warns when a top-level window is shown; nothing to do with the dock
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def dock_on(qtbot, wb, **kw):
    """The dock docked in a window, as the main window will hold it."""
    host = QMainWindow()
    qtbot.addWidget(host)
    dock = CheckDock(host, **kw)
    host.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    host.setCentralWidget(QWidget())
    dock.set_workbook(wb)
    checks_done(qtbot, dock)
    host.resize(1000, 700)
    host.show()
    qtbot.waitExposed(host)
    dock.host = host            # keep the window alive as long as the test holds the dock
    return dock






def test_double_click_emits_the_place_and_lands_on_the_cell(qtbot):
    wb = load_sample("shenzhen-guangming-2024")
    form = wb.forms[0]
    dock = dock_on(qtbot, wb)
    # stand-in for the main window's indicator editor
    editor = QTreeView()
    qtbot.addWidget(editor)
    editor.setModel(IndicatorTreeModel(Document(wb), form.id))
    editor.show()
    dock.place_activated.connect(lambda form_id, place: select_place(editor, wb.form(form_id), place))

    index = finding_index(dock, "value.excel_serial")
    with qtbot.waitSignal(dock.place_activated) as signal:
        double_click(qtbot, dock.view, index)
    assert signal.args == ["project_self_eval", IndicatorPlace((0, 2, 2), "actual_value")]
    current = editor.currentIndex()
    model = editor.model()
    assert model.node(current).name == "开展法律法规宣传教育完成时间"
    assert model.headerData(current.column(), Qt.Orientation.Horizontal) == "实际完成值"
    assert model.data(current) == "45503"


def test_double_click_on_a_form_row_names_the_form(qtbot):
    dock = dock_on(qtbot, load_sample("hebei-2022"))
    with qtbot.waitSignal(dock.form_activated) as signal:
        double_click(qtbot, dock.view, dock.model.index(2, 0))
    assert signal.args == ["project_02"]


def test_places_map_to_indicator_cells():
    wb = load_sample("nantong-2024")
    form = wb.forms[0]
    model = IndicatorTreeModel(Document(wb), form.id)
    index = indicator_index(model, form, IndicatorPlace((2, 1), "key_work"))     # a 履职 level-2's 重点工作
    assert model.headerData(index.column(), Qt.Orientation.Horizontal) == "重点工作"
    assert model.node(index) is form.indicators[2].children[1]
    assert indicator_index(model, form, IndicatorPlace((2, 1))).column() == 0
    assert not indicator_index(model, form, IndicatorPlace((9, 9))).isValid()


def test_typing_rechecks_only_that_form_after_a_pause(qtbot):
    wb = load_sample("hebei-2022")
    choose = chooser(default_profiles())
    checked = []

    def spy(form):
        checked.append(form.id)
        return check_form(form, choose(form))

    dock = dock_on(qtbot, wb, checker=spy, delay_ms=50)
    assert len(checked) == 10
    checked.clear()
    project = wb.form("project_02")
    rate = project.indicators[0].children[1].children[0]
    assert rate.name == "工资及保险发放准确率"
    changed = []
    dock.findings_changed.connect(changed.append)
    for text in ("9", "95", "95%"):                  # three keystrokes, one re-check
        rate.cells["target_value"] = IndicatorValue.parse(text)
        dock.form_changed("project_02")
    qtbot.waitUntil(lambda: changed == ["project_02"], timeout=2000)
    assert checked == ["project_02"]
    assert not any(f.code == "value.unit_name" for f in dock.findings("project_02"))
    assert dock.cell_severities("project_02").get(IndicatorPlace((0, 3, 0), "target_value")) is Severity.ERROR
    assert dock.select_finding("project_02", IndicatorPlace((0, 3, 0), "target_value"))
    assert dock.model.data(dock.view.currentIndex(), FindingRole).place == IndicatorPlace((0, 3, 0), "target_value")


def test_recheck_of_the_largest_forms_does_not_freeze(qtbot):
    # hebei is the largest workbook (10 forms), nantong the largest single form (56 indicators).
    for name in ("hebei-2022", "nantong-2024", "rugao-2023"):
        wb = load_sample(name)
        dock = dock_on(qtbot, wb)
        started = time.perf_counter()
        dock.refresh_all()
        assert time.perf_counter() - started < 0.5, name
        for form in wb.forms:
            started = time.perf_counter()
            dock.refresh_form(form.id)
            assert time.perf_counter() - started < 0.1, (name, form.id)


def test_a_bureau_size_workbook_is_checked_in_slices_without_blocking(qtbot):
    from perfdesk.samples.synthetic import synthetic_workbook

    wb = synthetic_workbook(60, 3)
    host = QMainWindow()
    qtbot.addWidget(host)
    dock = CheckDock(host)
    host.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    dock.set_workbook(wb)
    # set_workbook returns before the forms are checked: the window can paint first
    assert dock.checking and dock.findings() == []
    assert dock.summary.text().startswith("正在审核")
    checks_done(qtbot, dock)
    assert dock.model.form_ids() == [f.id for f in wb.forms]
    expected = [f for form in wb.forms for f in check_form(form, chooser(default_profiles())(form))]
    assert [(f.form, f.code, f.place) for f in dock.findings()] == \
        [(f.form, f.code, f.place) for f in expected]
    assert not dock.summary.text().startswith("正在审核")


def test_flush_finishes_the_checks_at_once(qtbot):
    dock = CheckDock()
    qtbot.addWidget(dock)
    dock.set_workbook(load_sample("hebei-2022"))
    assert dock.checking
    dock.flush()
    assert not dock.checking and len(dock.model.form_ids()) == 10
    assert any(f.code == "value.unit_name" for f in dock.findings("project_02"))
