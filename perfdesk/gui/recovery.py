"""What a session that did not close properly left in a workbook's autosave journal, read
without touching the file (read-only), for the start page to offer it again."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import msgspec

from ..codec import form_to_dict, workbook_header_to_dict
from ..store.workbook_file import WorkbookFile, WorkbookFileError


class Interrupted(msgspec.Struct, frozen=True):
    path: str
    unit: str
    year: int | None
    forms: tuple[str, ...]      # titles of the forms with recovered edits
    header: bool                # the workbook's own details were edited too
    when: str                   # last autosave, "2024-11-23 19:30"

    @property
    def text(self) -> str:
        name = Path(self.path).name
        if not self.forms and not self.header:
            return f"上次打开的工作簿 {name}（{self.unit} {self.year or ''}年度）未正常关闭，没有未保存的修改。"
        what = "、".join(self.forms[:4]) + (f" 等 {len(self.forms)} 张表" if len(self.forms) > 4 else "")
        if self.header:
            what = (what + "、" if what else "") + "工作簿信息"
        return (f"上次打开的工作簿 {name}（{self.unit} {self.year or ''}年度）未正常关闭。"
                f"自动保存的修改可以恢复（{self.when}）：{what}。")


def peek(path: str) -> Interrupted | None:
    """The recoverable edits of a workbook, or None when the file is gone or unreadable."""
    if not os.path.isfile(path):
        return None
    try:
        file = WorkbookFile.open(path, read_only=True)
    except WorkbookFileError:
        return None
    try:
        if not file.has_pending:
            saved = file.load(include_pending=False)
            return Interrupted(path, saved.unit, saved.year, (), False, "")
        saved = file.load(include_pending=False)
        current = file.load(include_pending=True)
    except WorkbookFileError:
        return None
    finally:
        file.close()
    before = {f.id: form_to_dict(f) for f in saved.forms}
    changed = tuple((f.title or f.definition.name) for f in current.forms
                    if before.get(f.id) != form_to_dict(f))
    header = workbook_header_to_dict(saved) != workbook_header_to_dict(current)
    when = dt.datetime.fromtimestamp(os.path.getmtime(path)).strftime("%Y-%m-%d %H:%M")
    return Interrupted(path, current.unit, current.year, changed, header, when)
