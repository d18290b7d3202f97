import sqlite3

import pytest

from perfdesk.definitions.loader import forms_dir
from perfdesk.samples import load_sample
from perfdesk.codec import dump_workbook
from perfdesk.store.schema import SCHEMA_VERSION
from perfdesk.store.workbook_file import WorkbookFile, WorkbookFileError, inspect_file, read_workbook, write_workbook


@pytest.fixture
def path(tmp_path):
    p = tmp_path / "shenzhen.perfdesk"
    write_workbook(p, load_sample("shenzhen-guangming-2024"))
    return p


def make_version_1(path):
    """A file as the first release wrote it: workbook and forms tables only."""
    con = sqlite3.connect(path)
    for table in ("pending", "snapshots", "session", "definitions"):
        con.execute(f"DROP TABLE {table}")
    con.execute("PRAGMA user_version=1")
    con.commit()
    con.execute("VACUUM")
    con.close()


def test_older_file_is_migrated_after_a_backup_beside_it(path):
    make_version_1(path)
    before = dump_workbook(read_workbook(path))   # a version-1 file reads as it is
    original_bytes = path.read_bytes()
    with WorkbookFile.open(path) as wf:
        assert wf.version == SCHEMA_VERSION
        assert wf.backup_path is not None and wf.backup_path.parent == path.parent
        assert wf.backup_path.read_bytes() == original_bytes   # an exact copy of the old file
        assert dump_workbook(wf.load()) == before
        (snap,) = wf.snapshots()
        assert snap.auto and "格式升级前" in snap.name
        assert dump_workbook(wf.snapshot_workbook(snap)) == before
    assert inspect_file(path).schema_version == SCHEMA_VERSION


def make_version_2(path):
    """A file as version 2 wrote it: no copies of the definitions its forms use."""
    con = sqlite3.connect(path)
    con.execute("DROP TABLE definitions")
    con.execute("PRAGMA user_version=2")
    con.commit()
    con.execute("VACUUM")
    con.close()


def test_version_2_file_is_migrated_and_then_carries_its_definitions(path):
    make_version_2(path)
    before = dump_workbook(read_workbook(path))   # read as it is, with the installed definitions
    original_bytes = path.read_bytes()
    with WorkbookFile.open(path) as wf:
        assert wf.version == 3 == SCHEMA_VERSION
        assert wf.backup_path.read_bytes() == original_bytes
        assert dump_workbook(wf.load()) == before
        assert "格式升级前" in wf.snapshots()[0].name
    con = sqlite3.connect(path)
    rows = dict(((k, i), t) for k, i, t in con.execute("SELECT kind, id, text FROM definitions"))
    con.close()
    assert set(rows) == {("form", "shenzhen_project_self_eval"), ("profile", "national")}
    assert rows[("form", "shenzhen_project_self_eval")] == (
        forms_dir() / "shenzhen_project_self_eval.toml").read_text(encoding="utf-8")
    wb = read_workbook(path)
    assert wb.forms[0].definition.origin == "workbook"
    assert set(wb.profile_texts) == {"national"}


def test_snapshot_and_restore_keeps_the_state_before_as_a_snapshot(path):
    wf = WorkbookFile.open(path)
    wb = wf.load()
    submitted = dump_workbook(wb)
    wf.create_snapshot(wb, "报送版 2024-03-01")
    wb.forms[0].title = "改过的标题"
    wf.save(wb)
    changed = dump_workbook(wb)

    restored = wf.restore_snapshot("报送版 2024-03-01", current=wb)
    assert dump_workbook(restored) == submitted
    assert dump_workbook(wf.load()) == submitted
    names = [s.name for s in wf.snapshots()]
    assert names == ["报送版 2024-03-01", "恢复快照“报送版 2024-03-01”前自动快照"]
    before_restore = wf.find_snapshot(names[1])
    assert before_restore.auto and dump_workbook(wf.snapshot_workbook(before_restore)) == changed
    # restoring the automatic snapshot brings the change back
    wf.restore_snapshot(f"#{before_restore.id}")
    assert wf.load().forms[0].title == "改过的标题"
    wf.close()


def test_unknown_snapshot_names_the_existing_ones(path):
    with WorkbookFile.open(path) as wf:
        wf.create_snapshot(wf.load(), "初稿")
        with pytest.raises(WorkbookFileError, match="初稿"):
            wf.find_snapshot("终稿")
        with pytest.raises(WorkbookFileError, match="不能为空"):
            wf.create_snapshot(wf.load(), "  ")


def test_inspect_reports_summary_for_recent_drafts(path, tmp_path):
    report = inspect_file(path)
    assert report.ok and report.unit == "深圳市市场监督管理局光明监管局" and report.year == 2024
    assert report.forms == 1 and report.modified
    missing = inspect_file(tmp_path / "gone.perfdesk")
    assert not missing.exists and not missing.ok and "不存在" in missing.problems[0]
