"""What an import reports: the problems found (each naming file, sheet, row and column), the
changes it would make, and the resulting workbook (None when any problem is an error)."""
from __future__ import annotations


import msgspec

from ..domain.model import Workbook

ERROR = "error"
WARNING = "warning"


class Problem(msgspec.Struct, frozen=True):
    severity: str            # ERROR refuses the whole import; WARNING is shown and accepted
    message: str             # Chinese, for the user
    file: str = ""
    sheet: str = ""
    row: int | None = None   # 1-based, as Excel shows it
    column: int | None = None  # 1-based; shown as a letter

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @property
    def column_letter(self) -> str:
        return column_letter(self.column) if self.column else ""

    def place(self) -> str:
        parts = []
        if self.file:
            parts.append(f"文件“{self.file}”")
        if self.sheet:
            parts.append(f"工作表“{self.sheet}”")
        if self.row:
            parts.append(f"第 {self.row} 行")
        if self.column:
            parts.append(f"{self.column_letter} 列")
        return "，".join(parts)

    def __str__(self) -> str:
        where = self.place()
        label = "错误" if self.is_error else "提示"
        return f"{label}：{where}：{self.message}" if where else f"{label}：{self.message}"


class SheetFailure(Exception):
    """Raised inside the reader for a problem that stops the sheet; collected as an error."""

    def __init__(self, message: str, row: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message, self.row, self.column = message, row, column


ADDED = "added"
CHANGED = "changed"
UNCHANGED = "unchanged"

CHANGE_LABELS = {ADDED: "新增", CHANGED: "修改", UNCHANGED: "无变化"}


class Change(msgspec.Struct, frozen=True):
    kind: str                       # ADDED | CHANGED | UNCHANGED
    form_id: str
    title: str
    sheet: str = ""
    details: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return CHANGE_LABELS[self.kind]

    def __str__(self) -> str:
        head = f"{self.label}：{self.title}（{self.form_id}）" if self.form_id else f"{self.label}：{self.title}"
        if self.sheet:
            head += f"，来自工作表“{self.sheet}”"
        return head + "".join(f"\n    {d}" for d in self.details)


class ImportResult(msgspec.Struct):
    """The outcome of reading an xlsx. `workbook` is a new object (never the one passed in);
    it is None when any problem is an error, so an import applies completely or not at all."""

    source: str
    workbook: Workbook | None
    changes: list[Change] = msgspec.field(default_factory=list)
    problems: list[Problem] = msgspec.field(default_factory=list)
    own_export: bool = False        # the file is a perfdesk export (read back exactly)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        return self.workbook is not None and not self.errors

    @property
    def has_effect(self) -> bool:
        return any(c.kind in (ADDED, CHANGED) for c in self.changes)


def column_letter(column: int) -> str:
    """1 → A, 27 → AA (as Excel names columns); here so that naming a problem's place needs no
    openpyxl, which the GUI loads only when it reads or writes a file."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
