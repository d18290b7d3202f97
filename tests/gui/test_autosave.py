"""An edit the screen shows as done is on disk within a second, even while the officer keeps typing."""
import time

from perfdesk.domain import edits
from perfdesk.domain.places import SectionPlace
from perfdesk.gui.main_window import MainWindow
from perfdesk.samples import load_sample
from perfdesk.store.workbook_file import read_workbook, write_workbook


def open_window(qtbot, path):
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    assert w.open_path(str(path))
    return w


def on_disk(path, form_id, section):
    # another reader of the file, as after a crash: the journal of unsaved edits included
    return read_workbook(path).form(form_id).sections.get(section, "")


def test_a_single_edit_reaches_the_file_within_a_second(qtbot, tmp_path):
    path = tmp_path / "hebei.perfdesk"
    write_workbook(path, load_sample("hebei-2022"))
    w = open_window(qtbot, path)
    w.document.push(edits.SetValue("project_01", SectionPlace("goal"), "新的绩效目标"), "修改绩效目标")
    qtbot.waitUntil(lambda: on_disk(path, "project_01", "goal") == "新的绩效目标", timeout=1000)
    assert w.document.modified                 # journalled, not saved: the title still says unsaved


def test_steady_typing_does_not_hold_the_write_back(qtbot, tmp_path):
    path = tmp_path / "hebei.perfdesk"
    write_workbook(path, load_sample("hebei-2022"))
    w = open_window(qtbot, path)
    first_at = None
    started = time.monotonic()
    n = 0
    # a keystroke every 100 ms for 1.5 s: a pause-based autosave would not have written yet
    while time.monotonic() - started < 1.5:
        n += 1
        w.document.push(edits.SetValue("project_01", SectionPlace("goal"), "目" * n), "修改绩效目标", merge_key="goal")
        if first_at is None:
            first_at = time.monotonic()
        qtbot.wait(100)
        if time.monotonic() - first_at >= 1.0:
            assert len(on_disk(path, "project_01", "goal")) >= 1, "an edit older than 1 s is not on disk"
    assert n >= 10
