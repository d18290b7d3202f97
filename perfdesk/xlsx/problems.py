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


class NotPlaced(msgspec.Struct, frozen=True):
    """A non-empty source cell the import did not put anywhere in the workbook, and why."""

    sheet: str
    cell: str                # Excel address, e.g. "C7"
    text: str                # the cell's text as shown (numbers as typed)
    why: str                 # Chinese, for the user

    def __str__(self) -> str:
        text = self.text if len(self.text) <= 40 else self.text[:39] + "…"
        return f"未导入：工作表“{self.sheet}” {self.cell}“{text}”：{self.why}"


class DefinitionChoice(msgspec.Struct, frozen=True):
    """Which definition a foreign sheet was read with, and why: of the sheet's non-empty cells,
    how many it places (as a label of its layout or as content), and the same for the runner-up.
    The definition that places most wins. `forced` when the user named it (--definition)."""

    sheet: str
    definition_id: str
    definition_name: str
    matched: int
    total: int
    runner_up_id: str = ""
    runner_up_name: str = ""
    runner_up_matched: int = 0
    runner_up_total: int = 0
    forced: bool = False

    def __str__(self) -> str:
        if self.forced:
            head = f"工作表“{self.sheet}”：按指定的表样 {self.definition_name}（{self.definition_id}）读入"
            return head + f"，读入 {self.matched}/{self.total} 个单元格"
        head = (f"工作表“{self.sheet}”：匹配 {self.definition_name}（{self.definition_id}）："
                f"读入 {self.matched}/{self.total} 个单元格")
        if self.runner_up_id:
            head += (f"；其次 {self.runner_up_name}（{self.runner_up_id}）："
                     f"{self.runner_up_matched}/{self.runner_up_total}")
        return head


class UnitConversion(msgspec.Struct, frozen=True):
    """Amounts read in the source's money unit and converted exactly into the definition's."""

    sheet: str
    source_unit: str         # 万元
    unit: str                # 元
    example: str = ""        # "7.29 万元 → 72 900 元"
    count: int = 0           # how many amounts were converted

    def __str__(self) -> str:
        text = f"工作表“{self.sheet}”：按{self.source_unit}读入，换算为{self.unit}"
        if self.example:
            text += f"：{self.example}"
        if self.count > 1:
            text += f"（共 {self.count} 个金额）"
        return text


class ImportResult(msgspec.Struct):
    """The outcome of reading an xlsx. `workbook` is a new object (never the one passed in);
    it is None when any problem is an error, so an import applies completely or not at all."""

    source: str
    workbook: Workbook | None
    changes: list[Change] = msgspec.field(default_factory=list)
    problems: list[Problem] = msgspec.field(default_factory=list)
    own_export: bool = False        # the file is a perfdesk export (read back exactly)
    not_placed: list[NotPlaced] = msgspec.field(default_factory=list)
    choices: list[DefinitionChoice] = msgspec.field(default_factory=list)
    conversions: list[UnitConversion] = msgspec.field(default_factory=list)

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
