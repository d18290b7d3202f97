"""Kill a real writer process at random moments; the file must stay sound and keep every
acknowledged edit (DOMAIN: an edit shown as done is never lost)."""
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from perfdesk.samples import load_sample
from perfdesk.store.workbook_file import read_workbook, write_workbook

WRITER = Path(__file__).with_name("writer_process.py")
KILLS = 50


def _acks(proc, lines, started):
    for raw in proc.stdout:
        lines.append((time.monotonic(), raw.split()))
        started.set()


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_sigkill_during_edits_and_imports_loses_nothing_acknowledged(tmp_path):
    path = tmp_path / "hebei.perfdesk"
    wb = load_sample("hebei-2022")
    write_workbook(path, wb)
    rng = random.Random(20261123)
    latest_edit: dict[str, int] = {}   # form id → newest acknowledged edit number
    imported: set[str] = set()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    for cycle in range(KILLS):
        proc = subprocess.Popen([sys.executable, str(WRITER), str(path), str(cycle * 1_000_000)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        lines, started = [], threading.Event()
        reader = threading.Thread(target=_acks, args=(proc, lines, started), daemon=True)
        reader.start()
        if not started.wait(20):
            proc.kill()
            pytest.fail(f"writer did not start: {proc.stderr.read()}")
        time.sleep(rng.uniform(0.0, 0.25))   # a random moment in the stream
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        reader.join(5)
        assert proc.returncode == -signal.SIGKILL
        for _, (kind, number, form_id) in lines:
            if kind == "edit":
                latest_edit[form_id] = max(latest_edit.get(form_id, 0), int(number))
            else:
                imported.add(form_id)

        con = sqlite3.connect(path)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok", f"cycle {cycle}"
        con.close()
        after = read_workbook(path)
        forms = {f.id: f for f in after.forms}
        assert imported <= set(forms), f"cycle {cycle}: acknowledged import lost"
        for form_id, number in latest_edit.items():
            title = forms[form_id].title
            assert title.startswith("编辑") and int(title[2:]) >= number, (cycle, form_id, title, number)
    assert sum(latest_edit.values()) > 0 and imported  # both kinds of write were interrupted
    # nothing but the workbook is left beside it (a killed write may leave a hot journal,
    # which the next open rolls back and removes)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hebei.perfdesk"]
