"""Opening a workbook and closing it without an edit changes neither its bytes nor its time;
an edit that is saved does, and so does a session whose only write was the recovery journal."""
import hashlib
import os
import sqlite3

import pytest

from perfdesk.samples import load_sample
from perfdesk.store.workbook_file import WorkbookFile, WorkbookLockedError, write_workbook


def fingerprint(path):
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


@pytest.fixture
def old_file(tmp_path):
    path = tmp_path / "河北.perfdesk"
    write_workbook(path, load_sample("hebei-2022"))
    past = 1_700_000_000_000_000_000          # 2023-11: clearly not "now"
    os.utime(path, ns=(past, past))
    return path


def test_open_and_close_leaves_content_and_time(old_file):
    before = fingerprint(old_file)
    wf = WorkbookFile.open(old_file)
    wf.load()
    wf.heartbeat()                             # the lock's keep-alive is no edit either
    assert fingerprint(old_file)[0] != before[0]     # while open, the file carries the lock
    wf.close(discard_pending=True)
    assert fingerprint(old_file) == before
    assert sorted(p.name for p in old_file.parent.iterdir()) == [old_file.name]   # nothing beside it


def test_the_lock_holds_until_closed_and_is_gone_after(old_file):
    wf = WorkbookFile.open(old_file)
    with pytest.raises(WorkbookLockedError):
        WorkbookFile.open(old_file)
    wf.close()
    again = WorkbookFile.open(old_file)        # free again, and a sound file
    assert again.load().unit == load_sample("hebei-2022").unit
    again.close()


def test_a_saved_edit_changes_the_file(old_file):
    before = fingerprint(old_file)
    wf = WorkbookFile.open(old_file)
    wb = wf.load()
    wb.unit = "改过的单位"
    wf.save(wb)
    wf.close()
    after = fingerprint(old_file)
    assert after[0] != before[0] and after[1] > before[1]
    assert WorkbookFile.open(old_file, read_only=True).load().unit == "改过的单位"


def test_an_autosaved_edit_closed_unsaved_is_not_hidden(old_file):
    """The journal was written: the time moves (the file was written to), the saved content stays."""
    before = fingerprint(old_file)
    wf = WorkbookFile.open(old_file)
    wb = wf.load()
    wb.unit = "未保存"
    wf.autosave(wb)
    wf.close(discard_pending=True)
    assert fingerprint(old_file)[1] != before[1]
    assert WorkbookFile.open(old_file, read_only=True).load().unit == load_sample("hebei-2022").unit


def test_read_only_open_changes_nothing(old_file):
    before = fingerprint(old_file)
    wf = WorkbookFile.open(old_file, read_only=True)
    wf.load()
    wf.close()
    assert fingerprint(old_file) == before
    con = sqlite3.connect(old_file)
    assert con.execute("SELECT count(*) FROM session").fetchone()[0] == 0
    con.close()
