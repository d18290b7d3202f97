"""The main window around the editors: samples, navigation, find, files, settings, hooks."""
import sys
from decimal import Decimal

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from perfdesk.domain.places import FieldPlace, FundsPlace, IndicatorPlace, LinePlace, ListPlace, SectionPlace
from perfdesk.gui import app as gui_app
from perfdesk.gui import settings
from perfdesk.gui.main_window import MainWindow
from perfdesk.gui.progress import Cancelled, Progress
from perfdesk.gui.roles import ANCHOR_ROLE, FORM_ROLE
from perfdesk.samples import SAMPLES, load_sample
from perfdesk.store.workbook_file import read_workbook, write_workbook

from .helpers import focus, press, type_text




def nav_items(window):
    """Every navigator item below the top one, in order."""
    model = window.nav_view.model()
    out = []

    def visit(parent):
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            out.append(index)
            visit(index)

    visit(model.index(0, 0))
    return out


def test_every_sample_opens_and_every_form_and_part_can_be_visited(qtbot, window):
    """Painted for real (offscreen): any Qt warning on the way fails the test."""
    for sample in SAMPLES:
        assert window.open_sample(sample.name)
        doc = window.document
        for index in nav_items(window):
            window.nav_view.setCurrentIndex(index)
            form_id = index.data(FORM_ROLE)
            if form_id:
                assert window.current_form_id() == form_id
            QApplication.processEvents()
        assert set(window.editors) == {f.id for f in doc.workbook.forms}
        window.nav_view.setCurrentIndex(window.nav_view.model().index(0, 0))
        assert window.editor_stack.currentWidget() is window.workbook_page
        assert not doc.modified                # looking changes nothing
        window.editors[doc.workbook.forms[-1].id].grab()   # paint the whole editor once
    assert window.close_document()


def test_navigator_parts_scroll_to_and_focus_the_part(qtbot, window):
    window.open_sample("rugao-2023")
    part = next(i for i in nav_items(window) if i.data(ANCHOR_ROLE) == "problems")
    window.nav_view.setCurrentIndex(part)
    window.nav_view.activated.emit(part)
    assert focus() is window.editors["dept_self_eval"].section_widgets["problems"]


def test_navigator_search_by_project_code(qtbot, window):
    window.open_sample("hebei-2022")
    code = window.document.workbook.form("project_05").fields["project_code"]
    window.nav_search.setFocus()
    type_text(qtbot, code[-8:])
    forms = [i for i in nav_items(window) if i.data(Qt.ItemDataRole.UserRole) == "form"]
    assert [i.data(FORM_ROLE) for i in forms] == ["project_05"]


def test_select_cell_reaches_every_kind_of_place(qtbot, window):
    window.open_sample("suzhou-2024")
    assert window.select_cell("dept_target", FieldPlace("unit_name"))
    editor = window.editors["dept_target"]
    assert focus() is editor.field_widgets["unit_name"]
    assert window.select_cell("dept_target", SectionPlace("annual_goal"), (3, 2))
    assert focus() is editor.section_widgets["annual_goal"]
    assert editor.section_widgets["annual_goal"].textCursor().selectionStart() == 3
    assert window.select_cell("dept_target", FundsPlace("expense", "project", "half"))
    view = editor.tables["expense"]
    assert focus() is view and view.currentIndex().row() == 1 and view.currentIndex().column() == 1
    assert window.select_cell("dept_target", LinePlace("expense", 2, "annual"))
    assert view.currentIndex().row() == 4 and view.currentIndex().column() == 2
    assert window.select_cell("dept_target", IndicatorPlace((2, 1, 0), "annual_value"))
    tree = editor.panel.view
    assert focus() is tree and editor.panel.current_path() == (2, 1, 0)
    assert tree.currentIndex().column() == editor.panel.model.column_of("annual_value")
    window.open_sample("hebei-2022")
    assert window.select_cell("dept_plan", ListPlace("sub_goals", 4, "indicator_value"))
    assert window.current_form_id() == "dept_plan"
    assert window.editors["dept_plan"].tables["sub_goals"].currentIndex().row() == 4


def test_find_across_the_workbook_jumps_form_to_form(qtbot, window):
    window.open_sample("hebei-2022")
    press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_bar.isVisible() and focus() is window.find_bar.edit
    type_text(qtbot, "保险")
    hits = window.find_bar.hits
    assert len(hits) > 3 and len({h.form_id for h in hits}) > 1
    press(qtbot, Qt.Key.Key_Return)
    first = hits[0]
    assert window.current_form_id() == first.form_id
    assert "第 1/" in window.find_bar.status.text()
    seen = {window.current_form_id()}
    for _ in range(len(hits) - 1):
        press(qtbot, Qt.Key.Key_Return)
        seen.add(window.current_form_id())
    assert seen == {h.form_id for h in hits}
    press(qtbot, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible()


def test_undo_history_survives_switching_forms_and_shows_where(qtbot, window):
    window.open_sample("hebei-2022")
    window.select_cell("project_01", FieldPlace("project_name"))
    type_text(qtbot, "甲")
    window.select_cell("project_02", SectionPlace("goal"))
    type_text(qtbot, "乙")
    window.select_cell("dept_plan", SectionPlace("safeguards"))
    wb = window.document.workbook
    assert wb.form("project_01").fields["project_name"].endswith("甲")
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    QTest.qWait(10)
    assert not wb.form("project_02").sections["goal"].endswith("乙")
    assert window.current_form_id() == "project_02"           # undo shows where it happened
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    QTest.qWait(10)
    assert not wb.form("project_01").fields["project_name"].endswith("甲")
    assert window.current_form_id() == "project_01"
    assert (window.editors["project_01"].field_widgets["project_name"].text()
            == wb.form("project_01").fields["project_name"])
    assert not window.document.modified
    press(qtbot, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert wb.form("project_01").fields["project_name"].endswith("甲")


def test_title_marks_unsaved_work_and_save_writes_only_what_changed(qtbot, window, tmp_path):
    path = tmp_path / "shenzhen.perfdesk"
    write_workbook(path, load_sample("shenzhen-guangming-2024"))
    assert window.open_path(str(path))
    assert window.windowTitle().startswith("shenzhen.perfdesk[*]") and not window.isWindowModified()
    editor = window.editors["project_self_eval"]
    view = editor.tables["execution"]
    window.select_cell("project_self_eval", FundsPlace("execution", "other", "spent"))
    type_text(qtbot, "1000")
    press(qtbot, Qt.Key.Key_Return)
    assert window.isWindowModified() and window.document.dirty_forms == {"project_self_eval"}
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not window.isWindowModified()
    again = read_workbook(path).form("project_self_eval")
    assert again.funds_table("execution").values["other"]["spent"] == Decimal(1000)
    assert view.model().index(0, 3).data() == "14,269,915.71"


def test_dropping_a_workbook_file_opens_it(qtbot, window, tmp_path):
    path = tmp_path / "rugao.perfdesk"
    write_workbook(path, load_sample("rugao-2023"))
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: window.document is not None)
    assert window.document.path == path
    other = QMimeData()
    other.setUrls([QUrl.fromLocalFile(str(tmp_path / "x.xlsx"))])
    assert window.file_actions.dropped_path(other) is None


def test_opening_a_bad_or_missing_file_says_why_in_chinese(qtbot, window, tmp_path, dialog_log):
    bad = tmp_path / "bad.perfdesk"
    bad.write_bytes(b"not a workbook" * 10)
    started = gui_app.open_window(str(bad))
    qtbot.addWidget(started)
    assert not started.document
    assert "不是 perfdesk 工作簿" in dialog_log.errors[-1]
    assert started.central.currentWidget() is started.start_page       # where to go from here
    assert not window.open_path(str(tmp_path / "gone.perfdesk"))
    assert "文件不存在" in dialog_log.errors[-1]


def test_recent_list_shows_unit_year_and_missing_files(qtbot, window, tmp_path):
    path = tmp_path / "nantong.perfdesk"
    write_workbook(path, load_sample("nantong-2024"))
    window.open_path(str(path))
    window.close_document()
    gone = tmp_path / "gone.perfdesk"
    settings.remember(gone, "某单位", 2023)
    window.start_page.refresh()
    model = window.start_page.recent_model
    assert [model.data(model.index(r, 0)) for r in range(2)] == ["某单位", "南通市市场监管局网络受理中心"]
    assert "已不存在" in model.data(model.index(0, 3))
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(model.index(1, 1)) == "2024"


def test_window_layout_is_remembered(qtbot):
    first = MainWindow()
    qtbot.addWidget(first)
    first.resize(800, 570)       # the offscreen screen is 800 × 600
    first.show()
    assert not first.nav_dock.isVisible()        # the start page has no docks
    first.open_sample("rugao-2023")
    # 800 px is too narrow for docks on both sides: 完成度 waits in the status bar
    assert first.nav_dock.isVisible() and not first.completeness_dock.isVisible()
    first.status_summary.completeness.click()
    assert first.completeness_dock.isVisible()
    first.history_dock.close()
    first.completeness_dock.close()
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    assert second.size().height() == 570
    second.show()
    second.open_sample("rugao-2023")
    assert second.nav_dock.isVisible() and second.check_dock.isVisible()
    assert not second.completeness_dock.isVisible() and not second.history_dock.isVisible()


def test_print_request_and_check_hooks(qtbot, window, dialog_log):
    window.open_sample("hebei-2022")
    window.show_form("project_03")
    asked = []
    dialog_log.run_dialog = lambda dialog: asked.append(dialog.windowTitle()) and False   # 取消
    with qtbot.waitSignal(window.printRequested) as printed:
        press(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert printed.args == ["project_03"]
    assert asked == ["打印"]                      # then it asks what to print
    window.select_cell("project_04", SectionPlace("goal"))
    with qtbot.waitSignal(window.formContentChanged) as changed:
        type_text(qtbot, "。")
    assert changed.args == ["project_04"]
    from PySide6.QtWidgets import QLabel
    window.set_check_widget(QLabel("审核"))
    assert window.check_dock.widget().text() == "审核"


def test_a_check_dock_is_installed_and_wired(qtbot, window):
    from PySide6.QtCore import Signal
    from PySide6.QtWidgets import QDockWidget

    class FakeCheckDock(QDockWidget):
        place_activated = Signal(str, object)

        def __init__(self):
            super().__init__("审核")
            self.workbooks, self.changed = [], []

        def set_workbook(self, workbook):
            self.workbooks.append(workbook)

        def form_changed(self, form_id):
            self.changed.append(form_id)

    dock = FakeCheckDock()
    window.install_check_dock(dock)
    assert window.check_dock is dock and dock.objectName() == "checkDock"
    window.open_sample("hebei-2022")
    assert dock.workbooks[-1] is window.document.workbook and dock.isVisible()
    window.select_cell("project_02", SectionPlace("goal"))
    type_text(qtbot, "甲")
    assert dock.changed[-1] == "project_02"
    dock.place_activated.emit("project_05", IndicatorPlace((0, 0, 0), "target_value"))
    assert window.current_form_id() == "project_05"
    assert window.editors["project_05"].panel.current_path() == (0, 0, 0)
    window.document.undo_stack.undo()
    window.close_document()
    assert dock.workbooks[-1] is None


def test_add_and_remove_a_project_form_with_undo(qtbot, window, dialog_log):
    window.open_sample("hebei-2022")
    from perfdesk.definitions.loader import default_registry
    names = [d.name for d in default_registry()]
    dialog_log.item_answer = names.index("项目支出绩效目标表")
    window.add_form()
    wb = window.document.workbook
    assert wb.forms[-1].id == "project_10" and window.current_form_id() == "project_10"
    assert any(i.data(FORM_ROLE) == "project_10" for i in nav_items(window))
    window.remove_form()
    assert "project_10" not in {f.id for f in wb.forms}
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert wb.forms[-1].id == "project_10"


def test_indicator_rows_copy_to_excel_text_and_paste_back(qtbot, window):
    window.open_sample("hebei-2022")
    window.select_cell("project_01", IndicatorPlace((0, 0)))
    panel = window.editors["project_01"].panel
    form = window.document.workbook.form("project_01")
    press(qtbot, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    text = QGuiApplication.clipboard().text()
    first = text.splitlines()[0].split("\t")
    assert first[:3] == ["产出指标", "质量指标", "公车保险缴纳率"] and first[4] == "≥95百分比"
    # paste from "Excel": level-3 rows (name + columns) under the current level-2 row
    QGuiApplication.clipboard().setText("新增指标甲\t描述\t≥3次\t依据\r\n新增指标乙\t\t100%\t\r\n")
    press(qtbot, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    rows = form.indicators[0].children[0].children
    assert [n.name for n in rows[-2:]] == ["新增指标甲", "新增指标乙"]
    assert rows[-2].cells["target_value"].format() == "≥3次"
    # a whole table with its level columns joins the categories it names
    benefit_before = [n.name for n in form.indicators[1].children]
    QGuiApplication.clipboard().setText("效益指标\t社会效益指标\t群众知晓率\t\t≥80%\t\r\n满意度指标\t服务对象满意度指标\t复评满意度\t\t≥90%\t\r\n")
    press(qtbot, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    social = next(n for n in form.indicators[1].children if n.name == "社会效益指标")
    assert [n.name for n in social.children] == ["群众知晓率"]
    assert social.children[0].cells["target_value"].format() == "≥80%"
    assert form.indicators[2].children[0].children[-1].name == "复评满意度"
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)     # one undo step for the whole paste
    assert [n.name for n in form.indicators[1].children] == benefit_before
    assert form.indicators[2].children[0].children[-1].name != "复评满意度"
    # our own copy carries the subtree: paste a level-2 row after a level-2 row
    panel.reveal((0, 0))
    press(qtbot, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    count = len(form.indicators[0].children)
    press(qtbot, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert len(form.indicators[0].children) == count + 1
    copy = form.indicators[0].children[1]
    assert copy.name == "质量指标" and copy.children[0].name == "公车保险缴纳率"


def test_dragging_a_row_moves_it_within_allowed_levels(qtbot, window):
    window.open_sample("hebei-2022")
    editor = window.show_form("project_01")
    model = editor.panel.model
    form = window.document.workbook.form("project_01")
    level3 = model.index_of((0, 0, 0))
    data = model.mimeData([level3])
    target = model.index_of((1, 0))                   # onto 经济效益指标: becomes its last child
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, 0, target)
    assert not model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, 0, QModelIndexRoot())     # not at level 1
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, target)
    assert form.indicators[1].children[0].children[-1].name == "公车保险缴纳率"
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier) if focus() else window.undo()
    assert form.indicators[0].children[0].children[0].name == "公车保险缴纳率"
    level1 = model.mimeData([model.index_of((2,))])
    assert model.canDropMimeData(level1, Qt.DropAction.MoveAction, 0, 0, QModelIndexRoot())
    assert not model.canDropMimeData(level1, Qt.DropAction.MoveAction, 0, 0, model.index_of((0,)))


def QModelIndexRoot():
    from PySide6.QtCore import QModelIndex
    return QModelIndex()


def test_progress_can_be_cancelled_between_steps(qtbot):
    done = []
    with pytest.raises(Cancelled):
        with Progress(None, "正在处理…", 3, delay_ms=0) as progress:
            progress.step("一")
            done.append(1)
            progress.dialog.cancel()
            progress.step("二")
            done.append(2)
    assert done == [1]


def test_progress_builds_its_dialog_only_once_the_work_takes_long(qtbot):
    import time

    with Progress(None, "正在处理…", 3, delay_ms=50) as progress:
        progress.step("一")
        assert progress.dialog is None and not progress.cancelled     # quick so far: nothing built
        time.sleep(0.06)
        progress.step("二")
        assert progress.dialog is not None and progress.dialog.labelText() == "二"
        assert progress.dialog.value() == 1


def test_qt_dialogs_are_chinese(qapp):
    from PySide6.QtCore import QCoreApplication
    assert gui_app.install_chinese(qapp)
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert QCoreApplication.translate("QFileDialog", "Open") == "打开"


def test_none_refcount_does_not_drift_under_many_void_calls(qtbot):
    # PySide6 6.12.0 on Python 3.11 drops a reference to None per void call and aborts the
    # interpreter after a few thousand (shared/NOTES.md). Guard the pinned version.
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(20000):
        label.setText("x")
    assert abs(sys.getrefcount(None) - before) < 1000


def test_the_first_start_opens_the_sample_and_later_starts_the_start_page(qtbot, tmp_path):
    from perfdesk.gui import settings

    first = gui_app.open_window(None)          # nothing recent: a real form to look at
    qtbot.addWidget(first)
    assert first.document is not None and first.document.label.startswith("示例")
    assert first.document.workbook.unit == "深圳市市场监督管理局光明监管局"
    first.close_document()
    assert first.central.currentWidget() is first.start_page
    path = tmp_path / "hebei.perfdesk"
    write_workbook(path, load_sample("hebei-2022"))
    settings.remember(str(path), "河北某区市场监督管理局", 2022)
    later = gui_app.open_window(None)           # an officer with drafts: the start page lists them
    qtbot.addWidget(later)
    assert later.document is None and later.central.currentWidget() is later.start_page
    assert later.start_page.recent_model.rowCount() == 1
    on_file = gui_app.open_window(str(path))
    qtbot.addWidget(on_file)
    assert on_file.document.path == path and on_file.current_form_id() == "dept_plan"
