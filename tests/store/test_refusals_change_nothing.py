"""A refusal, a dry run or an import that changes nothing leaves the workbook's bytes and time
stamp as they were; a write killed midway leaves nothing hidden beside the file for long."""
import hashlib
import os
import sqlite3
import stat
import time
from pathlib import Path

import pytest

from perfdesk.cli.main import main
from perfdesk.samples import load_sample
from perfdesk.store.workbook_file import remove_stale_temporaries, write_workbook


def state(path: Path):
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


@pytest.fixture
def target(tmp_path):
    path = tmp_path / "rugao.perfdesk"
    write_workbook(path, load_sample("rugao-2023"))
    assert main(["export", str(path), "-o", str(tmp_path / "same.xlsx")]) == 0
    os.utime(path, (1_000_000_000, 1_000_000_000))
    return path


def test_import_into_unchanged_dry_run_and_refused_leave_the_target_untouched(capsys, target, tmp_path):
    before = state(target)
    same = tmp_path / "same.xlsx"
    assert main(["import", str(same), "--into", str(target)]) == 0
    assert "相同，未作修改" in capsys.readouterr().err
    assert state(target) == before
    assert main(["import", str(same), "--into", str(target), "--dry-run"]) == 0
    assert state(target) == before
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    assert main(["import", str(bad), "--into", str(target)]) == 1
    assert state(target) == before
    capsys.readouterr()


def test_import_into_dry_run_on_a_read_only_workbook(capsys, target, tmp_path):
    target.chmod(stat.S_IRUSR | stat.S_IRGRP)
    try:
        assert main(["import", str(tmp_path / "same.xlsx"), "--into", str(target), "--dry-run"]) == 0
        assert "只读" not in capsys.readouterr().err
    finally:
        target.chmod(0o644)


def test_migrate_with_nothing_to_do_leaves_the_file_untouched(capsys, target):
    before = state(target)
    assert main(["migrate", str(target)]) == 0
    assert state(target) == before


def test_dump_into_a_folder_that_cannot_take_it(capsys, target, tmp_path):
    for out in (tmp_path / "missing" / "out.json", target.with_suffix(".perfdesk") / "x.json"):
        assert main(["dump", str(target), "-o", str(out)]) == 1
        err = capsys.readouterr().err
        assert "无法写入" in err and "Traceback" not in err and str(out) in err
    assert not list(tmp_path.glob(".*tmp"))


def test_dump_into_a_read_only_folder(capsys, target, tmp_path, monkeypatch):
    import errno
    import tempfile

    def refuse(*args, **kwargs):   # as root, permissions stop nothing: the system's answer
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    assert main(["dump", str(target), "-o", str(tmp_path / "out.json")]) == 1
    err = capsys.readouterr().err.strip()
    assert "没有写入权限（Permission denied）" in err and err.endswith("未写入任何文件")


def _leftovers(folder: Path, stem: str, age: float):
    tmp = folder / f".{stem}-killed.tmp"
    con = sqlite3.connect(str(tmp))
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    journal = folder / f".{stem}-killed.tmp-journal"
    journal.write_bytes(b"\0" * 512)
    orphan = folder / f".{stem}-gone.tmp-journal"
    orphan.write_bytes(b"")
    foreign = folder / f".{stem}-notours.tmp"
    foreign.write_bytes(b"something else entirely, not SQLite")
    for p in (tmp, journal, orphan, foreign):
        os.utime(p, (time.time() - age, time.time() - age))
    return tmp, journal, orphan, foreign


def test_a_killed_write_of_a_new_file_leaves_nothing_behind_the_next_write(tmp_path):
    path = tmp_path / "new.perfdesk"
    tmp, journal, orphan, foreign = _leftovers(tmp_path, "new", age=3600)
    write_workbook(path, load_sample("rugao-2023"))
    assert not tmp.exists() and not journal.exists() and not orphan.exists()
    assert foreign.exists()               # not a file we made: left alone
    assert path.exists()


def test_fresh_or_busy_temporaries_are_left_alone(tmp_path):
    path = tmp_path / "new.perfdesk"
    tmp, journal, orphan, _ = _leftovers(tmp_path, "new", age=0)
    assert remove_stale_temporaries(path) == []          # too young: a write may be under way
    os.utime(tmp, (time.time() - 3600,) * 2)
    con = sqlite3.connect(str(tmp), isolation_level=None)
    con.execute("BEGIN EXCLUSIVE")                         # a live writer
    try:
        assert tmp not in remove_stale_temporaries(path)
        assert tmp.exists()
    finally:
        con.execute("ROLLBACK")
        con.close()
    assert tmp in remove_stale_temporaries(path)
