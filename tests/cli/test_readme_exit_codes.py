"""README's exit-code table names every command the parser has, and no other (issue 19 item 7);
only `check` has an exit code 3."""
import re
from pathlib import Path

from perfdesk.cli.main import build_parser, command_names

README = Path(__file__).resolve().parents[2] / "README.md"


def exit_code_rows() -> dict[str, list[str]]:
    text = README.read_text(encoding="utf-8")
    section = text.split("### Exit codes", 1)[1]
    section = re.split(r"\n(?=#|The first five samples)", section, maxsplit=1)[0]
    rows = {}
    for line in section.splitlines():
        m = re.match(r"\| `([a-z-]+)` \|(.*)\|\s*$", line)
        if m:
            rows[m.group(1)] = [cell.strip() for cell in m.group(2).split("|")]
    return rows


def test_every_command_has_its_exit_codes_documented():
    rows = exit_code_rows()
    assert set(rows) == command_names(build_parser())
    for command, cells in rows.items():
        assert len(cells) == 4 and all(cells[:3]), (command, cells)     # 0, 1, 2 said for each
        assert (cells[3] != "—") == (command == "check"), command          # 3: check only
