"""Funds tables of a sheet plan: header, rows (computed ones as SUM formulas with their values),
per-project lines, the scored 执行率 of a self-evaluation, and one-row tables.

A rate column (type "rate", of = [a, b]) is a formula on every row, a / b as a percentage, like
the scored 执行率: computed, never stored, never read back."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..domain import figures
from ..domain.definition import FundsTableDef
from ..domain.entry import amount_places
from ..domain.model import Form, FundsTable
from . import textsize
from .layout import (AMOUNT, CENTER, HEADER, LABEL, NUMBER, PERCENT, TEXT, SheetPlan, continued, partition,
                     place_values, ref, split_label, sum_formula, value_mins)
from .rowkeys import Row, row_key

EXEC_POINTS, EXEC_RATE, EXEC_SCORE = "分值", "执行率", "得分"
RATE_FORMAT = "0.00%"


def _exec_labels(form: Form) -> list[str]:
    """The headers of the execution cells: 分值 | 执行率 | 得分, or 分值 | 得分 (no rate cell)."""
    spec = form.definition.execution
    return list(spec.labels) if spec is not None and spec.labels else [EXEC_POINTS, EXEC_RATE, EXEC_SCORE]


def _exec_samples(form: Form) -> list[str]:
    """Widest texts of the execution cells, one per label."""
    spec = form.definition.execution
    return ["10", "100.00%", "10.00"] if spec is None or spec.has_rate else ["10", "10.00"]


def _other_rows(form: Form) -> str | None:
    """What the execution cells hold on the rows other than the scored one ("/"), else nothing."""
    spec = form.definition.execution
    return (spec.other_rows or None) if spec is not None else None


def _line_rate(values: dict, cdef) -> Decimal | None:
    """A rate column on a per-project line (FundsTable.value covers the table's rows)."""
    top, bottom = (values.get(c) for c in cdef.of)
    if top is None or not bottom:
        return None
    return (top / bottom * 100).quantize(Decimal("0.01"))


def _rate_cell(plan: SheetPlan, r: int, col: int, span: int, rate: Decimal | None, refs: dict[str, str], cdef):
    """=IF(OR(a="",N(b)=0),"",ROUND(a/b,4)) shown as 99.97%; the cached result is the model's rate."""
    top, bottom = (refs[c] for c in cdef.of)
    plan.put(r, col, None if rate is None else rate / 100, PERCENT, cols=span, number_format=RATE_FORMAT,
             formula=f'=IF(OR({top}="",N({bottom})=0),"",ROUND({top}/{bottom},4))')


def amount_format(decimals: int) -> str:
    return "0" if decimals <= 0 else "0." + "0" * decimals


def _percent_plan_format(d: Decimal) -> str:
    places = max(0, -d.normalize().as_tuple().exponent)
    return '0"%"' if places == 0 else "0." + "0" * min(places, 6) + '"%"'


def _number_format(tdef: FundsTableDef, value, decimals: int) -> str:
    if tdef.kind == "cumulative_plan":
        return _percent_plan_format(value) if isinstance(value, Decimal) else '0"%"'
    if isinstance(value, Decimal):
        decimals = amount_places(value, decimals)   # Excel shows 89.974, not a rounded 89.97
    return amount_format(decimals)


def _sample(value: Decimal | None, decimals: int, tdef: FundsTableDef, rate: bool = False) -> str:
    if value is None:
        return ""
    if rate:
        return f"{value:.2f}%"
    if tdef.kind == "cumulative_plan":
        return format(value.normalize(), "f") + "%"
    return f"{value:.{amount_places(value, decimals)}f}"


def _execution_here(form: Form, table_id: str) -> tuple[str, str, str] | None:
    """(row, budget column, spent column) when this table carries the scored 执行率."""
    spec = form.definition.execution
    if spec is None or spec.points is None:
        return None
    bt, br, bc = spec.budget.split(".")
    st, sr, sc = spec.spent.split(".")
    if bt != table_id or st != table_id or br != sr:
        return None
    return br, bc, sc


def funds_block(plan: SheetPlan, form: Form, table_ids: list[str], exec_cells: dict[str, str]):
    """Consecutive tables sharing a label before "·" print as one block under that label."""
    definition = form.definition
    lead = plan.label_cols
    grouped = len(table_ids) > 1 or "·" in definition.funds_table(table_ids[0]).label
    label_start = lead + 1 + (1 if grouped else 0)
    block_first = plan.next_row
    for table_id in table_ids:
        tdef = definition.funds_table(table_id)
        table_first = plan.next_row
        _table(plan, form, tdef, label_start, exec_cells)
        plan.keep_together(table_first, plan.next_row - 1)
        if grouped:
            sub = split_label(tdef.label)[1]
            plan.fit_text(plan.put(table_first, lead + 1, sub, LABEL, rows=plan.next_row - table_first,
                                   cont=continued(sub, plan.width(lead + 1))))
    group = split_label(definition.funds_table(table_ids[0]).label)[0] if grouped else ""
    label = group or definition.funds_table(table_ids[0]).label
    plan.fit_text(plan.put(block_first, 1, label, LABEL, rows=plan.next_row - block_first, cols=lead,
                           cont=continued(label, plan.width(1, lead))))


def _table(plan: SheetPlan, form: Form, tdef: FundsTableDef, label_start: int, exec_cells: dict[str, str]):
    decimals = form.definition.print.decimals
    table = form.funds.get(tdef.id) or FundsTable(tdef)
    execution = _execution_here(form, tdef.id)
    labels = [c.label for c in tdef.columns]
    samples = [[_sample(table.value(r.id, c.id), decimals, tdef, c.computed) for r in tdef.rows]
               + [_sample(_line_rate(line.values, c) if c.computed else line.values.get(c.id), decimals, tdef,
                          c.computed) for line in table.lines]
               for c in tdef.columns]
    mins = value_mins(labels, samples)
    inline = False
    exec_span = False
    if execution:
        # 分值, 执行率, 得分 (or 分值, 得分) beside the amounts when the columns allow, else on a row below
        exec_labels = _exec_labels(form)
        exec_mins = value_mins(exec_labels, [[x] for x in _exec_samples(form)])
        got = partition(plan.widths, label_start, mins + exec_mins)
        if got is not None:
            inline = True
            exec_span = form.definition.execution.span   # the cells merged down the table's rows
            labels = labels + exec_labels
            first_value, groups = got
    if not inline:
        first_value, groups = place_values(plan, label_start, mins)
    label_span = first_value - label_start
    # the rows, with the per-project lines after their row
    order: list[tuple[str, Any]] = [("head", None)]
    for row in tdef.rows:
        order.append(("row", row))
        if tdef.lines and tdef.lines.after == row.id:
            order += [("line", line) for line in table.lines]
    base = plan.next_row
    rownum = {item.id: base + k for k, (kind, item) in enumerate(order) if kind == "row"}
    line_rows = [base + k for k, (kind, _) in enumerate(order) if kind == "line"]
    extra_places = groups[len(tdef.columns):]
    for kind, item in order:
        if kind == "head":
            r = plan.new_row(row_key(Row.FUNDS_HEADER, tdef.id))
            plan.put(r, label_start, tdef.lines.label if tdef.lines else "", HEADER, cols=label_span)
            for (col, span), label in zip(groups, labels):
                plan.fit_text(plan.put(r, col, label, HEADER, cols=span))
        elif kind == "row":
            row = item
            r = plan.new_row(row_key(Row.FUNDS_ROW, tdef.id, row.id))
            plan.fit_text(plan.put(r, label_start, row.label, TEXT, cols=label_span, indent=row.indent))
            refs = {cdef.id: ref(r, col) for (col, _), cdef in zip(groups, tdef.columns)}
            for (col, cspan), cdef in zip(groups, tdef.columns):
                value = table.value(row.id, cdef.id)
                if cdef.computed:
                    _rate_cell(plan, r, col, cspan, value, refs, cdef)
                    continue
                formula = None
                if row.sum_lines:
                    formula = sum_formula([ref(lr, col) for lr in line_rows])
                elif row.sum:
                    formula = sum_formula([ref(rownum[p], col) for p in row.sum])
                if formula and value is None:
                    value = Decimal(0)
                plan.put(r, col, value, AMOUNT, cols=cspan, formula=formula,
                         number_format=_number_format(tdef, value, decimals))
            if exec_span:
                pass     # the execution cells, merged down the rows, come after the loop
            elif inline and execution[0] == row.id:
                execution_cells(plan, form, r, extra_places, _exec_refs(r, groups, tdef, execution), exec_cells)
            else:
                for col, cspan in extra_places:
                    plan.put(r, col, _other_rows(form), CENTER, cols=cspan)
        else:
            line = item
            r = plan.new_row(row_key(Row.FUNDS_LINE, tdef.id))
            plan.fit_text(plan.put(r, label_start, line.name, TEXT, cols=label_span, indent=1))
            refs = {cdef.id: ref(r, col) for (col, _), cdef in zip(groups, tdef.columns)}
            for (col, cspan), cdef in zip(groups, tdef.columns):
                if cdef.computed:
                    _rate_cell(plan, r, col, cspan, _line_rate(line.values, cdef), refs, cdef)
                    continue
                value = line.values.get(cdef.id)
                plan.put(r, col, value, AMOUNT, cols=cspan, number_format=_number_format(tdef, value, decimals))
            if not exec_span:
                for col, cspan in extra_places:
                    plan.put(r, col, _other_rows(form), CENTER, cols=cspan)
    if exec_span:
        first = base + 1
        execution_cells(plan, form, first, extra_places, _exec_refs(rownum[execution[0]], groups, tdef, execution),
                        exec_cells, rows=plan.next_row - first)
    if execution and not inline:
        _execution_row(plan, form, tdef, label_start, rownum[execution[0]], groups, execution, exec_cells)


def _exec_refs(r: int, groups, tdef: FundsTableDef, execution) -> tuple[str, str]:
    ids = list(tdef.column_ids)
    return ref(r, groups[ids.index(execution[1])][0]), ref(r, groups[ids.index(execution[2])][0])


def execution_cells(plan: SheetPlan, form: Form, r: int, places, refs: tuple[str, str], exec_cells: dict[str, str],
                    rows: int = 1):
    """分值, 执行率 (= 全年执行数 / 全年预算数) and 得分 (= 分值 × min(执行率, 100%)) at `places`
    (merged down `rows` rows: [funds_summary].execution span); two places: 分值 and 得分, no rate cell."""
    budget_ref, spent_ref = refs
    if len(places) == 2:
        (pc, ps), (sc, ss) = places
    else:
        (pc, ps), (rc, rs), (sc, ss) = places
    ex = figures.execution(form)
    plan.put(r, pc, form.definition.execution.points, CENTER, cols=ps, rows=rows)
    if len(places) == 3:
        rate = ex.spent / ex.budget if ex and ex.budget and ex.spent is not None else None
        plan.put(r, rc, rate, PERCENT, cols=rs, rows=rows, number_format="0.00%",
                 formula=f'=IF(N({budget_ref})=0,"",{spent_ref}/{budget_ref})')
    plan.put(r, sc, ex.score if ex else None, NUMBER, cols=ss, rows=rows, number_format="0.00",
             formula=f'=IF(N({budget_ref})=0,"",ROUND({ref(r, pc)}*MIN(1,{spent_ref}/{budget_ref}),2))')
    exec_cells["points"] = ref(r, pc)
    exec_cells["score"] = ref(r, sc)


def _execution_row(plan, form, tdef, label_start, total_row, groups, execution, exec_cells):
    """分值 | 10 | 执行率 | 99.67% | 得分 | 9.97 (or 分值 | 10 | 得分 | 9.97) on a row of its own under
    the table."""
    r = plan.new_row(row_key(Row.FUNDS_EXECUTION, tdef.id))
    labels = _exec_labels(form)
    mins = []
    for label, sample in zip(labels, _exec_samples(form)):
        mins += [textsize.text_width_units(label) / 1.6, len(sample) + 2.5]
    first, places = place_values(plan, label_start, mins)
    plan.put(r, label_start, "预算执行", TEXT, cols=first - label_start)
    for (col, span), label in zip(places[0::2], labels):
        plan.fit_text(plan.put(r, col, label, HEADER, cols=span))
    execution_cells(plan, form, r, places[1::2], _exec_refs(total_row, groups, tdef, execution), exec_cells)


def horizontal_block(plan: SheetPlan, form: Form, tdef: FundsTableDef):
    """A one-column table in one row: 预算规模 | 预算数 | 6.80 | 其中：财政资金 | 6.80 | 其他资金 | …"""
    decimals = form.definition.print.decimals
    table = form.funds.get(tdef.id) or FundsTable(tdef)
    column = tdef.columns[0]
    lead = plan.label_cols
    mins = []
    for row in tdef.rows:
        mins += [textsize.text_width_units(row.label) / 2.2 + 1, len(_sample(table.value(row.id, column.id),
                                                                              decimals, tdef)) + 2.5]
    got = partition(plan.widths, lead, mins)
    if got is None:
        return False
    first, places = got
    r = plan.new_row(row_key(Row.FUNDS_ONE_ROW, tdef.id))
    plan.fit_text(plan.put(r, 1, tdef.label, LABEL, cols=first - 1))
    cols = {row.id: places[2 * i + 1][0] for i, row in enumerate(tdef.rows)}
    for i, row in enumerate(tdef.rows):
        (lc, ls), (vc, vs) = places[2 * i], places[2 * i + 1]
        plan.fit_text(plan.put(r, lc, row.label, TEXT, cols=ls))
        value = table.value(row.id, column.id)
        formula = sum_formula([ref(r, cols[p]) for p in row.sum]) if row.sum else None
        if formula and value is None:
            value = Decimal(0)
        plan.put(r, vc, value, AMOUNT, cols=vs, formula=formula, number_format=_number_format(tdef, value, decimals))
    return True


def horizontal_possible(tdef: FundsTableDef) -> bool:
    return len(tdef.columns) == 1 and tdef.lines is None and not any(r.sum_lines for r in tdef.rows)
