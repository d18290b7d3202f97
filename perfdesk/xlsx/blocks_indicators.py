"""The indicator table of a sheet plan: header rows, level-1 and level-2 cells merged over their
rows, a branch's own level-2 columns (履职: 重点工作, 对应项目) under a header of their own, the
合计/总分 row as SUM formulas, and an optional label column down the left (年度绩效指标).

A split value column (`split = true`) takes three grid columns, 指标性质 | 指标值 | 度量单位, with
the texts of `split_parts`; the 指标性质 cells get a drop-down of OPERATOR_CHOICES. A value typed
as one text (no parts) keeps that text in the row's hidden key (plan.typed), so that
reading the file back gives the very same value when the three cells are unchanged."""
from __future__ import annotations

from decimal import Decimal

from ..domain import figures
from ..domain.definition import ColumnDef, FormDefinition, Level1Def
from ..domain.model import Form, IndicatorNode
from ..domain.values import OPERATOR_CHOICES, IndicatorValue, split_parts
from .layout import (CAPTION, CENTER, CONTINUED, HEADER, SIDE, TEXT, SheetPlan, column_cell_value, continued,
                     decorated_level1, ref, sum_formula)
from .rowkeys import Row, row_key

SIDE_WIDTH = 4.5
OP_ROLE, UNIT_ROLE = "#op", "#unit"      # suffixes of a split column's 指标性质 and 度量单位 roles
PART_WIDTH = 8.0


def column_roles(column: ColumnDef) -> list[str]:
    """The grid columns (roles) of a table column: three for a split value column."""
    if column.split:
        return [column.id + OP_ROLE, column.id, column.id + UNIT_ROLE]
    return [column.id]


def _column_widths(ind, widths: list[float]) -> list[float]:
    """Widths of the table's columns as grid columns: the definition may give one width per grid
    column (a split column's three included) or one per column (a split column's width goes to
    its 指标值, its 指标性质 and 度量单位 get PART_WIDTH)."""
    columns = ind.columns
    grid = sum(len(column_roles(c)) for c in columns)
    if grid != len(columns) and len(ind.widths) == 3 + grid:
        return [float(w) for w in ind.widths[3:]]
    out = []
    for c, w in zip(columns, widths):
        out += [PART_WIDTH, w, PART_WIDTH] if c.split else [w]
    return out


def indicator_columns(definition: FormDefinition) -> tuple[list[str], list[float]]:
    """Grid columns of a form with an indicator table: role ids and widths from the definition.

    Roles: ["side"], "l1", "l2", the level-2 columns of any branch, "l3", then the table's columns.
    A branch with level-2 columns gives their widths (and its level-3 width) in its own `widths`.
    """
    ind = definition.indicators
    extra: list[ColumnDef] = []
    own_widths: dict[str, float] = {}
    for branch in ind.level1:
        ids = [c.id for c in branch.level2_columns]
        if len(branch.widths) == 3 + len(ids) + len(ind.columns):
            own_widths.update(zip(["l1", "l2"] + ids + ["l3"], map(float, branch.widths)))
        for c in branch.level2_columns:
            if c.id not in {x.id for x in extra}:
                extra.append(c)
    defaults = [12.0, 16.0, 30.0] + [14.0] * len(ind.columns)
    widths = [float(w) for w in ind.widths[: 3 + len(ind.columns)]]
    widths += defaults[len(widths):]
    l3 = widths[2]
    extra_widths = [own_widths.get(c.id, 18.0 if c.type == "text" else 14.0) for c in extra]
    if extra:
        l3 = own_widths.get("l3", max(20.0, l3 - sum(extra_widths) / 2))
    roles = ["l1", "l2"] + [c.id for c in extra] + ["l3"] + [r for c in ind.columns for r in column_roles(c)]
    widths = widths[:2] + extra_widths + [l3] + _column_widths(ind, widths[3:])
    if definition.print.indicator_label_column:
        roles, widths = ["side"] + roles, [SIDE_WIDTH] + widths
    return roles, widths


def _present(value) -> bool:
    if value is None or value == "":
        return False
    if isinstance(value, IndicatorValue):
        return not value.is_empty
    return True


class _IndicatorBlock:
    def __init__(self, plan: SheetPlan, form: Form, roles: list[str], exec_cells: dict[str, str]):
        self.plan, self.form, self.exec_cells = plan, form, exec_cells
        self.ind = form.definition.indicators
        self.colof = {role: i + 1 for i, role in enumerate(roles)}
        self.l2_extra = roles[roles.index("l2") + 1: roles.index("l3")]
        self.leaf_rows: list[int] = []
        self.first_header: int | None = None

    def l3_span(self, extra) -> tuple[int, int]:
        """The level-3 name takes the columns of level-2 extras this branch does not use."""
        unused = [cid for cid in self.l2_extra if cid not in extra]
        c3 = self.colof["l3"]
        if unused and all(self.colof[u] == c3 - len(unused) + k for k, u in enumerate(unused)):
            return self.colof[unused[0]], len(unused) + 1
        return c3, 1

    def header(self, extra) -> None:
        plan, ind, colof = self.plan, self.ind, self.colof
        r = plan.new_row(row_key(Row.INDICATOR_HEADER))
        plan.keep_together(r, r + 1)
        if self.first_header is None:
            self.first_header = r
        plan.put(r, colof["l1"], ind.level_labels[0], HEADER)
        plan.put(r, colof["l2"], ind.level_labels[1], HEADER)
        for cid in self.l2_extra:
            if cid in extra:
                plan.fit_text(plan.put(r, colof[cid], ind.column(cid).label, HEADER))
        start, span = self.l3_span(extra)
        plan.put(r, start, ind.level_labels[2], HEADER, cols=span)
        for c in ind.columns:
            labels = c.part_labels if c.split else (c.label,)
            for role, label in zip(column_roles(c), labels):
                plan.fit_text(plan.put(r, colof[role], label, HEADER))

    def values(self, r: int, node: IndicatorNode):
        plan, colof = self.plan, self.colof
        typed = None
        for c in self.ind.columns:
            value = node.cells.get(c.id)
            if c.split:
                for role, text in zip(column_roles(c), split_parts(value)):
                    plan.fit_text(plan.put(r, colof[role], text or None, CENTER))
                if isinstance(value, IndicatorValue) and value.parts is None and not value.is_empty:
                    typed = typed or {}
                    typed[c.id] = value.text
                continue
            value, fmt, style = column_cell_value(c, value)
            cell = plan.put(r, colof[c.id], value, style, number_format=fmt)
            if isinstance(value, str):
                plan.fit_text(cell)
        if typed:
            plan.typed[r] = typed

    def blanks(self, r: int):
        for c in self.ind.columns:
            for role in column_roles(c):
                self.plan.put(r, self.colof[role], None, TEXT)

    def level1(self, l1: IndicatorNode, branch: Level1Def | None, extra) -> None:
        plan, colof = self.plan, self.colof
        start3, span3 = self.l3_span(extra)
        first = plan.next_row
        opens1 = "1"
        # a branch whose one level 2 bears its own name prints it once, across both columns, as the
        # PDF does (湖南: 社会公众或服务对象满意度指标); the import reads the merged cell as both names
        across = (not extra and len(l1.children) == 1 and l1.children[0].name.strip() == l1.name.strip()
                  and colof["l2"] == colof["l1"] + 1)
        if not l1.children:
            r = plan.new_row(row_key(Row.INDICATOR, "1/1"))
            plan.put(r, colof["l2"], None, TEXT)
            for cid in self.l2_extra:
                if cid in extra:
                    plan.put(r, colof[cid], None, TEXT)
            plan.put(r, start3, None, TEXT, cols=span3)
            self.blanks(r)
        for l2 in l1.children:
            l2_first = plan.next_row
            opens2 = "2"
            if any(_present(l2.cells.get(c.id)) for c in self.ind.columns) or not l2.children:
                r = plan.new_row(row_key(Row.INDICATOR, f"{opens1}{opens2}/2"))
                opens1 = opens2 = ""
                if not l2.children:
                    self.leaf_rows.append(r)
                plan.put(r, start3, None, TEXT, cols=span3)
                self.values(r, l2)
            for l3 in l2.children:
                r = plan.new_row(row_key(Row.INDICATOR, f"{opens1}{opens2}3/3"))
                opens1 = opens2 = ""
                self.leaf_rows.append(r)
                plan.fit_text(plan.put(r, start3, l3.name, TEXT, cols=span3))
                self.values(r, l3)
            span = plan.next_row - l2_first
            plan.keep_together(l2_first, plan.next_row - 1)
            if not across:
                plan.fit_text(plan.put(l2_first, colof["l2"], l2.name, CENTER, rows=span,
                                       cont=continued(l2.name, plan.width(colof["l2"]))))
            for cid in self.l2_extra:
                if cid in extra:
                    value, fmt, style = column_cell_value(self.ind.column(cid), l2.cells.get(cid))
                    plan.fit_text(plan.put(l2_first, colof[cid], value, TEXT if style == CENTER else style,
                                           rows=span, number_format=fmt, cont=CONTINUED if value else None))
        width = 2 if across else 1
        plan.fit_text(plan.put(first, colof["l1"], decorated_level1(l1.name, branch), CENTER, cols=width,
                               rows=plan.next_row - first,
                               cont=continued(l1.name, plan.width(colof["l1"], width))))

    def totals(self) -> None:
        plan, ind, colof, form = self.plan, self.ind, self.colof, self.form
        r = plan.new_row(row_key(Row.INDICATOR_TOTAL))
        plan.keep_together(r - 1, r)
        plan.put(r, colof["l1"], ind.total_label, HEADER, cols=colof["l3"] - colof["l1"] + 1)
        for c in ind.columns:
            if c.id not in ind.totals or c.split:
                for role in column_roles(c):
                    plan.put(r, colof[role], None, TEXT)
                continue
            col = colof[c.id]
            formula = sum_formula([ref(lr, col) for lr in self.leaf_rows])
            value = figures.column_total(form, c.id)
            # the execution rate's cell the total adds: 总分 = 预算执行得分 + Σ indicator scores
            extra_ref = self.exec_cells.get({"weight": "points", "score": "score"}.get(c.id, ""))
            if extra_ref:
                formula += f"+N({extra_ref})"
            plan.put(r, col, value if value is not None else Decimal(0), CENTER, formula=formula,
                     number_format="General")

    def build(self) -> None:
        plan, ind = self.plan, self.ind
        side = "side" in self.colof
        if not side:
            r = plan.new_row(row_key(Row.INDICATOR_CAPTION))
            plan.put(r, 1, ind.label, CAPTION, cols=plan.ncols, border="none")
            plan.keep_together(r, r + 2)
        shown: tuple | None = None
        for l1 in self.form.indicators:
            branch = ind.branch(l1.name)
            extra = tuple(c.id for c in branch.level2_columns) if branch else ()
            if shown is None or extra != shown:
                self.header(extra)
                shown = extra
            self.level1(l1, branch, extra)
        if shown is None:
            self.header(())
        if ind.totals:
            self.totals()
        if side:
            first = self.first_header
            plan.put(first, 1, ind.label, SIDE, rows=plan.next_row - first, cont=ind.label + CONTINUED)
        plan.title_rows = (self.first_header, self.first_header)
        for c in ind.columns:
            if c.split:
                plan.choices.append((self.colof[c.id + OP_ROLE], OPERATOR_CHOICES))


def indicator_block(plan: SheetPlan, form: Form, roles: list[str], exec_cells: dict[str, str]) -> None:
    _IndicatorBlock(plan, form, roles, exec_cells).build()
