"""Shares (占比) written in the narrative against the amounts of the form's funds tables.

如皋 writes 一般公共预算财政拨款收入14446.63万元，占比94.26%: the amount is a cell of the 收支情况
table, its total is the computed row that sums it, and the share must be amount ÷ total.
"""
from __future__ import annotations

import re
from decimal import Decimal

from ..figures import HUNDRED
from ..places import SectionPlace
from ..scoring.reading import num
from .context import FormContext

_SHARE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:万元|元)[，,、\s]*(?:占比|占)\s*(\d+(?:\.\d+)?)\s*[%％]")


def check(ctx: FormContext) -> None:
    candidates = _parts(ctx)
    if not candidates:
        return
    for section in ctx.definition.sections:
        text = ctx.form.sections.get(section.id, "")
        for m in _SHARE.finditer(text):
            amount, share = Decimal(m.group(1)), Decimal(m.group(2))
            options = candidates.get(amount)
            if not options:
                continue
            decimals = -share.as_tuple().exponent if share.as_tuple().exponent < 0 else 0
            tolerance = Decimal("0.5").scaleb(-decimals) + Decimal("0.0001")
            expected = [(label, total, amount / total * HUNDRED) for label, total in options]
            if any(abs(e - share) <= tolerance for _, _, e in expected):
                continue
            label, total, e = expected[0]
            ctx.error("funds.share", SectionPlace(section.id),
                      f"文中“{m.group(0)}”：{label} {num(amount)} ÷ {num(total)} = "
                      f"{num(e.quantize(Decimal('0.01')))}%，不是 {num(share)}%")


def _parts(ctx: FormContext) -> dict[Decimal, list[tuple[str, Decimal]]]:
    """Each typed amount → (its label, the total of the computed row that sums it), per column."""
    out: dict[Decimal, list[tuple[str, Decimal]]] = {}
    for tdef in ctx.definition.funds:
        if tdef.kind != "amounts":
            continue
        table = ctx.form.funds_table(tdef.id)
        for total_row in tdef.rows:
            if not total_row.sum:
                continue
            for col in tdef.column_ids:
                total = table.value(total_row.id, col)
                if not total:
                    continue
                for part in total_row.sum:
                    v = table.value(part, col)
                    if v is not None:
                        out.setdefault(v, []).append((tdef.row(part).label, total))
    return out
