"""Running the reading commands in-process over one file: exit codes as the README documents
them, no traceback and no internal error, Chinese on stderr, and the file's bytes unchanged."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from perfdesk.cli.main import main

CHINESE = re.compile(r"[\u4e00-\u9fff]")

# command → the exit codes it may give for a file it reads (README: 0/1, check 0–3)
READING = {
    "info": ([], {0, 1}),
    "check-file --json": (["--json"], {0, 1}),
    "check": ([], {0, 1, 2, 3}),
    "dump": ([], {0, 1}),
    "snapshots": ([], {0, 1}),
}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(capsys, argv: list[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err, err
    assert "内部错误" not in err, (argv, err)     # an unexpected exception, caught by main()
    return code, out, err


def assert_failure_said_in_chinese(code: int, out: str, err: str, argv) -> None:
    message = err.strip()
    if not message and out.strip().startswith("{"):        # check-file --json: the report on stdout
        report = json.loads(out)
        message = "\n".join(report.get("problems", []))
    assert CHINESE.search(message), (argv, code, out, err)


def every_reading_command(capsys, path: Path) -> dict[str, int]:
    """Each reading command over path: documented exit codes, Chinese when it fails, not one
    byte of the file changed. Returns the exit code of each."""
    before = sha(path)
    codes = {}
    for name, (extra, allowed) in READING.items():
        argv = [name.split()[0], str(path), *extra]
        code, out, err = run(capsys, argv)
        assert code in allowed, (argv, code, err)
        if code != 0 and not name.startswith("check"):
            assert_failure_said_in_chinese(code, out, err, argv)
        if name == "check" and code == 3:
            assert_failure_said_in_chinese(code, out, err, argv)
        codes[name] = code
        assert sha(path) == before, f"{name} changed the file"
    # `check-file` agrees with the others: 完好 means every command opens the file
    if codes["check-file --json"] == 0:
        assert codes["info"] == 0 and codes["dump"] == 0 and codes["check"] != 3, codes
    return codes
