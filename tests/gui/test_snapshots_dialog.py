"""文件 › 快照: save a snapshot (unsaved edits included), restore it (the state before kept as an
automatic snapshot, the window showing the restored content), delete one."""
from perfdesk.cli.main import main
from perfdesk.codec import dump_workbook
from perfdesk.gui import snapshots_dialog
from perfdesk.gui.snapshots_dialog import SnapshotsDialog
from perfdesk.store.workbook_file import WorkbookFile, read_workbook


def opened(window, tmp_path):
    path = tmp_path / "rugao.perfdesk"
    assert main(["demo", "rugao-2023", "-o", str(path)]) == 0
    assert window.open_path(str(path))
    return path


def test_the_action_needs_a_file(window, tmp_path):
    assert not window.act_snapshots.isEnabled()
    opened(window, tmp_path)
    assert window.act_snapshots.isEnabled()


def test_save_restore_delete(window, dialog_log, tmp_path, monkeypatch, qtmodeltester):
    path = opened(window, tmp_path)
    original = dump_workbook(window.document.workbook)
    dialog = SnapshotsDialog(window)
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 0 and not dialog.btn_restore.isEnabled()
    monkeypatch.setattr(snapshots_dialog, "ask_snapshot_name", lambda parent: "报送版")
    dialog.save_snapshot()
    assert [s.name for s in dialog.model.rows()] == ["报送版"]
    # an edit, not saved; restoring keeps it in an automatic snapshot
    doc = window.document
    doc.workbook.unit = "改过的单位名称"
    edited = dump_workbook(doc.workbook)
    dialog.restore_selected()
    assert dialog_log.asked and "报送版" in dialog_log.asked[-1]
    assert dump_workbook(window.document.workbook) == original
    assert not window.document.modified
    assert dump_workbook(read_workbook(path)) == original
    names = [s.name for s in dialog.model.rows()]
    assert names[0].startswith("恢复快照“报送版”前") and names[1] == "报送版"
    with WorkbookFile.open(path, read_only=True) as wf:
        assert dump_workbook(wf.snapshot_workbook(wf.find_snapshot(names[0]))) == edited
    # delete the automatic one
    dialog.view.selectRow(0)
    dialog.delete_selected()
    assert [s.name for s in dialog.model.rows()] == ["报送版"]


def test_declined_restore_changes_nothing(window, dialog_log, tmp_path, monkeypatch):
    path = opened(window, tmp_path)
    dialog = SnapshotsDialog(window)
    monkeypatch.setattr(snapshots_dialog, "ask_snapshot_name", lambda parent: "一")
    dialog.save_snapshot()
    before = path.read_bytes()
    dialog_log.confirm_answer = False
    dialog.restore_selected()
    dialog.delete_selected()
    assert path.read_bytes() == before and [s.name for s in dialog.model.rows()] == ["一"]
