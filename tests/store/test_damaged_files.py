"""Every command that opens a workbook, over a corpus of damaged files (tests/store/damaged.py):
a Chinese message naming the file, the documented exit code, no traceback, and not one byte
(nor the time stamp) of the file changed. `check-file` agrees with the other commands."""
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from perfdesk.cli.main import main
from perfdesk.store.workbook_file import WorkbookFile, WorkbookFileError, inspect_file, read_workbook
from perfdesk.codec import dump_workbook

from . import damaged

# Damage every command that reads the workbook's content refuses.
REFUSED = [name for name in damaged.DAMAGES if name not in (
    # what is only shown or is taken over (the lock row), a snapshot (read on restore only),
    # time stamps, definitions of an unknown kind, a broken profile copy (the installed one is
    # used), a tiny divisor (no rate is shown), and a damaged 审核摘要 (seals: collect's shortcut only)
    "session_pid_text", "session_heartbeat_number", "session_blob", "snapshot_blob",
    "snapshot_name_blob", "snapshot_deep", "modified_blob", "definition_kind_number",
    "profile_not_toml", "amount_tiny_divisor")
    # a damaged 审核摘要: collect checks the file in full instead (tests/collect/test_seals.py)
    and not name.startswith("seals_")]
ACCEPTED = [name for name in damaged.DAMAGES if name not in REFUSED]

# (argv after the command name, with FILE, OUT and XLSX to fill in; expected exit code)
COMMANDS = {
    "info": (["FILE"], 1),
    "info --json": (["FILE", "--json"], 1),
    "dump": (["FILE"], 1),
    "dump -o": (["FILE", "-o", "OUT.json"], 1),
    "check": (["FILE"], 3),
    "check --json": (["FILE", "--json"], 3),
    "print": (["FILE", "-o", "OUT.pdf"], 1),
    "export": (["FILE", "-o", "OUT.xlsx"], 1),
    "check-file": (["FILE"], 1),
    "check-file --json": (["FILE", "--json"], 1),
    "snapshot": (["FILE", "--name", "新"], 1),
    "migrate": (["FILE"], 1),
    "migrate --dry-run": (["FILE", "--dry-run"], 1),
    "import --into": (["XLSX", "--into", "FILE"], 1),
    "import --into --dry-run": (["XLSX", "--into", "FILE", "--dry-run"], 1),
}

CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def sound(tmp_path_factory):
    """A sound workbook with one snapshot, and an Excel export of it to import."""
    d = tmp_path_factory.mktemp("sound")
    path = d / "sound.perfdesk"
    assert main(["demo", "rugao-2023", "-o", str(path)]) == 0
    assert main(["snapshot", str(path), "--name", "一"]) == 0
    assert main(["export", str(path), "-o", str(d / "sound.xlsx")]) == 0
    return path


def make(sound: Path, folder: Path, name: str) -> Path:
    path = folder / f"{name}.perfdesk"
    shutil.copyfile(sound, path)
    damaged.DAMAGES[name](path)
    os.utime(path, (1_000_000_000, 1_000_000_000))
    return path


def state(path: Path):
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns, sorted(os.listdir(path.parent))


def run(capsys, command: str, path: Path, xlsx: Path):
    argv, _ = COMMANDS[command]
    out_stem = path.parent / "out"
    argv = [command.split()[0]] + [str(path) if a == "FILE" else str(xlsx) if a == "XLSX"
                                   else str(out_stem) + a[3:] if a.startswith("OUT") else a for a in argv]
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def assert_refusal(code, out, err, expected, path):
    assert "Traceback" not in out + err and "内部错误" not in err, err
    assert code == expected, (code, out, err)
    message = err.strip()
    if not message:                           # check-file --json: the report on stdout
        report = json.loads(out)
        assert not report["ok"]
        message = "\n".join([report["path"]] + report["problems"])
    assert path.name in message and CHINESE.search(message), message
    last = message.splitlines()[-1]
    tail = CHINESE.split(last)[-1]
    assert not re.search(r"[A-Za-z]{2,}[ ,:]+[A-Za-z]{2,}", tail), f"a message must not end in English: {last}"


@pytest.mark.parametrize("name", REFUSED)
def test_every_command_refuses_a_damaged_workbook_unchanged(capsys, tmp_path, sound, name):
    path = make(sound, tmp_path, name)
    before = state(path)
    for command, (_, expected) in COMMANDS.items():
        code, out, err = run(capsys, command, path, sound.with_suffix(".xlsx"))
        assert_refusal(code, out, err, expected, path)
        assert state(path) == before, f"{command} changed {name}"
        assert not list(tmp_path.glob("out.*")), f"{command} wrote an output for {name}"


# sqlite-level damage and a newer format stay refused: a snapshot cannot be written into them
NOT_RESTORABLE = {"forms_table_dropped", "user_version_huge"}


@pytest.mark.parametrize("name", REFUSED)
def test_restore_replaces_damaged_content_keeping_a_byte_copy(capsys, tmp_path, sound, name):
    """The message on opening says 请用快照恢复: `restore` must then work on that file, and the
    damaged content it replaces is kept, byte for byte, beside it."""
    path = make(sound, tmp_path, name)
    damaged_bytes, _, files_before = state(path)
    code = main(["restore", str(path), "#1"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "内部错误" not in err, err
    if name in NOT_RESTORABLE:
        assert_refusal(code, out, err, 1, path)
        assert state(path)[0] == damaged_bytes and sorted(os.listdir(tmp_path)) == files_before
        return
    assert code == 0, err
    copies = [p for p in tmp_path.iterdir() if ".损坏备份-" in p.name]
    assert len(copies) == 1 and copies[0].name in err
    assert hashlib.sha256(copies[0].read_bytes()).hexdigest() == damaged_bytes
    expected = WorkbookFile.open(sound, read_only=True)
    try:
        snapshot = dump_workbook(expected.snapshot_workbook(expected.find_snapshot("#1")))
    finally:
        expected.close()
    assert dump_workbook(read_workbook(path)) == snapshot
    assert main(["check-file", str(path)]) == 0


@pytest.mark.parametrize("name", ACCEPTED)
def test_damage_that_does_not_stop_the_workbook(capsys, tmp_path, sound, name):
    path = make(sound, tmp_path, name)
    before = state(path)
    for command in ("info", "check-file", "dump"):
        code, out, err = run(capsys, command, path, sound.with_suffix(".xlsx"))
        assert "Traceback" not in out + err and "内部错误" not in err
        assert code == 0, (command, err)
    assert state(path) == before
    code, out, err = run(capsys, "snapshot", path, sound)
    assert code == 0 and "Traceback" not in out + err
    assert main(["snapshots", str(path)]) == 0


def test_check_file_agrees_with_the_others(tmp_path, sound):
    for name in REFUSED:
        report = inspect_file(make(sound, tmp_path, name), full=True)
        assert not report.ok and report.problems, name
        assert not report.busy
    for name in ACCEPTED:
        assert inspect_file(make(sound, tmp_path, name), full=True).ok, name


def test_a_damaged_order_is_reported_not_shown_as_no_forms(capsys, tmp_path, sound):
    path = make(sound, tmp_path, "pending_order_object")
    assert main(["check-file", str(path)]) == 1
    out, err = capsys.readouterr()
    assert "@order" in out and "完好" not in out


def test_a_damaged_snapshot_is_a_warning_and_restoring_it_is_refused(capsys, tmp_path, sound):
    path = make(sound, tmp_path, "snapshot_blob")
    assert main(["check-file", str(path)]) == 0
    out, _ = capsys.readouterr()
    assert "完好" in out and "注意：快照 #2“坏快照”无法恢复" in out
    before = state(path)
    assert main(["restore", str(path), "坏快照"]) == 1
    _, err = capsys.readouterr()
    assert "坏快照" in err and "UTF-8" in err and "Traceback" not in err
    assert state(path)[0] == before[0]


def test_a_workbook_another_program_is_writing_is_busy_not_damaged(capsys, tmp_path, sound):
    path = tmp_path / "busy.perfdesk"
    shutil.copyfile(sound, path)
    con = sqlite3.connect(str(path), isolation_level=None)
    try:
        con.execute("BEGIN EXCLUSIVE")
        con.execute("UPDATE workbook SET modified = modified")
        report = inspect_file(path, full=True)
        assert report.busy and not report.ok
        assert "正忙" in report.problems[0] and "损坏" not in report.problems[0]
        assert main(["check-file", str(path)]) == 1
        out, err = capsys.readouterr()
        assert "正忙" in err and "损坏" not in out + err
        assert main(["info", str(path)]) == 1
        _, err = capsys.readouterr()
        assert "正忙" in err and "损坏" not in err
    finally:
        con.execute("ROLLBACK")
        con.close()
    assert inspect_file(path).ok


def test_messages_name_the_place(tmp_path, sound):
    expected = {
        "form_ff00fe_blob": ("表单“dept_self_eval”", "UTF-8"),
        "form_ff00fe_text": ("表单“dept_self_eval”", "UTF-8"),
        "form_deep_json": ("表单“dept_self_eval”", "嵌套过深"),
        "amount_1e999999999": ("行“basic”", "超出可处理的范围"),
        "indicator_number_1e999999999": ("number", "超出可处理的范围"),
        "pending_order_number": ("@order", "列表"),
        "header_list": ("工作簿信息", "工作簿"),
        "form_id_disagrees": ("“other”", "不符"),
        "definition_blob": ("definitions", "UTF-8"),
        "form_huge_integer_text": ("表单“dept_self_eval”", "数字"),
    }
    for name, words in expected.items():
        with pytest.raises(WorkbookFileError) as info:
            with WorkbookFile.open(make(sound, tmp_path, name), read_only=True) as wf:
                wf.load()
        assert all(w in str(info.value) for w in words), (name, str(info.value))


@pytest.mark.parametrize("name", ["form_deep_json", "form_ff00fe_blob", "pending_order_object", "header_list"])
def test_no_traceback_from_the_real_program(tmp_path, sound, name):
    path = make(sound, tmp_path, name)
    before = state(path)
    for argv in (["info", str(path)], ["check-file", str(path)], ["check", str(path)],
                 ["snapshot", str(path)]):
        r = subprocess.run([sys.executable, "-m", "perfdesk", *argv], capture_output=True, text=True,
                           timeout=120, env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])})
        assert "Traceback" not in r.stdout + r.stderr, r.stderr
        assert r.returncode in (1, 3) and path.name in r.stdout + r.stderr
    assert state(path) == before
