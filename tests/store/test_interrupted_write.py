import os
import signal
import subprocess
import sys
import textwrap

import pytest

from perfdesk.samples import load_sample
from perfdesk.store.workbook_file import WorkbookFile, inspect_file, read_workbook, write_workbook
from perfdesk.store.codec import dump_workbook


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
