"""The main window at the sizes office screens have: the form keeps most of the width, docks stay
readable, every funds row shows, the layout can be reset, a sample says it is one, and the start
page marks workbooks with recovered edits."""
from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QScrollArea

from perfdesk.gui import settings, window_layout
from perfdesk.gui.start_page import RECOVERED_ROLE
from perfdesk.samples import load_sample
from perfdesk.store.workbook_file import write_workbook

from .helpers import make_window

SIZES = [(1366, 768), (1024, 768), (1280, 800)]
SAMPLES = ["shenzhen-guangming-2024", "suzhou-2024"]


def settle(qtbot, window):
    qtbot.wait(50)       # the dock layout and the editor's first paint


def open_at(qtbot, size, sample):
    window = make_window(qtbot, size)
    assert window.open_sample(sample)
    settle(qtbot, window)
    return window


@pytest.mark.parametrize("size", SIZES)
def test_docks_keep_their_minimums_and_the_form_most_of_the_width(qtbot, size):
    window = open_at(qtbot, size, "shenzhen-guangming-2024")
    shown = [d for d in window.docks if d.isVisible()]
    assert window.nav_dock in shown and window.check_dock in shown
    for dock in shown:
        assert dock.width() >= window_layout.minimum_width(window, dock) - 1, dock.objectName()
    share = window.centralWidget().width() / window.width()
    assert share >= (0.6 if size[0] >= 1280 else 0.55), share
    if size[0] >= 1280:       # room for both sides: 完成度 is shown beside the form
        assert window.completeness_dock.isVisible()
    else:                     # else it waits in the status bar, which opens it
        assert not window.completeness_dock.isVisible()
        window.status_summary.completeness.click()
        assert window.completeness_dock.isVisible()
    assert window.status_summary.checks.isVisible() and window.status_summary.checks.text().startswith("审核")


@pytest.mark.parametrize("sample", SAMPLES)
@pytest.mark.parametrize("size", SIZES)
def test_every_funds_row_shows_and_wide_tables_scroll_sideways(qtbot, size, sample):
    window = open_at(qtbot, size, sample)
    editor = window.editor_stack.currentWidget()
    assert editor.tables
    for view in editor.tables.values():
        model = view.model()
        rows = sum(view.rowHeight(r) for r in range(model.rowCount()))
        viewport = view.viewport()
        assert not view.verticalScrollBar().isVisible()
        assert viewport.height() >= rows, (view.objectName(), viewport.height(), rows)
        if view.horizontalHeader().length() > viewport.width():
            assert view.horizontalScrollBar().isVisible()       # the columns are reachable
        # the page scrolls as a whole, with the editor's height (no pane shared with the indicators)
        scroll = view.parentWidget().parentWidget().parentWidget().parentWidget()
        assert isinstance(scroll, QScrollArea) and scroll.height() >= 0.7 * editor.height()


@pytest.mark.parametrize("sample", SAMPLES)
def test_the_indicator_table_fits_1366_with_its_total_row(qtbot, sample):
    window = open_at(qtbot, (1366, 768), sample)
    editor = window.editor_stack.currentWidget()
    editor.reveal_anchor("indicators")
    qtbot.waitUntil(lambda: editor.panel.view.isVisible())
    settle(qtbot, window)
    view = editor.panel.view
    assert not view.horizontalScrollBar().isVisible()
    assert view.header().length() <= view.viewport().width()
    row = editor.panel.total_row
    ind = editor.form.definition.indicators
    if not ind.totals and not editor.form.stated_totals:
        assert row is None           # the form prints no 总分 row either
        return
    assert row is not None and row.isVisible()
    assert row.item(0, 0).text() == ind.total_label
    weight = editor.panel.model.column_of("weight")
    if weight > 0:
        assert row.item(0, weight).text().startswith("100")


def test_restore_default_layout(qtbot):
    window = open_at(qtbot, (1366, 768), "shenzhen-guangming-2024")
    nav_width = window.nav_dock.width()
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, window.nav_dock)
    window.check_dock.close()
    window.resizeDocks([window.completeness_dock], [700], Qt.Orientation.Horizontal)
    window_layout.save_settings(window)
    assert settings.settings().contains("window/state")
    window.act_reset_layout.trigger()
    settle(qtbot, window)
    assert window.dockWidgetArea(window.nav_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert window.dockWidgetArea(window.check_dock) == Qt.DockWidgetArea.BottomDockWidgetArea
    assert window.check_dock.isVisible() and window.completeness_dock.isVisible()
    assert abs(window.nav_dock.width() - nav_width) <= 4
    assert window.centralWidget().width() / window.width() >= 0.6
    assert not settings.settings().contains("window/state")


def test_a_layout_saved_on_a_larger_screen_is_reset(qtbot):
    window = open_at(qtbot, (1366, 768), "shenzhen-guangming-2024")
    window.close()                                 # saves the layout
    s = settings.settings()
    assert s.contains("window/state")
    s.setValue("window/screen", "3840x2160")      # as if saved on a big monitor
    s.sync()
    again = make_window(qtbot, None)
    assert again._default_dock_sizes               # the saved arrangement was not applied
    assert not settings.settings().contains("window/state")
    screen = again.screen().availableGeometry()
    assert again.width() <= screen.width() and again.height() <= screen.height()


def test_a_layout_saved_on_this_screen_comes_back(qtbot):
    window = open_at(qtbot, (780, 560), "shenzhen-guangming-2024")
    window.close()
    again = make_window(qtbot, None)
    assert not again._default_dock_sizes
    assert isinstance(settings.settings().value("window/state"), QByteArray)


def test_the_sample_banner_shows_on_a_sample_and_not_on_a_user_file(qtbot, tmp_path, monkeypatch):
    window = open_at(qtbot, (1366, 768), "suzhou-2024")
    banner = window.sample_banner
    assert banner.isVisible() and "这是示例工作簿" in banner.label.text()
    asked = []
    monkeypatch.setattr(window.file_actions, "new_workbook", lambda: asked.append("new") or False)
    monkeypatch.setattr(window.file_actions, "open_dialog", lambda: asked.append("open") or False)
    QTest.mouseClick(banner.new_button, Qt.MouseButton.LeftButton)
    QTest.mouseClick(banner.open_button, Qt.MouseButton.LeftButton)
    assert asked == ["new", "open"]
    path = tmp_path / "own.perfdesk"
    write_workbook(path, load_sample("suzhou-2024"))
    window.close_document()
    assert window.open_path(str(path))
    assert not banner.isVisible()


CRASH = """
import os, signal, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[2])
from perfdesk.domain.places import SectionPlace
from perfdesk.gui.main_window import MainWindow
window = MainWindow()
window.show()
assert window.open_path(sys.argv[1])
window.select_cell("project_01", SectionPlace("goal"))
window.editor("project_01").section_widgets["goal"].insertPlainText("（崩溃前）")
assert window.document.autosave()
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.skipif(os.name != "posix", reason="kills a process with SIGKILL")
def test_the_start_page_marks_recent_workbooks_with_recovered_edits(qtbot, tmp_path):
    crashed, calm = tmp_path / "crashed.perfdesk", tmp_path / "calm.perfdesk"
    write_workbook(crashed, load_sample("hebei-2022"))
    write_workbook(calm, load_sample("nantong-2024"))
    settings.remember(calm, "南通", 2024)
    settings_dir = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "perfdesk", "perfdesk").fileName()
    settings_dir = os.path.dirname(os.path.dirname(settings_dir))
    script = tmp_path / "crash.py"
    script.write_text(CRASH, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), str(crashed), settings_dir], capture_output=True,
                          text=True, timeout=60, env=dict(os.environ, PYTHONPATH=os.getcwd()))
    assert done.returncode == -signal.SIGKILL, done.stderr
    window = make_window(qtbot)
    model = window.start_page.recent_model
    rows = {os.path.basename(model.index(r, 0).data(Qt.ItemDataRole.UserRole)): r for r in range(model.rowCount())}
    assert set(rows) == {"crashed.perfdesk", "calm.perfdesk"}
    marked = model.index(rows["crashed.perfdesk"], 3)
    assert "可恢复" in marked.data() and marked.data(RECOVERED_ROLE) is not None
    assert "车辆保险费绩效目标表" in marked.data(Qt.ItemDataRole.ToolTipRole)
    plain = model.index(rows["calm.perfdesk"], 3)
    assert "可恢复" not in plain.data() and plain.data(RECOVERED_ROLE) is None
