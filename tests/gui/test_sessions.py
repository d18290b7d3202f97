"""Crash recovery and a workbook open twice, through the real start page and window.

The crash is real: a separate process opens the workbook, makes an edit, lets it be autosaved
and is killed with SIGKILL; the next start offers that workbook with what was recovered."""
import os
import signal
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest

from perfdesk.domain.places import SectionPlace
from perfdesk.gui import settings
from perfdesk.samples import load_sample
from perfdesk.store.workbook_file import read_workbook, write_workbook

from .helpers import make_window, focus, press, type_text

pytestmark = pytest.mark.skipif(os.name != "posix", reason="kills a process with SIGKILL")

CRASHING_SESSION = textwrap.dedent("""
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
    editor = window.editors["project_01"] if "project_01" in window.editors else window.editor("project_01")
    window.select_cell("project_01", SectionPlace("goal"))
    edit = editor.section_widgets["goal"]
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    edit.insertPlainText("（崩溃前写的一句）")
    assert window.document.autosave()        # what the timer does after a pause in typing
    os.kill(os.getpid(), signal.SIGKILL)     # no clean close: the session entry and journal stay
""")




def test_after_a_crash_the_next_start_offers_the_workbook_with_what_was_recovered(qtbot, tmp_path, dialog_log):
    path = tmp_path / "hebei.perfdesk"
    write_workbook(path, load_sample("hebei-2022"))
    settings_dir = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "perfdesk", "perfdesk").fileName()
    settings_dir = os.path.dirname(os.path.dirname(settings_dir))
    script = tmp_path / "crash.py"
    script.write_text(CRASHING_SESSION, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.getcwd())
    done = subprocess.run([sys.executable, str(script), str(path), settings_dir], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert "崩溃前" not in read_workbook_saved(path)           # never saved, only journaled

    window = make_window(qtbot)
    page = window.start_page
    assert page.recovery_box.isVisible()
    text = page.recovery_label.text()
    assert "hebei.perfdesk" in text and "未正常关闭" in text and "车辆保险费绩效目标表" in text
    QTest.mouseClick(page.recover_button, Qt.MouseButton.LeftButton)
    doc = window.document
    assert doc is not None and doc.path == path
    goal = doc.workbook.form("project_01").sections["goal"]
    assert goal.endswith("（崩溃前写的一句）")
    assert doc.modified and window.isWindowModified()           # recovered, not yet saved
    assert "已恢复自动保存的修改" in dialog_log.asked[-1] and "车辆保险费绩效目标表" in dialog_log.asked[-1]
    assert window.editor("project_01").section_widgets["goal"].toPlainText() == goal
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier) if focus() else window.save()
    assert not doc.modified and not window.isWindowModified()
    assert read_workbook(path).form("project_01").sections["goal"] == goal
    window.close_document()
    assert not page.recovery_box.isVisible()                    # offered once; handled
    assert settings.interrupted_sessions() == []


def read_workbook_saved(path) -> str:
    from perfdesk.store.workbook_file import WorkbookFile

    with WorkbookFile.open(path, read_only=True) as f:
        return f.load(include_pending=False).form("project_01").sections["goal"]


def test_closing_without_saving_leaves_nothing_to_recover(qtbot, tmp_path, dialog_log):
    path = tmp_path / "rugao.perfdesk"
    write_workbook(path, load_sample("rugao-2023"))
    window = make_window(qtbot)
    window.open_path(str(path))
    window.select_cell("dept_self_eval", SectionPlace("problems"))
    type_text(qtbot, "补充")
    assert "补充" in window.document.workbook.forms[0].sections["problems"]
    assert window.document.autosave()
    dialog_log.save_answer = "discard"
    assert window.close_document()
    again = make_window(qtbot)
    assert not again.start_page.recovery_box.isVisible()
    again.open_path(str(path))
    assert not again.document.modified
    assert "补充" not in again.document.workbook.forms[0].sections["problems"]


def test_a_second_window_is_told_who_has_the_workbook_and_may_open_it_read_only(qtbot, tmp_path, dialog_log):
    path = tmp_path / "suzhou.perfdesk"
    write_workbook(path, load_sample("suzhou-2024"))
    first = make_window(qtbot)
    assert first.open_path(str(path))
    second = make_window(qtbot)
    dialog_log.confirm_answer = False
    assert not second.open_path(str(path))                     # declined: nothing opened
    asked = dialog_log.asked[-1]
    holder = first.document.file
    import getpass
    assert "正由" in asked and getpass.getuser() in asked and "起编辑中" in asked and "只读" in asked
    assert second.document is None

    dialog_log.confirm_answer = True
    assert second.open_path(str(path))
    doc = second.document
    assert doc.read_only and "（只读）" in second.windowTitle()
    assert second.statusBar().currentMessage().startswith("只读打开，不能修改：")
    assert getpass.getuser() in second.statusBar().currentMessage()     # and says why
    second.select_cell(doc.workbook.forms[0].id, SectionPlace("annual_goal"))
    before = doc.workbook.forms[0].sections["annual_goal"]
    type_text(qtbot, "只读窗口里的修改")                          # refused: the field takes no typing
    assert doc.workbook.forms[0].sections["annual_goal"] == before and not doc.modified
    copy = tmp_path / "suzhou-副本.perfdesk"
    dialog_log.save_path = str(copy)
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)                  # 保存 of a read-only workbook: 另存为
    assert second.document.path == copy and not second.document.read_only
    second.select_cell(doc.workbook.forms[0].id, SectionPlace("annual_goal"))
    type_text(qtbot, "另存后的修改")                                  # the own copy takes typing again
    second.document.save()
    assert "另存后的修改" in read_workbook(copy).forms[0].sections["annual_goal"]
    assert "另存后的修改" not in read_workbook(path).forms[0].sections["annual_goal"]
    assert first.document.file is holder and first.document.file.token     # the first still holds it
    first.document.save()                                       # and can still write
