"""Nothing lost or touched by accident: a new workbook asks before it goes, opening and closing
changes nothing on disk, a read-only workbook takes no edits and says why."""
import hashlib
import os
from decimal import Decimal

from PySide6.QtCore import Qt

from perfdesk.domain.places import FundsPlace
from perfdesk.samples import load_sample
from perfdesk.store.workbook_file import WorkbookFile, write_workbook

from .helpers import make_window


def new_workbook(window, dialog_log):
    def fill(dialog):
        dialog.unit.setText("某某区财政局")
        dialog.choose("national_dept_target")
        dialog.choose("national_project_target", 2)
        return True

    dialog_log.run_dialog = fill
    assert window.new_workbook()


def test_quitting_right_after_new_asks_and_cancel_keeps_the_window(qtbot, dialog_log):
    window = make_window(qtbot)
    new_workbook(window, dialog_log)
    assert window.document.modified and window.isWindowModified()
    dialog_log.save_answer = "cancel"
    assert not window.close()                         # 取消: the window and the workbook stay
    assert window.isVisible() and window.document is not None
    assert dialog_log.asked == ["未命名"]
    dialog_log.save_answer = "discard"                # 不保存
    assert window.close()


def test_saving_a_new_workbook_on_quit_writes_it(qtbot, dialog_log, tmp_path):
    window = make_window(qtbot)
    new_workbook(window, dialog_log)
    dialog_log.save_answer = "save"
    dialog_log.save_path = str(tmp_path / "新.perfdesk")
    assert window.close()
    with WorkbookFile.open(tmp_path / "新.perfdesk", read_only=True) as f:
        assert f.load().unit == "某某区财政局"


def test_a_saved_new_workbook_no_longer_asks(qtbot, dialog_log, tmp_path):
    window = make_window(qtbot)
    new_workbook(window, dialog_log)
    dialog_log.save_path = str(tmp_path / "新.perfdesk")
    assert window.save()
    assert not window.document.modified
    assert window.close() and dialog_log.asked == []


def test_an_untouched_sample_closes_without_asking(qtbot, dialog_log):
    window = make_window(qtbot)
    window.open_sample("suzhou-2024")
    assert window.close() and dialog_log.asked == []


def test_opening_and_closing_without_an_edit_touches_nothing(qtbot, dialog_log, tmp_path):
    path = tmp_path / "苏州.perfdesk"
    write_workbook(path, load_sample("suzhou-2024"))
    past = 1_700_000_000_000_000_000
    os.utime(path, ns=(past, past))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    window = make_window(qtbot)
    assert window.open_path(str(path))
    for form in window.document.workbook.forms:          # look at every form, as a reader does
        window.show_form(form.id)
    qtbot.wait(700)                                         # past the autosave delay
    assert window.close_document()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert path.stat().st_mtime_ns == past
    from perfdesk.gui import settings
    entry = next(e for e in settings.recent_entries() if os.path.samefile(e.path, path))
    assert entry.changed.startswith("2023-11-1")             # the 最后修改 the start page shows


def test_a_read_only_workbook_refuses_edits_and_says_why(qtbot, dialog_log, tmp_path):
    path = tmp_path / "苏州.perfdesk"
    write_workbook(path, load_sample("suzhou-2024"))
    holder = WorkbookFile.open(path)                        # someone else is editing it
    try:
        window = make_window(qtbot)
        dialog_log.confirm_answer = True                     # 以只读方式打开
        assert window.open_path(str(path))
        doc = window.document
        assert doc.read_only
        message = window.statusBar().currentMessage()
        assert message.startswith("只读打开，不能修改：") and "另存为" in message and str(path) not in message
        form = doc.workbook.forms[0]
        editor = window.editor(form.id)
        table_id, view = next(iter(editor.tables.items()))
        assert view.editTriggers() == view.EditTrigger.NoEditTriggers      # the view opens no editor
        model = view.model()
        row_id = form.definition.funds[0].rows[-1].id
        place = FundsPlace(table_id, row_id, form.definition.funds[0].typed_column_ids[0])
        index = model.index(model.row_of(place), model.column_of(place.column_id))
        old = form.funds[table_id].values.get(row_id, {}).get(place.column_id)
        window.statusBar().clearMessage()
        model.setData(index, "999", Qt.ItemDataRole.EditRole)              # anything that still comes
        assert form.funds[table_id].values.get(row_id, {}).get(place.column_id) == old
        assert not doc.modified and doc.undo_stack.count() == 0
        assert window.statusBar().currentMessage().startswith("只读打开，不能修改：")
        assert all(w.isReadOnly() for w in editor.section_widgets.values())
    finally:
        holder.close()
