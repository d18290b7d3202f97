import os
import signal
import subprocess
import sys
import textwrap

import pytest

from perfdesk.samples import load_sample
from perfdesk.store.workbook_file import WorkbookFile, inspect_file, read_workbook, write_workbook
from perfdesk.codec import dump_workbook


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_a_write_killed_mid_transaction_is_rolled_back_even_for_a_reader(tmp_path):
    path = tmp_path / "nantong.perfdesk"
    write_workbook(path, load_sample("nantong-2024"))
    before = dump_workbook(read_workbook(path))
    # A process that changes the file inside a transaction and dies before committing.
    script = textwrap.dedent(f"""
        import sqlite3, time
        con = sqlite3.connect({str(path)!r}, isolation_level=None)
        con.execute("PRAGMA cache_size=1")
        con.execute("BEGIN IMMEDIATE")
        con.execute("UPDATE forms SET data = replace(data, '南通', '北京')")
        con.execute("CREATE TABLE filler (x)")
        for i in range(3000):
            con.execute("INSERT INTO filler VALUES (?)", ("x" * 500,))
        print("mid-write", flush=True)
        time.sleep(60)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "mid-write"
    assert (tmp_path / "nantong.perfdesk-journal").exists()   # the hot journal
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # a read-only reader (info, dump) rolls the interrupted write back first
    assert dump_workbook(read_workbook(path)) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nantong.perfdesk"]
    assert inspect_file(path, full=True).ok
    with WorkbookFile.open(path) as wf:
        assert dump_workbook(wf.load()) == before


@pytest.mark.parametrize("leftover", [b"", bytes(512)], ids=["empty", "zeroed-header"])
def test_a_journal_left_by_a_kill_before_it_was_written_is_removed(tmp_path, leftover):
    # killed between creating its journal and writing the header: SQLite ignores such a
    # journal but never deletes it, and it must not travel with the workbook
    path = tmp_path / "nantong.perfdesk"
    write_workbook(path, load_sample("nantong-2024"))
    before = dump_workbook(read_workbook(path))
    (tmp_path / "nantong.perfdesk-journal").write_bytes(leftover)
    assert dump_workbook(read_workbook(path)) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nantong.perfdesk"]


def test_a_journal_is_left_alone_while_another_program_writes(tmp_path):
    import sqlite3
    path = tmp_path / "nantong.perfdesk"
    write_workbook(path, load_sample("nantong-2024"))
    writer = sqlite3.connect(str(path), isolation_level=None)
    writer.execute("PRAGMA cache_size=1")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("CREATE TABLE filler (x)")
    for _ in range(2000):
        writer.execute("INSERT INTO filler VALUES (?)", ("x" * 500,))
    journal = tmp_path / "nantong.perfdesk-journal"
    assert journal.exists()
    from perfdesk.store.workbook_file import roll_back_interrupted_write
    from perfdesk.store.workbook_file import WorkbookFileError
    try:
        roll_back_interrupted_write(path)
    except WorkbookFileError as exc:   # the writer has spilled pages into the file: busy
        assert "正被另一个程序写入" in str(exc)
    assert journal.exists()
    writer.execute("ROLLBACK")
    writer.close()
