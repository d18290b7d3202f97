"""资金支出计划（%）: cumulative percentages, blanks allowed, never decreasing, ending at 100 %."""
from __future__ import annotations

from decimal import Decimal

from ..places import FundsPlace
from ..scoring.reading import num
from .context import FormContext

HUNDRED = Decimal(100)


def check(ctx: FormContext) -> None:
    for tdef in ctx.definition.funds:
        if tdef.kind != "cumulative_plan":
            continue
        table = ctx.form.funds_table(tdef.id)
        labels = {c.id: c.label for c in tdef.columns}
        for row in tdef.rows:
            filled = [(c, table.value(row.id, c)) for c in tdef.column_ids]
            filled = [(c, v) for c, v in filled if v is not None]
            if not filled:
                ctx.warning("plan.empty", FundsPlace(tdef.id, row.id, tdef.column_ids[-1]),
                            f"{tdef.label}未填写：至少应填到年底累计 100%")
                continue
            previous = None
            for col, v in filled:
                place = FundsPlace(tdef.id, row.id, col)
                if not 0 <= v <= HUNDRED:
                    ctx.error("plan.range", place, f"{labels[col]}累计支出 {num(v)}% 不在 0–100% 之间")
                elif previous is not None and v < previous[1]:
                    ctx.error("plan.decreasing", place,
                              f"支出计划是累计数，不能减少：{labels[col]} {num(v)}% 小于"
                              f"{labels[previous[0]]} {num(previous[1])}%")
                if previous is None or v > previous[1]:
                    previous = (col, v)
            last_col, last = filled[-1]
            if last != HUNDRED:
                ctx.error("plan.end", FundsPlace(tdef.id, row.id, last_col),
                          f"支出计划最后一期（{labels[last_col]}）累计 {num(last)}%，应为 100%")
