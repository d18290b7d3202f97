"""The workbook: one unit's forms for one year. Plain data; the one source of truth."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Iterator, Union

import msgspec

from .definition import ColumnDef, FormDefinition, FundsTableDef
from .values import IndicatorValue

MAX_LEVEL = 3      # an indicator tree's depth: 一级, 二级, 三级

# What an indicator cell holds, by its column type.
CellValue = Union[IndicatorValue, Decimal, str, dt.date, None]


class IndicatorNode(msgspec.Struct):
    """A row of the indicator tree: level 1 (一级), 2 (二级) or 3 (三级)."""

    name: str
    cells: dict[str, CellValue] = msgspec.field(default_factory=dict)
    children: list[IndicatorNode] = msgspec.field(default_factory=list)

    def cell(self, column_id: str) -> CellValue:
        return self.cells.get(column_id)


class FundsLine(msgspec.Struct):
    """A per-project line of a funds table (支出 → one line per project)."""

    name: str
    values: dict[str, Decimal] = msgspec.field(default_factory=dict)


class FundsTable(msgspec.Struct):
    definition: FundsTableDef
    values: dict[str, dict[str, Decimal]] = msgspec.field(default_factory=dict)   # typed rows
    stated: dict[str, dict[str, Decimal]] = msgspec.field(default_factory=dict)   # printed totals
    lines: list[FundsLine] = msgspec.field(default_factory=list)

    def value(self, row_id: str, column_id: str) -> Decimal | None:
        """A cell's value; computed rows add up their parts (blank parts count as nothing); a rate
        column divides two columns of the row (percent, 2 decimals; blank if either is blank or 0)."""
        column = self.definition.column(column_id)
        if column is not None and column.computed:
            top, bottom = (self.value(row_id, c) for c in column.of)
            if top is None or not bottom:
                return None
            try:
                return (top / bottom * 100).quantize(Decimal("0.01"))
            except ArithmeticError:     # a rate of more than 26 digits: no rate to show
                return None
        row = self.definition.row(row_id)
        if row.sum_lines:
            parts = [line.values.get(column_id) for line in self.lines]
        elif row.sum:
            parts = [self.value(part, column_id) for part in row.sum]
        else:
            return self.values.get(row_id, {}).get(column_id)
        present = [p for p in parts if p is not None]
        return sum(present, Decimal(0)) if present else None

    def stated_value(self, row_id: str, column_id: str) -> Decimal | None:
        return self.stated.get(row_id, {}).get(column_id)


class ImportSource(msgspec.Struct):
    """Where an imported form came from: the file and sheet, the money unit its amounts were
    printed in, and the definition's fields and sections the source layout never had (so that
    `check` does not blame the officer for leaving out what the source table had no place for)."""

    file: str = ""
    sheet: str = ""
    money_unit: str = ""                    # 元 / 万元 as the source printed them; "" unknown
    absent: tuple[str, ...] = ()            # field and section ids the source has no label for


class Origin(msgspec.Struct):
    """Where a derived form came from, and what it carried over then (to show later changes)."""

    source_form: str                  # id of the form it was derived from
    rule: str                         # derivation rule id (forms/derivations)
    baseline: dict[str, str] = msgspec.field(default_factory=dict)   # carried item → its text then


class Form(msgspec.Struct):
    id: str
    definition: FormDefinition
    title: str
    fields: dict[str, str] = msgspec.field(default_factory=dict)
    sections: dict[str, str] = msgspec.field(default_factory=dict)
    funds: dict[str, FundsTable] = msgspec.field(default_factory=dict)
    lists: dict[str, list[dict[str, CellValue]]] = msgspec.field(default_factory=dict)
    indicators: list[IndicatorNode] = msgspec.field(default_factory=list)
    stated_totals: dict[str, Decimal] = msgspec.field(default_factory=dict)
    origin: Origin | None = None      # set on a form derived from another (target → self-evaluation)
    source: ImportSource | None = None  # set on a form imported from a sheet we did not write

    @property
    def kind(self) -> str:
        return self.definition.kind

    def funds_table(self, table_id: str) -> FundsTable:
        table = self.funds.get(table_id)
        if table is None:
            table = FundsTable(self.definition.funds_table(table_id))
            self.funds[table_id] = table
        return table

    def cell_ref(self, ref: str) -> Decimal | None:
        """The value at "table.row.column" (a definition's reference)."""
        table_id, row_id, column_id = ref.split(".")
        return self.funds_table(table_id).value(row_id, column_id)

    def walk(self) -> Iterator[tuple[int, IndicatorNode, tuple[IndicatorNode, ...]]]:
        """Every indicator node with its level (1..3) and its ancestors, in reading order."""

        def visit(nodes, level, parents):
            for node in nodes:
                yield level, node, parents
                yield from visit(node.children, level + 1, parents + (node,))

        yield from visit(self.indicators, 1, ())

    def columns_for(self, level: int, branch_name: str) -> tuple[ColumnDef, ...]:
        """The columns a node carries at a level of a level-1 branch."""
        ind = self.definition.indicators
        if ind is None:
            return ()
        if level == 2:
            branch = ind.branch(branch_name)
            extra = branch.level2_columns if branch else ()
            return extra + ind.columns
        if level == 3:
            return ind.columns
        return ()


class Signature(msgspec.Struct):
    """The stamp and signature block printed on the last page of each form."""

    leader: str = ""      # 单位负责人
    preparer: str = ""    # 填报人
    phone: str = ""       # 联系电话
    date: str = ""        # 填报日期


class Task(msgspec.Struct):
    """The task a 主管部门 sent with a blank workbook (perfdesk dispatch): shown when it opens."""

    issuer: str = ""      # 下发单位
    deadline: str = ""    # 报送截止日期, as written (e.g. 2025-03-31)
    note: str = ""        # 填报说明


class Comment(msgspec.Struct):
    """A 审核意见: what a 主管部门 said about a unit's form, a place in it or an indicator
    (perfdesk.domain.comments). Never part of the figures: the forms do not change with it."""

    id: str                 # stable, unique in the workbook: "c1", "c2" …
    form_id: str            # the form it is about
    text: str
    place: str = ""         # places.place_to_text; "" = the form as a whole
    where: str = ""         # the place in the form's words when the comment was made
    author: str = ""        # who made it (the 主管部门, a reviewer)
    created: str = ""       # ISO date and time
    status: str = "open"    # "open" | "done" (the unit marked it 已处理)
    done_at: str = ""       # when the unit marked it done
    reply: str = ""         # the unit's answer, optional


class Workbook(msgspec.Struct):
    unit: str
    unit_code: str
    year: int
    forms: list[Form] = msgspec.field(default_factory=list)
    signature: Signature = msgspec.field(default_factory=Signature)
    # the scoring profiles the file carries for its forms (id → TOML text), parsed when first
    # needed (perfdesk.definitions.embedded.profile_for); the forms carry their definitions
    profile_texts: dict[str, str] = msgspec.field(default_factory=dict)
    task: Task | None = None          # set on a workbook written by perfdesk dispatch
    comments: list[Comment] = msgspec.field(default_factory=list)   # 审核意见 (perfdesk return)

    def form(self, form_id: str) -> Form:
        for f in self.forms:
            if f.id == form_id:
                return f
        raise KeyError(form_id)
