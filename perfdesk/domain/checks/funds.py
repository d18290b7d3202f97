"""Funds tables: computed totals against what the form states, the definition's relations,
execution against budget, and negative amounts. Every column is checked (全年 and 半年 alike)."""
from __future__ import annotations

from decimal import Decimal

from ..figures import HUNDRED, round2
from ..model import FundsTable
from ..places import FundsPlace, LinePlace
from ..scoring.profile import ScoringProfile
from ..scoring.reading import num
from ..scoring.scorer import score_execution
from .context import FormContext

TOLERANCE = Decimal("0.005")       # amounts are printed with at most two decimals
_DEFINITION_POINTS = ScoringProfile("", "", "", execution_points=None)


def check(ctx: FormContext) -> None:
    for tdef in ctx.definition.funds:
        if tdef.kind != "amounts":
            continue
        table = ctx.form.funds_table(tdef.id)
        _stated_totals(ctx, table)
        _negatives(ctx, table)
    for ldef in ctx.definition.lists:
        if ldef.total_row:
            _list_total(ctx, ldef)
    for rel in ctx.definition.relations:
        if rel.kind == "equal":
            _equal(ctx, rel)
        elif rel.kind == "column_not_greater":
            _not_greater(ctx, rel)
    _execution(ctx)


def _label(table: FundsTable, row_id: str) -> str:
    return table.definition.row(row_id).label.removeprefix("其中：")


def _column_label(table: FundsTable, column_id: str) -> str:
    return next((c.label for c in table.definition.columns if c.id == column_id), column_id)


def _stated_totals(ctx: FormContext, table: FundsTable) -> None:
    for row in table.definition.rows:
        if not row.computed:
            continue
        for col in table.definition.typed_column_ids:
            stated = table.stated_value(row.id, col)
            if stated is None:
                continue
            computed = table.value(row.id, col)
            label = f"“{row.label}”的{_column_label(table, col)}"
            place = FundsPlace(table.definition.id, row.id, col)
            if computed is None:
                if stated != 0:
                    ctx.warning("funds.total", place, f"{label}填报为 {num(stated)}，但其组成各项都没有填写")
                continue
            if abs(computed - stated) <= TOLERANCE:
                continue
            ctx.error("funds.total", place,
                      f"{label}填报为 {num(stated)}，{_parts_text(table, row, col)}为 {num(computed)}"
                      f"（相差 {num(abs(computed - stated))}）")


def _list_total(ctx: FormContext, ldef) -> None:
    """A list's 合计 row kept as a funds row (`total_row`) against the sum of the list's items,
    in each column some item fills (a column no item fills says nothing about the total)."""
    table_id, _, row_id = ldef.total_row.partition(".")
    table = ctx.form.funds_table(table_id)
    items = ctx.form.lists.get(ldef.id, [])
    for col in table.definition.typed_column_ids:
        numbers = [v for item in items if (v := num_or_none(item.get(col))) is not None]
        stated = table.value(row_id, col)
        if not numbers or stated is None:
            continue
        computed = sum(numbers, Decimal(0))
        if abs(computed - stated) <= TOLERANCE:
            continue
        ctx.error("funds.total", FundsPlace(table_id, row_id, col),
                  f"“{table.definition.row(row_id).label}”的{_column_label(table, col)}填报为 {num(stated)}，"
                  f"{ldef.label} {len(numbers)} {ldef.item_label}相加为 {num(computed)}（相差 {num(abs(computed - stated))}）")


def num_or_none(value) -> Decimal | None:
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value)) if isinstance(value, (int, str)) and str(value).strip() else None
    except ArithmeticError:
        return None


def _parts_text(table: FundsTable, row, col) -> str:
    if row.sum_lines:
        return f"{len(table.lines)} 个项目相加"
    parts = []
    for part in row.sum:
        v = table.value(part, col)
        if v is not None:
            parts.append(f"{_label(table, part)} {num(v)}")
    return "各项相加（" + " + ".join(parts) + "）" if parts else "各项相加"


def _negatives(ctx: FormContext, table: FundsTable) -> None:
    tid = table.definition.id
    for row_id, values in table.values.items():
        for col, v in values.items():
            if v < 0:
                ctx.error("funds.negative", FundsPlace(tid, row_id, col),
                          f"“{_label(table, row_id)}”的{_column_label(table, col)}为负数 {num(v)}")
    for i, line in enumerate(table.lines):
        for col, v in line.values.items():
            if v < 0:
                ctx.error("funds.negative", LinePlace(tid, i, col),
                          f"项目“{line.name}”的{_column_label(table, col)}为负数 {num(v)}")


def _equal(ctx: FormContext, rel) -> None:
    right_table, right_row = rel.right.split(".")
    rtable = ctx.form.funds_table(right_table)
    for col in rel.columns:
        parts = []
        for ref in rel.left:
            t, r = ref.split(".")
            table = ctx.form.funds_table(t)
            parts.append((_label(table, r), table.value(r, col)))
        right = rtable.value(right_row, col)
        present = [v for _, v in parts if v is not None]
        if right is None and not present:
            continue
        total = sum(present, Decimal(0))
        if right is not None and abs(total - right) <= TOLERANCE:
            continue
        shown = " + ".join(f"{name} {num(v) if v is not None else '（空）'}" for name, v in parts)
        ctx.error("funds.relation", FundsPlace(right_table, right_row, col),
                  f"{rel.message}：{shown} = {num(total)}，"
                  f"而“{_label(rtable, right_row)}”为 {num(right) if right is not None else '（空）'}"
                  + (f"（相差 {num(abs(total - right))}）" if right is not None else ""))


def _not_greater(ctx: FormContext, rel) -> None:
    table = ctx.form.funds_table(rel.table)
    left, right = rel.left[0], rel.right
    shown = ctx.definition.funds_table(rel.table)      # its labels as the form shows them
    left_label = next((c.label for c in shown.columns if c.id == left), left)
    right_label = next((c.label for c in shown.columns if c.id == right), right)
    cells = [(row.label, FundsPlace(rel.table, row.id, left), table.value(row.id, left), table.value(row.id, right))
             for row in table.definition.rows]
    cells += [(f"项目“{line.name}”", LinePlace(rel.table, i, left), line.values.get(left), line.values.get(right))
              for i, line in enumerate(table.lines)]
    for label, place, a, b in cells:
        if a is not None and b is not None and a > b + TOLERANCE:
            ctx.error("funds.not_greater", place,
                      f"{rel.message}：{label}的{left_label} {num(a)} 大于{right_label} {num(b)}")


def _execution(ctx: FormContext) -> None:
    spec = ctx.definition.execution
    if spec is None:
        return
    budget, spent = ctx.form.cell_ref(spec.budget), ctx.form.cell_ref(spec.spent)
    t, r, c = spec.spent.split(".")
    _spent_without_budget(ctx, spec)
    if budget is not None and spent is not None and spent > budget + TOLERANCE:
        ctx.error("funds.spent_over_budget", FundsPlace(t, r, c),
                  f"执行数 {num(spent)} 大于预算数 {num(budget)}（执行率 {num(round2(spent / budget * HUNDRED))}%）"
                  if budget else f"执行数 {num(spent)} 大于预算数 {num(budget)}")
    # the execution figures a form prints beside the amounts (深圳: 执行率 99.67, 得分 9.97)
    bt, br, _ = spec.budget.split(".")
    table = ctx.form.funds_table(bt)
    stated_rate, stated_score = table.stated_value(br, "rate"), table.stated_value(br, "score")
    if stated_rate is None and stated_score is None:
        return
    score = ctx.score.execution if ctx.score else None
    if score is None:   # no profile: the points the form definition gives
        score = score_execution(ctx.form, ctx.profile or _DEFINITION_POINTS)
    if stated_rate is not None and score.rate is not None and abs(stated_rate - score.rate) > Decimal("0.01"):
        ctx.error("funds.execution_stated", FundsPlace(bt, br, "rate"),
                  f"执行率填报为 {num(stated_rate)}%，按全年执行数 ÷ 全年预算数 = {num(spent)} ÷ {num(budget)}"
                  f" 应为 {num(score.rate)}%")
    elif stated_rate is not None and score.rate is not None and stated_rate != score.rate:
        # within a rounding step: not a mistake, but the print shows the computed rate, so say so
        ctx.info("funds.execution_rounding", FundsPlace(bt, br, "rate"),
                 f"执行率原表填报为 {num(stated_rate)}%，按 {num(spent)} ÷ {num(budget)} 计算为 {num(score.rate)}%"
                 "（舍入不同）；打印和导出的是计算值")
    if stated_score is not None and score.score is not None and abs(stated_score - score.score) > Decimal("0.01"):
        ctx.error("funds.execution_stated", FundsPlace(bt, br, "score"),
                  f"执行率得分填报为 {num(stated_score)}，{score.rule}")
    elif stated_score is not None and score.score is not None and stated_score != score.score:
        ctx.info("funds.execution_rounding", FundsPlace(bt, br, "score"),
                 f"执行率得分原表填报为 {num(stated_score)}，计算为 {num(score.score)}（舍入不同）；打印和导出的是计算值")


def _spent_without_budget(ctx: FormContext, spec) -> None:
    """A row that reports spending but no budget at all: its 执行率 cannot be worked out, and
    the budget was most likely forgotten. Only rows typed by hand (a total follows its parts)."""
    tid, _, spent_col = spec.spent.split(".")
    b_table, _, budget_col = spec.budget.split(".")
    if b_table != tid:
        return
    table = ctx.form.funds_table(tid)
    # every budget column of the table: the one the rate divides by and any other 预算 column
    budgets = [budget_col] + [c.id for c in table.definition.columns
                              if "预算" in c.label and c.id not in (budget_col, spent_col) and not c.computed]
    words = "、".join(_column_label(table, b) for b in budgets)
    cells = [(f"“{_label(table, row.id)}”", FundsPlace(tid, row.id, spent_col), table.values.get(row.id, {}))
             for row in table.definition.rows if not row.computed]
    cells += [(f"项目“{line.name}”", LinePlace(tid, i, spent_col), line.values)
              for i, line in enumerate(table.lines)]
    for label, place, values in cells:
        spent = values.get(spent_col)
        if spent and all(values.get(b) is None for b in budgets):
            ctx.warning("funds.spent_without_budget", place,
                        f"{label}的{_column_label(table, spent_col)}为 {num(spent)}，但没有填写{words}，"
                        f"无法计算执行率")
