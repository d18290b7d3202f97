"""What a form definition says: the types the loader in `perfdesk.definitions` fills from forms/.

These are plain data. Relations (sums, equalities) are named lists of cells, never code.
"""
from __future__ import annotations


import msgspec

from .kinds import KindDef
from .values import Notation

FIELD_TYPES = ("text", "multiline", "number", "date", "choice")
COLUMN_TYPES = ("value", "text", "number", "date", "project_ref", "rate")


class FieldDef(msgspec.Struct, frozen=True):
    id: str
    label: str
    type: str = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    max_chars: int | None = None  # the printed form's limit (100字以内): shown while typing, checked


class SectionDef(msgspec.Struct, frozen=True):
    id: str
    label: str
    group: str = ""
    required: bool = False
    max_chars: int | None = None


SPLIT_LABELS = ("指标性质", "指标值", "度量单位")


class ColumnDef(msgspec.Struct, frozen=True):
    id: str
    label: str
    type: str = "text"
    required: bool = False
    max_chars: int | None = None
    # a value column the form prints as 指标性质 | 指标值 | 度量单位 (the cell is still one value)
    split: bool = False
    split_labels: tuple[str, ...] = ()
    # a "rate" column of a funds table: of[0] / of[1] × 100 per row, computed, never stored
    of: tuple[str, ...] = ()
    # a text column whose value is one of these (several joined by 、 where the form allows)
    choices: tuple[str, ...] = ()
    # a summary table's column (TOML key `from`): which collected figure fills it (SUMMARY_SOURCES)
    source: str = ""

    @property
    def computed(self) -> bool:
        return self.type == "rate"

    @property
    def part_labels(self) -> tuple[str, str, str]:
        """The three headers of a split value column."""
        if self.split_labels:
            return tuple(self.split_labels)   # type: ignore[return-value]
        return (SPLIT_LABELS[0], self.label, SPLIT_LABELS[2])


class FundsRowDef(msgspec.Struct, frozen=True):
    id: str
    label: str
    sum: tuple[str, ...] = ()     # computed: the sum of these rows of the same table
    sum_lines: bool = False       # computed: the sum of the table's per-project lines
    indent: int = 0

    @property
    def computed(self) -> bool:
        return bool(self.sum) or self.sum_lines


class LinesDef(msgspec.Struct, frozen=True):
    label: str
    after: str                    # the row the lines are printed under


class FundsTableDef(msgspec.Struct, frozen=True):
    id: str
    label: str
    unit: str
    columns: tuple[ColumnDef, ...]
    rows: tuple[FundsRowDef, ...]
    lines: LinesDef | None = None
    kind: str = "amounts"         # "amounts" | "cumulative_plan"

    def row(self, row_id: str) -> FundsRowDef:
        for r in self.rows:
            if r.id == row_id:
                return r
        raise KeyError(row_id)

    @property
    def column_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.columns)

    @property
    def typed_column_ids(self) -> tuple[str, ...]:
        """The columns a user types (and a workbook stores): not the computed rates."""
        return tuple(c.id for c in self.columns if not c.computed)

    def column(self, column_id: str) -> ColumnDef | None:
        return next((c for c in self.columns if c.id == column_id), None)


class RelationDef(msgspec.Struct, frozen=True):
    """A rule between cells that the program checks but does not compute."""

    kind: str                     # "equal" | "column_not_greater"
    message: str
    left: tuple[str, ...] = ()    # "table.row" references (equal) or a column id
    right: str = ""
    columns: tuple[str, ...] = ()
    table: str = ""


class ExecutionDef(msgspec.Struct, frozen=True):
    """Where a form states its 全年预算数 and 全年执行数, and the points 执行率 earns."""

    budget: str                   # "table.row.column"
    spent: str
    points: int | None = None
    # the printed headers of the execution cells: 分值 | 执行率 | 得分, or two (分值 | 得分: no rate
    # cell, where the table's own rate column shows the rate, as Sichuan's 权重 | 得分)
    labels: tuple[str, ...] = ("分值", "执行率", "得分")
    span: bool = False            # the cells merged down all rows of the table
    other_rows: str = ""          # printed in those cells on the other rows ("/"); "" = as before (a dash)

    @property
    def has_rate(self) -> bool:
        """Whether the execution cells include 执行率 (three labels) or only 分值 and 得分 (two)."""
        return len(self.labels) != 2


class ScoringDef(msgspec.Struct, frozen=True):
    """The points a form fixes itself (Sichuan: 预算执行 10 + 绩效指标 90, branches free).

    With it, level-1 points come only from the definition's branches; the profile keeps the rules."""

    total: int = 100
    execution_points: int | None = None
    indicator_points: int | None = None


SIGNATURE_SOURCES = ("unit", "leader", "preparer", "phone", "date")


class SignatureItemDef(msgspec.Struct, frozen=True):
    label: str
    value: str = ""               # a SIGNATURE_SOURCES name, "field:<id>", or "" (signed by hand)


class SignatureDef(msgspec.Struct, frozen=True):
    """The stamp and signature block a form prints on its last page."""

    items: tuple[SignatureItemDef, ...] = ()
    per_row: int = 3


class ListDef(msgspec.Struct, frozen=True):
    id: str
    label: str
    item_label: str
    columns: tuple[ColumnDef, ...]
    # a 合计 row: these number columns summed; a number column with `of` = [a, b] shows
    # Σa / Σb × 100 there (a rate of the totals, e.g. 执行率), never the sum of its rows
    totals: tuple[str, ...] = ()
    total_label: str = "合计"
    widths: tuple[float, ...] = ()    # relative printed widths: 序号, then one per printed column
    # "table.row": a one-row funds table whose typed figures are the list's 合计 row, as a filed
    # form states them (东莞 年度主要任务 … 金额合计); printed as the list's last row
    total_row: str = ""
    total_fill: str = ""              # printed in that row's text columns after the label (`*`)
    numbered: bool = True             # a 序号 column
    side_label: bool = False          # the label printed down the left of the rows, not as a heading
    amounts_label: str = ""           # a header over the number columns: 年度预算金额(万元)


# 汇总表 (forms/summaries/): what a column of a summary table may be filled from. One row per
# project (`rows = "project"`) or per unit (`rows = "unit"`); see perfdesk.collect.summary_tables.
SUMMARY_SOURCES = {
    "unit": "单位名称", "unit_code": "单位代码", "status": "报送状态（已报送 / 未报送）",
    "project": "项目名称", "project_code": "项目代码", "form_title": "表名",
    "budget": "预算数（换算到汇总表的金额单位）", "spent": "执行数（同上）", "execution_rate": "执行率（%）",
    "score_total": "自评得分", "grade": "等级", "evaluated": "是否开展自评（是 / 否）",
    "not_evaluated_reason": "未开展自评的原因", "indicator_count": "三级指标数",
    "check_status": "审核状态（通过 / 错误 n 处 …）", "errors": "审核错误数", "warnings": "审核警告数",
    "code": "校验码",
}
SUMMARY_MONEY = ("budget", "spent")
SUMMARY_ROWS = ("project", "unit")


class SummaryDef(msgspec.Struct, frozen=True):
    """A 汇总表: its rows are computed from the units' collected workbooks, never typed."""

    list: str                     # the list whose items are the rows
    rows: str = "project"         # "project": one row per project form; "unit": one per unit
    stage: str = "self_eval"      # the forms it summarises: of kinds with this stage
    note: str = ""                # a section that receives the notes (未报送, 金额换算 …)


class Level1Def(msgspec.Struct, frozen=True):
    name: str
    level2: tuple[str, ...] = ()
    level2_free: bool = False
    level2_label: str = ""
    level2_columns: tuple[ColumnDef, ...] = ()
    points: int | None = None
    widths: tuple[int, ...] = ()  # print: column widths of this branch's own layout (level2_columns)


class IndicatorsDef(msgspec.Struct, frozen=True):
    label: str
    level_labels: tuple[str, str, str]
    columns: tuple[ColumnDef, ...]
    level1: tuple[Level1Def, ...]
    widths: tuple[int, ...] = ()
    totals: tuple[str, ...] = ()  # number columns summed into a 合计 row
    total_label: str = "合计"

    def branch(self, name: str) -> Level1Def | None:
        for b in self.level1:
            if b.name == name:
                return b
        return None

    def column(self, column_id: str) -> ColumnDef | None:
        for c in self.columns:
            if c.id == column_id:
                return c
        for b in self.level1:
            for c in b.level2_columns:
                if c.id == column_id:
                    return c
        return None


class PrintDef(msgspec.Struct, frozen=True):
    subtitle: str = ""
    unit_line: str = ""
    money_unit: str = ""
    money_label: str = "单位："             # printed before money_unit: 金额单位:万元 (重庆)
    orientation: str = "portrait"
    decimals: int = 2
    layout: tuple[str, ...] = ()
    fields_per_row: int = 1                 # label/value pairs printed side by side
    narrative: bool = False                 # sections print as headed paragraphs, not table rows
    horizontal: tuple[str, ...] = ()        # funds tables printed as label/value pairs in one row
    pairs: tuple[str, ...] = ()             # funds tables whose rows flow with the header fields
    indicator_label_column: bool = False    # a left column spanning the indicator table
    section_groups: str = "heading"         # "heading" | "side": a group's label merged down the left


DEFAULT_SIGNATURE = SignatureDef(items=(
    SignatureItemDef("填报单位（盖章）", "unit"), SignatureItemDef("单位负责人", "leader"),
    SignatureItemDef("填报人", "preparer"), SignatureItemDef("联系电话", "phone"),
    SignatureItemDef("填报日期", "date"),
), per_row=2)


class FormDefinition(msgspec.Struct, frozen=True):
    id: str
    kind: str
    name: str
    default_title: str
    source: str                   # the file it was loaded from, for messages
    print: PrintDef = msgspec.field(default_factory=PrintDef)
    notation: Notation = msgspec.field(default_factory=Notation)
    fields: tuple[FieldDef, ...] = ()
    sections: tuple[SectionDef, ...] = ()
    funds: tuple[FundsTableDef, ...] = ()
    relations: tuple[RelationDef, ...] = ()
    lists: tuple[ListDef, ...] = ()
    indicators: IndicatorsDef | None = None
    budget_total: str = ""        # "table.row.column" of the form's total funds
    execution: ExecutionDef | None = None
    scoring: ScoringDef | None = None
    signature: SignatureDef | None = None     # None: the default block (DEFAULT_SIGNATURE)
    summary: SummaryDef | None = None         # a 汇总表 (forms/summaries/): rows computed, not typed
    text: str = ""                # the TOML text it was read from: a workbook stores it verbatim
    origin: str = "builtin"       # "builtin" | "user" | "workbook"
    kind_info: KindDef | None = None   # what its kind means (forms/kinds/), filled by the loader

    def funds_table(self, table_id: str) -> FundsTableDef:
        for t in self.funds:
            if t.id == table_id:
                return t
        raise KeyError(table_id)

    def field_def(self, field_id: str) -> FieldDef | None:
        return next((f for f in self.fields if f.id == field_id), None)

    def section_def(self, section_id: str) -> SectionDef | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def list_def(self, list_id: str) -> ListDef | None:
        return next((x for x in self.lists if x.id == list_id), None)

    @property
    def signature_block(self) -> SignatureDef:
        return DEFAULT_SIGNATURE if self.signature is None else self.signature
