"""Opening a workbook whose content is damaged offers its snapshots; restoring one opens it and
keeps the damaged file byte for byte beside it."""
import hashlib

from perfdesk.cli.main import main
from perfdesk.codec import dump_workbook
from perfdesk.store.workbook_file import WorkbookFile

from tests.store import damaged


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def damaged_with_snapshots(tmp_path):
    path = tmp_path / "rugao.perfdesk"
    assert main(["demo", "rugao-2023", "-o", str(path)]) == 0
    assert main(["snapshot", str(path), "--name", "报送版"]) == 0
    assert main(["snapshot", str(path), "--name", "最新"]) == 0
    with WorkbookFile.open(path, read_only=True) as wf:
        wanted = dump_workbook(wf.snapshot_workbook(wf.find_snapshot("报送版")))
    damaged.form_not_json(path)
    return path, wanted


def test_restoring_a_snapshot_opens_the_damaged_workbook(window, dialog_log, tmp_path, monkeypatch):
    path, wanted = damaged_with_snapshots(tmp_path)
    before = sha(path)
    dialog_log.choice_answer = 0           # 用快照恢复…
    offered = []
    import perfdesk.gui.dialogs as dialogs

    def pick(parent, title, label, items):
        offered.extend(items)
        return items.index(next(i for i in items if i.startswith("报送版")))
    monkeypatch.setattr(dialogs, "ask_item", pick)
    assert window.open_path(str(path))
    assert dialog_log.choices == [["用快照恢复…", "取消"]]
    assert offered[0].startswith("最新") and offered[1].startswith("报送版")     # newest first
    assert dump_workbook(window.document.workbook) == wanted
    copies = list(tmp_path.glob("rugao.损坏备份-*.perfdesk"))
    assert len(copies) == 1 and sha(copies[0]) == before
    assert any(copies[0].name in text for text in dialog_log.asked)


def test_declining_changes_nothing(window, dialog_log, tmp_path):
    path, _ = damaged_with_snapshots(tmp_path)
    before = sha(path), sorted(p.name for p in tmp_path.iterdir())
    dialog_log.choice_answer = None        # 取消
    assert not window.open_path(str(path))
    assert (sha(path), sorted(p.name for p in tmp_path.iterdir())) == before
    assert window.document is None or window.document.path != path


def test_without_snapshots_it_is_the_plain_error(window, dialog_log, tmp_path):
    path = tmp_path / "rugao.perfdesk"
    assert main(["demo", "rugao-2023", "-o", str(path)]) == 0
    damaged.form_not_json(path)
    assert not window.open_path(str(path))
    assert dialog_log.choices == [] and len(dialog_log.errors) == 1 and path.name in dialog_log.errors[0]
